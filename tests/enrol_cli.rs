//! One-step enrolment through the real `canteen` binary against a real office
//! server: `canteen enroll` binds a fresh kiosk with a code from the office
//! (`store::enrol::issue`, what `canteen-office device add` runs), after which
//! a bare `canteen sync` uploads and `canteen status` shows the office; a
//! wrong code, a used code, a bad URL and an unreachable office change
//! nothing. Kiosks enrolled at two canteens, and two terminals of one canteen,
//! derive one resident key from the community secret, so the office's
//! anomalies report links the same diner across them.

mod support;

use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

use canteen_office::report::{self, Dates};
use canteen_office::store::{self, enrol};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;
use support::kiosk_cli::{canteen, refused};
use support::sell::Sell;
use tempfile::TempDir;

const AGE70: &str = "110101195611230017";

/// `canteen enroll --office URL --code CODE`.
fn enroll(url: &str, code: &str) -> Vec<String> {
    ["enroll", "--office", url, "--code", code]
        .map(String::from)
        .to_vec()
}

/// A cash lunch for the 70-year-old at `at`; on the demo menu, because a
/// past `--at` then needs no supervisor.
fn lunch(at: &str) -> Sell {
    Sell::demo("lunch-set")
        .id(AGE70)
        .pay("cash")
        .tendered(2000)
        .at(at)
}

