//! Criterion benchmarks of the hot domain paths: validating a scanned ID and
//! pricing one line. Baselines in the same run: the bare MOD 11-2 checksum
//! (the least any validation must do) and a menu look-up (the least any pricing
//! must do), so the figures read as multiples of unavoidable work. The rules
//! are core's shared pricing fixture (`canteen_core::fixtures`).

use std::hint::black_box;

use canteen_core::fixtures::{resident, rules};
use canteen_core::resident_id::check_char;
use canteen_core::{PriceRequest, ResidentId};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

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
    let diner = resident(Some(65), &["dibao"]);
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
