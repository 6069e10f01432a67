//! Pricing rules on a compact fixture (the shipped defaults are tested against
//! the same rules in `canteen-config`).

use canteen_core::fixtures::{self, resident};
use canteen_core::{CategoryStacking, Diner, Money, PriceError, PriceRequest, PricingRules};
use chrono::{NaiveDate, NaiveDateTime};

/// Core's shared fixture, plus a `disabled` category (pays 80% at any age)
/// and a breakfast set with a 60–79 price only.
fn rules() -> PricingRules {
    let mut rules = fixtures::rules();
    rules
        .categories
        .push(fixtures::category("disabled", "残疾", None, 8000));
    rules.items.push(fixtures::item(
        "breakfast-set",
        600,
        &["breakfast"],
        true,
        &[("age60", 400)],
    ));
    rules
}

fn lunchtime() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

fn price(
    rules: &PricingRules,
    item: &str,
    diner: &Diner,
    used: u32,
    tier: Option<&str>,
) -> Result<canteen_core::LineBreakdown, PriceError> {
    rules.price(
        item,
        &PriceRequest {
            at: lunchtime(),
            diner,
            used_in_period: used,
            tier_override: tier,
        },
    )
}

#[test]
fn age_tiers_price_the_lunch() {
    let r = rules();
    // (age, tier, charged)
    let cases = [
        (95, Some("age90"), 0),
        (90, Some("age90"), 0),
        (89, Some("age80"), 1000),
        (80, Some("age80"), 1000),
        (79, Some("age60"), 1200),
        (60, Some("age60"), 1200),
        (59, None, 1500),
        (30, None, 1500),
    ];
    for (age, want_tier, charged) in cases {
        let line = price(&r, "lunch-set", &resident(Some(age), &[]), 0, None).unwrap();
        assert_eq!(line.tier.as_deref(), want_tier, "age {age}");
        assert_eq!(line.charged, Money::from_fen(charged), "age {age}");
        assert_eq!(line.market, Money::from_fen(1500));
        assert_eq!(line.subsidy, line.market - line.charged, "age {age}");
        assert_eq!(line.uses_quota, charged < 1500, "age {age}");
        assert_eq!(line.period.as_ref().map(|p| p.as_str()), Some("lunch"));
    }
}

#[test]
fn low_income_pays_96_percent_of_the_tier_price_with_min_age() {
    let r = rules();
    let l = price(&r, "lunch-set", &resident(Some(65), &["dibao"]), 0, None).unwrap();
    assert_eq!(
        (l.charged, l.subsidy),
        (Money::from_fen(1152), Money::from_fen(348))
    );
    assert_eq!(l.categories, vec!["dibao".to_owned()]);
    assert!(l.reason_zh.contains("低保 96%"), "{}", l.reason_zh);
    let l = price(&r, "lunch-set", &resident(Some(85), &["dibao"]), 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(960));
    // Under the category's minimum age: no tier, no category.
    let l = price(&r, "lunch-set", &resident(Some(59), &["dibao"]), 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(1500));
    assert!(l.categories.is_empty());
    // Free stays free and names no category.
    let l = price(&r, "lunch-set", &resident(Some(92), &["dibao"]), 0, None).unwrap();
    assert_eq!(l.charged, Money::ZERO);
    assert!(l.categories.is_empty());
}

#[test]
fn best_stacking_picks_the_lowest_and_compound_applies_all() {
    let mut r = rules();
    let diner = resident(Some(65), &["dibao", "disabled"]);
    let l = price(&r, "lunch-set", &diner, 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(960)); // 1200 × 80%
    assert_eq!(l.categories, vec!["disabled".to_owned()]);
    r.stacking = CategoryStacking::Compound;
    let l = price(&r, "lunch-set", &diner, 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(922)); // 1200 × 96% = 1152, × 80% = 921.6 → 922
    assert_eq!(
        l.categories,
        vec!["dibao".to_owned(), "disabled".to_owned()]
    );
}

#[test]
fn a_category_without_min_age_applies_to_the_market_price() {
    let l = price(
        &rules(),
        "lunch-set",
        &resident(Some(40), &["disabled"]),
        0,
        None,
    )
    .unwrap();
    assert_eq!(l.tier, None);
    assert_eq!(l.charged, Money::from_fen(1200));
    assert!(l.uses_quota);
}

#[test]
fn quota_turns_the_second_meal_into_market_price() {
    let r = rules();
    for diner in [
        resident(Some(92), &[]),
        resident(Some(65), &["dibao"]),
        resident(Some(40), &["disabled"]),
    ] {
        let l = price(&r, "lunch-set", &diner, 1, None).unwrap();
        assert_eq!(l.charged, Money::from_fen(1500), "{diner:?}");
        assert_eq!(l.subsidy, Money::ZERO);
        assert!(!l.uses_quota);
        assert!(l.reason_zh.contains("已享用补贴餐"), "{}", l.reason_zh);
        assert!(l.reason_en.contains("already taken"), "{}", l.reason_en);
    }
    // A diner without a subsidy is not told about the quota.
    let l = price(&r, "lunch-set", &resident(Some(30), &[]), 3, None).unwrap();
    assert!(
        l.reason_en.contains("Age not in a subsidised tier"),
        "{}",
        l.reason_en
    );
}

