//! What the self-service kiosk relies on: the public quota count matches what a
//! sale charges, a shown total that no longer holds refuses the sale and writes
//! nothing, and a companion's meal is priced and recorded at the market price.

mod common;

use canteen_core::{Money, PaymentChoice, ResidentId};
use canteen_ledger::{LedgerError, SaleRequest};
use common::{LUNCH, at, cash, id_number, open, parse_id, request, rules};

/// A fresh ledger and a diner born on `yyyymmdd`: their ID number and the
/// parsed ID.
fn fresh_with_diner(
    yyyymmdd: &str,
) -> (
    tempfile::TempDir,
    canteen_ledger::Ledger,
    String,
    ResidentId,
) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path());
    let number = id_number(yyyymmdd, "123");
    let id = parse_id(&number, LUNCH);
    (dir, ledger, number, id)
}

#[test]
fn quota_used_counts_the_subsidised_meal_a_sale_took() {
    let (_dir, mut ledger, number, id) = fresh_with_diner("19600101");
    let date = at(LUNCH).date_naive();
    assert_eq!(ledger.quota_used(&id, date, "lunch").unwrap(), 0);
    common::sell(&mut ledger, LUNCH, &["lunch-set"], Some(&number)).unwrap();
    assert_eq!(ledger.quota_used(&id, date, "lunch").unwrap(), 1);
    assert_eq!(ledger.quota_used(&id, date, "dinner").unwrap(), 0);
    ledger.void(1, "wrong diner", at(LUNCH)).unwrap();
    assert_eq!(
        ledger.quota_used(&id, date, "lunch").unwrap(),
        0,
        "a void gives the meal back"
    );
}

#[test]
fn a_total_other_than_the_one_shown_is_refused_and_nothing_is_written() {
    let (_dir, mut ledger, _, id) = fresh_with_diner("19600101");
    let rules = rules();
    let req = |expected| SaleRequest {
        expected_total: Some(expected),
        ..request(&rules, LUNCH, &["lunch-set"], Some(&id), cash(20))
    };
    let err = ledger.sell(&req(Money::from_yuan(15))).unwrap_err();
    assert!(
        matches!(err, LedgerError::PriceChanged { expected, actual }
            if expected == Money::from_yuan(15) && actual == Money::from_yuan(12)),
        "{err:?}"
    );
    assert_eq!(err.code(), Some("price_changed"));
    assert!(ledger.sale(1).unwrap().is_none(), "nothing written");
    let sale = ledger.sell(&req(Money::from_yuan(12))).unwrap();
    assert_eq!(sale.seq, 1);
    assert_eq!(sale.total_fen, 1200);
}

#[test]
fn a_companion_meal_is_market_priced_and_takes_no_quota() {
    let (_dir, mut ledger, _, id) = fresh_with_diner("19300101");
    let rules = rules();
    let sale = ledger
        .sell(&SaleRequest {
            companion_items: vec!["lunch-set".into()],
            expected_total: Some(Money::from_yuan(15)),
            ..request(&rules, LUNCH, &["lunch-set"], Some(&id), cash(20))
        })
        .unwrap();
    assert_eq!(sale.lines.len(), 2);
    assert_eq!(
        sale.lines[0].charged,
        Money::ZERO,
        "the 96-year-old eats free"
    );
    assert_eq!(
        sale.lines[1].charged,
        Money::from_yuan(15),
        "the companion pays market"
    );
    assert_eq!(sale.lines[1].subsidy, Money::ZERO);
    assert!(!sale.lines[1].uses_quota);
    assert!(
        sale.lines[1].reason_en.starts_with("Companion"),
        "{}",
        sale.lines[1].reason_en
    );
    let stored = ledger.sale(1).unwrap().unwrap();
    assert_eq!(stored.lines, sale.lines, "recorded as priced");
    assert!(ledger.verify().unwrap().is_ok());
    let date = at(LUNCH).date_naive();
    assert_eq!(ledger.quota_used(&id, date, "lunch").unwrap(), 1);
}

#[test]
fn a_free_meal_that_is_no_longer_free_is_a_price_change_not_a_payment_error() {
    let (_dir, mut ledger, number, id) = fresh_with_diner("19300101");
    common::sell(&mut ledger, LUNCH, &["lunch-set"], Some(&number)).unwrap();
    let rules = rules();
    let err = ledger
        .sell(&SaleRequest {
            expected_total: Some(Money::ZERO),
            ..request(
                &rules,
                LUNCH,
                &["lunch-set"],
                Some(&id),
                PaymentChoice::Free,
            )
        })
        .unwrap_err();
    assert!(
        matches!(err, LedgerError::PriceChanged { actual, .. } if actual == Money::from_yuan(15)),
        "{err:?}"
    );
}
