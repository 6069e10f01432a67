//! How long preparing a period's delivery roster takes, next to selling the
//! same number of counter meals one by one in the same run (the baseline):
//! N registered residents with standing lunch orders, the roster prepared in
//! one transaction (one sale each, priced and quota-counted), then read back.
//!
//! `cargo run --release -p canteen-ledger --example delivery_roster [N] [DIR]`
//! (N default 200, a large canteen's housebound list many times over; DIR
//! default a temporary directory — on disk the sync of each counter commit
//! dominates, which is the point of one transaction for the roster).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use canteen_core::{DeliveryFees, Money, StandingOrder};
use common::*;
use tempfile::TempDir;

fn registered(ledger: &mut canteen_ledger::Ledger, n: usize, born: &str) -> Vec<String> {
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    let ids: Vec<String> = (0..n)
        .map(|i| id_number(born, &format!("{:03}", i % 1000)))
        .collect();
    for id in &ids {
        csv.push_str(&format!("{id},张三,,,active\n"));
    }
    let read = ledger.read_residents_csv(csv.as_bytes(), at(LUNCH).date_naive(), &[]);
    assert!(read.bad.is_empty(), "{:?}", read.bad.first());
    ledger
        .import_residents(&read.good, at(LUNCH), &mut || {})
        .unwrap();
    ids
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(200, |a| a.parse().expect("N is a number"));
    assert!(
        n <= 1000,
        "at most 1000 residents (one birth date, serials 000–999)"
    );
    let tmp = TempDir::new().unwrap();
    let base = args.next().map_or(tmp.path().to_path_buf(), Into::into);
    let mut rules = rules();
    rules.delivery = DeliveryFees {
        fee: Money::from_yuan(2),
        tier_fees: Default::default(),
    };

    // Baseline: N counter lunches, one commit each.
    let counter_dir = base.join("counter");
    std::fs::create_dir_all(&counter_dir).unwrap();
    let mut counter = open(&counter_dir);
    let ids = registered(&mut counter, n, AGE85);
    let started = Instant::now();
    for id in &ids {
        sell(&mut counter, LUNCH, &["lunch-set"], Some(id)).unwrap();
    }
    let baseline = started.elapsed();

    // The roster: N standing orders, prepared in one transaction.
    let roster_dir = base.join("roster");
    std::fs::create_dir_all(&roster_dir).unwrap();
    let mut ledger = open(&roster_dir);
    let ids = registered(&mut ledger, n, AGE85);
    let orders: Vec<(String, StandingOrder)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let key = ledger
                .resident(&parse_id(id, LUNCH))
                .unwrap()
                .unwrap()
                .resident_key;
            let order = StandingOrder {
                address: format!("幸福路{}号楼{}室", i % 12 + 1, 100 + i),
                route: format!("{}号楼", i % 12 + 1),
                note: String::new(),
                tier: Some("age80".into()),
                periods: vec!["lunch".into()],
                meals: 1,
            };
            (key, order)
        })
        .collect();
    ledger.replace_delivery_orders(&orders, &rules).unwrap();
    let started = Instant::now();
    let roster = ledger
        .prepare_deliveries(&rules, "lunch", at(LUNCH))
        .unwrap();
    let prepared = started.elapsed();
    assert_eq!(roster.prepared as usize, n);
    let started = Instant::now();
    let again = ledger
        .prepare_deliveries(&rules, "lunch", at(LUNCH))
        .unwrap();
    let rerun = started.elapsed();
    assert_eq!(again.prepared, 0);

    println!("{n} residents, directory {}", base.display());
    println!(
        "baseline: {n} counter lunches, one commit each   {:>9.1} ms ({:.2} ms each)",
        baseline.as_secs_f64() * 1e3,
        baseline.as_secs_f64() * 1e3 / n as f64
    );
    println!(
        "delivery roster prepared, one transaction        {:>9.1} ms ({:.2} ms each)",
        prepared.as_secs_f64() * 1e3,
        prepared.as_secs_f64() * 1e3 / n as f64
    );
    println!(
        "the same roster again (nothing sold, read back)  {:>9.1} ms",
        rerun.as_secs_f64() * 1e3
    );
}
