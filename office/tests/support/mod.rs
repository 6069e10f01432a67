//! Test support: an office served on a loopback port from a temporary
//! directory, registered devices, and chains of journal records built with
//! core (the office never links the kiosk's ledger, so neither do its tests).

#![allow(dead_code)] // each test file uses its own part of the support

pub mod db;
pub mod served;
pub mod web;

use std::path::PathBuf;
use std::time::Duration;

use canteen_core::journal::{GENESIS, Hash, Record, RecordBody, RecordHeader};
use canteen_core::{DinerRef, Money, Payment, Sale, SaleLine};
use canteen_office::store::{devices, registry};
use canteen_sync::client::OfficeClient;
use canteen_sync::wire::{Batch, WIRE_VERSION, WireRecord};
use chrono::NaiveDate;

/// Runs the `canteen-office` binary: its exit code and stdout.
pub fn office_cli(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_canteen-office"))
        .args(db::with_database(args))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// Runs `canteen-office ARGS --data DIR --database DB` (a PostgreSQL URL or
/// a SQLite file) with `stdin`: its exit code and stdout.
pub fn office_in(
    args: &[&str],
    data: &std::path::Path,
    database: &str,
    stdin: &str,
) -> (i32, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_canteen-office"))
        .args(args)
        .arg("--data")
        .arg(data)
        .args(["--database", database])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// In `dir` (outside the data directory): where the seal key goes and a
/// registry file of two residents, 王建国 (85 on the test day, card 88001230)
/// and 欧阳秀英 (card 88001231); their paths.
pub fn seal_and_registry(dir: &std::path::Path) -> (String, String) {
    let registry = dir.join("residents.csv");
    std::fs::write(
        &registry,
        "id_number,name,categories,card_no,status\n\
         110101194103010021,王建国,,88001230,active\n\
         11010519491231002X,欧阳秀英,,88001231,active\n",
    )
    .unwrap();
    let path = |p: std::path::PathBuf| p.to_str().unwrap().to_owned();
    (path(dir.join("seal.key")), path(registry))
}

/// An office set up from the command line as the README tells an operator,
/// every command given `--data data --database database`: an admin account,
/// the kiosk `dev-east`, the residents of [`seal_and_registry`] (their files
/// in `outside`) and bundle 1 of them. The kiosk's token.
pub fn set_up_by_cli(data: &std::path::Path, database: &str, outside: &std::path::Path) -> String {
    let (seal, registry) = seal_and_registry(outside);
    let run = |args: &[&str], stdin: &str| -> serde_json::Value {
        let (code, out) = office_in(args, data, database, stdin);
        assert_eq!(code, 0, "{args:?}: {out}");
        serde_json::from_str(out.trim()).unwrap_or_else(|e| panic!("{e}: {out:?}"))
    };
    let user = ["user", "add", "--name", "admin", "--role", "admin"];
    assert_eq!(run(&user, "a long password\n")["role"], "admin");
    let device = run(
        &["device", "add", "--name", "east", "--device-id", "dev-east"],
        "",
    );
    let import = ["residents", "import", &registry, "--seal-key", &seal];
    assert_eq!(run(&import, "")["imported"], 2);
    let bundle = [
        "bundle",
        "issue",
        "--version",
        "1",
        "--residents",
        &registry,
        "--seal-key",
        &seal,
    ];
    assert_eq!(run(&bundle, "")["version"], 1);
    device["token"].as_str().unwrap().to_owned()
}

/// Adds kiosk `device_id` (named so) of `canteen`, run by `operator`, to
/// the store at `conn` as of `at`; its token.
pub fn add_device(
    conn: &mut dyn canteen_office::store::db::Db,
    device_id: &str,
    canteen: &str,
    operator: &str,
    at: &str,
) -> String {
    let new = devices::NewDevice {
        device_id: Some(device_id),
        name: device_id,
        canteen,
        operator,
    };
    devices::add(conn, &new, at)
        .unwrap()
        .token
        .expose()
        .to_owned()
}

/// Menu item `id` of `config`'s pricing, which must have it.
pub fn menu_item<'a>(
    config: &'a canteen_config::Config,
    id: &str,
) -> &'a canteen_core::pricing::MenuItem {
    let found = config.pricing.items.iter().find(|i| i.id == id);
    found.unwrap_or_else(|| panic!("no menu item {id}"))
}

/// A temporary data directory inside a temporary folder of its own (the
/// folder, then the data directory): what the office keeps beside its data
/// directory, the seal key `<data>.seal.key` by default, is then removed with
/// it instead of being left in the system's temporary directory.
pub fn data_dir() -> (tempfile::TempDir, tempfile::TempDir) {
    let folder = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir_in(folder.path()).unwrap();
    (folder, data)
}

pub struct Office {
    /// The data directory.
    pub dir: tempfile::TempDir,
    pub url: String,
    /// The folder holding [`Office::dir`] and what lies beside it.
    _folder: tempfile::TempDir,
}

impl Office {
    /// Serves a fresh office on 127.0.0.1 in a background thread.
    pub fn start() -> Office {
        Office::start_with(canteen_office::server::Settings::default())
    }

