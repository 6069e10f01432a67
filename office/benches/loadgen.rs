//! A night of many canteens, simulated: N canteens (one kiosk each) with M
//! sales each, synced by K concurrent clients through the real HTTP API to
//! one or more `canteen-office serve` processes on one database, against a
//! registry of R residents. Every sale (one item) is priced by core's
//! `price` as a kiosk would, so the office re-derives it and nothing is quarantined.
//!
//! Prints the ingest rate, the p50/p99 latency of a batch, whether every
//! sale arrived exactly once, and the time of the month's claim, the anomaly
//! report and the dashboard queries afterwards, beside a baseline from the
//! same run (the same batches decoded and verified without HTTP or storage).
//!
//! ```text
//! cargo bench -p canteen-office --bench loadgen -- --canteens 1000 --sales 300 --clients 50
//! ```

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use canteen_config::Config;
use canteen_core::journal::{GENESIS, Record, RecordBody, RecordHeader};
use canteen_core::pricing::PriceRequest;
use canteen_core::{Diner, DinerRef, Money, Payment, Sale, SaleLine};
use canteen_office::report::{self, Dates};
use canteen_office::store::backend::{Database, Store};
use canteen_office::store::db::{Db, Kind};
use canteen_office::store::{devices, ingest, registry, totals};
use canteen_pgtest::{Durability, PgServer};
use canteen_sync::client::OfficeClient;
use canteen_sync::validate::{decode_batch, encode_batch};
use canteen_sync::wire::{Batch, WIRE_VERSION, WireRecord};
use chrono::{Datelike, NaiveDate, NaiveTime};
use clap::Parser;
use sha2::{Digest, Sha256};

