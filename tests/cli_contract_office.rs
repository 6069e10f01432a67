//! The `canteen-office` CLI contract under bad input: every failure prints
//! exactly one JSON object `{"error","message"}` on stdout and exits 2 (usage,
//! refusal, missing file) or 1 (a full disk …), with no panic text; `--help`
//! and `--version` still print and exit 0.

use tempfile::TempDir;

mod support;
use support::cli::{assert_error_table, assert_help_and_version};

#[test]
fn every_bad_invocation_exits_with_the_json_error_shape() {
    let table = include_str!("cli_contract/office.table");
    assert_error_table(&support::bins::canteen_office(), table, &[]);
}

#[test]
fn help_and_version_still_print_and_exit_0() {
    let bin = support::bins::canteen_office();
    assert_help_and_version(&bin, "canteen-office", &[&["report", "subsidy", "--help"]]);
}

#[test]
fn the_delivery_report_is_csv_with_its_header_even_when_empty() {
    let dir = TempDir::new().unwrap();
    let line = "report delivery --month 2026-11 --data {dir}/data";
    let vars = [("dir", dir.path().to_str().unwrap())];
    let r = support::cli::run_line(&support::bins::canteen_office(), line, &vars);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().collect::<Vec<_>>(),
        ["canteen,route,delivered_meals,not_delivered_meals,unconfirmed_meals,fee_fen"]
    );
}
