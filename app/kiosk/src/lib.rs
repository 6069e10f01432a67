//! `canteen-kiosk` as a library: the parts of the composition root that tests
//! drive directly — the kiosk's back end over the ledger ([`ledger_service`],
//! and for the staff screens [`ledger_cashier`]),
//! the receipt it prints ([`receipt`]), scanner events as scans
//! ([`scan_input`]), the demo residents ([`demo`]), the demo's clock
//! ([`demo_clock`]), the demo seeded on a real ledger in a temporary folder
//! for the screenshot gallery and the screen tests ([`demo_ledger`], served
//! through [`staged`], which fails on cue), the sync with the office that `canteen sync` and
//! the kiosk's background thread share ([`office_sync`]), the kiosk's
//! enrolment with the office and where sync settings come from
//! ([`enrolment`]), and the quota uses shared with the canteen's other
//! terminals over the LAN ([`peers`]), the systemd notify protocol
//! ([`watchdog`]), every problem of `sync.toml` at once ([`sync_check`]), and
//! the kiosk's voice ([`voice`]), and the window's settings from the
//! configuration ([`settings`]). The
//! `canteen` binary (`main.rs`, `cmd/`) wires them to the window and devices.

mod bundle_config;
pub mod bundle_dishes;
pub mod bundle_residents;
pub mod delivery_sheet;
pub mod demo;
pub mod demo_clock;
pub mod demo_ledger;
pub mod dishes_watch;
pub mod enrolment;
pub mod held_bundle;
pub mod ledger_cashier;
pub mod ledger_delivery;
pub mod ledger_service;
pub mod office_sync;
pub mod peers;
pub mod receipt;
pub mod scan_input;
pub mod settings;
pub mod staged;
pub mod sync_check;
pub mod voice;
pub mod watchdog;
