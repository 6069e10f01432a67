//! The `canteen-office` CLI contract under bad input: every failure prints
//! exactly one JSON object `{"error","message"}` on stdout and exits 2 (usage,
//! refusal, missing file) or 1 (a full disk …), with no panic text; `--help`
//! and `--version` still print and exit 0.

use tempfile::TempDir;

mod support;
use support::cli::{Run, assert_error_table};

fn office<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Run {
    support::cli::run(&support::bins::canteen_office(), args)
}

#[test]
fn every_bad_invocation_exits_with_the_json_error_shape() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("office");
    let data = data.to_str().unwrap();
    let missing = dir.path().join("no-such-file.csv");
    let missing = missing.to_str().unwrap();
    let png = dir.path().join("card.png");
    let png = png.to_str().unwrap();
    let vars = [("data", data), ("missing", missing), ("png", png)];

    // (command line, exit status, error code or "" for any code)
    let table = [
        ("", 2, "usage"),
        ("frobnicate", 2, "usage"),
        ("menu dishes set --canteen east", 2, "usage"),
        (
            "menu dishes set --canteen east --date 2026-13-01 --period lunch --file {missing} --data {data}",
            2,
            "usage",
        ),
        (
            "menu dishes set --canteen east --date 2026-12-07 --period lunch --file {missing} --data {data}",
            2,
            "not_found",
        ),
        ("device", 2, "usage"),
        ("device add", 2, "usage"),
        ("device add --name k1 --expires-hours 0", 2, "usage"),
        ("device add --name k1 --expires-hours abc", 2, "usage"),
        ("report subsidy --from x --to y", 2, "usage"),
        ("report subsidy --from 2026-11-01", 2, "usage"),
        (
            "report subsidy --from 2026-11-01 --to 2026-11-30 --format pdf",
            2,
            "usage",
        ),
        (
            "report subsidy --from 2026-11-01 --to 2026-11-30 --format xlsx --data {data}",
            2,
            "missing_out",
        ),
        (
            "report subsidy --out /dev/full --from 2026-11-01 --to 2026-11-30 --data {data}",
            1,
            "disk_full",
        ),
        (
            "report partner --out /dev/full --from 2026-11-01 --to 2026-11-30 --data {data}",
            1,
            "disk_full",
        ),
        ("report gaps --out /dev/full --data {data}", 1, "disk_full"),
        ("bundle issue --version abc", 2, "usage"),
        (
            "bundle issue --version 1 --canteen west --data {data}",
            2,
            "usage",
        ),
        (
            "bundle issue --version 1 --residents {missing} --data {data}",
            2,
            "not_found",
        ),
        (
            "bundle issue --version 1 --menu {missing} --data {data}",
            2,
            "not_found",
        ),
        (
            "card issue --resident abc --out {png} --data {data}",
            2,
            "bad_card_no",
        ),
        (
            "card issue --resident 88001234 --born 1941-02-30 --out {png} --data {data}",
            2,
            "bad_born",
        ),
        ("card issue --out {png}", 2, "usage"),
        ("residents import", 2, "usage"),
        ("residents import {missing} --data {data}", 2, "not_found"),
        ("residents delivery", 2, "usage"),
        ("residents delivery set --id 110101195611230017", 2, "usage"),
        (
            "residents delivery set --id 1234 --address a --route r --periods lunch --data {data}",
            2,
            "bad_id",
        ),
        (
            "residents delivery set --id 110101195611230017 --address a --route r --periods brunch --data {data}",
            2,
            "bad_delivery_order",
        ),
        (
            "residents delivery set --id 110101195611230017 --address a --route r --periods lunch --meals 0 --data {data}",
            2,
            "bad_delivery_order",
        ),
        (
            "residents delivery set --id 110101195611230017 --address a --route r --periods lunch --data {data}",
            2,
            "unknown_resident",
        ),
        (
            "residents delivery clear --id 1234 --data {data}",
            2,
            "bad_id",
        ),
        ("report delivery", 2, "usage"),
        ("report delivery --month 2026-13", 2, "usage"),
        ("serve --tls-cert cert.pem", 2, "usage"),
        ("key --bogus", 2, "usage"),
    ];
    assert_error_table(&support::bins::canteen_office(), &table, &vars);
}

#[test]
fn help_and_version_still_print_and_exit_0() {
    for args in [vec!["--help"], vec!["report", "subsidy", "--help"]] {
        let r = office(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Usage:"), "{args:?}: {}", r.stdout);
    }
    let r = office(&["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("canteen-office "), "{}", r.stdout);
}

#[test]
fn the_delivery_report_is_csv_with_its_header_even_when_empty() {
    let dir = tempfile::TempDir::new().unwrap();
    let data = dir.path().join("data");
    let r = office(&[
        "report",
        "delivery",
        "--month",
        "2026-11",
        "--data",
        data.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout.lines().collect::<Vec<_>>(),
        ["canteen,route,delivered_meals,not_delivered_meals,unconfirmed_meals,fee_fen"]
    );
}
