//! An office on PostgreSQL set up end to end from the command line, as the
//! README tells an operator: a web account, a kiosk, the registry, a signed
//! bundle, then `serve` takes the kiosk's sales and serves its bundle and
//! the claim reads them back — every command given `--database URL`. What
//! they wrote is read back from PostgreSQL itself (psql), and the data
//! directory holds the keys only: no SQLite file was made.

mod support;

use std::time::Duration;

use canteen_pgtest::{Durability, PgServer};
use canteen_sync::client::OfficeClient;
use canteen_sync::signing::OfficePublicKey;
use support::served::Served;
use support::{LUNCH, batch, chain, office_in, sale};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text:?}"))
}

#[test]
fn an_office_on_postgresql_is_set_up_served_and_reported_from_the_command_line() {
    let pg = PgServer::start(Durability::Test).unwrap();
    pg.psql("CREATE DATABASE office").unwrap();
    let url = format!("{}/office", pg.url().rsplit_once('/').unwrap().0);
    let data = tempfile::tempdir().unwrap();
    let data_path = data.path().to_path_buf();
    let outside = tempfile::tempdir().unwrap();
    let token = support::set_up_by_cli(&data_path, &url, outside.path());
    let run = |args: &[&str], stdin: &str| {
        let (code, out) = office_in(args, &data_path, &url, stdin);
        assert_eq!(code, 0, "{args:?}: {out}");
        out
    };
    let public_key = json(&run(&["key"], ""))["public_key"]
        .as_str()
        .unwrap()
        .to_owned();

    // The kiosk syncs a lunch of the resident 王建国 (85 on the day).
    let key = pg
        .psql_in(
            "office",
            "SELECT resident_key FROM registry WHERE card_no = '88001230'",
        )
        .unwrap();
    assert_eq!(key.len(), 64, "{key:?}");
    // The sales are of the test day, a fixed date before today: the kiosk
    // stands as registered the month before (the office refuses to claim a
    // sale from before its kiosk was registered).
    pg.psql_in(
        "office",
        "UPDATE devices SET created_at = '2026-11-01T00:00:00Z'",
    )
    .unwrap();
    let served = Served::start_in(data, &["--database".as_ref(), url.as_ref()]);
    let client = OfficeClient::new(&served.url(), &token, Duration::from_secs(10));
    let records = chain("dev-east", "e1", vec![sale("lunch-set", Some(&key))]);
    client.push(&batch("dev-east", "e1", &records)).unwrap();
    assert_eq!(client.high_water("dev-east", "e1").unwrap().seq, 1);
    let signed = client.latest_bundle("dev-east").unwrap().unwrap();
    let bundle = OfficePublicKey::from_hex(&public_key)
        .unwrap()
        .verify_bundle(&signed)
        .unwrap();
    assert_eq!(bundle.version, 1);
    assert_eq!(bundle.residents.map(|r| r.rows.len()), Some(2));

    // The claim of the day counts the meal, read through the command line.
    let day = "2026-11-23";
    assert!(LUNCH.0.starts_with(day));
    let claim = run(&["report", "subsidy", "--from", day, "--to", day], "");
    let lines: Vec<&str> = claim.lines().collect();
    assert_eq!(lines.len(), 2, "a header and the meal's line: {claim}");
    assert!(lines[1].contains("east"), "{claim}");
    let listed = json(&run(&["device", "list"], ""));
    assert_eq!(listed["records"], 1, "{listed}");

    // Everything is in PostgreSQL, and no SQLite file was made.
    let count = |table: &str| {
        pg.psql_in("office", &format!("SELECT count(*) FROM {table}"))
            .unwrap()
    };
    assert_eq!(
        ["users", "devices", "registry", "bundles", "records"].map(count),
        ["1", "1", "2", "1", "1"]
    );
    let mut files: Vec<String> = std::fs::read_dir(&data_path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(
        files.iter().all(|f| !f.contains(".db")),
        "no SQLite file in the data directory: {files:?}"
    );
    assert!(files.contains(&"office.key".to_owned()), "{files:?}");
    drop(served);
}

#[test]
fn a_bad_or_unreachable_database_url_is_refused_plainly_and_without_its_password() {
    let data = tempfile::tempdir().unwrap();
    // Not a URL (exit 2), and port 1 on loopback, where nothing listens (exit 1).
    let cases = [
        ("notaport", 2, "bad_database", "not a PostgreSQL URL"),
        (
            "1",
            1,
            "failed",
            "cannot connect to PostgreSQL at postgres://office@127.0.0.1:1/canteen",
        ),
    ];
    for (port, status, error, says) in cases {
        let url = format!("postgres://office:secret-pw@127.0.0.1:{port}/canteen");
        let (code, out) = office_in(&["device", "list"], data.path(), &url, "");
        let v = json(&out);
        assert_eq!((code, v["error"].as_str()), (status, Some(error)), "{v}");
        assert!(v["message"].as_str().unwrap().contains(says), "{v}");
        assert!(!out.contains("secret-pw"), "{out}");
    }
    assert!(
        std::fs::read_dir(data.path()).unwrap().next().is_none(),
        "nothing made in the data directory"
    );
}
