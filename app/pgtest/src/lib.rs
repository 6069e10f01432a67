//! A real PostgreSQL server for tests and benchmarks, started by the test
//! itself: `initdb` into a temporary directory, `postgres` on a free port of
//! 127.0.0.1 (and a Unix socket in the same directory), stopped with
//! `pg_ctl stop -m fast` and deleted when the [`PgServer`] is dropped.
//!
//! PostgreSQL refuses to run as root, so under root (CI) the server runs as
//! the unprivileged user `nobody` through `runuser`; the directory is given
//! to that user. The binaries come from Debian's `postgresql` package
//! (`scripts/setup` installs it): `CANTEEN_PG_BIN` names their folder, else
//! the newest `/usr/lib/postgresql/<n>/bin`, else `PATH`.
//!
//! The server is tuned for tests unless [`Durability::Full`] is asked for
//! (benchmarks): `fsync=off` loses data on a power cut, never in a test.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Whether the server syncs to disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// `fsync=off`: fast, for tests.
    Test,
    /// The server's defaults: what a benchmark should measure.
    Full,
}

/// A running PostgreSQL server; stopped and deleted on drop.
pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    child: Child,
    as_user: Option<&'static str>,
}

/// What went wrong starting the server, with what to do.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

fn fail(what: impl Into<String>) -> StartError {
    StartError(what.into())
}

/// The user the server runs as under root.
const UNPRIVILEGED: &str = "nobody";

impl PgServer {
    /// Starts a server with one database, `canteen`, owned by `postgres`
    /// (trust authentication on loopback only).
    pub fn start(durability: Durability) -> Result<PgServer, StartError> {
        let bin = bin_dir()?;
        let dir = tempfile::Builder::new()
            .prefix("canteen-pg-")
            .tempdir()
            .map_err(|e| fail(format!("cannot make a temporary directory: {e}")))?;
        let as_user = is_root().then_some(UNPRIVILEGED);
        if let Some(user) = as_user {
            let status = Command::new("chown")
                .args([user, &dir.path().display().to_string()])
                .status()
                .map_err(|e| fail(format!("chown: {e}")))?;
            if !status.success() {
                return Err(fail(format!(
                    "cannot give {} to {user}",
                    dir.path().display()
                )));
            }
        }
        let data = dir.path().join("data");
        let out = command(as_user, &bin.join("initdb"))
            .arg("-D")
            .arg(&data)
            .args([
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "-N",
            ])
            .output()
            .map_err(|e| fail(format!("cannot run initdb from {}: {e}", bin.display())))?;
        if !out.status.success() {
            return Err(fail(format!(
                "initdb failed: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        let port = free_port()?;
        let log = std::fs::File::create(dir.path().join("server.log"))
            .map_err(|e| fail(format!("cannot write the server's log: {e}")))?;
        let mut cmd = command(as_user, &bin.join("postgres"));
        cmd.arg("-D")
            .arg(&data)
            .args(["-p", &port.to_string(), "-k"])
            .arg(dir.path())
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=200",
            ]);
        if durability == Durability::Test {
            cmd.args([
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
            ]);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| fail(e.to_string()))?)
            .stderr(log)
            .spawn()
            .map_err(|e| fail(format!("cannot start postgres: {e}")))?;
        let mut server = PgServer {
            dir,
            bin,
            port,
            child,
            as_user,
        };
        server.wait_ready()?;
        server.psql("CREATE DATABASE canteen")?;
        Ok(server)
    }

    /// The URL of database `canteen` (what `--database` takes).
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/canteen", self.port)
    }

    /// Runs `sql` against database `postgres` with the server's own `psql`,
    /// returning what it printed (unaligned, tuples only).
    pub fn psql(&self, sql: &str) -> Result<String, StartError> {
        self.psql_in("postgres", sql)
    }

