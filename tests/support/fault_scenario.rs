//! The exactly-once scenario of the fault-proxy sync tests, whatever offices
//! it runs against: a kiosk sells lunches in rounds, each followed by
//! `canteen sync` runs through a [`FaultProxy`] to the office (or offices);
//! after every run no outbox row is marked sent that the office does not
//! hold, and a run exits 0 only when all is acknowledged. At the end a clean
//! run leaves the office holding exactly the device's journal (same count,
//! same chain head, chain re-verified by the office), nothing quarantined,
//! and the claim counting every meal, every fen paid and subsidised, once.
//! The seed (`SYNC_FAULT_SEED`) is printed.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_ledger::Ledger;
use canteen_office::report::{self, Dates};
use canteen_office::store::backend::Store;
use canteen_office::store::{devices, ingest, verify};

use super::fault_proxy::{FaultProxy, Rng};
use super::lunches::cash_lunch;

const SALES_PER_ROUND: usize = 4;
const RUNS_PER_ROUND: usize = 2;
const IDS: [&str; 3] = [
    "110101195611230017",
    "110101194103010021",
    "110101193101010031",
];

/// The offices under test.
pub struct Offices<'a> {
    /// Their data directory (community secret; the seal key beside it).
    pub data: &'a Path,
    /// Their database, for setting up and for checking.
    pub store: &'a Store,
    /// Where they listen; the proxy spreads connections over them.
    pub upstreams: Vec<SocketAddr>,
    /// The share of connections mirrored to a second office at once.
    pub mirror_percent: u64,
}

/// How long the scenario runs and what it must show.
pub struct Plan {
    pub rounds: usize,
    /// At least this many runs must fail for the test to count.
    pub min_failed_runs: usize,
}

/// The seed from `SYNC_FAULT_SEED`, else the clock; printed.
pub fn seed() -> u64 {
    let seed = std::env::var("SYNC_FAULT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        });
    eprintln!("SYNC_FAULT_SEED={seed}");
    seed
}

/// Runs `canteen sync`; `timeout_ms` is each request's deadline.
fn sync(data: &Path, office: &str, token: &str, timeout_ms: &str) -> bool {
    Command::new(super::bins::canteen())
        .args([
            "sync",
            "--office",
            office,
            "--token",
            token,
            "--batch-size",
            "9",
            "--timeout-ms",
            timeout_ms,
            "--data",
        ])
        .arg(data)
        .output()
        .unwrap()
        .status
        .success()
}

/// Runs the scenario (see the module doc) with `seed`; `between(round)` is
/// called before each round (to take an office down or bring it back).
pub fn run(offices: &Offices<'_>, plan: &Plan, seed: u64, mut between: impl FnMut(usize)) {
    let mut rng = Rng(seed | 1);
    let kiosk = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(kiosk.path()).unwrap();
    let identity = ledger.identity().clone();
    let token = offices
        .store
        .run(|db| {
            let new = devices::NewDevice {
                device_id: Some(&identity.device_id),
                name: "east",
                canteen: "east",
                operator: "op",
            };
            let token = devices::add(db, &new, "2026-11-23T00:00:00Z")?
                .token
                .expose()
                .to_owned();
            super::office_registry::register_in(db, offices.data, kiosk.path(), &IDS);
            Ok(token)
        })
        .unwrap();

    let proxy = FaultProxy::start_to(
        offices.upstreams.clone(),
        seed,
        75,
        offices.mirror_percent,
        Duration::from_millis(700),
    );
    let config = Config::load(None).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap();
    let (mut ok_runs, mut failed_runs) = (0, 0);
    let (mut paid_fen, mut subsidy_fen) = (0, 0);
    for round in 0..plan.rounds {
        between(round);
        for _ in 0..SALES_PER_ROUND {
            let id = IDS
                .get(rng.below(IDS.len() as u64 + 1) as usize)
                .map(|t| ResidentId::parse(t, at.date_naive()).unwrap());
            let sale = ledger.sell(&cash_lunch(&config, at, id.as_ref())).unwrap();
            paid_fen += sale.total_fen;
            subsidy_fen += sale.subsidy_fen;
        }
        for _ in 0..RUNS_PER_ROUND {
            let success = sync(kiosk.path(), &proxy.url, &token, "300");
            let status = ledger.outbox_status().unwrap();
            let held = offices
                .store
                .run(|db| ingest::high_water(db, &identity.device_id, &identity.db_epoch))
                .unwrap()
                .seq;
            assert!(
                status.last_seq - status.pending <= held,
                "an outbox row was marked sent that the office does not hold"
            );
            if success {
                assert_eq!(
                    (status.pending, held),
                    (0, status.last_seq),
                    "exit 0 with records unacknowledged"
                );
                ok_runs += 1;
            } else {
                failed_runs += 1;
            }
        }
    }
    let count = |c: &std::sync::atomic::AtomicU64| c.load(Ordering::Relaxed);
    eprintln!(
        "runs through the proxy: {ok_runs} ok, {failed_runs} failed; {} faulty connections, {} mirrored",
        count(&proxy.counts.faulty),
        count(&proxy.counts.mirrored),
    );
    assert!(
        failed_runs >= plan.min_failed_runs,
        "only {failed_runs} runs failed: too few faults to prove anything"
    );

    let direct = format!("http://{}", offices.upstreams[0]);
    assert!(
        sync(kiosk.path(), &direct, &token, "30000"),
        "a clean sync must finish"
    );
    assert_eq!(ledger.outbox_status().unwrap().pending, 0);
    let local = ledger.verify().unwrap().unwrap();
    let day = at.date_naive();
    let dates = Dates { from: day, to: day };
    let sales = (plan.rounds * SALES_PER_ROUND) as i64;
    offices
        .store
        .run(|db| {
            let office = verify::verify(db, &identity.device_id, &identity.db_epoch)?.unwrap();
            assert_eq!(
                office, local,
                "the office holds exactly the device's journal, chain verified"
            );
            let held: i64 = db
                .query_one(
                    "SELECT count(*) FROM records WHERE device_id = ?1",
                    canteen_office::params![&identity.device_id],
                )?
                .get(0)?;
            assert_eq!(held as u64, local.head.seq, "every record held once");
            assert_eq!(
                report::quarantine(db, dates)?,
                vec![],
                "nothing quarantined"
            );
            let claim = report::subsidy(db, dates)?;
            let sum = |f: fn(&report::SubsidyRow) -> i64| claim.iter().map(f).sum::<i64>();
            assert_eq!(
                (
                    sum(|r| r.meals),
                    sum(|r| r.paid_fen),
                    sum(|r| r.subsidy_fen)
                ),
                (sales, paid_fen, subsidy_fen),
                "every sale counted once in the claim: meals, paid, subsidy"
            );
            Ok(())
        })
        .unwrap();
    assert_eq!(
        count(&proxy.counts.server_errors),
        0,
        "an office answered a server error (5xx): a replayed or concurrent batch must be acknowledged, not fail"
    );
}
