//! The `canteen` CLI contract under bad input: every failure of every command
//! — argument parsing, missing files, refusals — prints exactly one JSON
//! object `{"error","message"}` on stdout and exits 2 (usage, refusal) or 1
//! (internal), with no panic text; `--help` and `--version` still print and
//! exit 0. Also `canteen id` (masked unless `--reveal` on a terminal) and
//! `residents import` refusing to move a meal card without `--move-cards`.
//! The office binary's table is in `cli_contract_office.rs`; both share
//! `support::cli`.

use std::fs;
use std::path::Path;

use canteen_core::cashier::AuditAction;
use canteen_core::journal::RecordBody;
use serde_json::Value;
use tempfile::TempDir;

mod support;
use support::cli::{Run, assert_error_table, assert_help_and_version, error_object};

const AGE70: &str = "110101195611230017";
const AGE85: &str = "110101194103010021";

fn canteen<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    support::cli::run(&support::bins::canteen(), args)
}

#[test]
fn every_bad_invocation_exits_with_the_json_error_shape() {
    let table = include_str!("cli_contract/kiosk.table");
    assert_error_table(&support::bins::canteen(), table, &[("AGE70", AGE70)]);
}

#[test]
fn help_and_version_still_print_and_exit_0() {
    let helps: [&[&str]; 3] = [
        &["-h"],
        &["sell", "--help"],
        &["residents", "import", "--help"],
    ];
    assert_help_and_version(&support::bins::canteen(), "canteen", &helps);
    // A missing subcommand shows its help (on stderr) and is a usage error.
    let r = canteen(&["staff"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("Usage:"), "{}", r.stderr);
    assert_eq!(error_object(&["staff"], &r)["error"], "usage");
}

#[test]
fn id_prints_the_masked_form_and_never_reveals_into_a_pipe() {
    let r = canteen(&["id", "11010519491231002X", "--on", "2026-11-23"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(json["normalized"], "110***********002X");
    assert!(!r.stdout.contains("11010519491231002X"), "{}", r.stdout);

    // stdout is a pipe here: --reveal is refused and prints no number.
    let args = ["id", "11010519491231002X", "--reveal"];
    let r = canteen(&args);
    assert_eq!(r.code, 2);
    assert_eq!(error_object(&args, &r)["error"], "reveal_not_terminal");
    assert!(!r.stdout.contains("0519491231"), "{}", r.stdout);
    assert!(!r.stderr.contains("0519491231"), "{}", r.stderr);
}

fn import(data: &Path, csv: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec![
        "residents",
        "import",
        csv.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let r = canteen(&args);
    let json = serde_json::from_str(r.stdout.trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {:?} {}", r.stdout, r.stderr));
    (r.code, json)
}

fn card_moves(data: &Path) -> Vec<String> {
    let ledger = canteen_ledger::Ledger::open(data).unwrap();
    ledger
        .records_after(0, usize::MAX)
        .unwrap()
        .into_iter()
        .filter_map(|r| match r.record.body {
            RecordBody::Audit(a) if a.action == AuditAction::CardMoved => Some(a.detail),
            _ => None,
        })
        .collect()
}

#[test]
fn moving_a_meal_card_to_another_resident_needs_move_cards_and_is_audited() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let first = dir.path().join("first.csv");
    let second = dir.path().join("second.csv");
    let header = "id_number,name,categories,card_no,status";
    fs::write(&first, format!("{header}\n{AGE70},张小明,,20261234,\n")).unwrap();
    // The same card, now on another resident's row.
    fs::write(&second, format!("{header}\n{AGE85},王五,,20261234,\n")).unwrap();

    let (code, counts) = import(&data, &first, &[]);
    assert_eq!((code, counts["added"].as_u64()), (0, Some(1)), "{counts}");
    assert_eq!(counts["moved"], 0);

    let (code, refused) = import(&data, &second, &[]);
    assert_eq!(
        (code, refused["error"].as_str()),
        (2, Some("bad_rows")),
        "{refused}"
    );
    let message = refused["message"].as_str().unwrap();
    assert!(
        message.contains("line 2") && message.contains("held by another resident"),
        "{message}"
    );
    assert!(message.contains("--move-cards"), "{message}");
    assert!(!message.contains("20261234"), "masked card: {message}");
    assert!(card_moves(&data).is_empty(), "nothing moved");

    // Re-importing the holder's own row is not a move.
    let (code, counts) = import(&data, &first, &[]);
    assert_eq!((code, counts["updated"].as_u64()), (0, Some(1)), "{counts}");

    let (code, counts) = import(&data, &second, &["--move-cards"]);
    assert_eq!(code, 0, "{counts}");
    assert_eq!(
        (counts["added"].as_u64(), counts["moved"].as_u64()),
        (Some(1), Some(1))
    );
    let moves = card_moves(&data);
    assert_eq!(moves.len(), 1, "{moves:?}");
    assert!(moves[0].contains("****1234"), "{}", moves[0]);
    assert!(!moves[0].contains("20261234"), "{}", moves[0]);
    assert!(!moves[0].contains(AGE70) && !moves[0].contains(AGE85));
}

#[test]
fn a_locked_ledger_exits_1_with_what_to_do() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let csv = dir.path().join("r.csv");
    fs::write(
        &csv,
        format!("id_number,name,categories,card_no,status\n{AGE70},张小明,,,\n"),
    )
    .unwrap();
    drop(canteen_ledger::Ledger::open(&data).unwrap());
    // Another process holds the write lock for longer than the busy timeout.
    let holder = rusqlite::Connection::open(data.join(canteen_ledger::DB_FILE)).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let args = [
        "residents",
        "import",
        csv.to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
    ];
    let r = canteen(&args);
    let json = error_object(&args, &r);
    assert_eq!(
        (r.code, json["error"].as_str()),
        (1, Some("database_busy")),
        "{json}"
    );
    assert!(json["message"].as_str().unwrap().contains("wait"), "{json}");
    holder.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_delivery_roster_of_no_standing_orders_is_json_and_empty() {
    let dir = TempDir::new().unwrap();
    let line = "delivery roster --date 2026-11-23 --period lunch \
                --at 2026-11-23T11:30:00+08:00 --data {dir}/data";
    let vars = [("dir", dir.path().to_str().unwrap())];
    let r = support::cli::run_line(&support::bins::canteen(), line, &vars);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(json["prepared"], 0);
    assert_eq!(json["lines"], serde_json::json!([]));
    assert_eq!(json["printed"], false);
}
