//! An office that outgrew its SQLite file moves to PostgreSQL with
//! `canteen-office database copy --to URL`: every row of every table arrives
//! as it was, the office's reports read the same from both, the office goes
//! on adding rows after the copied ones, and a database that already holds
//! data is refused untouched.

mod support;

use std::time::Duration;

use canteen_office::store::backend::{Database, columns};
use canteen_office::store::copy;
use canteen_office::store::db::{Db, Row};
use canteen_pgtest::{Durability, PgServer};
use canteen_sync::client::OfficeClient;
use support::served::Served;
use support::{LUNCH, batch, chain, office_in, sale};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text.trim()).unwrap_or_else(|e| panic!("{e}: {text:?}"))
}

/// Every table's rows (sorted: the two databases may order text apart).
fn tables(db: &mut dyn Db) -> Vec<(String, Vec<Row>)> {
    let schema = columns(db).unwrap();
    let mut names: Vec<&String> = schema.iter().map(|(t, _, _)| t).collect();
    names.dedup();
    names
        .into_iter()
        .map(|table| {
            let cols: Vec<&str> = schema
                .iter()
                .filter(|(t, _, _)| t == table)
                .map(|(_, c, _)| c.as_str())
                .collect();
            let sql = format!("SELECT {} FROM {table}", cols.join(", "));
            let mut rows = db.query(&sql, &[]).unwrap();
            rows.sort_by_key(|r| format!("{r:?}"));
            (table.clone(), rows)
        })
        .collect()
}

#[test]
fn a_sqlite_office_moves_to_postgresql_whole_and_goes_on_there() {
    let (_folder, data) = support::data_dir();
    let dir = data.path().to_path_buf();
    let file = dir.join("office.db");
    let file = file.to_str().unwrap().to_owned();
    let run = |args: &[&str], database: &str, stdin: &str| {
        let (code, out) = office_in(args, &dir, database, stdin);
        assert_eq!(code, 0, "{args:?}: {out}");
        out
    };

    // A community office on its SQLite file: an account, a kiosk, the
    // registry, a bundle, and a synced lunch.
    let outside = tempfile::tempdir().unwrap();
    let token = support::set_up_by_cli(&dir, &file, outside.path());
    let sqlite = Database::choose(Some(&file), &dir);
    let mut source = sqlite.connect().unwrap();
    // The kiosk stands registered before the test day's sales.
    source
        .execute(
            "UPDATE devices SET created_at = '2026-11-01T00:00:00Z'",
            &[],
        )
        .unwrap();
    let key: String = source
        .query_one(
            "SELECT resident_key FROM registry WHERE card_no = '88001230'",
            &[],
        )
        .unwrap()
        .get(0)
        .unwrap();
    let served = Served::start_in(data, &["--database".as_ref(), file.as_ref()]);
    let client = OfficeClient::new(&served.url(), &token, Duration::from_secs(10));
    let records = chain(
        "dev-east",
        "e1",
        vec![sale("lunch-set", Some(&key)), sale("lunch-set", None)],
    );
    client.push(&batch("dev-east", "e1", &records)).unwrap();

    // Into a new PostgreSQL database.
    let pg = PgServer::start(Durability::Test).unwrap();
    pg.psql("CREATE DATABASE office").unwrap();
    let url = format!("{}/office", pg.url().rsplit_once('/').unwrap().0);
    let copied = json(&run(&["database", "copy", "--to", &url], &file, ""));
    assert_eq!(copied["tables"]["records"], 2, "{copied}");
    assert_eq!(copied["tables"]["registry"], 2, "{copied}");
    assert_eq!(copied["tables"]["users"], 1, "{copied}");

    // Every row of every table, as it was.
    let mut target = Database::choose(Some(&url), &dir).connect().unwrap();
    let before = tables(&mut source);
    assert!(
        before
            .iter()
            .any(|(t, rows)| t == "report_lines" && !rows.is_empty())
    );
    assert_eq!(tables(&mut target), before);
    let total: usize = before.iter().map(|(_, rows)| rows.len()).sum();
    assert_eq!(copied["rows"], total, "{copied}");

    // A page of one row: every later page of every table starts from the key
    // of the row before (composite keys too).
    pg.psql("CREATE DATABASE paged").unwrap();
    let paged_url = format!("{}/paged", pg.url().rsplit_once('/').unwrap().0);
    let mut paged = Database::choose(Some(&paged_url), &dir).connect().unwrap();
    let by_one = copy::copy(&mut source, &mut paged, 1).unwrap();
    assert!(by_one.iter().any(|(_, n)| *n >= 2), "{by_one:?}");
    assert_eq!(tables(&mut paged), before);

    // The office's claim reads the same from both.
    let day = LUNCH.0.split('T').next().unwrap();
    let claim = ["report", "subsidy", "--from", day, "--to", day];
    let on_sqlite = run(&claim, &file, "");
    assert!(on_sqlite.lines().count() >= 2, "the meal: {on_sqlite}");
    assert_eq!(run(&claim, &url, ""), on_sqlite);

    // It goes on there: a new account's audit row takes the next number.
    let last = |db: &mut dyn Db| -> i64 {
        db.query_one("SELECT max(id) FROM audit", &[])
            .unwrap()
            .get(0)
            .unwrap()
    };
    let copied_last = last(&mut target);
    run(
        &["user", "add", "--name", "clerk", "--role", "clerk"],
        &url,
        "another long password\n",
    );
    assert_eq!(last(&mut target), copied_last + 1);

    // A second copy into it is refused, and changes nothing.
    let held = tables(&mut target);
    let (code, out) = office_in(&["database", "copy", "--to", &url], &dir, &file, "");
    let refusal = json(&out);
    assert_eq!(
        (code, refusal["error"].as_str()),
        (2, Some("target_not_empty"))
    );
    assert!(
        refusal["message"]
            .as_str()
            .unwrap()
            .contains("new, empty database"),
        "{refusal}"
    );
    assert_eq!(tables(&mut target), held);
    drop(served);
}

#[test]
fn a_copy_needs_a_postgresql_target_and_an_office_to_copy() {
    let (_folder, data) = support::data_dir();
    let file = data.path().join("office.db");
    let file = file.to_str().unwrap();
    let cases = [
        ("other.db", "bad_database", "not a PostgreSQL URL"),
        (
            "postgres://office@127.0.0.1:1/canteen",
            "no_database",
            "does not exist",
        ),
    ];
    for (to, error, says) in cases {
        let (code, out) = office_in(&["database", "copy", "--to", to], data.path(), file, "");
        let v = json(&out);
        assert_eq!((code, v["error"].as_str()), (2, Some(error)), "{v}");
        assert!(v["message"].as_str().unwrap().contains(says), "{v}");
    }
    assert!(
        std::fs::read_dir(data.path()).unwrap().next().is_none(),
        "no database made"
    );
}
