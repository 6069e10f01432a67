//! `canteen-office`: the community office's service. It receives every kiosk's
//! journal over HTTP ([`server`]), keeps it in its own SQLite store ([`store`]),
//! re-verifies each record's hash and the chain across batches with the same
//! pure code the kiosk uses (`canteen_core::journal::verify_chain`), and turns
//! the records into the reports the office needs ([`report`]) and the files
//! people open in Excel or print ([`export`]). It signs the
//! resident/menu/pricing bundles and meal-card QR codes kiosks check offline
//! ([`keys`], [`card_png`]).
//!
//! It knows the wire format only through `canteen-sync` and never links the
//! kiosk's ledger.

pub mod access_log;
pub mod card_png;
pub mod chromium;
pub mod documents;
pub mod error;
pub mod export;
pub mod guard;
pub mod keys;
pub mod listen;
pub mod publish;
pub mod report;
pub mod seal;
pub mod server;
pub mod store;
pub mod tls;
pub mod web;

pub use error::{OfficeError, Result};
