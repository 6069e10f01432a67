//! The one SQLite layer under the kiosk's ledger and the office's store.
//!
//! [`open`] opens a connection the way every connection must be opened: a
//! busy timeout first (so every later step waits for another process instead
//! of failing), then WAL (retried while another process opening the same new
//! file holds the lock it needs), `synchronous=FULL` and foreign keys on, each
//! read back after it is set — a connection where one did not take (a
//! read-only medium, a file system without shared memory for WAL …) is
//! refused rather than used. [`migrate`] brings a database to the version its
//! caller's list of schema files names (version N is the first N files,
//! applied in order in one IMMEDIATE transaction with the new `user_version`,
//! a database newer than the code refused untouched); as SQLite's
//! table-rebuild procedure requires, foreign keys are off for a migrating
//! transaction, `PRAGMA foreign_key_check` must find nothing before the
//! commit, and they are on again — read back — before the connection is used.
//! [`quick_check`] and [`integrity_check`] say whether a file is sound.
//!
//! Each caller maps [`Error`] into its own error enum (the ledger's messages
//! speak to canteen staff, the office's to its operator).

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// What can go wrong opening, migrating or checking a database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A required pragma did not take on this storage.
    #[error("the database setting {pragma} did not take (got {got})")]
    PragmaNotApplied { pragma: &'static str, got: String },
    /// The file was written by a newer program.
    #[error("the database has schema {found}, newer than this program's {supported}")]
    NewerSchema { found: i64, supported: i64 },
    /// A check found damage, or a migration would leave a broken reference.
    #[error("{0}")]
    Corrupt(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How long a writer waits for another (e.g. a backup) before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What differs between the two stores' connections.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Prepared statements kept per connection (rusqlite's default is 16).
    pub statement_cache: usize,
    /// Zero deleted content (`secure_delete`), for stores holding sealed
    /// personal data.
    pub secure_delete: bool,
}

/// Opens (creating if needed) the database at `path` with the required pragmas.
pub fn open(path: &Path, options: Options) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.set_prepared_statement_cache_capacity(options.statement_cache);
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
    if options.secure_delete {
        conn.pragma_update(None, "secure_delete", true)?;
        let on: i64 = conn.pragma_query_value(None, "secure_delete", |r| r.get(0))?;
        require("secure_delete", on == 1, on.to_string())?;
    }
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

/// Whether `e` is another process holding the database.
pub fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

fn require(pragma: &'static str, ok: bool, got: String) -> Result<()> {
    if ok {
        Ok(())
    } else {
        Err(Error::PragmaNotApplied { pragma, got })
    }
}

/// Brings the database to `migrations.len()`: the files it has not run yet,
/// then `finish` (e.g. creating the database's identity), all in one IMMEDIATE
/// transaction. `finish` runs on every open, migrated or not.
pub fn migrate<E: From<Error>>(
    conn: &mut Connection,
    migrations: &[&str],
    finish: impl FnOnce(&Transaction) -> Result<(), E>,
) -> Result<(), E> {
    let supported = migrations.len() as i64;
    let found: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(Error::from)?;
    if found >= supported {
        return apply(conn, migrations, finish);
    }
    conn.pragma_update(None, "foreign_keys", false)
        .map_err(Error::from)?;
    let applied = apply(conn, migrations, finish);
    let restored = foreign_keys_on(conn).map_err(E::from);
    applied.and(restored)
}

fn apply<E: From<Error>>(
    conn: &mut Connection,
    migrations: &[&str],
    finish: impl FnOnce(&Transaction) -> Result<(), E>,
) -> Result<(), E> {
    let supported = migrations.len() as i64;
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(Error::from)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let found: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(Error::from)?;
    if found > supported {
        return Err(Error::NewerSchema { found, supported }.into());
    }
    let done =
        usize::try_from(found).map_err(|_| Error::Corrupt(format!("user_version {found}")))?;
    for sql in &migrations[done..] {
        tx.execute_batch(sql).map_err(Error::from)?;
    }
    if done < migrations.len() {
        foreign_key_check(&tx)?;
    }
    // Only when it changes: an open that migrates nothing writes nothing,
    // so a database that is only read keeps its bytes (training mode's
    // promise, and a backup's hash).
    if found != supported {
        tx.pragma_update(None, "user_version", supported)
            .map_err(Error::from)?;
    }
    finish(&tx)?;
    tx.commit().map_err(Error::from)?;
    Ok(())
}

/// Refuses a migration that leaves (or found) a row whose reference is broken.
fn foreign_key_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let broken: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map_or("?".into(), |n| n.to_string()),
                r.get::<_, String>(2)?
            ))
        })?
        .take(5)
        .collect::<rusqlite::Result<_>>()?;
    if broken.is_empty() {
        Ok(())
    } else {
        Err(Error::Corrupt(format!(
            "not migrated: {}",
            broken.join("; ")
        )))
    }
}

fn foreign_keys_on(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    require("foreign_keys", fk == 1, fk.to_string())
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
        Err(Error::Corrupt(rows.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: Options = Options {
        statement_cache: 16,
        secure_delete: true,
    };

    const SCHEMA: [&str; 2] = [
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);",
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES parent(id));",
    ];

    fn no_finish(_: &Transaction) -> Result<()> {
        Ok(())
    }

    #[test]
    fn a_new_database_gets_its_pragmas_and_every_migration() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("t.db"), OPTIONS).unwrap();
        migrate(&mut conn, &SCHEMA, no_finish).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!((version, fk), (2, 1));
        quick_check(&conn).unwrap();
    }

    #[test]
    fn a_newer_database_is_refused_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut conn = open(&path, OPTIONS).unwrap();
        migrate(&mut conn, &SCHEMA, no_finish).unwrap();
        drop(conn);
        let mut conn = open(&path, OPTIONS).unwrap();
        let refused = migrate(&mut conn, &SCHEMA[..1], no_finish).unwrap_err();
        assert!(
            matches!(
                refused,
                Error::NewerSchema {
                    found: 2,
                    supported: 1
                }
            ),
            "{refused}"
        );
    }

    #[test]
    fn a_migration_that_breaks_a_reference_is_rolled_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = open(&dir.path().join("t.db"), OPTIONS).unwrap();
        migrate(&mut conn, &SCHEMA, no_finish).unwrap();
        let breaking = [SCHEMA[0], SCHEMA[1], "INSERT INTO child VALUES (1, 42);"];
        let refused = migrate(&mut conn, &breaking, no_finish).unwrap_err();
        assert!(
            matches!(refused, Error::Corrupt(ref m) if m.contains("child row 1")),
            "{refused}"
        );
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let children: i64 = conn
            .query_row("SELECT count(*) FROM child", [], |r| r.get(0))
            .unwrap();
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .unwrap();
        assert_eq!((version, children, fk), (2, 0, 1));
    }
}
