//! The kiosk's own background sync (`office_sync::SyncDaemon`, the loop of
//! `canteen sync --daemon`) against a real office server: a run pushes the
//! journal through the daemon's own ledger connection while the kiosk's
//! connection keeps selling, reports the outbox (pending, last sync) that the
//! status bar shows (also between runs, as sales come in), pulls a newer
//! verified bundle, survives an unreachable
//! office (reported, nothing marked sent), and stops cleanly.

mod support;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use canteen_config::Config;
use canteen_core::Secret;
use canteen_kiosk::office_sync::{self, Nightly, RunOutcome, SyncDaemon};
use canteen_ledger::{Ledger, OutboxStatus};
use canteen_office::keys;
use canteen_office::store::{self, bundles, ingest};
use canteen_sync::signing::OfficePublicKey;
use chrono::{FixedOffset, NaiveTime};
use support::lunches::sell;
use support::office::Office;

/// What a daemon's runs report, as they happen, and the outbox states it
/// reported between runs (what the status bar shows).
struct Runs(
    mpsc::Receiver<(bool, u64, bool, Option<String>)>,
    mpsc::Receiver<OutboxStatus>,
);

impl Runs {
    /// Waits until the daemon reports `pending` records waiting.
    fn status_pending(&self, pending: u64) -> OutboxStatus {
        loop {
            let s = self
                .1
                .recv_timeout(Duration::from_secs(60))
                .expect("the daemon reports the outbox");
            if s.pending == pending {
                return s;
            }
        }
    }

    /// (push ok, pending after, last sync known, bundle outcome) of the next run.
    fn next(&self) -> (bool, u64, bool, Option<String>) {
        self.0
            .recv_timeout(Duration::from_secs(60))
            .expect("the daemon reports its run")
    }
}

fn spawn(data: &Path, url: &str, token: &str, key: Option<&str>) -> (SyncDaemon, Runs) {
    let tz: FixedOffset = Config::defaults().canteen.timezone;
    let nightly = Nightly {
        client: office_sync::client(url, &Secret::new(token), None, Duration::from_secs(10))
            .unwrap(),
        tz,
        batch_size: 7,
        // Never tonight's time in a test: the first run (never synced) is at
        // once, later ones when the test asks.
        at: NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
        key: key.map(|k| OfficePublicKey::from_hex(k).unwrap()),
        config_dir: None,
        // Short, so the test sees sales become pending without waiting.
        status_every: Duration::from_millis(50),
    };
    let (tx, rx) = mpsc::channel();
    let on_run = Box::new(move |o: &RunOutcome| {
        let status = o.status.as_ref().unwrap();
        let bundle = o.bundle.as_ref().map(|b| match b {
            Ok(v) => format!("{v:?}"),
            Err(e) => format!("error: {e}"),
        });
        let _ = tx.send((
            o.push.is_ok(),
            status.pending,
            o.last_sync().is_some(),
            bundle,
        ));
    });
    let (status_tx, status_rx) = mpsc::channel();
    let on_status = Box::new(move |s: &OutboxStatus| {
        let _ = status_tx.send(s.clone());
    });
    (
        SyncDaemon::spawn(data, nightly, on_run, on_status).unwrap(),
        Runs(rx, status_rx),
    )
}

#[test]
fn the_background_sync_pushes_what_the_kiosk_sells_and_reports_it() {
    let office = Office::start();
    let mut conn = store::open(office.dir.path()).unwrap();
    let office_key = keys::load_or_create(office.dir.path()).unwrap();

    let kiosk = tempfile::tempdir().unwrap();
    let config = Config::defaults();
    // The kiosk's own connection, as the sale path holds it.
    let mut ledger = Ledger::open(kiosk.path()).unwrap();
    let id = ledger.identity().clone();
    let token = office.register_on(kiosk.path(), "east", "now");
    sell(&mut ledger, &config, 20);
    assert!(ledger.outbox_status().unwrap().last_sync.is_none());

    // Never synced: the daemon runs at once, not tonight.
    let (daemon, runs) = spawn(
        kiosk.path(),
        &office.url,
        &token,
        Some(&office_key.public_hex()),
    );
    let first = runs.status_pending(20);
    assert!(first.last_sync.is_none(), "never synced: 未同步");
    assert_eq!(runs.next(), (true, 0, true, Some("None".into())));
    let held = |conn: &mut rusqlite::Connection| {
        ingest::high_water(conn, &id.device_id, &id.db_epoch)
            .unwrap()
            .seq
    };
    assert_eq!(held(&mut conn), 20);
    let status = ledger.outbox_status().unwrap();
    assert_eq!(
        status.pending, 0,
        "the kiosk's connection sees the acknowledgement"
    );
    assert!(office_sync::last_sync_local(&status).is_some());

    // The kiosk sells on while the daemon holds its own connection; the next
    // run takes the new sales and a newer signed bundle.
    sell(&mut ledger, &config, 5);
    assert_eq!(ledger.outbox_status().unwrap().pending, 5);
    let shown = runs.status_pending(5);
    assert!(
        shown.last_sync.is_some(),
        "the status bar keeps the last sync"
    );
    let signed = office_key.sign_bundle(&support::office::bundle(1));
    bundles::put(&mut conn, 1, &signed, "now").unwrap();
    daemon.run_now();
    assert_eq!(runs.next(), (true, 0, true, Some("Some(1)".into())));
    assert_eq!(held(&mut conn), 25);
    assert!(kiosk.path().join(office_sync::BUNDLE_FILE).exists());
    assert!(daemon.stop(Duration::from_secs(30)), "the sync thread ends");
}

#[test]
fn an_unreachable_office_is_reported_and_nothing_is_marked_sent() {
    // A port nobody listens on any more.
    let url = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let kiosk = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(kiosk.path()).unwrap();
    sell(&mut ledger, &Config::defaults(), 3);

    // Never synced, so it tries at once; then it backs off.
    let (daemon, runs) = spawn(kiosk.path(), &url, "no-token", None);
    assert_eq!(runs.next(), (false, 3, false, None));
    assert!(runs.status_pending(3).last_sync.is_none());
    assert_eq!(ledger.outbox_status().unwrap().pending, 3);
    // Dropping the daemon stops it as well (the kiosk's exit path).
    drop(daemon);
    assert!(
        runs.0.recv().is_err(),
        "the thread ended and dropped its reporter"
    );
}
