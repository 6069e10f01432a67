//! The real `canteen-office serve` process on a free loopback port over a
//! temporary data directory, killed when dropped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};

pub struct Served {
    pub child: Child,
    pub addr: SocketAddr,
    pub dir: tempfile::TempDir,
    /// The folder holding a data directory of [`Served::start`]'s own (see
    /// [`super::data_dir`]).
    _folder: Option<tempfile::TempDir>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// `serve --listen 127.0.0.1:0 --data DIR` with `extra` flags.
    pub fn start(extra: &[&std::ffi::OsStr]) -> Served {
        let (folder, dir) = super::data_dir();
        let mut served = Served::start_in(dir, extra);
        served._folder = Some(folder);
        served
    }

    /// `serve` over the data directory `dir` (see [`Served::start`]); the
    /// tests' database unless `extra` names one.
    pub fn start_in(dir: tempfile::TempDir, extra: &[&std::ffi::OsStr]) -> Served {
        let database = match extra.iter().any(|a| *a == "--database") {
            true => vec![],
            false => super::db::args(dir.path()),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_canteen-office"))
            .args(["serve", "--listen", "127.0.0.1:0", "--data"])
            .arg(dir.path())
            .args(database)
            .args(extra)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        stderr.read_line(&mut line).unwrap();
        // The office logs every request: keep reading so its stderr never fills.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let addr = line
            .trim()
            .rsplit("//")
            .next()
            .unwrap()
            .parse()
            .unwrap_or_else(|_| panic!("no address in {line:?}"));
        Served {
            child,
            addr,
            dir,
            _folder: None,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}
