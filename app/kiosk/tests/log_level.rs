//! The kiosk's log level comes from `[log] level` in `canteen.toml`, and
//! `RUST_LOG` wins over it: the operator's one-off environment beats the
//! conffile. Shown on `canteen sell`, which logs each committed sale at
//! `info` on stderr (stdout keeps its one JSON object either way).

use std::fs;
use std::process::Command;

use tempfile::TempDir;

mod support;
use support::Sell;

const AGE70: &str = "110101195611230017";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";
const DEFAULTS: &str = include_str!("../../../config/defaults/canteen.toml");

/// A configuration directory whose `canteen.toml` is the shipped one with
/// `level` as its log level.
fn config_with_level(level: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let shipped = "[log]\nlevel = \"info\"";
    assert!(
        DEFAULTS.contains(shipped),
        "the shipped canteen.toml has a [log] section"
    );
    let text = DEFAULTS.replace(shipped, &format!("[log]\nlevel = \"{level}\""));
    fs::write(dir.path().join("canteen.toml"), text).unwrap();
    dir
}

/// Sells one lunch on a fresh kiosk whose configured log level is `level`,
/// with `RUST_LOG` set to `rust_log` if given; the sale must succeed. What
/// it logged on stderr.
fn sale_log(level: &str, rust_log: Option<&str>) -> String {
    let data = TempDir::new().unwrap();
    let config = config_with_level(level);
    let lunch = Sell::demo("lunch-set").id(AGE70).at(LUNCH).tendered(2000);
    let mut cmd = Command::new(support::canteen_exe());
    cmd.args(lunch.args())
        .arg("--data")
        .arg(data.path())
        .arg("--config")
        .arg(config.path())
        .env_remove("RUST_LOG")
        .env_remove("JOURNAL_STREAM");
    if let Some(filter) = rust_log {
        cmd.env("RUST_LOG", filter);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let sale: serde_json::Value =
        serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout} / {stderr}"));
    assert!(sale["seq"].is_u64(), "{sale}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    stderr
}

#[test]
fn the_shipped_level_logs_each_sale() {
    let log = sale_log("info", None);
    assert!(log.contains("sale committed"), "{log}");
}

#[test]
fn a_quieter_configured_level_hides_info_lines() {
    let log = sale_log("warn", None);
    assert!(!log.contains("sale committed"), "{log}");
}

#[test]
fn rust_log_wins_over_the_configuration() {
    let log = sale_log("error", Some("info"));
    assert!(log.contains("sale committed"), "{log}");
}

#[test]
fn an_unknown_level_is_refused_with_the_choices() {
    let config = config_with_level("loud");
    let out = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(["config", "check", "--config"])
        .arg(config.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_ne!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("log.level"), "{stdout}");
    assert!(
        stdout.contains("error, warn, info, debug, trace"),
        "{stdout}"
    );
}
