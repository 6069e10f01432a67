//! The web back office's server time over 100k sales (override with
//! `WEB_BENCH_SALES`), three canteens, spread over the 60 days up to the
//! pinned "now" (2026-11-30 13:00 +08:00):
//!
//! - `dashboard` — `GET /` through the real router (session look-up, today's
//!   and the month's figures, the 60-day chart, the kiosks, the HTML);
//! - `claim page` — `GET /claims?month=2026-11`, the month's claim table;
//! - `devices page` — `GET /devices`, each kiosk's last sync, last report
//!   (pending, bundle version) and counts of records, quarantine and alerts;
//! - `menus page` — `GET /menus`, the bundle each kiosk runs and the menu form;
//! - `claim CSV export` — `documents::claim_file` of the same month as the
//!   Excel CSV, what both the CLI and the download run (no HTTP).
//!
//! Each is run `WEB_BENCH_RUNS` times (default 40) after one warm-up; p50
//! and p99 printed in milliseconds. The sales are written straight into the
//! tables the reports read (the sync path has its own bench).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use canteen_office::documents::{self, ClaimFile};
use canteen_office::export::Lang;
use canteen_office::report::Dates;
use canteen_office::server::{self, Settings};
use canteen_office::store::{self, device_status, devices, users};
use chrono::{DateTime, Duration as Days, NaiveDate, Utc};
use tower::ServiceExt;

const NOW: &str = "2026-11-30T05:00:00Z";

fn seed(dir: &std::path::Path, sales: usize) {
    let mut conn = store::open(dir).unwrap();
    let canteens = ["东区食堂", "西区食堂", "南区食堂"];
    for (i, c) in canteens.iter().enumerate() {
        let new = devices::NewDevice {
            device_id: Some(&format!("dev-{i}")),
            name: c,
            canteen: c,
            operator: c,
        };
        devices::add(&mut conn, &new, NOW).unwrap();
        let status = canteen_sync::wire::DeviceStatus {
            pending: i as u64,
            bundle_version: 0,
        };
        device_status::put(&mut conn, &format!("dev-{i}"), "e1", &status, NOW).unwrap();
    }
    let last = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let periods = ["breakfast", "lunch", "dinner"];
    let tiers = [
        ("age60", 1200),
        ("age70", 1000),
        ("age80", 800),
        ("none", 1500),
    ];
    let categories = ["none", "dibao", "disabled"];
    let tx = conn.transaction().unwrap();
    {
        let mut record = tx
            .prepare(
                "INSERT INTO records (device_id, db_epoch, seq, kind, local_date, format_version,
                                      prev_hash, hash, canonical, received_at)
                 VALUES (?1, 'e1', ?2, 'sale', ?3, 1, zeroblob(32), zeroblob(32), x'00', ?4)",
            )
            .unwrap();
        let mut line = tx
            .prepare(
                "INSERT INTO report_lines (device_id, db_epoch, seq, line_no, sign, local_date, period,
                        tier, category, item, market_fen, charged_fen, subsidy_fen, resident_key, masked_id)
                 VALUES (?1, 'e1', ?2, 0, 1, ?3, ?4, ?5, ?6, 'lunch-set', 1500, ?7, ?8, ?9, '110***********002X')",
            )
            .unwrap();
        for n in 0..sales {
            let device = format!("dev-{}", n % 3);
            let seq = (n / 3 + 1) as i64;
            let date = (last - Days::days((n % 60) as i64)).to_string();
            let (tier, paid) = tiers[n % tiers.len()];
            let key = format!("{:064x}", n % 5000);
            record.execute((&device, seq, &date, NOW)).unwrap();
            line.execute((
                &device,
                seq,
                &date,
                periods[n % 3],
                tier,
                categories[n % 7 % 3],
                paid,
                1500 - paid,
                &key,
            ))
            .unwrap();
        }
    }
    tx.commit().unwrap();
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| {
        let i = ((samples.len() as f64 - 1.0) * p).round() as usize;
        samples[i].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.99))
}

fn report(name: &str, samples: Vec<Duration>, bytes: usize) {
    let (p50, p99) = percentiles(samples);
    println!("{name:<18} p50 {p50:>8.1} ms   p99 {p99:>8.1} ms   ({bytes} bytes)");
}

fn main() {
    let sales: usize = std::env::var("WEB_BENCH_SALES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("WEB_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    seed(dir.path(), sales);
    println!(
        "seeded {sales} sales in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let now: DateTime<Utc> = DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc);
    let mut conn = store::open(dir.path()).unwrap();
    users::add(
        &mut conn,
        "bench",
        users::Role::Admin,
        "bench password",
        NOW,
    )
    .unwrap();
    let cookie = users::open_session(&mut conn, "bench", users::Role::Admin, now)
        .unwrap()
        .cookie;
    let settings = Settings {
        clock: Arc::new(move || now),
        ..Settings::default()
    };
    let router = server::router_with(dir.path(), settings).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let get = |path: &str| {
        let request = Request::get(path)
            .header("cookie", format!("canteen_session={cookie}"))
            .body(Body::empty())
            .unwrap();
        let t = Instant::now();
        let bytes = runtime.block_on(async {
            let response = router.clone().oneshot(request).await.unwrap();
            assert_eq!(response.status(), 200, "{path}");
            axum::body::to_bytes(response.into_body(), 64 << 20)
                .await
                .unwrap()
        });
        (t.elapsed(), bytes.len())
    };
    for (name, path) in [
        ("dashboard", "/"),
        ("claim page", "/claims?month=2026-11"),
        ("devices page", "/devices"),
        ("menus page", "/menus"),
    ] {
        let (_, size) = get(path);
        let samples = (0..runs).map(|_| get(path).0).collect();
        report(name, samples, size);
    }
    let month = Dates {
        from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    let mut csv = || {
        let t = Instant::now();
        let (bytes, _) =
            documents::claim_file(&mut conn, month, ClaimFile::ExcelCsv, Lang::Zh).unwrap();
        (t.elapsed(), bytes.len())
    };
    let (_, size) = csv();
    let samples = (0..runs).map(|_| csv().0).collect();
    report("claim CSV export", samples, size);
}
