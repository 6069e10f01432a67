//! One-step enrolment through the real `canteen` binary against a real office
//! server: `canteen enroll` binds a fresh kiosk with a code from the office
//! (`store::enrol::issue`, what `canteen-office device add` runs), after which
//! a bare `canteen sync` uploads and `canteen status` shows the office; a
//! wrong code, a used code, a bad URL and an unreachable office change
//! nothing. Kiosks enrolled at two canteens, and two terminals of one canteen,
//! derive one resident key from the community secret, so the office's
//! anomalies report links the same diner across them.

use std::path::Path;
use std::process::Command;

use canteen_office::report::{self, Dates};
use canteen_office::store::{self, enrol};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::Value;
use tempfile::TempDir;

const AGE70: &str = "110101195611230017";

/// Runs `canteen ARGS --data DIR`; the exit code and the JSON printed.
fn canteen(data: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout));
    (out.status.code().unwrap(), json)
}

struct Office {
    dir: TempDir,
    url: String,
}

impl Office {
    fn start() -> Office {
        let dir = TempDir::new().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let data = dir.path().to_path_buf();
        store::open(&data).unwrap();
        std::thread::spawn(move || canteen_office::server::serve(listener, &data).unwrap());
        Office { dir, url }
    }

    /// A code for a kiosk named `name` at `canteen`, as `device add` prints it.
    fn code(&self, name: &str, canteen: &str) -> String {
        let conn = store::open(self.dir.path()).unwrap();
        let who = enrol::Pending {
            name,
            canteen,
            operator: "op",
        };
        enrol::issue(&conn, &who, Utc::now(), Duration::hours(72))
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
    let (status, out) = canteen(
        data,
        &[
            "enroll",
            "--office",
            &office.url,
            "--code",
            "ABCD-EFGH-JKMN",
        ],
    );
    assert_eq!(
        (status, out["error"].as_str()),
        (2, Some("bad_enroll_code")),
        "{out}"
    );
    assert!(out["message"].as_str().unwrap().contains("new code"));
    let (status, out) = canteen(
        data,
        &["enroll", "--office", "office.example", "--code", &code],
    );
    assert_eq!(
        (status, out["error"].as_str()),
        (2, Some("bad_url")),
        "{out}"
    );
    let gone = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (status, out) = canteen(
        data,
        &[
            "enroll",
            "--office",
            &gone,
            "--code",
            &code,
            "--timeout-ms",
            "2000",
        ],
    );
    assert_eq!(
        (status, out["error"].as_str()),
        (1, Some("office_unreachable")),
        "{out}"
    );
    let (_, unchanged) = canteen(data, &["status"]);
    assert_eq!(unchanged, before);
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

    let (status, sale) = canteen(
        data,
        &[
            "sell",
            "--item",
            "lunch-set",
            "--id",
            AGE70,
            "--pay",
            "cash",
            "--tendered",
            "2000",
            "--at",
            "2026-11-23T12:00:00+08:00",
        ],
    );
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
    let (status, out) = canteen(
        other.path(),
        &["enroll", "--office", &office.url, "--code", &code],
    );
    assert_eq!(
        (status, out["error"].as_str()),
        (2, Some("bad_enroll_code")),
        "{out}"
    );
    let (_, other_status) = canteen(other.path(), &["status"]);
    assert_eq!(other_status["office"], Value::Null);
}

fn sell_and_sync(kiosk: &Path, at: &str) {
    let (status, sale) = canteen(
        kiosk,
        &[
            "sell",
            "--item",
            "lunch-set",
            "--id",
            AGE70,
            "--pay",
            "cash",
            "--tendered",
            "2000",
            "--at",
            at,
        ],
    );
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
    let conn = store::open(office.dir.path()).unwrap();
    let found = report::anomalies(
        &conn,
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
