//! `canteen backup`: online backups of the sales database and their restore.
//! The resident key file is not in a backup: it is `CONFIG/resident.key` on
//! an appliance, `DATA/resident.key` in the demo — keep it separately.
//!
//! - `--to FILE`: one backup, checked with `integrity_check` and a full
//!   journal verification before it replaces FILE.
//! - `--dir DIR [--keep N]`: what `canteen-backup.timer` runs nightly: a
//!   checked backup named `canteen-<device>-<YYYYMMDD-HHMMSS.mmm>.db` in DIR (a USB
//!   stick, say), then only the newest N (default 7) of this device's backups
//!   there are kept. Older ones are deleted only after the new one verified.
//! - `--check FILE`: the same checks on any backup file; nothing written.
//! - `--restore FILE`: refuses a backup that does not verify (exit 2,
//!   `backup_invalid`), else moves the current database aside into
//!   `DATA/damaged-<time>/` (never deleting it) and puts the backup in place.
//!   Stop the kiosk first (`systemctl stop canteen-kiosk`).
//!
//! Each backup written is also noted in `DATA/last-backup.json`, which
//! `canteen status` shows even when the database itself is damaged.

use std::fs;
use std::path::{Path, PathBuf};

use canteen_ledger::{BackupReport, check_backup, restore};
use serde_json::json;

use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, Refusal, print_json};

/// Where the last backup written is noted, inside the data directory.
pub const LAST_BACKUP: &str = "last-backup.json";

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["to", "dir", "check", "restore"])))]
pub struct Args {
    /// Write one backup to this file.
    #[arg(long)]
    pub to: Option<PathBuf>,
    /// Write a dated backup into this directory and keep the newest `--keep`.
    #[arg(long)]
    pub dir: Option<PathBuf>,
    /// With --dir: how many of this device's backups to keep (at least 1).
    #[arg(long, default_value_t = 7, requires = "dir")]
    pub keep: usize,
    /// Check a backup file (integrity and the whole chain); writes nothing.
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,
    /// Replace the database with this backup, if it verifies.
    #[arg(long, value_name = "FILE")]
    pub restore: Option<PathBuf>,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if let Some(file) = &args.check {
        let report = check_backup(file).map_err(ledger_error)?;
        print_json(
            &json!({"ok": true, "path": report.path, "records": report.records, "head": report.head, "bytes": report.bytes}),
        );
        return Ok(Outcome::Done);
    }
    if let Some(file) = &args.restore {
        return restore_from(&args.data.data, file);
    }
    if args.keep == 0 {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_keep",
            "--keep 0 would delete every backup: keep at least 1 (the default is 7)",
        )));
    }
    let ledger = args.data.open()?;
    let now = chrono::Local::now();
    if let Some(to) = &args.to {
        let report = ledger.backup(to).map_err(ledger_error)?;
        note(&args.data.data, &report, now);
        print_json(&serde_json::to_value(&report)?);
        return Ok(Outcome::Done);
    }
    let Some(dir) = &args.dir else {
        unreachable!("clap requires one of --to, --dir, --check, --restore")
    };
    fs::create_dir_all(dir).map_err(|e| {
        Refusal::new(
            "bad_backup_dir",
            format!(
                "cannot create the backup directory {} ({e}): is the USB stick mounted and writable?",
                dir.display()
            ),
        )
    })?;
    let prefix = format!("canteen-{}-", ledger.identity().device_id);
    // Milliseconds too: two backups in one second must not replace each other.
    let to = dir.join(format!("{prefix}{}.db", now.format("%Y%m%d-%H%M%S%.3f")));
    let report = ledger.backup(&to).map_err(ledger_error)?;
    note(&args.data.data, &report, now);
    let removed = prune(dir, &prefix, args.keep)?;
    tracing::info!(
        path = %report.path.display(),
        records = report.records,
        removed = removed.len(),
        "backup written and verified"
    );
    print_json(&json!({
        "path": report.path,
        "records": report.records,
        "head": report.head,
        "bytes": report.bytes,
        "kept": args.keep,
        "removed": removed,
    }));
    Ok(Outcome::Done)
}

fn restore_from(data: &Path, file: &Path) -> anyhow::Result<Outcome> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
    let report = restore(data, file, &stamp).map_err(ledger_error)?;
    tracing::info!(
        from = %file.display(),
        records = report.records,
        "database restored from a verified backup"
    );
    print_json(&serde_json::to_value(&report)?);
    Ok(Outcome::Done)
}

/// This device's backups in `dir` (their names sort by time), oldest first.
fn backups(dir: &Path, prefix: &str) -> std::io::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".db"))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Deletes all but the newest `keep` backups; the paths deleted.
fn prune(dir: &Path, prefix: &str, keep: usize) -> std::io::Result<Vec<PathBuf>> {
    let all = backups(dir, prefix)?;
    let extra = all.len().saturating_sub(keep);
    let mut removed = Vec::new();
    for old in all.into_iter().take(extra) {
        fs::remove_file(&old)?;
        removed.push(old);
    }
    Ok(removed)
}

/// Notes the backup in `DATA/last-backup.json` (a failure to note it is
/// logged: the backup itself is good).
fn note(data: &Path, report: &BackupReport, at: chrono::DateTime<chrono::Local>) {
    let text = json!({
        "path": report.path,
        "at": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        "records": report.records,
        "head": report.head,
    })
    .to_string();
    if let Err(e) = fs::write(data.join(LAST_BACKUP), text) {
        tracing::warn!("could not note the backup in {LAST_BACKUP}: {e}");
    }
}

/// What `DATA/last-backup.json` says, if anything.
pub fn last_backup(data: &Path) -> Option<serde_json::Value> {
    let text = fs::read_to_string(data.join(LAST_BACKUP)).ok()?;
    serde_json::from_str(&text).ok()
}
