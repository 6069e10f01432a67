//! Exactly-once delivery over a failing network, to one office on SQLite:
//! 1000 sales are sold in 250 rounds, each followed by two `canteen sync`
//! runs through a proxy that drops, cuts and stalls connections at random
//! points of requests and responses (at least 200 of the runs must fail for
//! the test to count); the checks are [`support::fault_scenario`]'s. The
//! same scenario against two offices on one PostgreSQL database is
//! `sync_faults_pg`.

mod support;

use canteen_office::store::backend::{Database, Store};
use support::fault_scenario::{self, Offices, Plan};

#[test]
fn every_sale_reaches_the_office_exactly_once_through_a_faulty_network() {
    let seed = fault_scenario::seed();
    let office_dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let office_addr = listener.local_addr().unwrap();
    let office_data = office_dir.path().to_path_buf();
    let store = Store::open(&Database::choose(None, office_dir.path())).unwrap();
    std::thread::spawn(move || canteen_office::server::serve(listener, &office_data).unwrap());

    let offices = Offices {
        data: office_dir.path(),
        store: &store,
        upstreams: vec![office_addr],
        mirror_percent: 0,
    };
    let plan = Plan {
        rounds: 250,
        min_failed_runs: 200,
    };
    fault_scenario::run(&offices, &plan, seed, |_| {});
}
