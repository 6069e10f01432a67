//! The price tables of the config tests, in one format with one checker: the
//! shipped defaults and every example canteen are priced row by row, a row a
//! line of whitespace-separated columns:
//!
//! ```text
//! item       time   diner     staff-tier  used  charged-fen  tier   categories
//! lunch-set  12:00  65+dibao  -           0     1152         age60  dibao
//! ```
//!
//! `diner` is an age with `+category` for each category (`?` for an ID without
//! a birth date, e.g. `?+dibao`), `anon` (nobody identified) or `companion`;
//! `staff-tier` is the cashier-only tier staff chose; `tier` and `categories`
//! (comma-separated) are what the line must record. `-` is none. Blank lines
//! and lines starting with `#` are skipped. Every row is on 2026-11-23.
#![allow(dead_code)] // each test binary uses a different subset

use canteen_core::{Diner, Money, PriceRequest, PricingRules};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The day every table is priced on.
pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// [`day`] at `h`:`m`.
pub fn at(h: u32, m: u32) -> NaiveDateTime {
    day().and_hms_opt(h, m, 0).unwrap()
}

/// Prices every row of `table` (the format above) with `pricing` and asserts
/// the charged price, the subsidy (market − charged), the tier and categories
/// recorded, and a reason in both languages. `name` says which table failed.
pub fn check_prices(pricing: &PricingRules, name: &str, table: &str) {
    let rows = table
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'));
    let mut checked = 0;
    for row in rows {
        checked += 1;
        let [item, time, diner, staff_tier, used, charged, tier, cats] = columns(row);
        let bad = |what: &str| -> ! { panic!("{name}: `{row}`: {what}") };
        let time = NaiveTime::parse_from_str(time, "%H:%M").unwrap_or_else(|_| bad("time"));
        let diner = parse_diner(diner).unwrap_or_else(|| bad("diner"));
        let used: u32 = used.parse().unwrap_or_else(|_| bad("used"));
        let charged: i64 = charged.parse().unwrap_or_else(|_| bad("charged fen"));
        let line = pricing
            .price(
                item,
                &PriceRequest {
                    at: day().and_time(time),
                    diner: &diner,
                    used_in_period: used,
                    tier_override: none_if_dash(staff_tier),
                },
            )
            .unwrap_or_else(|e| panic!("{name}: `{row}`: {e}"));
        let what = format!("{name}: `{row}`: {}", line.reason_en);
        assert_eq!(line.charged, Money::from_fen(charged), "{what}");
        assert_eq!(line.subsidy, line.market - line.charged, "{what}");
        assert_eq!(line.tier.as_deref(), none_if_dash(tier), "{what}");
        let cats: Vec<&str> = none_if_dash(cats)
            .map(|c| c.split(',').collect())
            .unwrap_or_default();
        assert_eq!(line.categories, cats, "{what}");
        assert!(
            !line.reason_zh.is_empty() && !line.reason_en.is_empty(),
            "{what}"
        );
    }
    assert!(checked > 0, "{name}: the table has no rows");
}

fn columns(row: &str) -> [&str; 8] {
    let cols: Vec<&str> = row.split_whitespace().collect();
    cols.try_into()
        .unwrap_or_else(|c: Vec<&str>| panic!("`{row}`: {} columns, not 8", c.len()))
}

fn none_if_dash(column: &str) -> Option<&str> {
    (column != "-").then_some(column)
}

/// `anon`, `companion`, or an age (`?`: none) followed by `+category`s.
fn parse_diner(text: &str) -> Option<Diner> {
    match text {
        "anon" => return Some(Diner::Anonymous),
        "companion" => return Some(Diner::Companion),
        _ => {}
    }
    let mut parts = text.split('+');
    let age = match parts.next()? {
        "?" => None,
        n => Some(n.parse().ok()?),
    };
    Some(Diner::Resident {
        age,
        categories: parts.map(str::to_owned).collect(),
    })
}
