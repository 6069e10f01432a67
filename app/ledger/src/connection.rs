//! Opening a connection the way every connection must be opened: the shared
//! SQLite layer (`canteen-sqlite`: busy timeout, WAL, `synchronous=FULL`,
//! foreign keys, each read back) with the ledger's statement cache.
//! [`quick_check`] runs at start; corruption stops selling and moves nothing.

use std::path::Path;

use rusqlite::Connection;

use crate::error::Result;

/// Prepared statements kept per connection. The ledger has ~40 distinct cached
/// statements (a sale alone uses ten); rusqlite's default of 16 would let a
/// kiosk's look-ups between two sales evict the sale's statements, and every
/// sale would prepare them again.
pub const STATEMENT_CACHE: usize = 64;

/// Opens (creating if needed) the database at `path` with the required pragmas.
pub fn open(path: &Path) -> Result<Connection> {
    let options = canteen_sqlite::Options {
        statement_cache: STATEMENT_CACHE,
        secure_delete: false,
    };
    Ok(canteen_sqlite::open(path, options)?)
}

/// `PRAGMA quick_check`: anything but a single `ok` is corruption.
pub fn quick_check(conn: &Connection) -> Result<()> {
    Ok(canteen_sqlite::quick_check(conn)?)
}

/// `PRAGMA integrity_check`: the thorough check, for backups.
pub fn integrity_check(conn: &Connection) -> Result<()> {
    Ok(canteen_sqlite::integrity_check(conn)?)
}
