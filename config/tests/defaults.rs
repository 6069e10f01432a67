//! The shipped defaults: exact values later tests and canteens rely on, priced
//! through the real rules — one table row per rule of the issue.

use canteen_config::Config;
use canteen_core::{AgeConvention, Diner, Money, PriceRequest};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime};

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn resident(age: u32, cats: &[&str]) -> Diner {
    Diner::Resident {
        age: Some(age),
        categories: cats.iter().map(|c| (*c).to_owned()).collect(),
    }
}

#[test]
fn identity_and_conventions() {
    let c = Config::defaults();
    assert_eq!(c.canteen.timezone, FixedOffset::east_opt(8 * 3600).unwrap());
    assert_eq!(c.canteen.age_convention, AgeConvention::Birthday);
    assert_eq!(c.pricing.quota_per_period, 1);
}

#[test]
fn the_counter_rules() {
    let c = Config::defaults().cashier;
    assert_eq!(
        (
            c.lock_minutes,
            c.shift_difference_limit,
            c.cashier_idle_seconds
        ),
        (15, Money::from_yuan(5), 120)
    );
}

#[test]
fn periods_are_exact() {
    let c = Config::defaults();
    let got: Vec<(String, String, String)> = c
        .pricing
        .periods
        .all()
        .iter()
        .map(|p| {
            (
                p.id.to_string(),
                p.start.format("%H:%M").to_string(),
                p.end.format("%H:%M").to_string(),
            )
        })
        .collect();
    let want = [
        ("breakfast", "06:30", "09:00"),
        ("lunch", "11:00", "13:30"),
        ("dinner", "17:00", "19:30"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b, c)| (a.to_owned(), b.to_owned(), c.to_owned()))
    );
}

#[test]
fn items_and_market_prices_are_exact() {
    let c = Config::defaults();
    let want = [
        ("breakfast-set", "早餐", 600, vec!["breakfast"], true),
        ("lunch-set", "午餐套餐", 1500, vec!["lunch"], true),
        ("dinner-set", "晚餐套餐", 1500, vec!["dinner"], true),
        ("soup", "例汤", 300, vec![], false),
        ("haircut", "理发", 1000, vec![], false),
    ];
    assert_eq!(c.pricing.items.len(), want.len());
    for (id, name, market, periods, subsidised) in want {
        let item = c.pricing.item(id).unwrap_or_else(|| panic!("{id} missing"));
        assert_eq!(item.name_zh, name);
        assert_eq!(item.market, Money::from_fen(market), "{id}");
        assert_eq!(
            item.periods.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
            periods,
            "{id}"
        );
        assert_eq!(item.subsidised, subsidised, "{id}");
    }
}

#[test]
fn the_default_price_table() {
    let c = Config::defaults();
    let lunch = at(12, 0);
    let dinner = at(18, 0);
    let breakfast = at(7, 0);
    // (item, time, diner, used, tier override, charged fen, tier, categories)
    let rows: Vec<(
        &str,
        NaiveDateTime,
        Diner,
        u32,
        Option<&str>,
        i64,
        Option<&str>,
        Vec<&str>,
    )> = vec![
        (
            "lunch-set",
            lunch,
            resident(92, &[]),
            0,
            None,
            0,
            Some("age90"),
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(90, &[]),
            0,
            None,
            0,
            Some("age90"),
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(85, &[]),
            0,
            None,
            1000,
            Some("age80"),
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(65, &[]),
            0,
            None,
            1200,
            Some("age60"),
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(59, &[]),
            0,
            None,
            1500,
            None,
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(65, &["dibao"]),
            0,
            None,
            1152,
            Some("age60"),
            vec!["dibao"],
        ),
        (
            "lunch-set",
            lunch,
            resident(85, &["dibao"]),
            0,
            None,
            960,
            Some("age80"),
            vec!["dibao"],
        ),
        (
            "lunch-set",
            lunch,
            resident(55, &["dibao"]),
            0,
            None,
            1500,
            None,
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            resident(92, &[]),
            1,
            None,
            1500,
            None,
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            Diner::Anonymous,
            0,
            Some("child"),
            900,
            Some("child"),
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            Diner::Anonymous,
            0,
            None,
            1500,
            None,
            vec![],
        ),
        (
            "lunch-set",
            lunch,
            Diner::Companion,
            0,
            None,
            1500,
            None,
            vec![],
        ),
        (
            "dinner-set",
            dinner,
            resident(81, &[]),
            0,
            None,
            1000,
            Some("age80"),
            vec![],
        ),
        (
            "dinner-set",
            dinner,
            resident(70, &["dibao"]),
            0,
            None,
            1152,
            Some("age60"),
            vec!["dibao"],
        ),
        (
            "breakfast-set",
            breakfast,
            resident(95, &[]),
            0,
            None,
            0,
            Some("age90"),
            vec![],
        ),
        (
            "breakfast-set",
            breakfast,
            resident(85, &[]),
            0,
            None,
            300,
            Some("age80"),
            vec![],
        ),
        (
            "breakfast-set",
            breakfast,
            resident(65, &[]),
            0,
            None,
            400,
            Some("age60"),
            vec![],
        ),
        (
            "breakfast-set",
            breakfast,
            resident(65, &["dibao"]),
            0,
            None,
            384,
            Some("age60"),
            vec!["dibao"],
        ),
        (
            "breakfast-set",
            breakfast,
            Diner::Anonymous,
            0,
            Some("child"),
            300,
            Some("child"),
            vec![],
        ),
        (
            "breakfast-set",
            breakfast,
            resident(40, &[]),
            0,
            None,
            600,
            None,
            vec![],
        ),
        (
            "soup",
            lunch,
            resident(95, &["dibao"]),
            0,
            None,
            300,
            None,
            vec![],
        ),
        (
            "haircut",
            at(15, 0),
            resident(95, &[]),
            0,
            None,
            1000,
            None,
            vec![],
        ),
    ];
    for (item, when, diner, used, tier, charged, want_tier, cats) in rows {
        let req = PriceRequest {
            at: when,
            diner: &diner,
            used_in_period: used,
            tier_override: tier,
        };
        let line = c
            .pricing
            .price(item, &req)
            .unwrap_or_else(|e| panic!("{item} {diner:?}: {e}"));
        let ctx = format!("{item} at {when} for {diner:?} used {used}");
        assert_eq!(line.charged, Money::from_fen(charged), "{ctx}");
        assert_eq!(line.subsidy, line.market - line.charged, "{ctx}");
        assert_eq!(line.tier.as_deref(), want_tier, "{ctx}");
        assert_eq!(line.categories, cats, "{ctx}");
        assert!(
            !line.reason_zh.is_empty() && !line.reason_en.is_empty(),
            "{ctx}"
        );
    }
}

#[test]
fn main_meals_are_sold_only_in_their_period() {
    let c = Config::defaults();
    let diner = resident(70, &[]);
    for (item, ok, outside) in [
        ("breakfast-set", at(6, 30), at(9, 0)),
        ("lunch-set", at(11, 0), at(13, 30)),
        ("dinner-set", at(19, 29), at(16, 59)),
    ] {
        let req = |at| PriceRequest {
            at,
            diner: &diner,
            used_in_period: 0,
            tier_override: None,
        };
        assert!(c.pricing.price(item, &req(ok)).is_ok(), "{item} at {ok}");
        assert_eq!(
            c.pricing.price(item, &req(outside)).unwrap_err().code(),
            "outside_period",
            "{item} at {outside}"
        );
    }
}
