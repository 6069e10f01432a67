//! The office never simply believes a device: every synced sale is re-derived
//! through the real API. Sales with a self-consistent chain and a valid token
//! but wrong numbers — negative amounts, a price below the rule, a subsidy
//! above it, an unknown item, payments that do not make the total, a time far
//! in the future, `i64::MAX`, a subsidy for someone the office does not know —
//! are stored and quarantined with their reason, and the subsidy and partner
//! reports count the good sales only. A record re-sent under a held key with
//! altered content is a 409 and an alert, not a replay.

mod support;

use canteen_core::journal::RecordBody;
use canteen_core::{Money, Payment};
use canteen_office::report::{self, Dates};
use canteen_sync::SyncError;
use chrono::{Datelike, NaiveDate};
use support::{LUNCH, Office, batch, chain, chain_at, sale};

/// A registered resident's sale, changed by `edit`.
fn bad(key: &str, edit: impl FnOnce(&mut canteen_core::Sale)) -> RecordBody {
    let RecordBody::Sale(mut s) = sale("lunch-set", Some(key)) else {
        unreachable!()
    };
    edit(&mut s);
    RecordBody::Sale(s)
}

fn pay_exactly(s: &mut canteen_core::Sale) {
    let total: Money = s.lines.iter().map(|l| l.charged).sum();
    s.payments = vec![Payment::Cash {
        amount: total,
        tendered: total,
        change: Money::ZERO,
    }];
}

#[test]
fn sales_that_do_not_re_derive_are_quarantined_and_claim_nothing() {
    let office = Office::start();
    let key = "k".repeat(64);
    let stranger = "x".repeat(64);
    office.register(&[&key]);
    let client = office.client(&office.add_device("dev-a", "east"));
    let fen = Money::from_fen;
    let cases: Vec<(&str, RecordBody)> = vec![
        ("good", sale("lunch-set", Some(&key))),
        ("good", sale("lunch-set", None)),
        (
            "arithmetic",
            bad(&key, |s| {
                s.lines[0].charged = fen(-1000);
                s.lines[0].subsidy = fen(2500);
                pay_exactly(s);
            }),
        ),
        (
            "price",
            bad(&key, |s| {
                s.lines[0].charged = fen(500);
                s.lines[0].subsidy = fen(1000);
                pay_exactly(s);
            }),
        ),
        (
            "price",
            bad(&key, |s| {
                s.lines[0].market = fen(2500);
                s.lines[0].subsidy = fen(1500);
            }),
        ),
        ("price", bad(&key, |s| s.lines[0].item = "caviar".into())),
        (
            "arithmetic",
            bad(&key, |s| {
                s.payments = vec![Payment::Cash {
                    amount: fen(500),
                    tendered: fen(500),
                    change: Money::ZERO,
                }]
            }),
        ),
        (
            "arithmetic",
            bad(&key, |s| {
                let max = fen(i64::MAX);
                s.lines[0].market = max;
                s.lines[0].charged = max;
                s.lines[0].subsidy = Money::ZERO;
                pay_exactly(s);
            }),
        ),
        ("unknown_resident", sale("lunch-set", Some(&stranger))),
    ];
    let mut timed: Vec<_> = cases.iter().map(|(_, b)| (LUNCH, b.clone())).collect();
    // Before the office registered the device (2026-11-23T00:00Z).
    timed.push((
        ("2026-11-22T12:00:00+08:00", (2026, 11, 22)),
        sale("lunch-set", Some(&key)),
    ));
    // Far in the future: the device's clock, not a meal the office can claim.
    timed.push((
        ("2099-11-23T12:00:00+08:00", (2099, 11, 23)),
        sale("lunch-set", Some(&key)),
    ));
    let records = chain_at("dev-a", "e1", timed);
    let ack = client.push(&batch("dev-a", "e1", &records)).unwrap();
    assert_eq!(ack.stored, records.len() as u64, "every record is kept");

    let mut conn = office.db();
    let all = Dates {
        from: NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
        to: NaiveDate::from_ymd_opt(2099, 12, 31).unwrap(),
    };
    let quarantined = report::quarantine(&mut conn, all).unwrap();
    let mut expected: Vec<(u64, &str)> = cases
        .iter()
        .enumerate()
        .filter(|(_, (code, _))| *code != "good")
        .map(|(i, (code, _))| (i as u64 + 1, *code))
        .collect();
    expected.push((records.len() as u64 - 1, "before_enrolment"));
    expected.push((records.len() as u64, "future"));
    let mut got: Vec<(u64, &str)> = quarantined
        .iter()
        .map(|q| (q.seq, q.code.as_str()))
        .collect();
    got.sort();
    assert_eq!(got, expected, "{quarantined:#?}");
    assert!(
        quarantined.iter().all(|q| !q.reason.is_empty()),
        "each with its reason"
    );

    // The reports run, and count the two good sales only.
    let subsidy = report::subsidy(&mut conn, all).unwrap();
    let meals: i64 = subsidy.iter().map(|r| r.meals).sum();
    let claimed: i64 = subsidy.iter().map(|r| r.subsidy_fen).sum();
    let paid: i64 = subsidy.iter().map(|r| r.paid_fen).sum();
    assert_eq!((meals, paid, claimed), (2, 1000 + 1500, 500));
    let partner = report::partner(&mut conn, all).unwrap();
    assert_eq!(
        partner
            .iter()
            .map(|p| (p.meals, p.paid_fen, p.subsidy_fen))
            .collect::<Vec<_>>(),
        vec![(2, 2500, 500)]
    );
}

