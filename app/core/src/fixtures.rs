//! Pricing fixtures for tests and benchmarks, written once: builders for a
//! meal period, a tier, a category and a menu item, and [`rules`], compact
//! rules shaped like the shipped defaults (built by hand, so that crates which
//! do not depend on `canteen-config` can use them too). Tests change what they
//! are about with `PricingRules { field, ..rules() }` or by pushing to a list.
//!
//! Compiled for this crate's own unit tests and, with the `test-fixtures`
//! feature, for other crates' dev-dependencies; never in a shipped binary.

use std::collections::BTreeMap;

use chrono::NaiveTime;

use crate::money::{Money, Percent};
use crate::period::{MealPeriod, PeriodId, Periods};
use crate::pricing::{Category, CategoryStacking, Diner, MenuItem, PricingRules, Tier};

/// A meal period from `start` to `end` (hour, minute), named by its id.
pub fn period(id: &str, start: (u32, u32), end: (u32, u32)) -> MealPeriod {
    let t = |(h, m)| NaiveTime::from_hms_opt(h, m, 0).expect("a fixture time is valid");
    MealPeriod {
        id: PeriodId(id.into()),
        name_zh: id.into(),
        name_en: id.into(),
        start: t(start),
        end: t(end),
    }
}

/// A tier of ages `min..=max` (open-ended where `None`), named by its id.
pub fn tier(id: &str, min: Option<u32>, max: Option<u32>, cashier_only: bool) -> Tier {
    Tier {
        id: id.into(),
        name_zh: id.into(),
        name_en: id.into(),
        min_age: min,
        max_age: max,
        cashier_only,
    }
}

/// A subsidy category whose diners pay `pays_bp` basis points of the price,
/// from `min_age` on; its Chinese name is `zh`.
pub fn category(id: &str, zh: &str, min_age: Option<u32>, pays_bp: u32) -> Category {
    Category {
        id: id.into(),
        name_zh: zh.into(),
        name_en: id.into(),
        min_age,
        pays: Percent::from_basis_points(pays_bp),
    }
}

/// A menu item at `market_fen`, sold in `periods` (any time when empty), with
/// a price in fen per tier.
pub fn item(
    id: &str,
    market_fen: i64,
    periods: &[&str],
    subsidised: bool,
    tier_prices: &[(&str, i64)],
) -> MenuItem {
    MenuItem {
        id: id.into(),
        name_zh: id.into(),
        name_en: id.into(),
        market: Money::from_fen(market_fen),
        periods: periods.iter().map(|p| PeriodId((*p).into())).collect(),
        subsidised,
        tier_prices: tier_prices
            .iter()
            .map(|(t, fen)| ((*t).to_owned(), Money::from_fen(*fen)))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// A resident of `age` (unknown when `None`) in `categories`.
pub fn resident(age: Option<u32>, categories: &[&str]) -> Diner {
    Diner::Resident {
        age,
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
    }
}

/// Rules shaped like the shipped defaults: breakfast, lunch and dinner; age
/// tiers 90+ (free), 80–89 (¥10), 60–79 (¥12) and the cashier-only `child`
/// (¥9); 低保 pays 96% from 60; one subsidised meal per period; lunch and
/// dinner sets at ¥15 (lunch set first) and a ¥3 soup sold any time without
/// subsidy; no delivery fee.
pub fn rules() -> PricingRules {
    let meal = [
        ("age90", 0),
        ("age80", 1000),
        ("age60", 1200),
        ("child", 900),
    ];
    PricingRules {
        version: 0,
        periods: Periods::new(vec![
            period("breakfast", (6, 30), (9, 0)),
            period("lunch", (11, 0), (13, 30)),
            period("dinner", (17, 0), (19, 30)),
        ]),
        tiers: vec![
            tier("age90", Some(90), None, false),
            tier("age80", Some(80), Some(89), false),
            tier("age60", Some(60), Some(79), false),
            tier("child", None, None, true),
        ],
        categories: vec![category("dibao", "低保", Some(60), 9600)],
        stacking: CategoryStacking::Best,
        quota_per_period: 1,
        delivery: Default::default(),
        items: vec![
            item("lunch-set", 1500, &["lunch"], true, &meal),
            item("dinner-set", 1500, &["dinner"], true, &meal),
            item("soup", 300, &[], false, &[]),
        ],
    }
}
