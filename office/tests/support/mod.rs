//! Test support: an office served on a loopback port from a temporary
//! directory, registered devices, and chains of journal records built with
//! core (the office never links the kiosk's ledger, so neither do its tests).

#![allow(dead_code)] // each test file uses its own part of the support

use std::path::PathBuf;
use std::time::Duration;

use canteen_core::journal::{GENESIS, Hash, Record, RecordBody, RecordHeader};
use canteen_core::{DinerRef, Money, Payment, Sale, SaleLine};
use canteen_office::store::{self, devices};
use canteen_sync::client::OfficeClient;
use canteen_sync::wire::{Batch, WIRE_VERSION, WireRecord};
use chrono::NaiveDate;

pub struct Office {
    pub dir: tempfile::TempDir,
    pub url: String,
}

impl Office {
    /// Serves a fresh office on 127.0.0.1 in a background thread.
    pub fn start() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let data: PathBuf = dir.path().to_path_buf();
        store::open(&data).unwrap();
        std::thread::spawn(move || canteen_office::server::serve(listener, &data).unwrap());
        Office { dir, url }
    }

    /// Registers `device_id` at `canteen`; its token.
    pub fn add_device(&self, device_id: &str, canteen: &str) -> String {
        let conn = store::open(self.dir.path()).unwrap();
        let new = devices::NewDevice {
            device_id: Some(device_id),
            name: canteen,
            canteen,
            operator: "op",
        };
        devices::add(&conn, &new, "2026-11-23T00:00:00Z")
            .unwrap()
            .token
    }

    pub fn client(&self, token: &str) -> OfficeClient {
        OfficeClient::new(&self.url, token, Duration::from_secs(10))
    }
}

/// A cash sale of one lunch line by resident `who` (if any).
pub fn sale(item: &str, who: Option<&str>) -> RecordBody {
    let line = SaleLine {
        item: item.into(),
        period: Some("lunch".into()),
        tier: Some("senior-80".into()),
        categories: vec![],
        market: Money::from_yuan(15),
        charged: Money::from_yuan(10),
        subsidy: Money::from_yuan(5),
        uses_quota: true,
        reason_zh: "八十岁以上".into(),
        reason_en: "80+".into(),
    };
    RecordBody::Sale(Sale {
        diner: who.map(|k| DinerRef {
            resident_key: k.into(),
            masked_id: "110***********002X".into(),
        }),
        lines: vec![line],
        payments: vec![Payment::Cash {
            amount: Money::from_yuan(10),
            tendered: Money::from_yuan(10),
            change: Money::ZERO,
        }],
    })
}

/// Chains `bodies` as records 1.. of `device`/`epoch`.
pub fn chain(device: &str, epoch: &str, bodies: Vec<RecordBody>) -> Vec<WireRecord> {
    let mut prev: Hash = GENESIS;
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let seq = i as u64 + 1;
            let record = Record {
                header: RecordHeader {
                    device_id: device.into(),
                    db_epoch: epoch.into(),
                    seq,
                    at: "2026-11-23T12:00:00+08:00".into(),
                    local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                    clock_suspect: false,
                },
                body,
            };
            let w = WireRecord::after(prev, record);
            prev = w.hash;
            w
        })
        .collect()
}

pub fn batch(device: &str, epoch: &str, records: &[WireRecord]) -> Batch {
    Batch {
        wire_version: WIRE_VERSION,
        device_id: device.into(),
        db_epoch: epoch.into(),
        records: records.to_vec(),
    }
}