    /// Runs `sql` against `database` (see [`PgServer::psql`]).
    pub fn psql_in(&self, database: &str, sql: &str) -> Result<String, StartError> {
        let out = Command::new(self.bin.join("psql"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
            ])
            .args(["-d", database, "-v", "ON_ERROR_STOP=1", "-qAt", "-c", sql])
            .output()
            .map_err(|e| fail(format!("cannot run psql: {e}")))?;
        if !out.status.success() {
            return Err(fail(format!(
                "psql {sql:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            )));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
    }

    /// Keeps the server for the rest of this process, for a server that a
    /// whole test process shares through a `static` (which is never dropped):
    /// a watcher process stops and deletes it once this process has exited,
    /// however it ended (even killed).
    pub fn keep_until_exit(self) -> Result<&'static PgServer, StartError> {
        let stop = command(self.as_user, &self.bin.join("pg_ctl"));
        let script = r#"pid=$1; dir=$2; shift 2
while kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
"$@" >/dev/null 2>&1
rm -rf "$dir""#;
        Command::new("sh")
            .args(["-c", script, "pg-watcher"])
            .arg(std::process::id().to_string())
            .arg(self.dir.path())
            .arg(stop.get_program())
            .args(stop.get_args())
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["stop", "-m", "fast", "-w"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| fail(format!("cannot start the server's watcher: {e}")))?;
        Ok(Box::leak(Box::new(self)))
    }

    /// The server's log so far (for a failing test's message).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    fn wait_ready(&mut self) -> Result<(), StartError> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(fail(format!("postgres exited ({status}): {}", self.log())));
            }
            if accepts_connections(&self.bin, self.port) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(fail(format!(
                    "postgres did not start within 30 s: {}",
                    self.log()
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let _ = command(self.as_user, &self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["stop", "-m", "fast", "-w"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// True once `pg_isready` says the server accepts connections.
fn accepts_connections(bin: &Path, port: u16) -> bool {
    Command::new(bin.join("pg_isready"))
        .args(["-h", "127.0.0.1", "-p", &port.to_string(), "-q"])
        .status()
        .is_ok_and(|s| s.success())
}

fn command(as_user: Option<&str>, program: &Path) -> Command {
    match as_user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> Result<u16, StartError> {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| fail(format!("no free local port: {e}")))
}

/// The folder of `initdb` and `postgres`.
fn bin_dir() -> Result<PathBuf, StartError> {
    if let Some(dir) = std::env::var_os("CANTEEN_PG_BIN") {
        return Ok(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("postgres").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Ok(bin);
    }
    let on_path = Command::new("sh")
        .args(["-c", "command -v initdb"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    on_path
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .ok_or_else(|| {
            fail("no PostgreSQL server binaries: install Debian's `postgresql` package (scripts/setup does), or set CANTEEN_PG_BIN to the folder of initdb and postgres")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpStream;

    #[test]
    fn a_kept_server_is_stopped_and_deleted_after_its_process_exits() {
        // This test's process stands in for the test process: a child that
        // starts a server, keeps it and exits at once.
        if std::env::var_os("PGTEST_KEEP_CHILD").is_some() {
            let server = PgServer::start(Durability::Test).unwrap();
            let kept = server.keep_until_exit().unwrap();
            println!("{} {}", kept.port, kept.dir.path().display());
            return;
        }
        let out = Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "tests::a_kept_server_is_stopped_and_deleted_after_its_process_exits",
                "--nocapture",
            ])
            .env("PGTEST_KEEP_CHILD", "1")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        let line = text
            .lines()
            .find(|l| l.split(' ').count() == 2 && l.starts_with(char::is_numeric))
            .unwrap_or_else(|| panic!("no port and folder in {text}"));
        let (port, dir) = line.split_once(' ').unwrap();
        let port: u16 = port.parse().unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while (TcpStream::connect(("127.0.0.1", port)).is_ok() || Path::new(dir).exists())
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(
            TcpStream::connect(("127.0.0.1", port)).is_err(),
            "still serving"
        );
        assert!(!Path::new(dir).exists(), "{dir} left behind");
    }

    #[test]
    fn a_started_server_answers_queries_and_is_gone_after_drop() {
        let server = PgServer::start(Durability::Test).unwrap();
        assert_eq!(server.psql_in("canteen", "SELECT 40 + 2").unwrap(), "42");
        assert!(server.url().ends_with("/canteen"), "{}", server.url());
        let port = server.port;
        let dir = server.dir.path().to_path_buf();
        drop(server);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
        assert!(!dir.exists());
    }
}