#[test]
fn never_subsidised_items_cost_the_market_price_for_everyone() {
    let l = price(&rules(), "soup", &resident(Some(95), &["dibao"]), 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(300));
    assert!(!l.uses_quota);
    assert!(l.reason_en.starts_with("Not subsidised"), "{}", l.reason_en);
    assert_eq!(
        l.period.as_ref().map(|p| p.as_str()),
        Some("lunch"),
        "any-time items still record the period they were sold in"
    );
}

#[test]
fn no_id_and_companions_pay_market_price_but_a_cashier_tier_applies() {
    let r = rules();
    for (diner, word) in [(Diner::Anonymous, "No ID"), (Diner::Companion, "Companion")] {
        let l = price(&r, "lunch-set", &diner, 0, None).unwrap();
        assert_eq!(l.charged, Money::from_fen(1500));
        assert!(l.reason_en.starts_with(word), "{}", l.reason_en);
    }
    let l = price(&r, "lunch-set", &Diner::Anonymous, 0, Some("child")).unwrap();
    assert_eq!(
        (l.tier.as_deref(), l.charged),
        (Some("child"), Money::from_fen(900))
    );
    assert_eq!(
        price(&r, "lunch-set", &Diner::Anonymous, 0, Some("elf")),
        Err(PriceError::UnknownTier("elf".into()))
    );
}

#[test]
fn unknown_age_pays_market_price() {
    let l = price(&rules(), "lunch-set", &resident(None, &["dibao"]), 0, None).unwrap();
    assert_eq!(l.charged, Money::from_fen(1500));
    assert!(l.reason_en.contains("no birth date"), "{}", l.reason_en);
}

#[test]
fn a_tier_without_a_price_for_the_item_pays_market() {
    // breakfast-set has no age80 price.
    let r = rules();
    let at = NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(7, 0, 0)
        .unwrap();
    let diner = resident(Some(85), &[]);
    let l = r
        .price(
            "breakfast-set",
            &PriceRequest {
                at,
                diner: &diner,
                used_in_period: 0,
                tier_override: None,
            },
        )
        .unwrap();
    assert_eq!((l.tier, l.charged), (None, Money::from_fen(600)));
    assert!(l.reason_en.contains("no discount"), "{}", l.reason_en);
}

#[test]
fn items_are_sold_only_in_their_periods() {
    let r = rules();
    let diner = resident(Some(70), &[]);
    let at = |h, m| {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    };
    let req = |at| PriceRequest {
        at,
        diner: &diner,
        used_in_period: 0,
        tier_override: None,
    };
    assert!(r.price("lunch-set", &req(at(11, 0))).is_ok());
    assert!(r.price("lunch-set", &req(at(13, 29))).is_ok());
    let err = r.price("lunch-set", &req(at(13, 30))).unwrap_err();
    assert_eq!(err.code(), "outside_period");
    assert!(err.to_string().contains("lunch 11:00–13:30"), "{err}");
    assert_eq!(
        r.price("lunch-set", &req(at(10, 59))).unwrap_err().code(),
        "outside_period"
    );
    assert_eq!(
        r.price("pizza", &req(at(12, 0))).unwrap_err(),
        PriceError::UnknownItem("pizza".into())
    );
    // Any-time items have no period outside the meal periods.
    assert_eq!(r.price("soup", &req(at(15, 0))).unwrap().period, None);
}

/// A tier whose price equals the market price gives nothing, but the diner's
/// categories still apply to the market price (低保 96% of ¥15.00 = ¥14.40).
#[test]
fn categories_apply_to_the_market_price_when_the_tier_gives_nothing() {
    let mut r = rules();
    // The 60–79 lunch price set to the market price; age80 has no price at all.
    r.items[0]
        .tier_prices
        .insert("age60".into(), Money::from_fen(1500));
    r.items[0].tier_prices.remove("age80");
    // (age, categories, used, charged fen, categories applied)
    type Row<'a> = (u32, &'a [&'a str], u32, i64, &'a [&'a str]);
    let table: &[Row<'_>] = &[
        (65, &["dibao"], 0, 1440, &["dibao"]),
        (65, &[], 0, 1500, &[]),
        (85, &["dibao"], 0, 1440, &["dibao"]),
        (85, &[], 0, 1500, &[]),
        (65, &["disabled"], 0, 1200, &["disabled"]),
        (65, &["dibao", "disabled"], 0, 1200, &["disabled"]),
        // The quota still holds: a second subsidised meal is at market price.
        (65, &["dibao"], 1, 1500, &[]),
        (92, &["dibao"], 0, 0, &[]),
    ];
    for &(age, cats, used, charged, applied) in table {
        let diner = resident(Some(age), cats);
        let l = price(&r, "lunch-set", &diner, used, None).unwrap();
        let what = format!("age {age} {cats:?} used {used}: {}", l.reason_en);
        assert_eq!(l.charged, Money::from_fen(charged), "{what}");
        assert_eq!(l.subsidy, Money::from_fen(1500 - charged), "{what}");
        assert_eq!(l.categories, applied, "{what}");
        assert_eq!(l.uses_quota, charged < 1500, "{what}");
    }
    let l = price(&r, "lunch-set", &resident(Some(65), &["dibao"]), 0, None).unwrap();
    assert!(
        l.reason_en.contains("no discount on this item"),
        "{}",
        l.reason_en
    );
    assert!(l.reason_en.contains("dibao 96%: ¥14.40"), "{}", l.reason_en);
    assert!(l.reason_zh.contains("按市场价 ¥15.00"), "{}", l.reason_zh);
    assert!(l.reason_zh.contains("低保 96%：¥14.40"), "{}", l.reason_zh);
}
