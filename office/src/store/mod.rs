//! The office's own SQLite store, opened and migrated by the same SQLite layer
//! as the kiosk's ledger (`canteen-sqlite`: WAL, `synchronous=FULL`, foreign
//! keys, a busy timeout, each read back; schema from `schema/*.sql` keyed on
//! `user_version` in one IMMEDIATE transaction with a foreign-key check; a
//! database newer than this code refused untouched).

pub mod audit;
pub mod backend;
pub mod batch_facts;
mod batch_rows;
pub mod bulk;
pub mod bundles;
pub mod copy;
pub mod db;
mod db_postgres;
mod db_sqlite;
pub mod delivery;
pub mod device_status;
pub mod devices;
pub mod dishes;
pub mod enrol;
pub mod fund;
pub mod ingest;
pub mod registry;
pub mod registry_import;
pub mod resident_status;
pub mod rows;
pub mod rules;
pub mod seal_fingerprint;
pub mod totals;
pub mod trust;
pub mod users;
pub mod verify;

use std::path::Path;

use rusqlite::Connection;

use crate::error::{OfficeError, Result};

/// The database file inside the data directory.
pub const DB_FILE: &str = "office.db";

const MIGRATIONS: [&str; 14] = [
    include_str!("../../schema/001_office.sql"),
    include_str!("../../schema/002_bundles.sql"),
    include_str!("../../schema/003_refunds.sql"),
    include_str!("../../schema/004_enrolment.sql"),
    include_str!("../../schema/005_trust.sql"),
    include_str!("../../schema/006_seal.sql"),
    include_str!("../../schema/007_cards.sql"),
    include_str!("../../schema/008_fund.sql"),
    include_str!("../../schema/009_registry_masked_id.sql"),
    include_str!("../../schema/010_users.sql"),
    include_str!("../../schema/011_delivery.sql"),
    include_str!("../../schema/012_device_status.sql"),
    include_str!("../../schema/013_dishes.sql"),
    include_str!("../../schema/014_totals.sql"),
];

/// Opens (creating if needed) the store in `data_dir`, migrated. Deleted
/// rows (a replaced sealed value, an old bundle) are zeroed (`secure_delete`).
pub fn open(data_dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(data_dir)?;
    open_file(&data_dir.join(DB_FILE))
}

/// Opens (creating if needed) the SQLite store at `path`, migrated.
pub fn open_file(path: &Path) -> Result<Connection> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let options = canteen_sqlite::Options {
        statement_cache: 48,
        secure_delete: true,
    };
    let mut conn = canteen_sqlite::open(path, options)?;
    canteen_sqlite::migrate(&mut conn, &MIGRATIONS, |_| Ok::<(), OfficeError>(()))?;
    Ok(conn)
}
