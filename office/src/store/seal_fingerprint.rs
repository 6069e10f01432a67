//! The fingerprint of the seal key that sealed this office's ID numbers and
//! names (one row): a different key is refused instead of failing to open
//! every value later.

use crate::params;
use crate::store::db::Db;

use crate::error::Result;

/// The fingerprint stored, if any key sealed anything yet.
pub fn stored(db: &mut dyn Db) -> Result<Option<String>> {
    db.query_opt("SELECT fingerprint FROM seal WHERE id = 1", &[])?
        .map(|r| r.get(0))
        .transpose()
}

/// Records the first key's fingerprint (a second call keeps the first).
pub fn record(db: &mut dyn Db, fingerprint: &str) -> Result<()> {
    db.execute(
        "INSERT INTO seal (id, fingerprint) VALUES (1, ?1) ON CONFLICT DO NOTHING",
        params![fingerprint],
    )?;
    Ok(())
}
