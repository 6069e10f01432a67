//! Criterion benchmarks of the hot domain paths: validating a scanned ID and
//! pricing one line. Baselines in the same run: the bare MOD 11-2 checksum
//! (the least any validation must do) and a menu look-up (the least any pricing
//! must do), so the figures read as multiples of unavoidable work.

use std::collections::BTreeMap;
use std::hint::black_box;

use canteen_core::resident_id::check_char;
use canteen_core::{
    Category, CategoryStacking, Diner, MealPeriod, MenuItem, Money, Percent, PeriodId, Periods,
    PriceRequest, PricingRules, ResidentId, Tier,
};
use chrono::{NaiveDate, NaiveTime};
use criterion::{Criterion, criterion_group, criterion_main};

fn rules() -> PricingRules {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    let tier = |id: &str, min: Option<u32>, max: Option<u32>| Tier {
        id: id.into(),
        name_zh: id.into(),
        name_en: id.into(),
        min_age: min,
        max_age: max,
        cashier_only: false,
    };
    let prices: BTreeMap<String, Money> = [("age90", 0), ("age80", 1000), ("age60", 1200)]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Money::from_fen(v)))
        .collect();
    PricingRules {
        version: 0,
        periods: Periods::new(vec![MealPeriod {
            id: PeriodId("lunch".into()),
            name_zh: "午餐".into(),
            name_en: "Lunch".into(),
            start: t(11, 0),
            end: t(13, 30),
        }]),
        tiers: vec![
            tier("age90", Some(90), None),
            tier("age80", Some(80), Some(89)),
            tier("age60", Some(60), Some(79)),
        ],
        categories: vec![Category {
            id: "dibao".into(),
            name_zh: "低保".into(),
            name_en: "dibao".into(),
            min_age: Some(60),
            pays: Percent::from_basis_points(9600),
        }],
        stacking: CategoryStacking::Best,
        quota_per_period: 1,
        delivery: Default::default(),
        items: vec![MenuItem {
            id: "lunch-set".into(),
            name_zh: "午餐套餐".into(),
            name_en: "Lunch set".into(),
            market: Money::from_fen(1500),
            periods: vec![PeriodId("lunch".into())],
            subsidised: true,
            tier_prices: prices,
        }],
    }
}

fn bench(c: &mut Criterion) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut g = c.benchmark_group("id");
    g.bench_function("baseline: mod 11-2 checksum only", |b| {
        let first17: [u8; 17] = *b"11010519491231002";
        b.iter(|| check_char(black_box(&first17)))
    });
    g.bench_function("validate 18-digit ID", |b| {
        b.iter(|| ResidentId::parse(black_box("11010519491231002X"), today))
    });
    g.bench_function("validate full-width 18-digit ID", |b| {
        b.iter(|| ResidentId::parse(black_box("１１０１０５１９４９１２３１００２ｘ"), today))
    });
    g.finish();

    let rules = rules();
    let at = today.and_hms_opt(12, 0, 0).unwrap();
    let diner = Diner::Resident {
        age: Some(65),
        categories: vec!["dibao".into()],
    };
    let req = PriceRequest {
        at,
        diner: &diner,
        used_in_period: 0,
        tier_override: None,
    };
    let mut g = c.benchmark_group("pricing");
    g.bench_function("baseline: menu look-up only", |b| {
        b.iter(|| rules.item(black_box("lunch-set")).map(|i| i.market))
    });
    g.bench_function("price one lunch line (65, 低保)", |b| {
        b.iter(|| rules.price(black_box("lunch-set"), black_box(&req)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
