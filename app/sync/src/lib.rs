//! `canteen-sync`: the only code that knows the wire format between a kiosk and
//! the community office.
//!
//! [`wire`] holds the JSON shapes (a [`wire::Batch`] of journal records keyed
//! `(device_id, db_epoch, seq)` with their chain fields and typed contents, the
//! office's [`wire::Ack`] carrying its contiguous high-water mark, the error
//! body); [`validate`] the pure checks both sides run on a batch before it
//! touches a store (sans-IO: bytes in, typed values or a refusal out);
//! [`client`] moves those bytes over HTTP; [`push`] is the resumable upload loop
//! over any [`push::RecordSource`]; [`schedule`] decides when the nightly sync
//! runs next and how long to back off after a failure; [`signing`] the
//! ed25519 signatures on bundles and meal cards that kiosks check offline.

pub mod client;
mod error;
pub mod push;
pub mod schedule;
pub mod signing;
pub mod validate;
pub mod wire;

pub use error::SyncError;
