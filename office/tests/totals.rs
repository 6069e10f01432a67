//! The totals kept as sales arrive (`day_totals`, `resident_periods`) give
//! the very claim, meals per day and anomalies that the report lines give,
//! on SQLite and on PostgreSQL: over sales at three kiosks of two canteens
//! on days of two months, in several batches each, with voids, line refunds,
//! a resident's second meal of a period, quarantined sales (a wrong price, an
//! unknown resident) and one resident eating at two canteens. An office
//! upgraded from schema v13 (PostgreSQL: from `001`) fills them from the
//! lines it held.

mod support;

use canteen_core::Money;
use canteen_core::journal::{RecordBody, Refund, RefundLine, Void};
use canteen_office::report::{self, Dates};
use canteen_office::store::backend::{Database, Store};
use canteen_office::store::db::{Db, Kind};
use canteen_office::store::registry::{self, Registered};
use canteen_office::store::trust::Checks;
use canteen_office::store::{devices, ingest};
use canteen_pgtest::{Durability, PgServer};
use canteen_sync::wire::WireRecord;
use chrono::{DateTime, Datelike, NaiveDate};
use support::{batch, chain_at, sale};

/// A record of the test: its local date (`YYYY-MM-DD`, sold at lunch) and body.
type Entry = (&'static str, RecordBody);

fn key(k: &str) -> String {
    k.repeat(64)
}

/// A lunch sale for `who` (a key letter; `-` for no one), paid `yuan`
/// instead of the right price when given.
fn lunch(day: &'static str, who: &str, yuan: Option<i64>) -> Entry {
    let who = (who != "-").then(|| key(who));
    let mut body = sale("lunch-set", who.as_deref());
    if let (RecordBody::Sale(s), Some(yuan)) = (&mut body, yuan) {
        s.lines[0].charged = Money::from_yuan(yuan);
    }
    (day, body)
}

/// `records` chained for `device`, each at lunch on its day.
fn chained(device: &str, records: &[Entry]) -> Vec<WireRecord> {
    let times: Vec<String> = records
        .iter()
        .map(|(d, _)| format!("{d}T12:00:00+08:00"))
        .collect();
    let bodies = records
        .iter()
        .zip(&times)
        .map(|((d, body), t)| {
            let d: NaiveDate = d.parse().unwrap();
            ((t.as_str(), (d.year(), d.month(), d.day())), body.clone())
        })
        .collect();
    chain_at(device, "e1", bodies)
}

/// The void (`refund`: the refund of line 0) of record `seq` of `before`.
fn taking_back(device: &str, before: &[Entry], seq: u64, day: &'static str, refund: bool) -> Entry {
    let original_hash = chained(device, &before[..seq as usize])[seq as usize - 1].hash;
    let body = if refund {
        RecordBody::Refund(Refund {
            original_seq: seq,
            original_hash,
            reason: "cold".into(),
            supervisor_id: 1,
            lines: vec![RefundLine {
                line_no: 0,
                qty: 1,
                amount: Money::from_yuan(10),
                subsidy: Money::from_yuan(5),
            }],
        })
    } else {
        RecordBody::Void(Void {
            original_seq: seq,
            original_hash,
            reason: "wrong diner".into(),
        })
    };
    (day, body)
}

/// Each kiosk's records, and where its batches end.
fn nights() -> Vec<(&'static str, &'static str, Vec<Entry>, Vec<usize>)> {
    let mut east1 = vec![
        lunch("2026-10-30", "a", None),
        lunch("2026-10-30", "b", None),
        lunch("2026-10-30", "-", None),
        // A second subsidised lunch the same day: quarantined.
        lunch("2026-10-30", "a", None),
    ];
    east1.push(taking_back("k-east1", &east1, 2, "2026-10-30", false));
    east1.push(lunch("2026-11-01", "c", None));
    east1.push(lunch("2026-11-01", "a", Some(1))); // a wrong price: quarantined
    east1.push(taking_back("k-east1", &east1, 6, "2026-11-02", true));
    east1.push(lunch("2026-11-23", "z", None)); // unknown resident: quarantined
    east1.push(lunch("2026-11-23", "a", None));
    east1.push(lunch("2026-11-23", "b", None));
    let mut east2 = vec![
        lunch("2026-11-23", "c", None),
        lunch("2026-11-23", "-", None),
        lunch("2026-11-23", "b", None),
    ];
    east2.push(taking_back("k-east2", &east2, 1, "2026-11-23", true));
    let mut west = vec![
        lunch("2026-10-30", "c", None),
        lunch("2026-11-01", "b", None),
    ];
    west.push(taking_back("k-west", &west, 1, "2026-10-31", false));
    west.push(lunch("2026-11-23", "a", None));
    vec![
        ("k-east1", "east", east1, vec![4, 8, 11]),
        ("k-east2", "east", east2, vec![2, 4]),
        ("k-west", "west", west, vec![1, 4]),
    ]
}

/// The kiosks, the registry (a, b, c aged 85) and every batch, stored.
fn fill(db: &mut dyn Db) {
    for (device, canteen, _, _) in nights() {
        let new = devices::NewDevice {
            device_id: Some(device),
            name: device,
            canteen,
            operator: "op",
        };
        devices::add(db, &new, "2026-01-01T00:00:00Z").unwrap();
    }
    for k in ["a", "b", "c"] {
        let r = Registered {
            birth_date: NaiveDate::from_ymd_opt(1941, 1, 1),
            categories: vec![],
            suspended: false,
        };
        registry::put(db, &key(k), &r, "2026-01-01T00:00:00Z").unwrap();
    }
    let now = DateTime::parse_from_rfc3339("2026-12-01T09:00:00+08:00").unwrap();
    let checks = Checks::at(now.to_utc());
    for (device, _, records, ends) in nights() {
        let chain = chained(device, &records);
        let mut from = 0;
        for end in ends {
            ingest::ingest(db, &batch(device, "e1", &chain[from..end]), &checks).unwrap();
            from = end;
        }
    }
}

fn dates(from: &str, to: &str) -> Dates {
    Dates {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
    }
}

/// The reports read from the totals, each beside the same read from the lines.
fn reports_hold(db: &mut dyn Db) {
    let k = db.kind();
    for range in [
        dates("2026-10-01", "2026-10-31"),
        dates("2026-11-01", "2026-11-30"),
        dates("2026-10-30", "2026-11-23"),
    ] {
        let claim = report::subsidy(db, range).unwrap();
        assert_eq!(
            claim,
            report::subsidy_from_lines(db, range).unwrap(),
            "{k:?}"
        );
        let mut per_day: Vec<(String, String, i64)> = Vec::new();
        for row in &claim {
            match per_day.last_mut() {
                Some((c, d, n)) if *c == row.canteen && *d == row.date => *n += row.meals,
                _ => per_day.push((row.canteen.clone(), row.date.clone(), row.meals)),
            }
        }
        let meals = report::dashboard::meals_per_day(db, range).unwrap();
        assert_eq!(meals, per_day, "{k:?}");
    }
    let all = dates("2026-10-01", "2026-11-30");
    let claim = report::subsidy(db, all).unwrap();
    let net: (i64, i64) = claim
        .iter()
        .fold((0, 0), |(m, s), r| (m + r.meals, s + r.subsidy_fen));
    // 15 sales, 3 quarantined, 2 voided, 2 lines refunded: 8 meals, 6 subsidised at ¥5.
    assert_eq!(net, (8, 3000), "{k:?}: {claim:?}");
    assert_eq!(report::quarantine(db, all).unwrap().len(), 3, "{k:?}");
    let overview = report::dashboard::overview(db, all).unwrap();
    assert_eq!((overview.quarantined, overview.anomalies), (3, 2), "{k:?}");
    assert_eq!(overview.total.meals, 8, "{k:?}");
    let mut flagged: Vec<(String, String, i64)> = report::anomalies(db, all)
        .unwrap()
        .into_iter()
        .map(|a| (a.resident_key, a.canteens, a.meals))
        .collect();
    flagged.sort();
    let want = [(key("a"), "east;west", 2), (key("b"), "east", 2)];
    let want: Vec<(String, String, i64)> =
        want.into_iter().map(|(k, c, n)| (k, c.into(), n)).collect();
    assert_eq!(flagged, want, "{k:?}");
}

/// Back to the schema before the totals: v13 on SQLite, `001` on PostgreSQL.
fn forget_totals(db: &mut dyn Db) {
    let version = match db.kind() {
        Kind::Sqlite => "PRAGMA user_version = 13",
        Kind::Postgres => "UPDATE schema_version SET version = 1",
    };
    for sql in [
        "DROP TABLE day_totals",
        "DROP TABLE resident_periods",
        "DROP TABLE shared_devices",
        version,
    ] {
        db.execute(sql, &[]).unwrap();
    }
}

#[test]
fn the_totals_give_the_claim_the_lines_give_on_both_databases_and_after_an_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let server = PgServer::start(Durability::Test).unwrap();
    for database in [
        Database::choose(None, dir.path()),
        Database::choose(Some(&server.url()), dir.path()),
    ] {
        let store = Store::open(&database).unwrap();
        store
            .run(|db| {
                fill(db);
                reports_hold(db);
                forget_totals(db);
                Ok(())
            })
            .unwrap();
        drop(store);
        // Opened again, the migration fills the totals from the lines held.
        let store = Store::open(&database).unwrap();
        store
            .run(|db| {
                let n: i64 = db
                    .query_one("SELECT count(*) FROM day_totals", &[])?
                    .get(0)?;
                assert!(n > 0, "{:?}: the totals were filled", db.kind());
                reports_hold(db);
                Ok(())
            })
            .unwrap();
    }
}
