//! Which database the office runs on, chosen by `--database`: a SQLite file
//! (the default, `office.db` in the data directory: one community office on
//! one machine) or a PostgreSQL URL (a district or a city: several
//! `canteen-office serve` processes on one database server). [`Store`] is
//! the handle every thread shares; [`Store::run`] lends its work a [`Db`].

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::db::{Db, Kind, Row, Tx};
use super::db_postgres;
use crate::error::{OfficeError, Result};

/// Where the office's database is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL URL (`postgres://…` or `postgresql://…`).
    Postgres(String),
}

impl Database {
    /// `--database` as given, or the SQLite file in `data_dir` without it.
    pub fn choose(arg: Option<&str>, data_dir: &Path) -> Database {
        match arg {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Database::Postgres(url.to_owned())
            }
            Some(path) => Database::Sqlite(PathBuf::from(
                path.strip_prefix("sqlite://").unwrap_or(path),
            )),
            None => Database::Sqlite(data_dir.join(super::DB_FILE)),
        }
    }

    /// One connection of its own, the database created (a SQLite file) and
    /// migrated: what a command run once uses.
    pub fn connect(&self) -> Result<Conn> {
        Ok(match self {
            Database::Sqlite(path) => Conn::Sqlite(super::open_file(path)?),
            Database::Postgres(url) => Conn::Postgres(Box::new(db_postgres::connect(url)?)),
        })
    }

    /// For messages and logs: the file, or the URL without its password.
    pub fn shown(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => db_postgres::redacted(url),
        }
    }
}

/// One connection, to either database ([`Database::connect`]).
pub enum Conn {
    Sqlite(rusqlite::Connection),
    Postgres(Box<db_postgres::PgConn>),
}

impl Conn {
    fn db(&mut self) -> &mut dyn Db {
        match self {
            Conn::Sqlite(c) => c,
            Conn::Postgres(c) => &mut **c,
        }
    }
}

impl Db for Conn {
    fn kind(&self) -> Kind {
        match self {
            Conn::Sqlite(_) => Kind::Sqlite,
            Conn::Postgres(_) => Kind::Postgres,
        }
    }
    fn execute(&mut self, sql: &str, params: &[super::db::Value]) -> Result<u64> {
        self.db().execute(sql, params)
    }
    fn query(&mut self, sql: &str, params: &[super::db::Value]) -> Result<Vec<Row>> {
        self.db().query(sql, params)
    }
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        self.db().begin()
    }
}

/// The open database, shared by the office's threads: one SQLite
/// connection behind a mutex, or a pool of PostgreSQL connections.
#[derive(Clone)]
pub enum Store {
    Sqlite(Arc<Mutex<rusqlite::Connection>>),
    Postgres(db_postgres::Pool),
}

/// PostgreSQL connections one office process keeps at most.
pub const POOL_SIZE: u32 = 16;

impl Store {
    /// Opens (creating if needed) and migrates `database`.
    pub fn open(database: &Database) -> Result<Store> {
        Ok(match database {
            Database::Sqlite(path) => Store::Sqlite(Arc::new(Mutex::new(super::open_file(path)?))),
            Database::Postgres(url) => Store::Postgres(db_postgres::open(url, POOL_SIZE)?),
        })
    }

    /// Runs `work` with a connection (on the calling thread: call it from
    /// the blocking pool in async code).
    pub fn run<T>(&self, work: impl FnOnce(&mut dyn Db) -> Result<T>) -> Result<T> {
        match self {
            Store::Sqlite(conn) => {
                let mut conn = conn
                    .lock()
                    .map_err(|_| OfficeError::Store("store lock poisoned".into()))?;
                work(&mut *conn)
            }
            Store::Postgres(pool) => {
                let mut conn = pool.get().map_err(db_postgres::pool_error)?;
                work(&mut *conn)
            }
        }
    }
}

/// The schema as (table, column, type) in table and column order, types
/// named as both databases share them (`integer`, `text`, `bytes`): what
/// the two schemas must agree on.
pub fn columns(db: &mut dyn Db) -> Result<Vec<(String, String, String)>> {
    let rows: Vec<Row> = match db.kind() {
        Kind::Sqlite => db.query(
            "SELECT m.name, p.name, lower(p.type)
             FROM sqlite_schema m, pragma_table_info(m.name) p
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'
             ORDER BY m.name, p.cid",
            &[],
        )?,
        Kind::Postgres => db.query(
            "SELECT c.table_name::text, c.column_name::text, c.data_type::text
             FROM information_schema.columns c
             WHERE c.table_schema = current_schema() AND c.table_name <> 'schema_version'
             ORDER BY c.table_name, c.ordinal_position",
            &[],
        )?,
    };
    rows.iter()
        .map(|r| {
            let ty: String = r.get(2)?;
            let shared = match ty.as_str() {
                "integer" | "bigint" => "integer",
                "text" => "text",
                "blob" | "bytea" => "bytes",
                other => other,
            };
            Ok((r.get(0)?, r.get(1)?, shared.to_owned()))
        })
        .collect()
}
