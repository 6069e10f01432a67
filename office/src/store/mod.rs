//! The office's own SQLite store: opened like the kiosk's ledger (WAL,
//! `synchronous=FULL`, foreign keys, a busy timeout, each read back), schema
//! from `schema/*.sql` keyed on `user_version` in one IMMEDIATE transaction, a
//! database newer than this code refused untouched.

pub mod audit;
pub mod bundles;
pub mod devices;
pub mod enrol;
pub mod ingest;
pub mod registry;
pub mod rules;
pub mod seal_fingerprint;
pub mod trust;
pub mod verify;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{OfficeError, Result};

/// The database file inside the data directory.
pub const DB_FILE: &str = "office.db";

const MIGRATIONS: [&str; 7] = [
    include_str!("../../schema/001_office.sql"),
    include_str!("../../schema/002_bundles.sql"),
    include_str!("../../schema/003_refunds.sql"),
    include_str!("../../schema/004_enrolment.sql"),
    include_str!("../../schema/005_trust.sql"),
    include_str!("../../schema/006_seal.sql"),
    include_str!("../../schema/007_cards.sql"),
];

/// Opens (creating if needed) the store in `data_dir`, migrated.
pub fn open(data_dir: &Path) -> Result<Connection> {
    std::fs::create_dir_all(data_dir)?;
    let mut conn = Connection::open(data_dir.join(DB_FILE))?;
    conn.busy_timeout(Duration::from_secs(10))?;
    let mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // Deleted rows (a replaced sealed value, an old bundle) are zeroed.
    conn.pragma_update(None, "secure_delete", true)?;
    let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") || sync != 2 || fk != 1 {
        return Err(OfficeError::Store(format!(
            "pragmas did not take (journal_mode={mode}, synchronous={sync}, foreign_keys={fk})"
        )));
    }
    migrate(&mut conn)?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let supported = MIGRATIONS.len() as i64;
    let done = usize::try_from(found)
        .ok()
        .filter(|&d| d <= MIGRATIONS.len())
        .ok_or_else(|| {
            OfficeError::Store(format!(
                "the office database has schema {found}, newer than this program ({supported}); install the newer program"
            ))
        })?;
    for sql in &MIGRATIONS[done..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", supported)?;
    tx.commit()?;
    Ok(())
}
