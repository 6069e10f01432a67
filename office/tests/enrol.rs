//! One-step enrolment: `device add` issues a one-time code (CLI), the code
//! enrols a kiosk over the API under the kiosk's own id with a working token,
//! the office's public key and the community secret, and works only once, only
//! before its expiry (store level, with the time passed in), never for an id
//! already registered; `device list` shows devices and waiting codes, never a
//! token or a code.

mod support;

use canteen_office::store::db::Db;
use canteen_office::store::enrol;
use canteen_office::{OfficeError, keys};
use canteen_sync::SyncError;
use canteen_sync::client::OfficeClient;
use canteen_sync::wire::EnrollRequest;
use chrono::{DateTime, Duration, Utc};
use support::{Office, batch, chain, office_cli, sale};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).unwrap()
}

/// Runs `device add` with `args` on the office in `data`.
fn device_add(data: &str, args: &[&str]) -> (i32, String) {
    office_cli(&[&["device", "add"], args, &["--data", data]].concat())
}

fn keys_of(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

fn refusal(e: SyncError) -> (u16, String, String) {
    match e {
        SyncError::Refused { status, body } => (status, body.error, body.message),
        other => panic!("expected a refusal, got {other}"),
    }
}

#[test]
fn device_add_prints_a_code_and_the_code_enrols_a_kiosk_once() {
    let office = Office::start();
    let data = office.dir.path().to_str().unwrap();
    let (status, out) = device_add(data, &["--name", "east-1", "--canteen", "east"]);
    assert_eq!(status, 0, "{out}");
    let issued = json(&out);
    assert_eq!(keys_of(&issued), ["device_id", "enroll_code", "expires_at"]);
    let code = issued["enroll_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 14, "shown as ABCD-EFGH-JKLM: {code}");
    assert_eq!(code.matches('-').count(), 2);

    // Listed as pending, without the code.
    let (_, listed) = office_cli(&["device", "list", "--data", data]);
    let line = json(&listed);
    assert_eq!(line["state"], "pending");
    assert_eq!(line["canteen"], "east");
    assert!(!listed.contains(&code));
    // Audited as a change made at the console.
    let (_, audited) = office_cli(&["audit", "list", "--data", data]);
    let entry = json(audited.lines().last().unwrap());
    assert_eq!(
        (&entry["who"], &entry["what"], &entry["rows"]),
        (
            &serde_json::json!("cli"),
            &serde_json::json!("device add east-1 (east)"),
            &serde_json::json!(1)
        )
    );

    // Typed in lower case without dashes: still the code.
    let client = OfficeClient::new(&office.url, "", std::time::Duration::from_secs(10));
    let typed = code.replace('-', "").to_lowercase();
    let enrolled = client
        .enroll(&EnrollRequest {
            code: typed.clone(),
            device_id: "dev-kiosk-east-1".into(),
        })
        .unwrap();
    assert_eq!(enrolled.device_id, "dev-kiosk-east-1");
    assert_eq!(enrolled.canteen, "east");
    assert_eq!(
        enrolled.office_public_key,
        keys::load_or_create(office.dir.path())
            .unwrap()
            .public_hex()
    );
    assert_eq!(
        enrolled.community_secret.expose(),
        keys::community_secret(office.dir.path()).unwrap().to_hex()
    );
    let shown = format!("{enrolled:?}");
    assert!(!shown.contains(enrolled.token.expose()), "{shown}");
    assert!(
        !shown.contains(enrolled.community_secret.expose()),
        "{shown}"
    );

    // The token works for the kiosk's own id.
    let kiosk = office.client(enrolled.token.expose());
    let records = chain("dev-kiosk-east-1", "e1", vec![sale("lunch", None)]);
    let ack = kiosk
        .push(&batch("dev-kiosk-east-1", "e1", &records))
        .unwrap();
    assert_eq!(ack.high_water.seq, 1);

    // A second use of the same code is refused, and says what to do.
    let again = client
        .enroll(&EnrollRequest {
            code: code.clone(),
            device_id: "dev-other".into(),
        })
        .unwrap_err();
    let (status, error, message) = refusal(again);
    assert_eq!((status, error.as_str()), (403, "bad_enroll_code"));
    assert!(message.contains("new code"), "{message}");
    // A code never issued, and garbage, are refused the same way.
    for wrong in ["ABCD-EFGH-JKMN", "hello"] {
        let e = client
            .enroll(&EnrollRequest {
                code: wrong.into(),
                device_id: "dev-other".into(),
            })
            .unwrap_err();
        assert_eq!(refusal(e).1, "bad_enroll_code");
    }

    let (_, listed) = office_cli(&["device", "list", "--data", data]);
    let line = json(&listed);
    assert_eq!(line["device_id"], "dev-kiosk-east-1");
    assert_eq!(line["state"], "enrolled");
    assert!(line["last_batch_at"].is_string());
    assert!(!listed.contains(enrolled.token.expose()));
}

#[test]
fn device_add_with_a_device_id_still_prints_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let (status, out) = device_add(data, &["--name", "west", "--device-id", "dev-west"]);
    assert_eq!(status, 0, "{out}");
    let registered = json(&out);
    assert_eq!(keys_of(&registered), ["device_id", "token"]);
    assert_eq!(registered["device_id"], "dev-west");
    let (status, out) = device_add(
        data,
        &[
            "--name",
            "west",
            "--device-id",
            "dev-west",
            "--expires-hours",
            "1",
        ],
    );
    assert_eq!(status, 2, "a token does not expire: {out}");
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

fn code_issued(conn: &mut dyn canteen_office::store::db::Db, now: DateTime<Utc>) -> String {
    let who = enrol::Pending {
        name: "east-2",
        canteen: "east",
        operator: "op",
    };
    enrol::issue(conn, &who, now, Duration::hours(72))
        .unwrap()
        .enroll_code
}

fn refused(e: OfficeError) -> (u16, String) {
    (e.status(), e.body().error)
}

#[test]
fn a_code_expires_and_refusals_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = support::db::open(dir.path());
    let issued = at("2026-12-01T08:00:00Z");
    let code = code_issued(&mut conn, issued);

    // At the 72nd hour: expired, and nothing registered.
    let late = at("2026-12-04T08:00:00Z");
    let e = enrol::enrol(&mut conn, &code, "dev-k", late).err().unwrap();
    assert_eq!(refused(e), (410, "enroll_code_expired".into()));
    let devices: i64 = conn
        .query_one("SELECT count(*) FROM devices", &[])
        .and_then(|r| r.get(0))
        .unwrap();
    assert_eq!(devices, 0);
    let listed = enrol::list(&mut conn, late).unwrap();
    assert_eq!(listed[0].state, enrol::DeviceState::Expired);

    // Just before the expiry it works.
    let code = code_issued(&mut conn, issued);
    let in_time = at("2026-12-04T07:59:59Z");
    let ok = enrol::enrol(&mut conn, &code, "dev-k", in_time).unwrap();
    assert_eq!(
        (ok.device_id.as_str(), ok.canteen.as_str()),
        ("dev-k", "east")
    );

    // An id that is already registered: 409, and the code stays usable.
    let code = code_issued(&mut conn, issued);
    let e = enrol::enrol(&mut conn, &code, "dev-k", in_time)
        .err()
        .unwrap();
    assert_eq!(refused(e), (409, "device_exists".into()));
    let e = enrol::enrol(&mut conn, &code, "bad id!", in_time)
        .err()
        .unwrap();
    assert_eq!(refused(e), (400, "bad_device_id".into()));
    enrol::enrol(&mut conn, &code, "dev-k2", in_time).unwrap();
}

/// The community secret is made once, 0600, and every caller — threads of
/// one process starting at once included — gets the same one.
#[test]
fn the_community_secret_is_created_once_for_every_caller() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let secrets: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| keys::community_secret(dir.path()).unwrap().to_hex()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(secrets.iter().all(|s| s == &secrets[0]), "{secrets:?}");
    let file = dir.path().join(keys::COMMUNITY_FILE);
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}