struct Office {
    dir: TempDir,
    url: String,
    /// The office's clock, which the test moves.
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl Office {
    /// An office whose clock reads the Sunday before the test week: kiosks
    /// enrol then, and sell in the days after.
    fn start() -> Office {
        let dir = TempDir::new().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let data = dir.path().to_path_buf();
        store::open(&data).unwrap();
        let now = Arc::new(Mutex::new(utc("2026-11-22T00:00:00Z")));
        let clock = now.clone();
        let settings = canteen_office::server::Settings {
            clock: Arc::new(move || *clock.lock().unwrap()),
            ..Default::default()
        };
        std::thread::spawn(move || {
            canteen_office::server::serve_with(listener, &data, settings, None).unwrap()
        });
        Office { dir, url, now }
    }

    /// Sets the office's clock.
    fn set_clock(&self, at: &str) {
        *self.now.lock().unwrap() = utc(at);
    }

    /// A code for a kiosk named `name` at `canteen`, as `device add` prints it.
    fn code(&self, name: &str, canteen: &str) -> String {
        let mut conn = store::open(self.dir.path()).unwrap();
        let who = enrol::Pending {
            name,
            canteen,
            operator: "op",
        };
        enrol::issue(
            &mut conn,
            &who,
            *self.now.lock().unwrap(),
            Duration::hours(72),
        )
        .unwrap()
        .enroll_code
    }

    /// A kiosk with a fresh data folder, enrolled at `canteen`.
    fn enrolled_kiosk(&self, name: &str, at: &str) -> TempDir {
        let kiosk = TempDir::new().unwrap();
        let code = self.code(name, at);
        let (status, out) = canteen(
            kiosk.path(),
            &["enroll", "--office", &self.url, "--code", &code],
        );
        assert_eq!(status, 0, "{out}");
        assert_eq!(out["canteen"], at);
        kiosk
    }
}

#[test]
fn enrol_then_a_bare_sync_uploads_and_status_follows() {
    let office = Office::start();
    let kiosk = TempDir::new().unwrap();
    let data = kiosk.path();

    let (status, before) = canteen(data, &["status"]);
    assert_eq!(status, 0, "{before}");
    let device_id = before["device_id"].as_str().unwrap().to_owned();
    assert_eq!(before["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(before["canteen"], "demo-canteen", "the configuration's id");
    assert_eq!(
        (
            &before["office"],
            &before["last_sync"],
            &before["records"],
            &before["pending"]
        ),
        (&Value::Null, &Value::Null, &Value::from(0), &Value::from(0))
    );
    let key_before = std::fs::read(data.join("resident.key")).unwrap();

    // Nothing to sync with yet: the refusal says how to enrol.
    let (status, out) = canteen(data, &["sync"]);
    assert_eq!((status, out["error"].as_str()), (2, Some("missing_office")));
    assert!(out["message"].as_str().unwrap().contains("canteen enroll"));

    let code = office.code("east-1", "east");
    // A code the office never issued, a bad URL, an office that is not
    // there: refused, and nothing changes on the kiosk.
    let never_issued = enroll(&office.url, "ABCD-EFGH-JKMN");
    let out = refused(data, &never_issued, "", 2, "bad_enroll_code");
    assert!(out["message"].as_str().unwrap().contains("new code"));
    refused(data, &enroll("office.example", &code), "", 2, "bad_url");
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let mut unreachable = enroll(&gone, &code);
    unreachable.extend(["--timeout-ms".to_owned(), "2000".to_owned()]);
    refused(data, &unreachable, "", 1, "office_unreachable");
    let (_, unchanged) = canteen(data, &["status"]);
    // Free disk space moves between two calls; the rest must not.
    let steady = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().unwrap().remove("disk");
        v
    };
    assert_eq!(steady(&unchanged), steady(&before));
    assert_eq!(
        std::fs::read(data.join("resident.key")).unwrap(),
        key_before
    );

    // Lower case and no dashes: still the code.
    let typed = code.replace('-', "").to_lowercase();
    let (status, out) = canteen(data, &["enroll", "--office", &office.url, "--code", &typed]);
    assert_eq!(status, 0, "{out}");
    assert_eq!(out["device_id"], device_id.as_str());
    assert_eq!(out["canteen"], "east");
    assert_eq!(out["office"], office.url.as_str());
    assert_eq!(out["residents_dropped"], 0);
    assert_ne!(
        std::fs::read(data.join("resident.key")).unwrap(),
        key_before
    );

    let (_, enrolled) = canteen(data, &["status"]);
    assert_eq!(enrolled["canteen"], "east");
    assert_eq!(enrolled["office"], office.url.as_str());
    assert_eq!(enrolled["last_sync"], Value::Null);

    let (status, sale) = canteen(data, lunch("2026-11-23T12:00:00+08:00").args());
    assert_eq!(status, 0, "{sale}");
    // A bare sync: the office, token and key come from the enrolment.
    let (status, synced) = canteen(data, &["sync"]);
    assert_eq!(status, 0, "{synced}");
    assert_eq!(
        (synced["stored"].as_u64(), synced["pending"].as_u64()),
        (Some(1), Some(0))
    );

    let (_, after) = canteen(data, &["status"]);
    assert_eq!(
        (after["records"].as_u64(), after["pending"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(after["last_sync"].is_string(), "{after}");

    // The same code again, from another kiosk: refused.
    let other = TempDir::new().unwrap();
    let again = enroll(&office.url, &code);
    refused(other.path(), &again, "", 2, "bad_enroll_code");
    let (_, other_status) = canteen(other.path(), &["status"]);
    assert_eq!(other_status["office"], Value::Null);
}

fn sell_and_sync(kiosk: &Path, at: &str) {
    let (status, sale) = canteen(kiosk, lunch(at).args());
    assert_eq!(status, 0, "{sale}");
    assert!(
        sale["subsidy_fen"].as_i64().unwrap() > 0,
        "each kiosk subsidises: {sale}"
    );
    let (status, synced) = canteen(kiosk, &["sync"]);
    assert_eq!(status, 0, "{synced}");
}

#[test]
fn one_diner_at_two_canteens_or_two_terminals_in_one_period_is_an_anomaly() {
    let office = Office::start();
    let east_1 = office.enrolled_kiosk("east-1", "east");
    let west_1 = office.enrolled_kiosk("west-1", "west");
    let north_1 = office.enrolled_kiosk("north-1", "north");
    let north_2 = office.enrolled_kiosk("north-2", "north");
    // The week goes by: the sales below are after the enrolments and before now.
    office.set_clock("2026-11-25T00:00:00Z");
    // Registered at the office, so it re-derives (and reports) the subsidy.
    keyed_bundle(
        office.dir.path(),
        &format!("id_number,name,categories,card_no,status\n{AGE70},张小明,,,active\n"),
    );

    // Monday's lunch at two canteens; Tuesday's lunch at two terminals of one.
    sell_and_sync(east_1.path(), "2026-11-23T12:00:00+08:00");
    sell_and_sync(west_1.path(), "2026-11-23T12:20:00+08:00");
    sell_and_sync(north_1.path(), "2026-11-24T11:40:00+08:00");
    sell_and_sync(north_2.path(), "2026-11-24T12:10:00+08:00");

    let id = |k: &TempDir| {
        canteen(k.path(), &["status"]).1["device_id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let mut conn = store::open(office.dir.path()).unwrap();
    let found = report::anomalies(
        &mut conn,
        Dates {
            from: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            to: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        },
    )
    .unwrap();
    assert_eq!(found.len(), 2, "{found:?}");
    let pair = |a: String, b: String| {
        let mut v = [a, b];
        v.sort();
        v.join(";")
    };
    let rows: Vec<(&str, &str, &str, i64, &str)> = found
        .iter()
        .map(|a| {
            (
                a.date.as_str(),
                a.period.as_str(),
                a.canteens.as_str(),
                a.meals,
                a.devices.as_str(),
            )
        })
        .collect();
    let two_canteens = pair(id(&east_1), id(&west_1));
    let two_terminals = pair(id(&north_1), id(&north_2));
    assert_eq!(
        rows,
        [
            ("2026-11-23", "lunch", "east;west", 2, two_canteens.as_str()),
            ("2026-11-24", "lunch", "north", 2, two_terminals.as_str()),
        ]
    );
    assert_eq!(
        found[0].resident_key, found[1].resident_key,
        "one key everywhere"
    );
    assert_eq!(found[0].masked_id, "110***********0017");
}

/// The nightly daemon (`canteen sync --daemon`, the loop `canteen kiosk` runs)
/// needs nothing but the enrolment either: never synced, it runs at once.
#[test]
fn the_nightly_daemon_syncs_an_enrolled_kiosk_with_no_other_setting() {
    let office = Office::start();
    let kiosk = office.enrolled_kiosk("east-1", "east");
    // An anonymous lunch; on the demo menu, as a past --at needs no supervisor.
    let anonymous = Sell::demo("lunch-set").pay("cash").tendered(2000);
    let (status, _) = canteen(
        kiosk.path(),
        anonymous.at("2026-11-23T12:00:00+08:00").args(),
    );
    assert_eq!(status, 0, "the sale");
    let (_, st) = canteen(kiosk.path(), &["status"]);
    let device = st["device_id"].as_str().unwrap().to_owned();
    let mut daemon = Command::new(support::bins::canteen())
        .args(["sync", "--daemon", "--data"])
        .arg(kiosk.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let conn = store::open(office.dir.path()).unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let held = loop {
        let held: i64 = conn
            .query_row(
                "SELECT count(*) FROM records WHERE device_id = ?1",
                [&device],
                |r| r.get(0),
            )
            .unwrap();
        if held == 1 || std::time::Instant::now() > deadline {
            break held;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    daemon.kill().unwrap();
    daemon.wait().unwrap();
    assert_eq!(held, 1, "the daemon uploaded the sale");
}

/// A bundle of version 1 with the office's keyed rows of `residents` (the
/// office's registry import, under its community secret).
fn keyed_bundle(office: &Path, residents: &str) -> canteen_sync::signing::Bundle {
    canteen_sync::signing::Bundle {
        residents: Some(support::office_registry::keyed(office, residents)),
        ..support::office::bundle(1)
    }
}

/// A kiosk set up by hand with one office (its bundle's residents imported)
/// that then enrols: the residents keyed with the old secret are dropped and
/// counted, and the next bare sync imports the office's residents again under
/// the community secret, although the new office's bundle has the same
/// version as the one the kiosk held.
#[test]
fn residents_dropped_at_enrolment_come_back_with_the_next_sync() {
    use canteen_office::keys;
    use canteen_office::store::{bundles, devices};

    let residents =
        format!("id_number,name,categories,card_no,status\n{AGE70},张小明,dibao,,active\n");
    // Each on its own day, so the period's quota never decides the price.
    let lunch_on = |data: &Path, day: u32| {
        let at = format!("2026-11-{day}T12:00:00+08:00");
        let (status, sale) = canteen(data, lunch(&at).args());
        assert_eq!(status, 0, "{sale}");
        sale["total_fen"].as_i64().unwrap()
    };

    // The old office, set up by hand: device id and token.
    let old = Office::start();
    let kiosk = TempDir::new().unwrap();
    let device = canteen(kiosk.path(), &["status"]).1["device_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut conn = store::open(old.dir.path()).unwrap();
    let new = devices::NewDevice {
        device_id: Some(&device),
        name: "east-1",
        canteen: "east",
        operator: "op",
    };
    let token = devices::add(&mut conn, &new, "now")
        .unwrap()
        .token
        .expose()
        .to_owned();
    let old_key = keys::load_or_create(old.dir.path()).unwrap();
    // Set up by hand, the old office keys its bundle with the kiosk's own
    // secret (a kiosk refuses rows keyed with a secret it does not hold).
    support::office_registry::adopt_kiosk_secret(old.dir.path(), kiosk.path());
    let bundle = keyed_bundle(old.dir.path(), &residents);
    bundles::put(&mut conn, 1, &old_key.sign_bundle(&bundle), "now").unwrap();
    let (status, out) = canteen(
        kiosk.path(),
        &[
            "sync",
            "--office",
            &old.url,
            "--token",
            &token,
            "--office-key",
            &old_key.public_hex(),
        ],
    );
    assert_eq!((status, out["bundle"].as_u64()), (0, Some(1)), "{out}");
    assert_eq!(lunch_on(kiosk.path(), 23), 1152, "低保: ¥12 × 96%");

    // The community's office: same residents, bundle version 1 as well.
    let office = Office::start();
    let new_key = keys::load_or_create(office.dir.path()).unwrap();
    let bundle = keyed_bundle(office.dir.path(), &residents);
    bundles::put(
        &mut store::open(office.dir.path()).unwrap(),
        1,
        &new_key.sign_bundle(&bundle),
        "now",
    )
    .unwrap();
    let code = office.code("east-1", "east");
    let (status, out) = canteen(
        kiosk.path(),
        &["enroll", "--office", &office.url, "--code", &code],
    );
    assert_eq!(status, 0, "{out}");
    assert_eq!(out["residents_dropped"], 1);
    // Unknown now: the plain 60–79 tier, not 低保.
    assert_eq!(lunch_on(kiosk.path(), 24), 1200);

    let (status, out) = canteen(kiosk.path(), &["sync"]);
    assert_eq!((status, out["bundle"].as_u64()), (0, Some(1)), "{out}");
    assert_eq!(
        lunch_on(kiosk.path(), 25),
        1152,
        "known again, under the community key"
    );
}

fn utc(at: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(at)
        .unwrap()
        .with_timezone(&Utc)
}
