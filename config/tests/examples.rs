//! The example configurations in `config/examples/`: each loads as a
//! configuration directory and prices every tier and category as written by
//! hand here, including 低保 at 96% of a market-priced tier.

use std::path::PathBuf;

use canteen_config::Config;
use canteen_core::{Diner, Money, PriceRequest};
use chrono::{NaiveDate, NaiveDateTime};

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn load(name: &str) -> Config {
    Config::load(Some(&example(name))).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// Who eats: an age with categories, or nobody identified.
#[derive(Clone, Copy, Debug)]
enum Who {
    Age(u32, &'static [&'static str]),
    NoAge(&'static [&'static str]),
    Anonymous,
    Companion,
}

impl Who {
    fn diner(self) -> Diner {
        let cats = |c: &[&str]| c.iter().map(|c| (*c).to_owned()).collect();
        match self {
            Who::Age(age, c) => Diner::Resident {
                age: Some(age),
                categories: cats(c),
            },
            Who::NoAge(c) => Diner::Resident {
                age: None,
                categories: cats(c),
            },
            Who::Anonymous => Diner::Anonymous,
            Who::Companion => Diner::Companion,
        }
    }
}

/// One priced line: item, hour, diner, staff's tier, meals used this period,
/// charged fen, tier recorded, categories recorded.
type Row = (
    &'static str,
    u32,
    Who,
    Option<&'static str>,
    u32,
    i64,
    Option<&'static str>,
    &'static [&'static str],
);

fn check(config: &Config, name: &str, table: &[Row]) {
    for &(item, hour, who, tier, used, charged, tier_applied, cats) in table {
        let diner = who.diner();
        let line = config
            .pricing
            .price(
                item,
                &PriceRequest {
                    at: at(hour, 0),
                    diner: &diner,
                    used_in_period: used,
                    tier_override: tier,
                },
            )
            .unwrap_or_else(|e| panic!("{name} {item} {who:?}: {e}"));
        let what = format!(
            "{name}: {item} at {hour}:00 for {who:?} tier {tier:?} used {used}: {}",
            line.reason_en
        );
        assert_eq!(line.charged, Money::from_fen(charged), "{what}");
        assert_eq!(line.subsidy, line.market - line.charged, "{what}");
        assert_eq!(line.tier.as_deref(), tier_applied, "{what}");
        assert_eq!(line.categories, cats, "{what}");
    }
}

const DIBAO: &[&str] = &["dibao"];
const NONE: &[&str] = &[];

#[test]
fn the_age_tier_canteen_prices_every_tier_and_category() {
    let c = load("age-tiers");
    assert_eq!(
        c.pricing,
        Config::defaults().pricing,
        "same as the defaults"
    );
    let mut table: Vec<Row> = Vec::new();
    for (item, hour) in [("lunch-set", 12), ("dinner-set", 18)] {
        table.extend_from_slice(&[
            (
                item,
                hour,
                Who::Age(95, NONE),
                None,
                0,
                0,
                Some("age90"),
                NONE,
            ),
            (
                item,
                hour,
                Who::Age(95, DIBAO),
                None,
                0,
                0,
                Some("age90"),
                NONE,
            ),
            (
                item,
                hour,
                Who::Age(85, NONE),
                None,
                0,
                1000,
                Some("age80"),
                NONE,
            ),
            (
                item,
                hour,
                Who::Age(85, DIBAO),
                None,
                0,
                960,
                Some("age80"),
                DIBAO,
            ),
            (
                item,
                hour,
                Who::Age(65, NONE),
                None,
                0,
                1200,
                Some("age60"),
                NONE,
            ),
            (
                item,
                hour,
                Who::Age(65, DIBAO),
                None,
                0,
                1152,
                Some("age60"),
                DIBAO,
            ),
            (item, hour, Who::Age(59, DIBAO), None, 0, 1500, None, NONE),
            (item, hour, Who::Age(30, NONE), None, 0, 1500, None, NONE),
            (item, hour, Who::NoAge(DIBAO), None, 0, 1500, None, NONE),
            (
                item,
                hour,
                Who::Anonymous,
                Some("child"),
                0,
                900,
                Some("child"),
                NONE,
            ),
            (item, hour, Who::Anonymous, None, 0, 1500, None, NONE),
            (item, hour, Who::Companion, None, 0, 1500, None, NONE),
            (item, hour, Who::Age(65, DIBAO), None, 1, 1500, None, NONE),
        ]);
    }
    table.extend_from_slice(&[
        (
            "breakfast-set",
            7,
            Who::Age(95, NONE),
            None,
            0,
            0,
            Some("age90"),
            NONE,
        ),
        (
            "breakfast-set",
            7,
            Who::Age(85, NONE),
            None,
            0,
            300,
            Some("age80"),
            NONE,
        ),
        (
            "breakfast-set",
            7,
            Who::Age(85, DIBAO),
            None,
            0,
            288,
            Some("age80"),
            DIBAO,
        ),
        (
            "breakfast-set",
            7,
            Who::Age(65, NONE),
            None,
            0,
            400,
            Some("age60"),
            NONE,
        ),
        (
            "breakfast-set",
            7,
            Who::Age(65, DIBAO),
            None,
            0,
            384,
            Some("age60"),
            DIBAO,
        ),
        (
            "breakfast-set",
            7,
            Who::Age(30, NONE),
            None,
            0,
            600,
            None,
            NONE,
        ),
        (
            "breakfast-set",
            7,
            Who::Anonymous,
            Some("child"),
            0,
            300,
            Some("child"),
            NONE,
        ),
        ("soup", 12, Who::Age(95, DIBAO), None, 0, 300, None, NONE),
        (
            "haircut",
            15,
            Who::Age(65, DIBAO),
            None,
            0,
            1000,
            None,
            NONE,
        ),
    ]);
    check(&c, "age-tiers", &table);
}

