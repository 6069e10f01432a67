//! The ledger commands through the real `canteen` binary: `sell`, `void`,
//! `journal verify`, `report z|x`, `residents import` and `backup`, each with
//! its JSON contract, its refusals (exit 2, nothing written) and, for verify, a
//! journal edited on disk with a hex editor's means (no SQL, no triggers).

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

/// Diners aged 70, 85 and 95 on 2026-11-23.
const AGE70: &str = "110101195611230017";
const AGE85: &str = "110101194103010021";
const AGE95: &str = "110101193101010031";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

/// Runs `canteen ARGS --data DIR`; returns the exit code and the JSON printed.
fn canteen(data: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(args)
        .arg("--data")
        .arg(data)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout));
    (out.status.code().unwrap(), json)
}

fn records(data: &Path) -> u64 {
    let (code, v) = canteen(data, &["journal", "verify"]);
    assert_eq!(code, 0, "{v}");
    v["records"].as_u64().unwrap()
}

#[test]
fn sell_prints_the_committed_sale_and_refusals_write_nothing() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let (code, sale) = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--item",
            "soup",
            "--id",
            AGE70,
            "--at",
            LUNCH,
            "--tendered",
            "2000",
        ],
    );
    assert_eq!(code, 0, "{sale}");
    assert_eq!(
        (
            sale["seq"].as_u64(),
            sale["total_fen"].as_i64(),
            sale["subsidy_fen"].as_i64()
        ),
        (Some(1), Some(1500), Some(300))
    );
    assert_eq!(sale["at"], LUNCH);
    assert_eq!(sale["hash"].as_str().unwrap().len(), 64);
    assert_eq!(sale["lines"].as_array().unwrap().len(), 2);
    assert_eq!(sale["payments"][0]["method"], "cash");
    assert_eq!(sale["payments"][0]["change_fen"], 500);
    assert!(
        !sale.to_string().contains(AGE70),
        "the ID number is never printed"
    );

    let free = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--id",
            AGE95,
            "--at",
            LUNCH,
        ],
    )
    .1;
    assert_eq!(free["payments"][0]["method"], "free");
    let mobile = canteen(
        data,
        &[
            "sell", "--demo", "--item", "soup", "--at", LUNCH, "--pay", "mobile", "--ref", "wx0001",
        ],
    )
    .1;
    assert_eq!(mobile["payments"][0]["reference"], "wx0001");

    for (args, error) in [
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--id",
                "110101195611230018",
                "--at",
                LUNCH,
                "--tendered",
                "2000",
            ],
            "invalid_id",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "caviar",
                "--at",
                LUNCH,
                "--tendered",
                "2000",
            ],
            "unknown_item",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--at",
                "2026-11-23T15:00:00+08:00",
                "--tendered",
                "2000",
            ],
            "outside_period",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--at",
                LUNCH,
                "--tendered",
                "1000",
            ],
            "too_little_tendered",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--at",
                LUNCH,
                "--pay",
                "cash",
            ],
            "missing_tendered",
        ),
        (
            vec!["sell", "--demo", "--item", "lunch-set", "--at", LUNCH],
            "not_free",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--at",
                LUNCH,
                "--pay",
                "mobile",
            ],
            "missing_reference",
        ),
        (
            vec![
                "sell",
                "--demo",
                "--item",
                "lunch-set",
                "--id",
                AGE85,
                "--at",
                LUNCH,
                "--pay",
                "card",
            ],
            "missing_card",
        ),
    ] {
        let (code, v) = canteen(data, &args);
        assert_eq!(
            (code, v["error"].as_str()),
            (2, Some(error)),
            "{args:?}: {v}"
        );
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(records(data), 3, "refused sales wrote nothing");
}

#[test]
fn verify_finds_a_journal_edited_on_disk() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    for reference in ["wx-AAAA-0001", "wx-BBBB-0002", "wx-CCCC-0003"] {
        canteen(
            data,
            &[
                "sell", "--demo", "--item", "soup", "--at", LUNCH, "--pay", "mobile", "--ref",
                reference,
            ],
        );
    }
    let (code, ok) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (code, ok["ok"].as_bool(), ok["records"].as_u64()),
        (0, Some(true), Some(3))
    );
    assert_eq!(ok["head"].as_str().unwrap().len(), 64);

    // The processes have exited, so the -wal file is checkpointed into the database.
    let db = data.join(canteen_ledger::DB_FILE);
    let bytes = fs::read(&db).unwrap();
    let at = bytes
        .windows(12)
        .position(|w| w == b"wx-BBBB-0002")
        .expect("the reference is stored as text");
    let mut edited = bytes.clone();
    edited[at..at + 12].copy_from_slice(b"wx-BBBB-9999");
    fs::write(&db, edited).unwrap();
    let (code, broken) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (
            code,
            broken["ok"].as_bool(),
            broken["first_bad_seq"].as_u64()
        ),
        (1, Some(false), Some(2)),
        "{broken}"
    );
    assert!(broken["reason"].as_str().unwrap().contains("edited"));
}