#[derive(Parser, Debug)]
struct Args {
    /// Canteens, one kiosk each.
    #[arg(long, default_value_t = 100)]
    canteens: usize,
    /// Sales per canteen in the night's sync.
    #[arg(long, default_value_t = 300)]
    sales: usize,
    /// Clients pushing at the same time.
    #[arg(long, default_value_t = 20)]
    clients: usize,
    /// Residents in the office's registry (each eats at most once a period).
    #[arg(long, default_value_t = 10_000)]
    residents: usize,
    /// Records per batch, as a kiosk sends them.
    #[arg(long, default_value_t = 300)]
    batch: usize,
    /// `canteen-office serve` processes sharing the database.
    #[arg(long, default_value_t = 1)]
    instances: usize,
    /// Then add this many sales over the month straight into the database
    /// (not through HTTP) and time the month's reports again (0: skip).
    #[arg(long, default_value_t = 0)]
    month_sales: usize,
    /// The office's database: `pg` starts a PostgreSQL server for the run
    /// (fsync on), a `postgres://` URL uses one; default a SQLite file.
    #[arg(long)]
    database: Option<String>,
    /// cargo bench passes this to every bench binary.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The night's date; sales are at each period's start plus a few minutes.
const DAY: (i32, u32, u32) = (2026, 11, 23);

fn main() {
    let args = Args::parse();
    let config = Config::load(None).unwrap();
    let day = NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("office");
    let pg = (args.database.as_deref() == Some("pg"))
        .then(|| PgServer::start(Durability::Full).unwrap());
    let url = match (&pg, &args.database) {
        (Some(server), _) => Some(server.url()),
        (None, url) => url.clone(),
    };
    let database = Database::choose(url.as_deref(), &data);
    let store = Store::open(&database).unwrap();
    println!("database: {}", database.shown());
    println!(
        "{} canteens × {} sales = {} sales, {} clients, {} instance(s), {} residents, batches of {}",
        args.canteens,
        args.sales,
        args.canteens * args.sales,
        args.clients,
        args.instances,
        args.residents,
        args.batch
    );

    let t = Instant::now();
    let residents = setup_registry(&store, args.residents, day);
    let tokens = setup_devices(&store, args.canteens);
    println!(
        "set-up (registry and devices): {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let t = Instant::now();
    let nights: Vec<Vec<Batch>> = (0..args.canteens)
        .map(|c| batches(&night(&config, &residents, c, &args, day), c, args.batch))
        .collect();
    println!(
        "sales priced and chained: {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let bodies: Vec<Vec<u8>> = nights.iter().flatten().map(encode_batch).collect();
    let t = Instant::now();
    for (body, batch) in bodies.iter().zip(nights.iter().flatten()) {
        decode_batch(body, &batch.device_id).unwrap();
    }
    rate(
        "baseline: decode + shape checks only",
        args.canteens * args.sales,
        t.elapsed(),
    );

    let servers: Vec<Server> = (0..args.instances)
        .map(|_| Server::start(&data, url.as_deref()))
        .collect();
    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::new());
    let t = Instant::now();
    std::thread::scope(|s| {
        for k in 0..args.clients {
            let (next, latencies, nights, tokens, servers) =
                (&next, &latencies, &nights, &tokens, &servers);
            s.spawn(move || {
                let mut mine = Vec::new();
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= nights.len() {
                        break;
                    }
                    let url = &servers[(c + k) % servers.len()].url;
                    let client = OfficeClient::new(url, &tokens[c], Duration::from_secs(120));
                    for b in &nights[c] {
                        let t = Instant::now();
                        client
                            .push(b)
                            .unwrap_or_else(|e| panic!("canteen {c}: {e}"));
                        mine.push(t.elapsed());
                    }
                }
                latencies.lock().unwrap().extend(mine);
            });
        }
    });
    let took = t.elapsed();
    let total = args.canteens * args.sales;
    rate("ingest over HTTP (all clients)", total, took);
    let mut lat = latencies.into_inner().unwrap();
    lat.sort();
    println!(
        "batch latency: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms ({} batches)",
        ms(lat[lat.len() / 2]),
        ms(lat[lat.len() * 99 / 100]),
        ms(*lat.last().unwrap()),
        lat.len()
    );
    drop(servers);

    store
        .run(|conn| after_the_night(conn, &args, day, total))
        .unwrap();
    drop(pg);
}

/// Every sale held once, none quarantined; then the month's reports (again
/// after `--month-sales` more written straight into the database).
fn after_the_night(
    conn: &mut dyn Db,
    args: &Args,
    day: NaiveDate,
    total: usize,
) -> canteen_office::Result<()> {
    let mut held = 0;
    for c in 0..args.canteens {
        let hw = ingest::high_water(conn, &device(c), "e1").unwrap();
        assert_eq!(hw.seq as usize, args.sales, "canteen {c}: every sale, once");
        held += hw.seq as usize;
    }
    let dates = Dates { from: day, to: day };
    let quarantined = report::quarantine(conn, dates).unwrap().len();
    println!("held: {held} of {total} sales (none lost, none twice), quarantined: {quarantined}");
    assert_eq!(quarantined, 0, "every generated sale re-derives");

    let month = Dates {
        from: day.with_day(1).unwrap(),
        to: day.with_day(30).unwrap(),
    };
    month_reports(conn, month);
    if args.month_sales > 0 {
        let t = Instant::now();
        fill_month(conn, args.month_sales, args.canteens);
        println!(
            "{} more sales over the month written straight into the database: {:.1} s",
            args.month_sales,
            t.elapsed().as_secs_f64()
        );
        month_reports(conn, month);
    }
    Ok(())
}

/// The month's claim, anomaly report and dashboard queries, timed.
fn month_reports(conn: &mut dyn canteen_office::store::db::Db, month: Dates) {
    timed("month's claim (subsidy report)", || {
        report::subsidy(conn, month).unwrap().len()
    });
    timed("anomaly report", || {
        report::anomalies(conn, month).unwrap().len()
    });
    timed("dashboard overview", || {
        report::dashboard::overview(conn, month).unwrap();
        1
    });
    timed("dashboard meals per day", || {
        report::dashboard::meals_per_day(conn, month).unwrap().len()
    });
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn rate(what: &str, n: usize, took: Duration) {
    println!(
        "{what:<40} {n:>9} sales in {:>7.2} s = {:>9.0} sales/s",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
}

fn timed(what: &str, f: impl FnOnce() -> usize) {
    let t = Instant::now();
    let rows = f();
    println!("{what:<40} {:>9.1} ms ({rows} rows)", ms(t.elapsed()));
}

fn device(c: usize) -> String {
    format!("kiosk-{c:05}")
}

fn resident_key(i: usize) -> String {
    hex(&Sha256::digest(format!("loadgen resident {i}").as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Residents aged 60 to 95 on `day`, none suspended; their diners as the
/// office will see them.
fn setup_registry(store: &Store, n: usize, day: NaiveDate) -> Vec<(String, Diner)> {
    store.run(|db| Ok(registry_rows(db, n, day))).unwrap()
}

fn registry_rows(db: &mut dyn Db, n: usize, day: NaiveDate) -> Vec<(String, Diner)> {
    let mut tx = db.begin().unwrap();
    let config = Config::load(None).unwrap();
    let people: Vec<(String, Diner)> = (0..n)
        .map(|i| {
            let born = day.with_year(day.year() - 60 - (i % 36) as i32).unwrap();
            let r = registry::Registered {
                birth_date: Some(born),
                categories: Vec::new(),
                suspended: false,
            };
            let key = resident_key(i);
            registry::put(&mut *tx, &key, &r, "2026-01-01T00:00:00Z").unwrap();
            (key, r.diner(day, config.canteen.age_convention))
        })
        .collect();
    tx.commit().unwrap();
    people
}

fn setup_devices(store: &Store, n: usize) -> Vec<String> {
    store.run(|db| Ok(device_rows(db, n))).unwrap()
}

fn device_rows(conn: &mut dyn Db, n: usize) -> Vec<String> {
    (0..n)
        .map(|c| {
            devices::add(
                conn,
                &devices::NewDevice {
                    device_id: Some(&device(c)),
                    name: "loadgen",
                    canteen: &format!("canteen-{c:05}"),
                    operator: &format!("operator-{}", c % 20),
                },
                "2026-01-01T00:00:00Z",
            )
            .unwrap()
            .token
            .expose()
            .to_owned()
        })
        .collect()
}

/// Canteen `c`'s night: sale `j` is in period `j % 3` for the resident
/// whose turn it is in that period (each eats once a period across all
/// canteens); past the registry, diners are anonymous.
fn night(
    config: &Config,
    residents: &[(String, Diner)],
    c: usize,
    args: &Args,
    day: NaiveDate,
) -> Vec<Sale> {
    let periods = [
        ("breakfast", "breakfast-set", 7),
        ("lunch", "lunch-set", 11),
        ("dinner", "dinner-set", 17),
    ];
    (0..args.sales)
        .map(|j| {
            let (_, item, hour) = periods[j % 3];
            let turn = (c * args.sales + j) / 3;
            let at = day.and_time(NaiveTime::from_hms_opt(hour, (j / 3 % 60) as u32, 0).unwrap());
            let (diner, diner_ref) = match residents.get(turn) {
                Some((key, diner)) => (
                    diner.clone(),
                    Some(DinerRef {
                        resident_key: key.clone(),
                        masked_id: "*".repeat(18),
                    }),
                ),
                None => (Diner::Anonymous, None),
            };
            // One item, no companions: the one line `price_order` would give.
            let request = PriceRequest {
                at,
                diner: &diner,
                used_in_period: 0,
                tier_override: None,
            };
            let lines = vec![SaleLine::from(
                config.pricing.price(item, &request).unwrap(),
            )];
            let due = lines.iter().fold(Money::ZERO, |s, l| s + l.charged);
            let payments = if due == Money::ZERO {
                vec![Payment::Free]
            } else {
                vec![Payment::Mobile {
                    amount: due,
                    reference: format!("wx{c}-{j}"),
                }]
            };
            Sale {
                diner: diner_ref,
                lines,
                payments,
                rules_version: 0,
                delivery: None,
            }
        })
        .collect()
}

fn batches(sales: &[Sale], c: usize, size: usize) -> Vec<Batch> {
    let day = NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).unwrap();
    let mut prev = GENESIS;
    let records: Vec<WireRecord> = sales
        .iter()
        .enumerate()
        .map(|(j, sale)| {
            let hour = [7, 11, 17][j % 3];
            let record = Record {
                header: RecordHeader {
                    device_id: device(c),
                    db_epoch: "e1".into(),
                    seq: j as u64 + 1,
                    at: format!("{day}T{hour:02}:{:02}:00+08:00", j / 3 % 60),
                    local_date: day,
                    clock_suspect: false,
                },
                body: RecordBody::Sale(sale.clone()),
            };
            let w = WireRecord::after(prev, record);
            prev = w.hash;
            w
        })
        .collect();
    records
        .chunks(size)
        .map(|chunk| Batch {
            wire_version: WIRE_VERSION,
            device_id: device(c),
            db_epoch: "e1".into(),
            records: chunk.to_vec(),
            device_status: None,
        })
        .collect()
}

/// One `canteen-office serve` process on the data directory, stopped on drop.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(data: &Path, database: Option<&str>) -> Server {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_canteen-office"))
            .args(["serve", "--listen", &format!("127.0.0.1:{port}"), "--data"])
            .arg(data)
            .args(database.map(|d| ["--database", d]).into_iter().flatten())
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "the office did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Server {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `n` sales of November (a lunch each, at the 60–79 price, each for a
/// resident of its own: no anomalies) spread over the canteens' kiosks and
/// the month's days, as rows a synced sale leaves
/// (its record, its report line and its share of the totals), in one
/// transaction.
fn fill_month(db: &mut dyn canteen_office::store::db::Db, n: usize, canteens: usize) {
    let mut tx = db.begin().unwrap();
    let sql = if tx.kind() == Kind::Postgres {
        &POSTGRES
    } else {
        &SQLITE
    };
    tx.execute(
        &format!(
            "INSERT INTO records (device_id, db_epoch, seq, kind, local_date, format_version,
                                  prev_hash, hash, canonical, received_at)
             SELECT {kiosk}, 'month', i / ?2 + 1, 'sale', {day}, 1, ?3, ?3, ?4,
                    '2026-12-01T00:00:00Z'
             FROM {numbers}",
            kiosk = sql.kiosk,
            day = sql.day,
            numbers = sql.numbers,
        ),
        canteen_office::params![n, canteens, &[0u8; 32], &[0u8][..]],
    )
    .unwrap();
    tx.execute(
        &format!(
            "INSERT INTO report_lines (device_id, db_epoch, seq, line_no, sign, local_date, period, tier,
                                       category, item, market_fen, charged_fen, subsidy_fen, resident_key, masked_id)
             SELECT device_id, db_epoch, seq, 1, 1, local_date, 'lunch', 'age60', '', 'lunch-set',
                    1500, 1200, 300, {key}, '******************'
             FROM records WHERE db_epoch = 'month'",
            key = sql.key,
        ),
        &[],
    )
    .unwrap();
    // The totals a batch adds as it is stored, added here for each kiosk's
    // month at once.
    for c in 0..canteens {
        totals::add(&mut *tx, &device(c), "month", 1, i64::MAX as u64).unwrap();
    }
    tx.commit().unwrap();
}

/// The expressions of [`fill_month`] the two databases spell differently.
struct MonthSql {
    /// The numbers `i` from 0 to `?1 - 1`.
    numbers: &'static str,
    /// Sale `i`'s kiosk, `kiosk-00000` … (`?2` kiosks).
    kiosk: &'static str,
    /// Sale `i`'s day of November, as `YYYY-MM-DD`.
    day: &'static str,
    /// A report line's resident key: its kiosk's number and seq as 64 hex digits.
    key: &'static str,
}

const POSTGRES: MonthSql = MonthSql {
    numbers: "generate_series(0, ?1 - 1) AS n(i)",
    kiosk: "'kiosk-' || lpad((i % ?2)::text, 5, '0')",
    day: "to_char(DATE '2026-11-01' + ((i / ?2) % 30)::int, 'YYYY-MM-DD')",
    key: "lpad(to_hex(substr(device_id, 7)::bigint * 1000000 + seq), 64, '0')",
};

const SQLITE: MonthSql = MonthSql {
    numbers: "(WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < ?1)
               SELECT i FROM k)",
    kiosk: "printf('kiosk-%05d', i % ?2)",
    day: "date('2026-11-01', '+' || ((i / ?2) % 30) || ' days')",
    key: "printf('%064x', CAST(substr(device_id, 7) AS INTEGER) * 1000000 + seq)",
};
