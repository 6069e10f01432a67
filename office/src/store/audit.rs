//! The office's audit log: each export that opened sealed ID numbers and
//! names — who ran it, when, what it was and how many rows it gave — written
//! in the transaction that read them; sign-ins; and each change to the
//! office's users, devices, registry, cards, bundles, delivery orders and
//! fund, made on the web (named by its user) or at the console
//! ([`CONSOLE`]). Append-only (triggers refuse UPDATE and DELETE).

use crate::params;
use crate::store::db::Db;
use serde::Serialize;

use crate::error::Result;
use crate::store::rows::{self, row_struct};

row_struct! {
    /// One entry of the log.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    pub struct AuditEntry {
        pub id: i64,
        pub at: String,
        pub who: String,
        pub what: String,
        pub rows: u64,
    }
}

/// Who the log names for a `canteen-office` command run at the console.
pub const CONSOLE: &str = "cli";

/// Records an entry (for an export, call it inside the transaction that
/// read the data).
pub fn record(db: &mut dyn Db, at: &str, who: &str, what: &str, rows: u64) -> Result<()> {
    db.execute(
        "INSERT INTO audit (at, who, what, rows) VALUES (?1, ?2, ?3, ?4)",
        params![at, who, what, rows],
    )?;
    Ok(())
}

/// Every entry, oldest first.
pub fn list(db: &mut dyn Db) -> Result<Vec<AuditEntry>> {
    rows::all(
        db,
        "SELECT id, at, who, what, rows FROM audit ORDER BY id",
        &[],
    )
}
