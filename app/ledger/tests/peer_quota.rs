//! The canteen's other terminals' quota uses (issue #11): what one terminal
//! lists of its own uses, another stores (grow-only, once each) and counts, so
//! its second subsidised meal of a period is at market price.

mod common;

use std::path::Path;

use canteen_core::QuotaUse;
use canteen_ledger::Ledger;
use chrono::NaiveDate;
use common::*;
use tempfile::TempDir;

/// Two terminals of one canteen: B's resident key is A's (copied before B's
/// first open), as the office's community secret makes it.
fn two_terminals() -> (TempDir, TempDir, Ledger, Ledger) {
    let (a_dir, b_dir) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let a = open(a_dir.path());
    copy_key(a_dir.path(), b_dir.path());
    let b = open(b_dir.path());
    (a_dir, b_dir, a, b)
}

fn copy_key(from: &Path, to: &Path) {
    std::fs::copy(
        from.join(canteen_ledger::keyring::KEY_FILE),
        to.join(canteen_ledger::keyring::KEY_FILE),
    )
    .unwrap();
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

#[test]
fn a_peers_use_counts_in_the_quota_and_the_second_meal_is_at_market_price() {
    let (_a_dir, _b_dir, mut a, mut b) = two_terminals();
    let id = id_number(AGE70, "123");
    let first = sell(&mut a, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    assert_eq!(first.total_fen, 1200);
    // Anonymous and unsubsidised sales have no uses; only the subsidised line.
    sell(&mut a, LUNCH, &["soup"], None).unwrap();
    let own = a.own_quota_uses_after(0, day(), 100).unwrap();
    assert_eq!(own.through_seq, first.seq + 1);
    assert_eq!(own.uses.len(), 1);
    let u = &own.uses[0];
    assert_eq!(
        (&u.origin_device, u.origin_seq, u.line_no, u.period.as_str()),
        (&a.identity().device_id, first.seq, 0, "lunch")
    );

    let lunch = parse_id(&id, LUNCH);
    assert_eq!(b.quota_used(&lunch, day(), "lunch").unwrap(), 0);
    assert_eq!(b.record_peer_quota_uses(&own.uses, at(LUNCH)).unwrap(), 1);
    assert_eq!(b.quota_used(&lunch, day(), "lunch").unwrap(), 1);
    assert_eq!(b.quota_used(&lunch, day(), "dinner").unwrap(), 0);
    let second = lunch_for(&mut b, "2026-11-23T12:05:00+08:00", &id);
    assert_eq!((second.total_fen, second.subsidy_fen), (1500, 0));
    assert!(!second.lines[0].uses_quota);
    let dinner = sell(&mut b, DINNER, &["dinner-set"], Some(&id)).unwrap();
    assert_eq!(dinner.total_fen, 1200, "another period has its own quota");
    assert!(
        b.verify().unwrap().is_ok(),
        "the replica is outside the chain"
    );
}

#[test]
fn the_replica_is_a_grow_only_set() {
    let (_a_dir, b_dir, mut a, mut b) = two_terminals();
    let id = id_number(AGE70, "123");
    sell(&mut a, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    let uses = a.own_quota_uses_after(0, day(), 100).unwrap().uses;
    assert_eq!(b.record_peer_quota_uses(&uses, at(LUNCH)).unwrap(), 1);
    assert_eq!(
        b.record_peer_quota_uses(&uses, at(LUNCH)).unwrap(),
        0,
        "a use sent again is stored once"
    );
    // B's own use echoed back to it is not counted twice.
    let own_sale = sell(&mut b, DINNER, &["dinner-set"], Some(&id)).unwrap();
    assert_eq!(own_sale.total_fen, 1200);
    let echo = b.own_quota_uses_after(0, day(), 100).unwrap().uses;
    assert_eq!(echo.len(), 1);
    assert_eq!(b.record_peer_quota_uses(&echo, at(DINNER)).unwrap(), 0);
    assert_eq!(
        b.quota_used(&parse_id(&id, DINNER), day(), "dinner")
            .unwrap(),
        1
    );
    drop(b);
    let conn = raw(b_dir.path());
    for sql in [
        "UPDATE peer_quota_uses SET period = 'dinner'",
        "DELETE FROM peer_quota_uses",
    ] {
        let err = conn.execute(sql, []).unwrap_err().to_string();
        assert!(err.contains("grow-only"), "{sql}: {err}");
    }
}

#[test]
fn own_uses_are_listed_from_a_mark_a_few_records_at_a_time() {
    let dir = TempDir::new().unwrap();
    let mut a = open(dir.path());
    assert_eq!(
        a.own_quota_uses_after(0, day(), 10).unwrap(),
        canteen_ledger::OwnQuotaUses {
            uses: vec![],
            through_seq: 0
        }
    );
    let mut seqs = Vec::new();
    for n in 0..5 {
        let id = id_number(AGE70, &format!("{:03}", 100 + n));
        seqs.push(sell(&mut a, LUNCH, &["lunch-set"], Some(&id)).unwrap().seq);
    }
    // Yesterday's subsidised lunch is not listed from today on.
    let old = lunch_for(
        &mut a,
        "2026-11-22T12:00:00+08:00",
        &id_number(AGE70, "999"),
    );
    let mut mark = 0;
    let mut listed: Vec<QuotaUse> = Vec::new();
    loop {
        let page = a.own_quota_uses_after(mark, day(), 2).unwrap();
        if page.through_seq == mark {
            break;
        }
        assert!(page.through_seq - mark <= 2);
        mark = page.through_seq;
        listed.extend(page.uses);
    }
    assert_eq!(mark, old.seq);
    let listed_seqs: Vec<u64> = listed.iter().map(|u| u.origin_seq).collect();
    assert_eq!(listed_seqs, seqs);
    let all = a
        .own_quota_uses_after(0, day().pred_opt().unwrap(), 100)
        .unwrap();
    assert_eq!(all.uses.len(), 6);
    assert_eq!(
        a.own_quota_uses_after(old.seq, day(), 100)
            .unwrap()
            .through_seq,
        old.seq
    );
}