    /// Serves a fresh office with `settings`.
    pub fn start_with(mut settings: canteen_office::server::Settings) -> Office {
        let (folder, dir) = data_dir();
        if settings.database.is_none() {
            settings.database = db::url(dir.path());
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let data: PathBuf = dir.path().to_path_buf();
        db::blocking(|| drop(db::open(&data)));
        std::thread::spawn(move || {
            canteen_office::server::serve_with(listener, &data, settings, None).unwrap()
        });
        Office {
            dir,
            url,
            _folder: folder,
        }
    }

    /// A connection to this office's database.
    pub fn db(&self) -> canteen_office::store::backend::Conn {
        db::open(self.dir.path())
    }

    /// Registers `device_id` at `canteen`; its token.
    pub fn add_device(&self, device_id: &str, canteen: &str) -> String {
        let new = devices::NewDevice {
            device_id: Some(device_id),
            name: canteen,
            canteen,
            operator: "op",
        };
        db::blocking(|| devices::add(&mut self.db(), &new, "2026-11-23T00:00:00Z"))
            .unwrap()
            .token
            .expose()
            .to_owned()
    }

    /// Registers residents by their keys in the office's registry, aged 85
    /// on the test day (the 80–89 tier of the shipped defaults).
    pub fn register(&self, keys: &[&str]) {
        let r = registry::Registered {
            birth_date: NaiveDate::from_ymd_opt(1941, 3, 1),
            categories: vec![],
            suspended: false,
        };
        db::blocking(|| {
            let mut conn = self.db();
            for key in keys {
                registry::put(&mut conn, key, &r, "2026-11-23T00:00:00Z").unwrap();
            }
        });
    }

    pub fn client(&self, token: &str) -> OfficeClient {
        OfficeClient::new(&self.url, token, Duration::from_secs(10))
    }
}

/// A cash sale of one lunch line as the shipped defaults price it: ¥10 of
/// ¥15 for resident `who` (registered as 85 with [`Office::register`]), the
/// market price for no one.
pub fn sale(item: &str, who: Option<&str>) -> RecordBody {
    let charged = Money::from_yuan(if who.is_some() { 10 } else { 15 });
    let line = SaleLine {
        item: item.into(),
        period: Some("lunch".into()),
        tier: who.map(|_| "age80".into()),
        categories: vec![],
        market: Money::from_yuan(15),
        charged,
        subsidy: Money::from_yuan(15) - charged,
        uses_quota: who.is_some(),
        reason_zh: "80–89岁：¥10.00".into(),
        reason_en: "Age 80–89: ¥10.00".into(),
    };
    RecordBody::Sale(Sale {
        diner: who.map(|k| DinerRef {
            resident_key: k.into(),
            masked_id: "110***********002X".into(),
        }),
        lines: vec![line],
        payments: vec![Payment::Cash {
            amount: charged,
            tendered: charged,
            change: Money::ZERO,
        }],
        rules_version: 0,
        delivery: None,
    })
}

/// The test day's lunch time, as a record's time and local date.
pub const LUNCH: (&str, (i32, u32, u32)) = ("2026-11-23T12:00:00+08:00", (2026, 11, 23));

/// Chains `bodies` as records 1.. of `device`/`epoch`, sold at lunch on the test day.
pub fn chain(device: &str, epoch: &str, bodies: Vec<RecordBody>) -> Vec<WireRecord> {
    chain_at(
        device,
        epoch,
        bodies.into_iter().map(|b| (LUNCH, b)).collect(),
    )
}

/// A record body with its time (RFC 3339) and local date (year, month, day).
pub type Dated<'a> = ((&'a str, (i32, u32, u32)), RecordBody);

/// Chains `(time, local date, body)` as records 1.. of `device`/`epoch`.
pub fn chain_at(device: &str, epoch: &str, bodies: Vec<Dated<'_>>) -> Vec<WireRecord> {
    let mut prev: Hash = GENESIS;
    bodies
        .into_iter()
        .enumerate()
        .map(|(i, ((at, (y, m, d)), body))| {
            let seq = i as u64 + 1;
            let record = Record {
                header: RecordHeader {
                    device_id: device.into(),
                    db_epoch: epoch.into(),
                    seq,
                    at: at.into(),
                    local_date: NaiveDate::from_ymd_opt(y, m, d).unwrap(),
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

/// A batch of `records` that also reports the kiosk's status: `pending`
/// records still waiting on it, running bundle `bundle_version`.
pub fn batch_with_status(
    device: &str,
    epoch: &str,
    records: &[WireRecord],
    pending: u64,
    bundle_version: u64,
) -> Batch {
    Batch {
        device_status: Some(canteen_sync::wire::DeviceStatus {
            pending,
            bundle_version,
        }),
        ..batch(device, epoch, records)
    }
}

pub fn batch(device: &str, epoch: &str, records: &[WireRecord]) -> Batch {
    Batch {
        wire_version: WIRE_VERSION,
        device_id: device.into(),
        db_epoch: epoch.into(),
        records: records.to_vec(),
        device_status: None,
    }
}
