//! Two `canteen-office` servers on one PostgreSQL database (a real server the
//! test starts) take the same kiosks' batches at the same time: every batch
//! is sent to both, some at the very same moment, and each record is held
//! exactly once, the high-water marks are whole, nothing is quarantined and
//! the month's claim counts every meal once.

mod support;

use std::time::Duration;

use canteen_office::report::{self, Dates};
use canteen_office::server::{self, Settings};
use canteen_office::store::backend::{Database, Store};
use canteen_office::store::{devices, ingest, registry};
use canteen_pgtest::{Durability, PgServer};
use canteen_sync::client::OfficeClient;
use chrono::NaiveDate;
use support::{batch, chain, sale};

const DEVICES: usize = 4;
const RECORDS: usize = 60;
const BATCH: usize = 10;

fn serve(data: &std::path::Path, url: &str) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let data = data.to_path_buf();
    let settings = Settings {
        database: Some(url.to_owned()),
        ..Settings::default()
    };
    std::thread::spawn(move || server::serve_with(listener, &data, settings, None).unwrap());
    base
}

#[test]
fn two_offices_on_one_database_hold_every_record_exactly_once() {
    let pg = PgServer::start(Durability::Test).unwrap();
    let url = pg.url();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(&Database::choose(Some(&url), data.path())).unwrap();
    let residents: Vec<String> = (0..RECORDS).map(|i| format!("{:064x}", i + 1)).collect();
    let tokens: Vec<String> = store
        .run(|db| {
            let r = registry::Registered {
                birth_date: NaiveDate::from_ymd_opt(1941, 3, 1),
                categories: vec![],
                suspended: false,
            };
            for key in &residents {
                registry::put(db, key, &r, "2026-11-23T00:00:00Z")?;
            }
            (0..DEVICES)
                .map(|d| {
                    let new = devices::NewDevice {
                        device_id: Some(&format!("kiosk-{d}")),
                        name: "kiosk",
                        canteen: &format!("canteen-{}", d % 2),
                        operator: "op",
                    };
                    Ok(devices::add(db, &new, "2026-11-23T00:00:00Z")?
                        .token
                        .expose()
                        .to_owned())
                })
                .collect()
        })
        .unwrap();
    let offices = [serve(data.path(), &url), serve(data.path(), &url)];

    std::thread::scope(|s| {
        for (d, token) in tokens.iter().enumerate() {
            let (offices, residents) = (&offices, &residents);
            s.spawn(move || {
                let device = format!("kiosk-{d}");
                // Each device's diners are its own: one lunch each, subsidised.
                let bodies = (0..RECORDS)
                    .map(|i| {
                        let who = (i % 3 != 0).then(|| residents[(i + d * 7) % RECORDS].as_str());
                        sale("lunch-set", who)
                    })
                    .collect();
                let records = chain(&device, "e1", bodies);
                for (n, chunk) in records.chunks(BATCH).enumerate() {
                    let b = batch(&device, "e1", chunk);
                    let first = &offices[(n + d) % 2];
                    let second = &offices[(n + d + 1) % 2];
                    if n % 2 == 0 {
                        // The same batch to both offices at the same moment.
                        std::thread::scope(|both| {
                            for base in [first, second] {
                                let (b, device) = (&b, &device);
                                both.spawn(move || {
                                    OfficeClient::new(base, token, Duration::from_secs(30))
                                        .push(b)
                                        .unwrap_or_else(|e| panic!("{device} batch {n}: {e}"))
                                });
                            }
                        });
                    } else {
                        // To one, then again to the other (a retry after a lost answer).
                        for base in [first, second] {
                            let ack = OfficeClient::new(base, token, Duration::from_secs(30))
                                .push(&b)
                                .unwrap_or_else(|e| panic!("{device} batch {n}: {e}"));
                            assert_eq!(ack.high_water.seq as usize, (n + 1) * BATCH);
                        }
                    }
                }
            });
        }
    });

    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    store
        .run(|db| {
            for d in 0..DEVICES {
                let hw = ingest::high_water(db, &format!("kiosk-{d}"), "e1")?;
                assert_eq!(hw.seq as usize, RECORDS, "kiosk-{d}: every record, once");
            }
            let held: i64 = db.query_one("SELECT count(*) FROM records", &[])?.get(0)?;
            assert_eq!(held as usize, DEVICES * RECORDS, "no record twice");
            let dates = Dates { from: day, to: day };
            assert_eq!(
                report::quarantine(db, dates)?,
                vec![],
                "every sale re-derives"
            );
            let meals: i64 = report::subsidy(db, dates)?.iter().map(|r| r.meals).sum();
            assert_eq!(meals as usize, DEVICES * RECORDS, "each meal counted once");
            Ok(())
        })
        .unwrap();
}
