//! Support code shared by the end-to-end tests: the workspace's binaries, the
//! CLI contract's error object, the kiosk over a real ledger, an office
//! served in-process, its registry, a network proxy that injects faults
//! and the exactly-once scenario run through it, and a shipped configuration
//! directory; and, from the kiosk crate's test support (one copy for both),
//! the `canteen` runner, the `canteen sell` command line, lunches sold into a
//! kiosk's ledger, the screen rig and its journal readers, and the counter's
//! steps.

#![allow(dead_code)] // each test file uses its own part of the support

pub mod bins;
pub mod cli;
pub mod fault_proxy;
pub mod fault_scenario;
#[path = "../../app/kiosk/tests/support/journal.rs"]
pub mod journal;
#[path = "../../app/kiosk/tests/support/kiosk_cli.rs"]
pub mod kiosk_cli;
pub mod ledger_rig;
#[path = "../../app/kiosk/tests/support/lunches.rs"]
pub mod lunches;
pub mod office;
pub mod office_registry;
#[path = "../../app/kiosk/tests/support/screens.rs"]
pub mod screens;
#[path = "../../app/kiosk/tests/support/sell.rs"]
pub mod sell;
#[path = "../../app/kiosk/tests/support/steps.rs"]
pub mod steps;

/// An appliance's configuration directory, as `canteen --config DIR` expects
/// one: the shipped `canteen.toml`, nothing else.
pub fn shipped_config_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("canteen.toml"),
        include_str!("../../config/defaults/canteen.toml"),
    )
    .unwrap();
    dir
}

/// The kiosk's `canteen`, for the shared `kiosk_cli` runner.
pub fn canteen_exe() -> std::path::PathBuf {
    bins::canteen()
}
