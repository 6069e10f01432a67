//! The fingerprint of the seal key that sealed this office's ID numbers and
//! names (one row): a different key is refused instead of failing to open
//! every value later.

use rusqlite::{Connection, OptionalExtension};

use crate::error::Result;

/// The fingerprint stored, if any key sealed anything yet.
pub fn stored(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT fingerprint FROM seal WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Records the first key's fingerprint (a second call keeps the first).
pub fn record(conn: &Connection, fingerprint: &str) -> Result<()> {
    conn.execute(
        "INSERT OR IGNORE INTO seal (id, fingerprint) VALUES (1, ?1)",
        [fingerprint],
    )?;
    Ok(())
}
