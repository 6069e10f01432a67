//! Opening a connection the way every connection must be opened.
//!
//! A busy timeout first (so every later step waits for another process instead
//! of failing), then WAL (retried while another process opening the same new
//! file holds the lock it needs), `synchronous=FULL` and foreign keys on, each read back
//! after it is set: a connection where one did not take (a read-only medium, a
//! file system without shared memory for WAL …) is refused rather than used.
//! [`quick_check`] runs at start; corruption stops selling and moves nothing.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::error::{LedgerError, Result};

/// How long a writer waits for another (e.g. a backup) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Prepared statements kept per connection. The ledger has ~40 distinct cached
/// statements (a sale alone uses ten); rusqlite's default of 16 would let a
/// kiosk's look-ups between two sales evict the sale's statements, and every
/// sale would prepare them again.
pub const STATEMENT_CACHE: usize = 64;

/// Opens (creating if needed) the database at `path` with the required pragmas.
pub fn open(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let mode = wal_mode(&conn)?;
    require("journal_mode", mode.eq_ignore_ascii_case("wal"), mode)?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0))?;
    require("synchronous", sync == 2, sync.to_string())?;
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    require("foreign_keys", fk == 1, fk.to_string())?;
    let timeout: i64 = conn.pragma_query_value(None, "busy_timeout", |r| r.get(0))?;
    require("busy_timeout", timeout > 0, timeout.to_string())?;
    Ok(conn)
}

/// Switches the database to WAL. On a brand-new file another process may be
/// switching it at the same moment (or hold the lock the switch needs): SQLite
/// may then answer "database is locked" at once, without waiting, so the
/// switch is retried until it takes or [`BUSY_TIMEOUT`] has passed.
fn wal_mode(conn: &Connection) -> Result<String> {
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)) {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            other => return Ok(other?),
        }
    }
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn require(pragma: &'static str, ok: bool, got: String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(LedgerError::PragmaNotApplied { pragma, got })
    }
}

/// `PRAGMA quick_check`: anything but a single `ok` is corruption.
pub fn quick_check(conn: &Connection) -> Result<()> {
    check(conn, "quick_check")
}

/// `PRAGMA integrity_check`: the thorough check, for backups.
pub fn integrity_check(conn: &Connection) -> Result<()> {
    check(conn, "integrity_check")
}

fn check(conn: &Connection, pragma: &str) -> Result<()> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if rows == ["ok"] {
        Ok(())
    } else {
        Err(LedgerError::Corrupt(rows.join("; ")))
    }
}
