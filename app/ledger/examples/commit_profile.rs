//! Where a durable sale commit's time goes, next to a bare single-row insert:
//! WAL frames (pages) written per commit, and the time per commit on a given
//! directory — on tmpfs (`/dev/shm`) an fsync costs nothing, so that figure is
//! the CPU and SQLite work alone; on disk it adds the sync.
//!
//! `cargo run --release -p canteen-ledger --example commit_profile [DIR] [N] [KEEP]`
//!
//! With KEEP, the database and WAL after each frame count are copied under
//! KEEP, to see which pages the commits wrote (the WAL frame headers name them).

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use canteen_ledger::{DB_FILE, connection};
use rusqlite::Connection;
use tempfile::TempDir;

/// Frames in the WAL right now (a PASSIVE checkpoint reports them).
fn wal_frames(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1))
        .unwrap()
}

fn truncate_wal(conn: &Connection) {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        r.get::<_, i64>(0)
    })
    .unwrap();
}

/// Prints the WAL frames (pages) `what` writes per commit, from `count`
/// commits on the empty WAL of `watch`.
fn frames_per_commit(watch: &Connection, what: &str, count: usize, mut commit: impl FnMut()) {
    truncate_wal(watch);
    for _ in 0..count {
        commit();
    }
    let frames = wal_frames(watch);
    println!(
        "{what}: {:.2} WAL frames per commit",
        frames as f64 / count as f64
    );
}

fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let base = args.next().unwrap_or_else(|| ".".into());
    let n: usize = args.next().map_or(2000, |s| s.parse().unwrap());
    let keep = args.next();
    let dir = TempDir::new_in(Path::new(&base)).unwrap();
    let ledger_dir = dir.path().join("ledger");
    let mut ledger = common::open(&ledger_dir);
    let watch = common::raw(&ledger_dir);
    let bare = connection::open(&dir.path().join("bare.db")).unwrap();
    bare.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)")
        .unwrap();
    // The floor for a record kept in three B-trees (a sale up to schema v6:
    // journal, lines, payments; since v7 a repeat meal writes two, the journal
    // and `sale_entries`): one small row in each of three tables, one commit.
    let three = connection::open(&dir.path().join("three.db")).unwrap();
    three
        .execute_batch(
            "CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
             CREATE TABLE b (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);
             CREATE TABLE c (id INTEGER PRIMARY KEY, v INTEGER NOT NULL);",
        )
        .unwrap();
    let ids: Vec<String> = (0..1000)
        .map(|k| common::id_number(common::AGE70, &format!("{k:03}")))
        .collect();
    let mut k = 0usize;
    let mut sale = |ledger: &mut canteen_ledger::Ledger| {
        k += 1;
        common::sell(
            ledger,
            common::LUNCH,
            &["lunch-set"],
            Some(&ids[k % ids.len()]),
        )
        .unwrap();
    };
    let mut v = 0i64;
    let mut insert = |bare: &Connection| {
        v += 1;
        let tx = bare.unchecked_transaction().unwrap();
        tx.prepare_cached("INSERT INTO t (v) VALUES (?1)")
            .unwrap()
            .execute([v])
            .unwrap();
        tx.commit().unwrap();
    };

    // Frames per commit: first-meal sales (quota row written), then repeat meals.
    for (what, count) in [
        ("sale, first meal (quota row)", 50),
        ("sale, repeat meal", 50),
    ] {
        frames_per_commit(&watch, what, count, || sale(&mut ledger));
        if let Some(keep) = &keep {
            // The WAL still holds these commits (a PASSIVE checkpoint keeps it):
            // copy it out for a look at which pages each commit wrote.
            let to = Path::new(keep).join(what.replace([' ', ',', '(', ')'], "_"));
            std::fs::create_dir_all(&to).unwrap();
            for f in [DB_FILE.to_owned(), format!("{DB_FILE}-wal")] {
                std::fs::copy(ledger_dir.join(&f), to.join(&f)).unwrap();
            }
        }
        for _ in 0..(1000 - count) {
            sale(&mut ledger); // the rest of the 1000 diners: next round repeats
        }
    }
    let mut w = 0i64;
    let mut insert3 = |three: &Connection| {
        w += 1;
        let tx = three.unchecked_transaction().unwrap();
        for t in ["a", "b", "c"] {
            tx.prepare_cached(&format!("INSERT INTO {t} (v) VALUES (?1)"))
                .unwrap()
                .execute([w])
                .unwrap();
        }
        tx.commit().unwrap();
    };
    frames_per_commit(&three, "three single-row inserts", 50, || insert3(&three));
    frames_per_commit(&bare, "bare insert", 50, || insert(&bare));

    // Until each WAL has wrapped once (1000 frames, the auto-checkpoint): a WAL
    // that is still growing costs a file-size update in every fsync, one that
    // has wrapped is overwritten in place. The sales above wrapped theirs.
    for _ in 0..1100 {
        insert(&bare);
    }
    for _ in 0..400 {
        insert3(&three);
    }
    let (mut s, mut b, mut t3) = (Vec::new(), Vec::new(), Vec::new());
    // The order rotates: on a real disk a commit right after another's fsync
    // can pay for it, so each kind follows each other kind equally often.
    for i in 0..n {
        for k in 0..3 {
            let t = Instant::now();
            match (i + k) % 3 {
                0 => {
                    sale(&mut ledger);
                    s.push(t.elapsed());
                }
                1 => {
                    insert(&bare);
                    b.push(t.elapsed());
                }
                _ => {
                    insert3(&three);
                    t3.push(t.elapsed());
                }
            }
        }
    }
    let (s, b, t3) = (median(s), median(b), median(t3));
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "{base}: sale {:.1} µs, bare insert {:.1} µs, difference {:.1} µs, ratio {:.2}×; \
         three-table insert {:.1} µs, ratio {:.2}×",
        us(s),
        us(b),
        us(s) - us(b),
        us(s) / us(b),
        us(t3),
        us(t3) / us(b)
    );
}
