//! Durable sale commit against the least any durable write must do.
//!
//! `sale`: one lunch sale for an identified diner with one cash payment through
//! [`Ledger::sell`] — resident look-up, quota count, pricing, hashing, journal
//! row (with the diner), line and payment rows (one `sale_entries` B-tree,
//! appended to at its end since schema v9) and the quota row when the diner's
//! quota is used, one IMMEDIATE transaction, commit. `examples/commit_profile`
//! shows where the difference goes (v8: 2.84 WAL pages per repeat meal, v9:
//! 2.24).
//! `bare_insert`: one single-row INSERT + COMMIT on a connection opened with the
//! same pragmas (WAL, `synchronous=FULL`), in the same temporary directory.
//! Both run in the same process; the interleaved medians and their ratio are
//! printed last.

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

/// How long one call of `op` takes.
fn timed(op: impl FnOnce()) -> Duration {
    let start = Instant::now();
    op();
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn commit(c: &mut Criterion) {
    let mut b = Bench::new();
    let mut group = c.benchmark_group("durable_commit");
    group.bench_function("sale", |bench| bench.iter(|| b.sale()));
    group.bench_function("bare_insert", |bench| bench.iter(|| b.bare_insert()));
    group.finish();

    // The same comparison, one sale then one bare insert, 1000 times: both see
    // the same disk, whatever else the machine is doing; medians resist spikes.
    let (mut sale, mut bare) = (Vec::new(), Vec::new());
    for _ in 0..1000 {
        sale.push(timed(|| b.sale()));
        bare.push(timed(|| b.bare_insert()));
    }
    let (sale, bare) = (median(sale), median(bare));
    println!(
        "durable commit: sale {:.0} µs, bare insert {:.0} µs (baseline), ratio {:.2}× (target ≤ 1.40×)",
        sale.as_secs_f64() * 1e6,
        bare.as_secs_f64() * 1e6,
        sale.as_secs_f64() / bare.as_secs_f64()
    );
}

criterion_group!(benches, commit);
criterion_main!(benches);