/// The reported case: the 60–79 lunch price set to the market price ¥15.00;
/// a 65-year-old 低保 diner pays 96% of it, ¥14.40.
#[test]
fn dibao_pays_96_percent_of_a_market_priced_tier() {
    let dir = example("age-tiers");
    let menu = std::fs::read_to_string(dir.join("menu.toml")).unwrap();
    let pricing = std::fs::read_to_string(dir.join("pricing.toml")).unwrap();
    let lunch_at_market = menu.replacen(r#"age60 = "12.00""#, r#"age60 = "15.00""#, 1);
    assert_ne!(menu, lunch_at_market);
    let c =
        Config::from_texts(&[("menu.toml", &lunch_at_market), ("pricing.toml", &pricing)]).unwrap();
    check(
        &c,
        "age-tiers, lunch 60–79 at ¥15.00",
        &[
            (
                "lunch-set",
                12,
                Who::Age(65, DIBAO),
                None,
                0,
                1440,
                None,
                DIBAO,
            ),
            (
                "lunch-set",
                12,
                Who::Age(65, NONE),
                None,
                0,
                1500,
                None,
                NONE,
            ),
            (
                "lunch-set",
                12,
                Who::Age(65, DIBAO),
                None,
                1,
                1500,
                None,
                NONE,
            ),
            (
                "lunch-set",
                12,
                Who::Age(85, DIBAO),
                None,
                0,
                960,
                Some("age80"),
                DIBAO,
            ),
            // Dinner keeps its ¥12.00.
            (
                "dinner-set",
                18,
                Who::Age(65, DIBAO),
                None,
                0,
                1152,
                Some("age60"),
                DIBAO,
            ),
        ],
    );
}

#[test]
fn the_flat_13_canteen_gives_only_dibao_60_plus_96_percent() {
    let c = load("flat-13");
    assert!(c.pricing.tiers.is_empty());
    let mut table: Vec<Row> = Vec::new();
    for (item, hour) in [("lunch-set", 12), ("dinner-set", 18)] {
        table.extend_from_slice(&[
            (item, hour, Who::Age(65, DIBAO), None, 0, 1248, None, DIBAO),
            (item, hour, Who::Age(60, DIBAO), None, 0, 1248, None, DIBAO),
            (item, hour, Who::Age(95, DIBAO), None, 0, 1248, None, DIBAO),
            (item, hour, Who::Age(59, DIBAO), None, 0, 1300, None, NONE),
            (item, hour, Who::Age(65, NONE), None, 0, 1300, None, NONE),
            (item, hour, Who::Age(95, NONE), None, 0, 1300, None, NONE),
            (item, hour, Who::NoAge(DIBAO), None, 0, 1300, None, NONE),
            (item, hour, Who::Anonymous, None, 0, 1300, None, NONE),
            (item, hour, Who::Companion, None, 0, 1300, None, NONE),
            (item, hour, Who::Age(65, DIBAO), None, 1, 1300, None, NONE),
        ]);
    }
    check(&c, "flat-13", &table);
    assert_eq!(c.canteen.id, "flat-13-canteen");
}

#[test]
fn the_one_meal_canteen_is_free_from_90() {
    let c = load("one-meal-90-free");
    let items: Vec<&str> = c.pricing.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(items, ["meal"]);
    check(
        &c,
        "one-meal-90-free",
        &[
            (
                "meal",
                12,
                Who::Age(95, NONE),
                None,
                0,
                0,
                Some("age90"),
                NONE,
            ),
            (
                "meal",
                12,
                Who::Age(90, NONE),
                None,
                0,
                0,
                Some("age90"),
                NONE,
            ),
            // An unknown category is ignored.
            (
                "meal",
                12,
                Who::Age(90, DIBAO),
                None,
                0,
                0,
                Some("age90"),
                NONE,
            ),
            ("meal", 12, Who::Age(89, NONE), None, 0, 1000, None, NONE),
            ("meal", 12, Who::Age(65, DIBAO), None, 0, 1000, None, NONE),
            ("meal", 12, Who::NoAge(NONE), None, 0, 1000, None, NONE),
            ("meal", 12, Who::Anonymous, None, 0, 1000, None, NONE),
            ("meal", 12, Who::Companion, None, 0, 1000, None, NONE),
            ("meal", 12, Who::Age(95, NONE), None, 1, 1000, None, NONE),
        ],
    );
}
