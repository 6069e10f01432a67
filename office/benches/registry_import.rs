//! Registry import of a million residents, streamed: the file is generated
//! (valid ID numbers, names, cards, a category on every third row), then
//! read and written phase by phase, each printed with its time, rows/s and
//! this process's peak resident memory (`VmHWM`, reset between phases):
//!
//! - `baseline: CSV parse only` — the `csv` reader over the file, nothing
//!   checked;
//! - `check pass` — what `residents import` does first: every row parsed and
//!   checked, nothing written;
//! - `import, SQLite` / `import, PostgreSQL` — rows checked, keyed, sealed
//!   and written in chunks in one transaction, keys derived at the cheapest
//!   argon2 cost so that the store's path is what is measured;
//! - `import at the office's key cost` — a sample at the real argon2 cost
//!   (what dominates a real import), projected to the whole file.
//!
//! `REGISTRY_BENCH_ROWS` (default 1,000,000) and `REGISTRY_BENCH_REAL_ROWS`
//! (default 2,000) change the sizes. PostgreSQL is started with
//! `canteen-pgtest` (fsync on); without its binaries that phase says so.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::Instant;

use canteen_core::{CommunitySecret, KeyCost};
use canteen_office::seal::SealKey;
use canteen_office::store::backend::{Database, Store};
use canteen_office::store::registry_import;
use canteen_pgtest::{Durability, PgServer};
use chrono::NaiveDate;

fn env_rows(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Writes `n` residents with distinct, valid ID numbers.
fn generate(path: &Path, n: usize) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    writeln!(out, "id_number,name,categories,card_no,status")?;
    let first = NaiveDate::from_ymd_opt(1930, 1, 1).unwrap();
    for i in 0..n {
        let born = first + chrono::Days::new((i / 1000) as u64);
        let mut id = format!("110101{}{:03}", born.format("%Y%m%d"), i % 1000);
        let first17: [u8; 17] = id.as_bytes().try_into().unwrap();
        id.push(char::from(canteen_core::resident_id::check_char(&first17)));
        let category = if i % 3 == 0 { "dibao" } else { "" };
        writeln!(out, "{id},居民{i},{category},{:08},", i + 1)?;
    }
    out.flush()
}

/// Resets this process's peak resident memory (`VmHWM`).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// This process's peak resident memory since the last reset, in MiB.
fn peak_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn report(what: &str, rows: usize, start: Instant) {
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{what:<44} {rows:>9} rows {secs:>8.2} s {:>10.0} rows/s  peak RSS {:>7.1} MiB",
        rows as f64 / secs,
        peak_mib()
    );
}

/// Imports `file` into `store` (data files in `data`), keys at `secret`'s cost.
fn import(store: &Store, data: &Path, file: &Path, secret: &CommunitySecret) -> usize {
    let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let categories = canteen_config::Config::defaults().pricing.categories;
    store
        .run(|db| {
            let seal_path = data.with_extension("seal.key");
            let seal = SealKey::open(&seal_path, data, db, true)?;
            let file = File::open(file)?;
            let n = registry_import::import_file(
                db,
                file,
                today,
                &categories,
                secret,
                &seal,
                "2026-12-06T00:00:00Z",
            )?
            .expect("the generated file is good");
            let held: i64 = db.query_one("SELECT count(*) FROM registry", &[])?.get(0)?;
            assert_eq!(held as usize, n, "every resident held once");
            Ok(n)
        })
        .unwrap()
}

fn main() {
    let rows = env_rows("REGISTRY_BENCH_ROWS", 1_000_000);
    let real_rows = env_rows("REGISTRY_BENCH_REAL_ROWS", 2_000);
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("registry.csv");
    generate(&csv, rows).unwrap();
    let size = std::fs::metadata(&csv).unwrap().len();
    println!(
        "registry import: {rows} residents, {:.1} MB of CSV; {} cores",
        size as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    reset_peak();
    let start = Instant::now();
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    let mut record = csv::StringRecord::new();
    let mut parsed = 0;
    while reader.read_record(&mut record).unwrap() {
        parsed += 1;
    }
    report("baseline: CSV parse only", parsed, start);

    reset_peak();
    let start = Instant::now();
    let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let categories = canteen_config::Config::defaults().pricing.categories;
    let checked = canteen_office::export::registry_file::stream(
        File::open(&csv).unwrap(),
        today,
        &categories,
        |_| Ok::<_, std::io::Error>(()),
    )
    .unwrap()
    .unwrap();
    report("check pass (parse + check every row)", checked, start);

    let cheap = CommunitySecret::with_cost([7; 32], KeyCost::CHEAP);
    let sqlite = dir.path().join("sqlite");
    let database = Database::choose(None, &sqlite);
    phase(
        "import, SQLite (cheapest key cost)",
        &database,
        &sqlite,
        &csv,
        &cheap,
    );
    match PgServer::start(Durability::Full) {
        Ok(pg) => {
            let database = Database::choose(Some(&pg.url()), &sqlite);
            phase(
                "import, PostgreSQL (cheapest key cost)",
                &database,
                &sqlite,
                &csv,
                &cheap,
            );
        }
        Err(e) => println!("import, PostgreSQL: not run ({e})"),
    }

    let sample = dir.path().join("sample.csv");
    generate(&sample, real_rows).unwrap();
    let real = CommunitySecret::from_bytes([7; 32]);
    let what = "import, SQLite, at the office's key cost";
    let per_row = phase(what, &database, &sqlite, &sample, &real) / real_rows as f64;
    println!(
        "  → {rows} rows at the office's key cost: about {:.1} h (argon2 keys dominate)",
        per_row * rows as f64 / 3600.0
    );
}

/// One import phase into a fresh `database` (files in `data`, removed
/// after: the disk is shared); its seconds.
fn phase(
    what: &str,
    database: &Database,
    data: &Path,
    file: &Path,
    secret: &CommunitySecret,
) -> f64 {
    let store = Store::open(database).unwrap();
    reset_peak();
    let start = Instant::now();
    let n = import(&store, data, file, secret);
    report(what, n, start);
    drop(store);
    let _ = std::fs::remove_dir_all(data);
    let _ = std::fs::remove_file(data.with_extension("seal.key"));
    start.elapsed().as_secs_f64()
}
