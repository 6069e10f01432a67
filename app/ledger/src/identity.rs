//! The database's identity: which device writes it, and which life of the
//! database this is.
//!
//! Both are random and created with the database. `device_id` names the writer
//! in the office's records; `db_epoch` changes when a database is re-created, so
//! `(device_id, db_epoch, seq)` stays unique even if sequence numbers restart.

use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::error::Result;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Identity {
    pub device_id: String,
    pub db_epoch: String,
}

/// Random bytes as hex, from the operating system.
pub fn random_hex(len: usize) -> std::io::Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
    Ok(hex::encode(bytes))
}

pub(crate) fn create_if_missing(conn: &Connection) -> Result<()> {
    let mut insert = conn.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)")?;
    insert.execute(("device_id", format!("dev-{}", random_hex(6)?)))?;
    insert.execute(("db_epoch", random_hex(16)?))?;
    Ok(())
}

pub(crate) fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub(crate) fn load(conn: &Connection) -> Result<Identity> {
    let get = |key: &str| -> Result<String> {
        meta(conn, key)?
            .ok_or_else(|| crate::LedgerError::Corrupt(format!("meta `{key}` is missing")))
    };
    Ok(Identity {
        device_id: get("device_id")?,
        db_epoch: get("db_epoch")?,
    })
}
