//! The nightly backup as `canteen-backup.timer` runs it: the command line of
//! `packaging/systemd/canteen-backup.service` (its `ExecStart`, with the
//! unit's variables filled in) keeps the newest N backups, each of which
//! verifies; a restore from the newest passes `journal verify`; a backup that
//! does not verify is refused and changes nothing; and a kiosk whose database
//! is damaged says so in `canteen status`, with the restore command.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tempfile::TempDir;

const AGE70: &str = "110101195611230017";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";
const UNIT: &str = include_str!("../../../packaging/systemd/canteen-backup.service");

mod support;
use support::{Sell, canteen, run_canteen};

/// Sells the night's one lunch.
fn sell(data: &Path) {
    let lunch = Sell::demo("lunch-set").id(AGE70).at(LUNCH).tendered(2000);
    let (code, sale) = canteen(data, lunch.args());
    assert_eq!(code, 0, "{sale}");
}

/// The unit's `ExecStart` as the timer would run it, for this data and dir.
fn timer_command(data: &Path, dir: &Path, keep: usize) -> Vec<String> {
    let line = UNIT
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .expect("canteen-backup.service has an ExecStart");
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words[0], "/usr/bin/canteen", "{line}");
    words[1..]
        .iter()
        .map(|w| match *w {
            "${CANTEEN_BACKUP_DIR}" => dir.display().to_string(),
            "${CANTEEN_BACKUP_KEEP}" => keep.to_string(),
            "/var/lib/canteen" => data.display().to_string(),
            other => {
                assert!(!other.contains('$'), "an unknown variable in {line}");
                other.to_owned()
            }
        })
        .collect()
}

fn backups(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    all.sort();
    all
}

fn records(data: &Path) -> (i32, Value) {
    canteen(data, &["journal", "verify"])
}

/// Overwrites the database's first page, as a failing SD card might.
fn damage(data: &Path) {
    let path = data.join(canteen_ledger::DB_FILE);
    let mut bytes = fs::read(&path).unwrap();
    bytes[..4096].fill(0xA5);
    fs::write(&path, bytes).unwrap();
}

#[test]
fn the_timer_keeps_n_verified_backups_and_the_newest_restores() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let stick = tmp.path().join("stick");
    let keep = 3;
    for night in 1..=5 {
        sell(&data);
        let (code, out) = run_canteen(&timer_command(&data, &stick, keep), "");
        assert_eq!(code, 0, "night {night}: {out}");
        assert_eq!(out["records"], night, "{out}");
        assert_eq!(backups(&stick).len(), night.min(keep), "night {night}");
    }
    let kept = backups(&stick);
    let mut counts = Vec::new();
    for file in &kept {
        let (code, check) = run_canteen(&["backup", "--check", file.to_str().unwrap()], "");
        assert_eq!(code, 0, "{}: {check}", file.display());
        counts.push(check["records"].as_u64().unwrap());
    }
    assert_eq!(counts, [3, 4, 5], "the newest three nights, oldest first");
    let newest = kept.last().unwrap();

    // The status shows the last backup; then the database is damaged.
    let (code, status) = canteen(&data, &["status"]);
    assert_eq!(code, 0, "{status}");
    assert_eq!(status["database"], "ok");
    assert_eq!(status["last_backup"]["path"], newest.to_str().unwrap());
    assert!(
        status["disk"]["free_bytes"].as_u64().unwrap() > 0,
        "{status}"
    );
    damage(&data);
    let (code, status) = canteen(&data, &["status"]);
    assert_eq!(code, 1, "{status}");
    assert_eq!(status["database"], "damaged", "{status}");
    let restore = status["restore"].as_str().unwrap();
    assert!(
        restore.contains(&format!("canteen backup --restore {}", newest.display())),
        "{restore}"
    );
    let (code, _) = records(&data);
    assert_eq!(code, 1, "a damaged chain does not verify");

    // A backup that does not verify is refused and changes nothing.
    let bad = tmp.path().join("bad.db");
    let mut bytes = fs::read(newest).unwrap();
    bytes.truncate(bytes.len() / 2);
    fs::write(&bad, bytes).unwrap();
    let before = fs::read(data.join(canteen_ledger::DB_FILE)).unwrap();
    let (code, refused) = canteen(&data, &["backup", "--restore", bad.to_str().unwrap()]);
    assert_eq!(
        (code, &refused["error"]),
        (2, &Value::from("backup_invalid")),
        "{refused}"
    );
    assert_eq!(
        fs::read(data.join(canteen_ledger::DB_FILE)).unwrap(),
        before
    );

    // The newest backup restores; the damaged file is kept aside.
    let (code, restored) = canteen(&data, &["backup", "--restore", newest.to_str().unwrap()]);
    assert_eq!(code, 0, "{restored}");
    let aside = PathBuf::from(restored["moved_aside"].as_str().unwrap());
    assert_eq!(
        fs::read(aside.join(canteen_ledger::DB_FILE)).unwrap(),
        before
    );
    let (code, verified) = records(&data);
    assert_eq!(code, 0, "{verified}");
    assert_eq!(verified["records"], 5);
    sell(&data);
    assert_eq!(
        records(&data).1["records"],
        6,
        "the restored kiosk sells on"
    );
}

#[test]
fn keep_zero_is_refused() {
    let tmp = TempDir::new().unwrap();
    let data = tmp.path().join("data");
    let (code, out) = run_canteen(&timer_command(&data, &tmp.path().join("stick"), 0), "");
    assert_eq!(
        (code, &out["error"]),
        (2, &Value::from("bad_keep")),
        "{out}"
    );
}
