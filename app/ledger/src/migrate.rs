//! Schema migrations keyed on `PRAGMA user_version`.
//!
//! Version N is the first N files of `schema/`, applied in order inside one
//! IMMEDIATE transaction together with the new `user_version`, so a migration
//! either happens completely or not at all. A database newer than this code is
//! refused untouched. The same transaction creates the database's identity
//! (device id and epoch) if it has none yet.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{LedgerError, Result};
use crate::identity;

const MIGRATIONS: [&str; 3] = [
    include_str!("../schema/001_journal.sql"),
    include_str!("../schema/002_residents.sql"),
    include_str!("../schema/003_cashier.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(LedgerError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let done = usize::try_from(found)
        .map_err(|_| LedgerError::Corrupt(format!("user_version {found}")))?;
    for sql in &MIGRATIONS[done..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    identity::create_if_missing(&tx)?;
    tx.commit()?;
    Ok(())
}
