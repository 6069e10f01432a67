//! `canteen sell` overrides and the clock: outside `--demo`, a staff-chosen
//! tier or a time other than now needs a supervisor's PIN (refused with
//! nothing written without one, audited in the sale's own transaction with
//! one); supervisor lockouts count on the machine's clock, so wrong PINs
//! spread over fake `--at` times do not get past the lock; and a sale dated
//! behind a closed day is refused.

use std::path::Path;

use canteen_core::cashier::AuditAction;
use canteen_core::journal::RecordBody;
use canteen_ledger::Ledger;
use chrono::{Duration, FixedOffset, Utc};
use tempfile::TempDir;

const LUNCH: &str = "2026-11-23T12:00:00+08:00";

mod support;
use support::{Sell, add_staff, canteen, canteen_with, records, refused};

/// A fresh kiosk whose supervisor li has the PIN 9999.
fn with_supervisor() -> TempDir {
    let dir = TempDir::new().unwrap();
    add_staff(dir.path(), "li", "supervisor", "9999", &[]);
    dir
}

/// The audit records of `action`: (staff id, detail, related seq).
fn audits(data: &Path, action: AuditAction) -> Vec<(Option<u64>, String, Option<u64>)> {
    let ledger = Ledger::open(data).unwrap();
    ledger
        .records_after(0, 10_000)
        .unwrap()
        .into_iter()
        .filter_map(|r| match r.record.body {
            RecordBody::Audit(a) if a.action == action => {
                Some((a.staff_id, a.detail, a.related_seq))
            }
            _ => None,
        })
        .collect()
}

/// Now on the canteen's clock, as RFC 3339, moved by `minutes`.
fn now_plus(minutes: i64) -> String {
    (Utc::now() + Duration::minutes(minutes))
        .with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap())
        .to_rfc3339()
}

#[test]
fn an_override_without_a_supervisor_is_refused_and_writes_nothing() {
    let dir = with_supervisor();
    let data = dir.path();
    let before = records(data);
    let thirty_one = "110105199501010017";
    let soup = || Sell::item("soup");
    for sale in [
        // The reported case: a 31-year-old given the 90+ tier, free.
        soup().id(thirty_one).tier("age90").pay("free"),
        soup().tier("child").tendered(300),
        soup().at(LUNCH).tendered(300),
        soup().at(&now_plus(-60)).tendered(300),
    ] {
        let (code, v) = canteen(data, sale.args());
        assert_eq!(
            (code, v["error"].as_str()),
            (2, Some("supervisor_required")),
            "{sale:?}: {v}"
        );
        assert!(v["message"].as_str().unwrap().contains("supervisor"), "{v}");
    }
    assert_eq!(records(data), before, "nothing written");
    // A time within the tolerance is now; no override, no PIN.
    let haircut = Sell::item("haircut").at(&now_plus(2)).tendered(1000);
    let (code, v) = canteen(data, haircut.args());
    assert_eq!(code, 0, "{v}");
}

#[test]
fn an_override_with_a_supervisor_pin_is_accepted_and_audited_in_the_sale() {
    let dir = with_supervisor();
    let data = dir.path();
    add_staff(data, "wang", "cashier", "1234", &[]);
    // A cashier's PIN is not a supervisor's.
    let before = records(data);
    let child_lunch = Sell::item("lunch-set")
        .tier("child")
        .at(LUNCH)
        .tendered(900);
    refused(data, child_lunch.args(), "1234\n", 2, "not_supervisor");
    assert_eq!(records(data), before + 1, "only the refusal's audit record");
    let (code, sale) = canteen_with(data, child_lunch.args(), "9999\n");
    assert_eq!(code, 0, "{sale}");
    assert_eq!(sale["total_fen"].as_i64(), Some(900), "{sale}");
    let seq = sale["seq"].as_u64().unwrap();
    let notes = audits(data, AuditAction::SaleOverride);
    assert_eq!(notes.len(), 1, "{notes:?}");
    let (staff, detail, related) = &notes[0];
    assert_eq!((*staff, *related), (Some(1), Some(seq)), "{notes:?}");
    assert!(detail.contains("tier child"), "{detail}");
    assert!(
        detail.contains("time 2026-11-23T12:00:00+08:00"),
        "{detail}"
    );
    assert!(detail.contains("authorised by li"), "{detail}");
    // --demo needs no PIN and writes no override record.
    let demo_soup = Sell::demo("soup").tier("child").at(LUNCH).tendered(300);
    let (code, v) = canteen(data, demo_soup.args());
    assert_eq!(code, 0, "{v}");
    assert_eq!(audits(data, AuditAction::SaleOverride).len(), 1);
}

#[test]
fn fifty_wrong_supervisor_pins_over_fake_times_do_not_get_past_the_lock() {
    let dir = with_supervisor();
    let data = dir.path();
    let before = records(data);
    let child_lunch = || Sell::item("lunch-set").tier("child");
    let mut codes = Vec::new();
    for i in 0..50 {
        // Each guess a day later than the last: a lock counted on --at would
        // have run out between any two of them.
        let at = format!("2026-{:02}-{:02}T12:00:00+08:00", 1 + i / 28, 1 + i % 28);
        let guess = format!("{:04}", 1000 + i);
        let sale = child_lunch().at(&at).tendered(900);
        let (code, v) = canteen_with(data, sale.args(), &format!("{guess}\n"));
        assert_eq!(code, 2, "guess {i}: {v}");
        codes.push(v["error"].as_str().unwrap().to_owned());
    }
    assert!(
        codes[..5].iter().all(|c| c == "not_supervisor"),
        "{codes:?}"
    );
    assert!(
        codes[5..].iter().all(|c| c == "supervisor_locked"),
        "{codes:?}"
    );
    // The right PIN is refused while the lock holds, and no sale was written.
    let right = child_lunch().at(LUNCH).tendered(900);
    refused(data, right.args(), "9999\n", 2, "supervisor_locked");
    let ledger = Ledger::open(data).unwrap();
    let sales = ledger
        .records_after(before, 10_000)
        .unwrap()
        .into_iter()
        .filter(|r| matches!(r.record.body, RecordBody::Sale(_)))
        .count();
    assert_eq!(sales, 0);
    // So is a void's supervisor, whatever its --at.
    let void = [
        "void",
        "--seq",
        "1",
        "--reason",
        "x",
        "--at",
        "2030-01-01T12:00:00+08:00",
    ];
    refused(data, &void, "9999\n", 2, "supervisor_locked");
}

#[test]
fn a_sale_dated_behind_a_closed_day_is_refused() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let (code, z) = canteen(data, &["report", "z", "--date", "2026-11-24"]);
    assert_eq!(code, 0, "{z}");
    let before = records(data);
    let lunch = |at| Sell::demo("lunch-set").at(at).tendered(1500);
    for at in [LUNCH, "2026-11-24T12:00:00+08:00"] {
        let (code, v) = canteen(data, lunch(at).args());
        assert_eq!(
            (code, v["error"].as_str()),
            (2, Some("day_closed")),
            "{at}: {v}"
        );
    }
    assert_eq!(records(data), before);
    let (code, v) = canteen(data, lunch("2026-11-25T12:00:00+08:00").args());
    assert_eq!(code, 0, "{v}");
}
