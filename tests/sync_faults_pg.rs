//! Exactly-once delivery over a failing network to two offices on one
//! PostgreSQL database (a real server the test starts with `canteen-pgtest`):
//! two `canteen-office serve --database postgres://…` processes, the proxy
//! spreading the kiosk's connections over both, mirroring most of the clean
//! ones to both at the same moment, and failing over while one office
//! is killed (a third of the way through) until it is started again (two
//! thirds). The scenario and its checks are [`support::fault_scenario`]'s:
//! every sale held once, the high-water mark whole, nothing quarantined, the
//! claim's totals right, and no office answering a server error.

mod support;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use canteen_office::store::backend::{Database, Store};
use canteen_pgtest::{Durability, PgServer};
use support::fault_scenario::{self, Offices, Plan};

/// A `canteen-office serve` process; killed when dropped.
struct OfficeProcess {
    child: Child,
}

impl OfficeProcess {
    /// Starts `serve` on `addr` and waits until it takes connections.
    fn start(addr: SocketAddr, data: &Path, url: &str) -> OfficeProcess {
        let child = Command::new(support::bins::canteen_office())
            .args([
                "serve",
                "--listen",
                &addr.to_string(),
                "--database",
                url,
                "--data",
            ])
            .arg(data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut office = OfficeProcess { child };
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(addr).is_err() {
            if let Some(status) = office.child.try_wait().unwrap() {
                panic!("canteen-office serve on {addr} exited: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "the office on {addr} never listened"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        office
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for OfficeProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A loopback address no one listens on yet.
fn free_addr() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

#[test]
fn every_sale_reaches_two_offices_on_postgres_exactly_once_through_a_faulty_network() {
    let seed = fault_scenario::seed();
    let pg = PgServer::start(Durability::Test).unwrap();
    let url = pg.url();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(&Database::choose(Some(&url), data.path())).unwrap();
    let addrs = [free_addr(), free_addr()];
    let mut processes: Vec<OfficeProcess> = addrs
        .iter()
        .map(|&a| OfficeProcess::start(a, data.path(), &url))
        .collect();

    let offices = Offices {
        data: data.path(),
        store: &store,
        upstreams: addrs.to_vec(),
        mirror_percent: 60,
    };
    let plan = Plan {
        rounds: 150,
        min_failed_runs: 100,
    };
    let (down, up) = (plan.rounds / 3, plan.rounds * 2 / 3);
    fault_scenario::run(&offices, &plan, seed, |round| {
        if round == down {
            processes[1].kill();
        } else if round == up {
            processes[1] = OfficeProcess::start(addrs[1], data.path(), &url);
        }
    });
}