#[test]
fn report_z_closes_once_and_x_shows_the_day() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--id",
            AGE85,
            "--at",
            LUNCH,
            "--tendered",
            "1000",
        ],
    );
    canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--at",
            LUNCH,
            "--tendered",
            "1500",
        ],
    );
    let (code, x) = canteen(data, &["report", "x", "--date", "2026-11-23"]);
    assert_eq!(code, 0, "{x}");
    assert_eq!(
        (
            x["net_fen"].as_i64(),
            x["subsidy_fen"].as_i64(),
            x["sale_count"].as_u64()
        ),
        (Some(2500), Some(500), Some(2))
    );
    let z = canteen(
        data,
        &[
            "report",
            "z",
            "--date",
            "2026-11-23",
            "--at",
            "2026-11-23T20:00:00+08:00",
        ],
    )
    .1;
    assert_eq!(
        (
            z["seq"].as_u64(),
            z["net_fen"].as_i64(),
            z["head_seq"].as_u64()
        ),
        (Some(3), Some(2500), Some(2))
    );
    let again = canteen(
        data,
        &[
            "report",
            "z",
            "--date",
            "2026-11-23",
            "--at",
            "2026-11-23T21:00:00+08:00",
        ],
    )
    .1;
    assert_eq!(z, again, "closing twice returns the same closing");
    let (code, text) = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args([
            "report",
            "z",
            "--date",
            "2026-11-23",
            "--format",
            "text",
            "--data",
        ])
        .arg(data)
        .output()
        .map(|o| {
            (
                o.status.code().unwrap(),
                String::from_utf8(o.stdout).unwrap(),
            )
        })
        .unwrap();
    assert_eq!(code, 0);
    assert!(
        text.contains("¥25.00") && text.contains(z["chain_head"].as_str().unwrap()),
        "{text}"
    );
    let (code, late) = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "dinner-set",
            "--at",
            "2026-11-23T18:00:00+08:00",
            "--tendered",
            "1500",
        ],
    );
    assert_eq!((code, late["error"].as_str()), (2, Some("day_closed")));
}

#[test]
fn residents_import_is_all_or_nothing_unless_told_otherwise() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let csv = dir.path().join("residents.csv");
    fs::write(&csv, format!("id_number,name,categories,card_no,status\n{AGE70},张小明,dibao,C001,\n12345,李四,,,\n{AGE85},王五,,,suspended\n")).unwrap();
    let csv = csv.to_str().unwrap();
    let (code, refused) = canteen(data, &["residents", "import", csv]);
    assert_eq!((code, refused["error"].as_str()), (2, Some("bad_rows")));
    assert!(
        refused["message"].as_str().unwrap().contains("line 3"),
        "{refused}"
    );
    let before = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--id",
            AGE70,
            "--at",
            LUNCH,
            "--tendered",
            "2000",
        ],
    )
    .1;
    assert_eq!(
        before["total_fen"], 1200,
        "nothing was imported: no dibao yet"
    );

    let (code, counts) = canteen(data, &["residents", "import", csv, "--skip-bad"]);
    assert_eq!(code, 0, "{counts}");
    assert_eq!(
        (counts["added"].as_u64(), counts["skipped"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(counts["bad"][0]["line"], 3);
    // A card sale needs the balance: a cashier tops the card up with cash first.
    let mut add = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args([
            "staff", "add", "--name", "li", "--role", "cashier", "--data",
        ])
        .arg(data)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut add.stdin.take().unwrap(), b"2468\n").unwrap();
    assert!(add.wait().unwrap().success());
    let (code, up) = canteen(
        data,
        &[
            "card", "top-up", "--card", "C001", "--amount", "2000", "--staff", "li", "--at", LUNCH,
        ],
    );
    assert_eq!(code, 0, "{up}");
    let dinner = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "dinner-set",
            "--id",
            AGE70,
            "--at",
            "2026-11-23T18:00:00+08:00",
            "--pay",
            "card",
        ],
    )
    .1;
    assert_eq!(
        (
            dinner["total_fen"].as_i64(),
            dinner["payments"][0]["card_no"].as_str()
        ),
        (Some(1152), Some("C001"))
    );
    assert_eq!(dinner["card_balance_fen"].as_i64(), Some(2000 - 1152));
    let (code, suspended) = canteen(
        data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--id",
            AGE85,
            "--at",
            LUNCH,
            "--tendered",
            "2000",
        ],
    );
    assert_eq!(
        (code, suspended["error"].as_str()),
        (2, Some("resident_suspended"))
    );
}

#[test]
fn backup_writes_a_verified_copy() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    canteen(
        &data,
        &[
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--id",
            AGE70,
            "--at",
            LUNCH,
            "--tendered",
            "2000",
        ],
    );
    let to = dir.path().join("backup.db");
    let (code, report) = canteen(&data, &["backup", "--to", to.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["records"], 1);
    let restored = dir.path().join("restored");
    fs::create_dir(&restored).unwrap();
    fs::copy(&to, restored.join(canteen_ledger::DB_FILE)).unwrap();
    fs::copy(data.join("resident.key"), restored.join("resident.key")).unwrap();
    let (code, v) = canteen(&restored, &["journal", "verify"]);
    assert_eq!((code, &v["head"]), (0, &report["head"]));
}