#[test]
fn a_held_record_re_sent_with_altered_content_is_a_conflict_not_a_replay() {
    let office = Office::start();
    let client = office.client(&office.add_device("dev-a", "east"));
    let records = chain(
        "dev-a",
        "e1",
        vec![sale("lunch-set", None), sale("lunch-set", None)],
    );
    client.push(&batch("dev-a", "e1", &records)).unwrap();
    // The same key and the same hash field, but another amount inside.
    let mut altered = records[1].clone();
    let RecordBody::Sale(s) = &mut altered.record.body else {
        unreachable!()
    };
    s.lines[0].reason_en = "rewritten".into();
    match client.push(&batch("dev-a", "e1", &[altered])) {
        Err(SyncError::Refused { status, body }) => {
            assert_eq!((status, body.error.as_str()), (409, "conflict"));
            assert_eq!(body.first_bad_seq, Some(2));
        }
        other => panic!("expected a 409, got {other:?}"),
    }
    let gaps = report::gaps(&mut office.db()).unwrap();
    assert!(
        gaps.iter()
            .any(|g| g.problem == "conflict" && g.first_bad_seq == Some(2)),
        "{gaps:?}"
    );
    // An untouched replay is still a replay.
    let again = client.push(&batch("dev-a", "e1", &records)).unwrap();
    assert_eq!((again.stored, again.replayed), (0, 2));
}

#[test]
fn the_allowed_clock_skew_is_the_office_s_setting() {
    // A sale dated ten minutes ahead of the office's clock.
    let ahead = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).unwrap())
        + chrono::Duration::minutes(10);
    let at = ahead.to_rfc3339();
    let day = ahead.date_naive();
    let codes = |minutes: i64| {
        let office = Office::start_with(canteen_office::server::Settings {
            max_clock_skew: chrono::Duration::minutes(minutes),
            ..Default::default()
        });
        let client = office.client(&office.add_device("dev-a", "east"));
        let day_of = (day.year(), day.month(), day.day());
        let records = chain_at(
            "dev-a",
            "e1",
            vec![((at.as_str(), day_of), sale("soup", None))],
        );
        client.push(&batch("dev-a", "e1", &records)).unwrap();
        let mut conn = office.db();
        report::quarantine(&mut conn, Dates { from: day, to: day })
            .unwrap()
            .into_iter()
            .map(|q| q.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(0), vec!["future".to_owned()]);
    assert!(!codes(15).contains(&"future".to_owned()));
}
