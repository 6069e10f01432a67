//! Durable sale commit against the least any durable write must do.
//!
//! `sale`: one lunch sale for an identified diner with one cash payment through
//! [`Ledger::sell`] — resident look-up, quota count, pricing, hashing, journal +
//! header + line + payment + outbox rows, one IMMEDIATE transaction, commit.
//! `bare_insert`: one single-row INSERT + COMMIT on a connection opened with the
//! same pragmas (WAL, `synchronous=FULL`), in the same temporary directory.
//! Both run in the same process; the figures and their ratio are printed last.

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use canteen_ledger::connection;
use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::Connection;
use tempfile::TempDir;

struct Bench {
    _dir: TempDir,
    ledger: canteen_ledger::Ledger,
    bare: Connection,
    ids: Vec<String>,
    n: usize,
}

impl Bench {
    fn new() -> Bench {
        let dir = TempDir::new_in(std::env::current_dir().unwrap()).unwrap();
        let ledger = common::open(&dir.path().join("ledger"));
        let bare = connection::open(&dir.path().join("bare.db")).unwrap();
        bare.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
            .unwrap();
        let ids = (0..1000)
            .map(|n| common::id_number(common::AGE70, &format!("{n:03}")))
            .collect();
        Bench {
            _dir: dir,
            ledger,
            bare,
            ids,
            n: 0,
        }
    }

    fn sale(&mut self) {
        self.n += 1;
        let id = &self.ids[self.n % self.ids.len()];
        common::sell(&mut self.ledger, common::LUNCH, &["lunch-set"], Some(id)).unwrap();
    }

    fn bare_insert(&mut self) {
        self.n += 1;
        let tx = self
            .bare
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        tx.prepare_cached("INSERT INTO t (v) VALUES (?1)")
            .unwrap()
            .execute([self.n as i64])
            .unwrap();
        tx.commit().unwrap();
    }
}

/// Median time of one operation over `rounds` rounds of `per_round` operations.
fn median(rounds: usize, per_round: u32, mut op: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                op();
            }
            start.elapsed() / per_round
        })
        .collect();
    times.sort();
    times[rounds / 2]
}

fn commit(c: &mut Criterion) {
    let mut b = Bench::new();
    let mut group = c.benchmark_group("durable_commit");
    group.bench_function("sale", |bench| bench.iter(|| b.sale()));
    group.bench_function("bare_insert", |bench| bench.iter(|| b.bare_insert()));
    group.finish();

    // The same comparison, interleaved so that disk load hits both alike.
    let (mut sale, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        sale.push(median(3, 200, || b.sale()));
        bare.push(median(3, 200, || b.bare_insert()));
    }
    sale.sort();
    bare.sort();
    let (sale, bare) = (sale[2], bare[2]);
    println!(
        "durable commit: sale {:.0} µs, bare insert {:.0} µs (baseline), ratio {:.2}× (target ≤ 1.40×)",
        sale.as_secs_f64() * 1e6,
        bare.as_secs_f64() * 1e6,
        sale.as_secs_f64() / bare.as_secs_f64()
    );
}

criterion_group!(benches, commit);
criterion_main!(benches);
