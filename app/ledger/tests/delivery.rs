//! Meals delivered to the housebound, over the ledger alone: standing orders
//! are checked and kept; a period's roster is prepared once, priced with the
//! diner's tier, categories, quota and fee, within the period only; a
//! suspended resident is left out; each delivery is confirmed once, and a
//! meal that came back is voided, freeing its quota; the chain verifies.

mod common;

use canteen_core::{DeliveryFees, Money};
use canteen_ledger::{DeliveryOrder, Ledger, LedgerError};
use common::*;
use tempfile::TempDir;

const HEADER: &str = "id_number,name,categories,card_no,status\n";

fn rules_with_fee() -> canteen_core::PricingRules {
    let mut r = rules();
    r.delivery = DeliveryFees {
        fee: Money::from_yuan(2),
        tier_fees: [("age90".to_owned(), Money::ZERO)].into(),
    };
    r
}

fn order(route: &str, tier: &str, periods: &[&str]) -> DeliveryOrder {
    DeliveryOrder {
        address: format!("{route} 302室"),
        route: route.into(),
        note: "软食".into(),
        tier: Some(tier.into()),
        periods: periods.iter().map(|p| (*p).to_owned()).collect(),
        meals: 1,
    }
}

/// A fresh ledger with the three residents of [`registry`], their keys, and
/// the rules with a delivery fee.
fn with_registry() -> (TempDir, Ledger, canteen_core::PricingRules, [String; 3]) {
    let (dir, mut ledger) = fresh();
    let keys = registry(&mut ledger);
    (dir, ledger, rules_with_fee(), keys)
}

/// A lunch sold at the counter to 李秀英 (85, 低保), who also orders deliveries.
fn counter_lunch_for_li(ledger: &mut Ledger) -> canteen_ledger::CommittedSale {
    lunch_for(ledger, LUNCH, &id_number(AGE85, "001"))
}

/// A ledger with three registered residents (the third suspended); their keys.
fn registry(ledger: &mut Ledger) -> [String; 3] {
    let ids = [
        id_number(AGE85, "001"),
        id_number(AGE95, "002"),
        id_number(AGE70, "003"),
    ];
    let body = format!(
        "{HEADER}{},李秀英,dibao,,active\n{},张桂兰,,,active\n{},王建国,,,suspended\n",
        ids[0], ids[1], ids[2]
    );
    import_residents(ledger, &body);
    let key = |n: &str| {
        ledger
            .resident(&parse_id(n, LUNCH))
            .unwrap()
            .unwrap()
            .resident_key
    };
    [key(&ids[0]), key(&ids[1]), key(&ids[2])]
}

#[test]
fn a_roster_is_prepared_once_with_each_diners_price_and_fee() {
    let (_dir, mut ledger, rules, [li, zhang, wang]) = with_registry();
    let orders = [
        (li.clone(), order("A", "age80", &["lunch"])),
        (zhang.clone(), order("A", "age90", &["lunch", "dinner"])),
        (wang.clone(), order("B", "age60", &["lunch"])),
    ];
    ledger.replace_delivery_orders(&orders, &rules).unwrap();
    assert_eq!(ledger.delivery_orders().unwrap().len(), 3);

    let roster = ledger
        .prepare_deliveries(&rules, "lunch", at("2026-11-23T11:10:00+08:00"))
        .unwrap();
    assert_eq!(roster.prepared, 2, "the suspended resident is left out");
    let names: Vec<(&str, &str, i64)> = roster
        .lines
        .iter()
        .map(|l| (l.route.as_str(), l.masked_name.as_str(), l.collect_fen))
        .collect();
    // 张*兰, 95: free; 李*英, 85, 低保: 96% of ¥10.00 = ¥9.60, plus the ¥2.00 fee.
    assert_eq!(names, [("A", "张*兰", 0), ("A", "李*英", 1160)]);
    assert_eq!(roster.lines[1].subsidy_fen, 540);
    assert!(roster.lines.iter().all(|l| l.status.as_str() == "prepared"));

    let again = ledger
        .prepare_deliveries(&rules, "lunch", at("2026-11-23T11:20:00+08:00"))
        .unwrap();
    assert_eq!((again.prepared, &again.lines), (0, &roster.lines));
    assert_eq!(
        ledger
            .delivery_roster(at(LUNCH).date_naive(), "lunch")
            .unwrap(),
        again
    );
    // The quota is used: a counter lunch for 李*英 is at market price.
    let counter = counter_lunch_for_li(&mut ledger);
    assert_eq!((counter.total_fen, counter.subsidy_fen), (1500, 0));
    // Dinner is another period: only 张*兰 ordered it.
    let dinner = ledger
        .prepare_deliveries(&rules, "dinner", at(DINNER))
        .unwrap();
    assert_eq!(dinner.prepared, 1);
    let head = ledger.verify().unwrap().expect("the chain verifies");
    assert_eq!(head.records, 4);
}

