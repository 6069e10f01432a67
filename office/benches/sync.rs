//! Sync throughput over loopback, printed next to baselines from the same run:
//!
//! - `baseline: raw POST` — the same request bytes POSTed to a handler that
//!   only reads them (HTTP + transfer cost, nothing decoded or stored);
//! - `baseline: store only` — decode + verify + store without HTTP;
//! - `sync over loopback` — the real client pushing to the real office;
//! - `office chain re-verification` — the stored chain walked again.
//!
//! 100k sales (override with `SYNC_BENCH_SALES`), batches of 1000.

use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use canteen_core::journal::{GENESIS, Record, RecordBody, RecordHeader};
use canteen_core::{DinerRef, Money, Payment, Sale, SaleLine};
use canteen_office::store::trust::Checks;
use canteen_office::store::{self, devices, ingest, verify};
use canteen_sync::client::OfficeClient;
use canteen_sync::validate::{decode_batch, encode_batch};
use canteen_sync::wire::{Batch, WIRE_VERSION, WireRecord};
use chrono::NaiveDate;

const BATCH: usize = 1000;

fn records(device: &str, n: usize) -> Vec<WireRecord> {
    let mut prev = GENESIS;
    (1..=n as u64)
        .map(|seq| {
            let line = SaleLine {
                item: "lunch-set".into(),
                period: Some("lunch".into()),
                tier: Some("age80".into()),
                categories: vec![],
                market: Money::from_yuan(15),
                charged: Money::from_yuan(10),
                subsidy: Money::from_yuan(5),
                uses_quota: true,
                reason_zh: "80–89 岁".into(),
                reason_en: "aged 80–89".into(),
            };
            let record = Record {
                header: RecordHeader {
                    device_id: device.into(),
                    db_epoch: "e1".into(),
                    seq,
                    at: "2026-11-23T12:00:00+08:00".into(),
                    local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    clock_suspect: false,
                },
                body: RecordBody::Sale(Sale {
                    diner: Some(DinerRef {
                        resident_key: format!("{:064x}", seq % 300),
                        masked_id: "110***********002X".into(),
                    }),
                    lines: vec![line],
                    payments: vec![Payment::Cash {
                        amount: Money::from_yuan(10),
                        tendered: Money::from_yuan(20),
                        change: Money::from_yuan(10),
                    }],
                    rules_version: 0,
                    delivery: None,
                }),
            };
            let w = WireRecord::after(prev, record);
            prev = w.hash;
            w
        })
        .collect()
}

fn batches(device: &str, recs: &[WireRecord]) -> Vec<Batch> {
    recs.chunks(BATCH)
        .map(|c| Batch {
            wire_version: WIRE_VERSION,
            device_id: device.into(),
            db_epoch: "e1".into(),
            records: c.to_vec(),
            device_status: None,
        })
        .collect()
}

fn report(what: &str, n: usize, took: Duration) {
    println!(
        "{what:<36} {n:>7} sales in {:>7.2} s = {:>9.0} sales/s",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
}

fn office(dir: &std::path::Path, device: &str) -> String {
    devices::add(
        &mut store::open(dir).unwrap(),
        &devices::NewDevice {
            device_id: Some(device),
            name: "bench",
            canteen: "bench",
            operator: "op",
        },
        "2026-11-23T00:00:00Z",
    )
    .unwrap()
    .token
    .expose()
    .to_owned()
}

fn main() {
    let n: usize = std::env::var("SYNC_BENCH_SALES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let recs = records("dev-bench", n);
    let batches = batches("dev-bench", &recs);
    let bodies: Vec<Vec<u8>> = batches.iter().map(encode_batch).collect();
    println!(
        "{} batches of {BATCH}, {:.1} MB of JSON",
        batches.len(),
        bodies.iter().map(Vec::len).sum::<usize>() as f64 / 1e6
    );

    // Baseline: raw POST to a handler that only takes the body.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let raw_url = format!("http://{}/raw", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let app = Router::new()
                .route(
                    "/raw",
                    post(|body: axum::body::Bytes| async move { body.len().to_string() }),
                )
                .layer(DefaultBodyLimit::disable());
            axum::serve(tokio::net::TcpListener::from_std(listener).unwrap(), app)
                .await
                .unwrap();
        });
    });
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let t = Instant::now();
    for body in &bodies {
        agent
            .post(&raw_url)
            .send(&body[..])
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap();
    }
    report("baseline: raw POST (no-op handler)", n, t.elapsed());

    // Baseline: decode + verify + store, no HTTP.
    let dir = tempfile::tempdir().unwrap();
    office(dir.path(), "dev-bench");
    let mut conn = store::open(dir.path()).unwrap();
    let t = Instant::now();
    let decoded: Vec<Batch> = bodies
        .iter()
        .map(|b| decode_batch(b, "dev-bench").unwrap())
        .collect();
    report("  of which: decode + shape checks", n, t.elapsed());
    let t2 = Instant::now();
    for batch in &decoded {
        ingest::ingest(&mut conn, batch, &Checks::at(chrono::Utc::now())).unwrap();
    }
    report("  of which: verify + store", n, t2.elapsed());
    report("baseline: office store only (no HTTP)", n, t.elapsed());

    // The real thing: client → HTTP → office.
    let dir = tempfile::tempdir().unwrap();
    let token = office(dir.path(), "dev-bench");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let data = dir.path().to_path_buf();
    std::thread::spawn(move || canteen_office::server::serve(listener, &data).unwrap());
    let client = OfficeClient::new(&url, &token, Duration::from_secs(60));
    let t = Instant::now();
    for b in &batches {
        client.push(b).unwrap();
    }
    report("sync over loopback (client → office)", n, t.elapsed());

    let mut conn = store::open(dir.path()).unwrap();
    let t = Instant::now();
    let head = verify::verify(&mut conn, "dev-bench", "e1")
        .unwrap()
        .unwrap();
    assert_eq!(head.records, n as u64);
    report("office chain re-verification", n, t.elapsed());
}
