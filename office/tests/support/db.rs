//! Which database the tests' offices keep. By default each office's SQLite
//! file in its data directory, as the office's own default; with
//! `CANTEEN_OFFICE_TEST_DB=postgres` a fresh PostgreSQL database for each
//! data directory, all on one server started for the test process
//! (`canteen-pgtest`) and stopped by its watcher when the process exits.
//! Everything that opens an office's store (the in-process server, the
//! `canteen-office` commands, the tests' own reads) names the data
//! directory, and this module maps it to its database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use canteen_office::store::backend::{Conn, Database};
use canteen_pgtest::{Durability, PgServer};

/// The environment variable that switches the tests to PostgreSQL.
pub const SWITCH: &str = "CANTEEN_OFFICE_TEST_DB";

/// True when the tests' offices keep PostgreSQL databases.
pub fn postgres() -> bool {
    match std::env::var(SWITCH).as_deref() {
        Err(_) | Ok("" | "sqlite") => false,
        Ok("postgres") => true,
        Ok(other) => panic!("{SWITCH}={other}: write sqlite (the default) or postgres"),
    }
}

/// The one server of this test process.
fn server() -> &'static PgServer {
    static SERVER: OnceLock<&'static PgServer> = OnceLock::new();
    SERVER.get_or_init(|| {
        PgServer::start(Durability::Test)
            .and_then(PgServer::keep_until_exit)
            .unwrap_or_else(|e| panic!("{SWITCH}=postgres: {e}"))
    })
}

/// The PostgreSQL databases made so far, by data directory.
static DATABASES: Mutex<BTreeMap<PathBuf, String>> = Mutex::new(BTreeMap::new());

fn key(dir: &Path) -> PathBuf {
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The `--database` of the office in `dir`: `None` for its SQLite file, or
/// the URL of its own PostgreSQL database (made at the first call).
pub fn url(dir: &Path) -> Option<String> {
    if !postgres() {
        return None;
    }
    let mut made = DATABASES.lock().unwrap_or_else(PoisonError::into_inner);
    let next = made.len();
    let url = made.entry(key(dir)).or_insert_with(|| {
        let server = server();
        let name = format!("office_{next}");
        server
            .psql(&format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("{e}"));
        let base = server.url();
        format!("{}/{name}", base.rsplit_once('/').unwrap().0)
    });
    Some(url.clone())
}

/// The database of the office in `dir`.
pub fn database(dir: &Path) -> Database {
    Database::choose(url(dir).as_deref(), dir)
}

/// A connection to the office's database in `dir` (created and migrated).
pub fn open(dir: &Path) -> Conn {
    std::fs::create_dir_all(dir).unwrap();
    database(dir).connect().unwrap()
}

/// Runs `work` that uses a connection, also from async code (PostgreSQL's
/// client blocks and must not run on an async worker thread).
pub fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => tokio::task::block_in_place(work),
        Err(_) => work(),
    }
}

/// `--database URL` for the office in `dir` on PostgreSQL, else nothing.
pub fn args(dir: &Path) -> Vec<String> {
    url(dir).map_or_else(Vec::new, |u| vec!["--database".to_owned(), u])
}

/// `args` of a `canteen-office` command with `--database` added for its
/// `--data` directory (when the tests run on PostgreSQL and it has none).
pub fn with_database(args: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let data = args
        .iter()
        .position(|a| *a == "--data")
        .and_then(|i| args.get(i + 1));
    if let Some(dir) = data
        && !args.contains(&"--database")
    {
        out.extend(self::args(Path::new(dir)));
    }
    out
}

/// Every row of every table of the office in `dir` as text, one line a
/// table (on PostgreSQL; nothing on SQLite, whose file the tests read).
pub fn dump(dir: &Path) -> String {
    if !postgres() {
        return String::new();
    }
    let each_table = psql(
        dir,
        "SELECT string_agg(format('SELECT %L || '': '' || coalesce(string_agg(t::text, '' ''), '''') FROM %I t', table_name, table_name), ' UNION ALL ')
         FROM information_schema.tables WHERE table_schema = current_schema()",
    );
    psql(dir, &each_table)
}

/// What `sql` prints (psql, unaligned, tuples only) in the PostgreSQL
/// database of the office in `dir` (the tests must run on PostgreSQL).
pub fn psql(dir: &Path, sql: &str) -> String {
    let url = url(dir).expect("psql needs the tests on PostgreSQL");
    let name = url.rsplit('/').next().unwrap();
    server()
        .psql_in(name, sql)
        .unwrap_or_else(|e| panic!("{e}"))
}
