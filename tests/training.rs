//! Issue #17's training mode through the real binary: a supervisor puts the
//! kiosk into training, 20 practice sales go to the practice copy (each
//! JSON says `"training": true`, the receipt says TRAINING — NOT A SALE),
//! and the real ledger's database file and journal head are byte-for-byte
//! unchanged; a sync meanwhile brings the office nothing of the practice;
//! ending training (the supervisor again) discards the copy and the real
//! ledger sells on.

mod support;

use std::path::Path;
use std::process::Command;

use canteen_office::store;
use serde_json::Value;
use sha2::{Digest, Sha256};
use support::kiosk_cli::canteen_with as canteen;
use support::office::Office;
use support::sell::Sell;

const AGE70: &str = "110101195611230017";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

fn ok<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(data: &Path, args: &[S], stdin: &str) -> Value {
    let (code, v) = canteen(data, args, stdin);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

fn sell(data: &Path, receipt: Option<&Path>) -> Value {
    let mut sale = Sell::demo("lunch-set").id(AGE70).at(LUNCH).tendered(2000);
    if let Some(r) = receipt {
        sale = sale.flag("--receipt", r.to_str().unwrap());
    }
    ok(data, sale.args(), "")
}

/// SHA-256 of every file of the real database (the database and its WAL).
fn real_files(data: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("canteen.db")
        })
        .filter(|p| !p.to_string_lossy().ends_with("-shm"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                hex::encode(Sha256::digest(std::fs::read(&p).unwrap())),
            )
        })
        .collect();
    files.sort();
    files
}

fn office_holds(office: &Office, device: &str) -> (i64, Option<i64>) {
    let conn = store::open(office.dir.path()).unwrap();
    conn.query_row(
        "SELECT count(*), max(seq) FROM records WHERE device_id = ?1",
        [device],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn practice_sales_leave_the_books_untouched_and_never_reach_the_office() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(
        &data,
        &["staff", "add", "--name", "李主管", "--role", "supervisor"],
        "9999\n",
    );
    sell(&data, None);
    let office = Office::start();
    let token = office.register(&data, "east");
    let device = ok(&data, &["status"], "")["device_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // Refused without the supervisor, and with a cashier's wrong PIN.
    let (code, v) = canteen(&data, &["training", "on"], "");
    assert_eq!(
        (code, v["error"].as_str()),
        (2, Some("supervisor_required")),
        "{v}"
    );
    let (code, v) = canteen(&data, &["training", "on"], "1111\n");
    assert_eq!(code, 2, "{v}");
    assert_eq!(ok(&data, &["training", "status"], "")["training"], false);

    let synced = |office: &Office| {
        let out = Command::new(support::bins::canteen())
            .args(["sync", "--office", &office.url, "--token", &token, "--data"])
            .arg(&data)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let (code, out) = synced(&office);
    assert_eq!(code, 0, "{out}");
    let office_before = office_holds(&office, &device);

    let on = ok(&data, &["training", "on"], "9999\n");
    assert_eq!(on["training"], true, "{on}");
    let (code, v) = canteen(&data, &["training", "on"], "9999\n");
    assert_eq!((code, v["error"].as_str()), (2, Some("training_on")), "{v}");
    let head_before = ok(&data, &["journal", "verify"], "");
    let files_before = real_files(&data);
    // The office holds the real journal up to the switch (its audit record
    // waits for the next sync after training).
    assert_eq!(
        office_before.1,
        head_before["records"].as_i64().map(|n| n - 1)
    );

    let receipt = dir.path().join("receipt.bin");
    for i in 0..20 {
        let sale = sell(&data, (i == 0).then_some(receipt.as_path()));
        assert_eq!(sale["training"], true, "{sale}");
    }
    let shown = Command::new(support::bins::canteen())
        .args(["receipt", "show"])
        .arg(&receipt)
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(
        text.contains("TRAINING — NOT A SALE") && text.contains("培训 — 非正式交易"),
        "{text}"
    );

    synced(&office);
    assert_eq!(
        real_files(&data),
        files_before,
        "the real database files changed during training"
    );
    assert_eq!(ok(&data, &["journal", "verify"], ""), head_before);
    assert_eq!(
        office_holds(&office, &device),
        office_before,
        "practice reached the office"
    );
    let x = ok(&data, &["report", "x", "--date", "2026-11-23"], "");
    assert_eq!(
        x["sale_count"], 1,
        "the real X report counts only the real sale: {x}"
    );

    let off = ok(&data, &["training", "off"], "9999\n");
    assert_eq!(
        (off["training"].as_bool(), off["practice_records"].as_u64()),
        (Some(false), Some(20)),
        "{off}"
    );
    assert!(!data.join("training").exists());
    assert_eq!(ok(&data, &["training", "status"], "")["training"], false);
    let real = sell(&data, None);
    assert!(real.get("training").is_none(), "{real}");
    let after = ok(&data, &["journal", "verify"], "");
    // training_ended audit, then the sale.
    assert_eq!(
        after["records"].as_u64(),
        head_before["records"].as_u64().map(|n| n + 2),
        "{after}"
    );
}