#[test]
fn outcomes_are_recorded_once_and_a_meal_that_came_back_frees_its_quota() {
    let (_dir, mut ledger, rules, [li, zhang, _]) = with_registry();
    let orders = [
        (li, order("A", "age80", &["lunch"])),
        (zhang, order("A", "age90", &["lunch"])),
    ];
    ledger.replace_delivery_orders(&orders, &rules).unwrap();
    let roster = ledger
        .prepare_deliveries(&rules, "lunch", at(LUNCH))
        .unwrap();
    let (zhang_seq, li_seq) = (roster.lines[0].seq, roster.lines[1].seq);
    let back = at("2026-11-23T12:30:00+08:00");

    let err = ledger
        .confirm_delivery(li_seq, false, " ", back)
        .unwrap_err();
    assert!(matches!(err, LedgerError::MissingReason), "{err}");
    let not = ledger
        .confirm_delivery(li_seq, false, "家中无人", back)
        .unwrap();
    assert_eq!(not.void.as_ref().unwrap().refund_fen, 1160);
    ledger.confirm_delivery(zhang_seq, true, "", back).unwrap();
    for (seq, delivered) in [(li_seq, true), (zhang_seq, false)] {
        let err = ledger
            .confirm_delivery(seq, delivered, "again", back)
            .unwrap_err();
        assert_eq!(err.code(), Some("delivery_confirmed"), "{err}");
    }
    // As the CLI's roster JSON shows them.
    let statuses: Vec<serde_json::Value> = ledger
        .delivery_roster(at(LUNCH).date_naive(), "lunch")
        .unwrap()
        .lines
        .iter()
        .map(|l| serde_json::to_value(l.status).unwrap())
        .collect();
    assert_eq!(statuses, ["delivered", "not_delivered"]);
    // Voided, the meal frees the quota: a counter lunch is subsidised again.
    let counter = counter_lunch_for_li(&mut ledger);
    assert_eq!(counter.subsidy_fen, 540);
    // A counter sale is not a delivery; no sale at all is refused as such.
    let err = ledger
        .confirm_delivery(counter.seq, true, "", back)
        .unwrap_err();
    assert_eq!(err.code(), Some("not_a_delivery"));
    let err = ledger.confirm_delivery(999, true, "", back).unwrap_err();
    assert_eq!(err.code(), Some("no_such_sale"));
    // A meal that came back is not prepared again.
    let again = ledger.prepare_deliveries(&rules, "lunch", back).unwrap();
    assert_eq!(again.prepared, 0);
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn bad_orders_and_times_are_refused_with_their_reason() {
    let (_dir, mut ledger, rules, [li, ..]) = with_registry();
    let mut bad = order("A", "age80", &["brunch"]);
    let err = ledger.set_delivery_order(&li, &bad, &rules).unwrap_err();
    assert_eq!(err.code(), Some("bad_delivery_order"), "{err}");
    bad = order("A", "age80", &["lunch"]);
    bad.meals = 0;
    assert!(ledger.set_delivery_order(&li, &bad, &rules).is_err());
    bad = order("A\u{7}", "age80", &["lunch"]);
    assert!(ledger.set_delivery_order(&li, &bad, &rules).is_err());
    let err = ledger
        .set_delivery_order(&"ab".repeat(32), &order("A", "age80", &["lunch"]), &rules)
        .unwrap_err();
    assert_eq!(err.code(), Some("unknown_resident"));
    ledger
        .set_delivery_order(&li, &order("A", "age80", &["lunch"]), &rules)
        .unwrap();

    let err = ledger
        .prepare_deliveries(&rules, "lunch", at("2026-11-23T09:00:00+08:00"))
        .unwrap_err();
    assert_eq!(err.code(), Some("delivery_outside_period"), "{err}");
    let err = ledger
        .prepare_deliveries(&rules, "brunch", at(LUNCH))
        .unwrap_err();
    assert_eq!(err.code(), Some("unknown_period"));
    assert_eq!(
        ledger.verify().unwrap().unwrap().records,
        0,
        "nothing written"
    );
}
