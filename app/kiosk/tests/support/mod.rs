//! Support shared by the kiosk's integration tests: running `canteen` on a
//! data directory as staff would, with a PIN piped on stdin; a `canteen
//! sell` command line and the ledger's sale request; the kiosk window driven
//! headless over the demo or a seeded ledger, the screens' recurring steps
//! (`steps`), and the journal read back (`journal`).

#![allow(dead_code)] // each test file uses its own part of the support

pub mod demo;
pub mod journal;
pub mod kiosk_cli;
pub mod lunches;
pub mod screens;
pub mod sell;
pub mod steps;

use std::path::PathBuf;

#[allow(unused_imports)] // each test file uses its own part
pub use kiosk_cli::{add_staff, canteen, canteen_with, records, refused, run_canteen};
#[allow(unused_imports)]
pub use sell::Sell;

/// The `canteen` binary this crate's tests run.
pub fn canteen_exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_canteen"))
}

/// Overwrites, in the ledger's database file under `data`, the first copy of
/// `needle` with `with` (at most as long): an edit made on disk, past the
/// ledger, as with a hex editor.
pub fn edit_on_disk(data: &std::path::Path, needle: &[u8], with: &[u8]) {
    let db = data.join(canteen_ledger::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{needle:?} is stored as text"));
    bytes[at..at + with.len()].copy_from_slice(with);
    std::fs::write(&db, bytes).unwrap();
}

/// The integers at `pointers` (JSON pointers such as `/day/sale_count`) in
/// `v`, in order; a field that is missing or not an integer fails the test,
/// named.
pub fn ints<const N: usize>(v: &serde_json::Value, pointers: [&str; N]) -> [i64; N] {
    pointers.map(|p| {
        v.pointer(p)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or_else(|| panic!("no integer at {p} in {v}"))
    })
}
