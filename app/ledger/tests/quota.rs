//! The quota of one subsidised meal per person per period is enforced from the
//! journal: a second scan in the same period pays the market price with that
//! reason, also after a restart; another period or a voided first meal frees it.

mod common;

use common::*;
use tempfile::TempDir;

#[test]
fn the_second_meal_in_a_period_is_at_market_price_even_after_a_restart() {
    let dir = TempDir::new().unwrap();
    let id = id_number(AGE70, "123");
    {
        let mut ledger = open(dir.path());
        let first = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
        assert_eq!((first.total_fen, first.subsidy_fen), (1200, 300));
        assert!(first.lines[0].uses_quota);
    }
    let mut ledger = open(dir.path());
    let second = lunch_for(&mut ledger, "2026-11-23T12:30:00+08:00", &id);
    assert_eq!((second.total_fen, second.subsidy_fen), (1500, 0));
    assert!(
        second.lines[0].reason_en.contains("already taken"),
        "{}",
        second.lines[0].reason_en
    );
    assert!(!second.lines[0].uses_quota);

    let dinner = sell(&mut ledger, DINNER, &["dinner-set"], Some(&id)).unwrap();
    assert_eq!(dinner.total_fen, 1200, "another period has its own quota");
    let tomorrow = lunch_for(&mut ledger, "2026-11-24T12:00:00+08:00", &id);
    assert_eq!(tomorrow.total_fen, 1200, "another day has its own quota");
    let other = lunch_for(&mut ledger, LUNCH, &id_number(AGE70, "124"));
    assert_eq!(other.total_fen, 1200, "another person has their own quota");
}

#[test]
fn two_meals_in_one_cart_get_one_subsidy() {
    let (_dir, mut ledger) = fresh();
    let sale = sell(
        &mut ledger,
        LUNCH,
        &["lunch-set", "lunch-set"],
        Some(&id_number(AGE85, "001")),
    )
    .unwrap();
    let charged: Vec<i64> = sale.lines.iter().map(|l| l.charged.fen()).collect();
    assert_eq!(charged, [1000, 1500]);
}

#[test]
fn a_voided_meal_gives_the_quota_back() {
    let (_dir, mut ledger) = fresh();
    let id = id_number(AGE70, "123");
    let first = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    ledger.void(first.seq, "wrong diner", at(LUNCH)).unwrap();
    let again = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    assert_eq!(again.total_fen, 1200);
}

#[test]
fn unsubsidised_items_and_anonymous_diners_use_no_quota() {
    let (_dir, mut ledger) = fresh();
    let id = id_number(AGE70, "123");
    sell(&mut ledger, LUNCH, &["soup"], Some(&id)).unwrap();
    sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    assert_eq!(
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id))
            .unwrap()
            .total_fen,
        1200
    );
}
