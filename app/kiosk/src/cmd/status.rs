//! `canteen status [--data DIR] [--config DIR]`: what this kiosk is and how it
//! stands, as one JSON object — also after a failure, so an operator can run
//! it first whatever went wrong:
//! `{"device_id","canteen","version","records","pending","last_sync","office"}`
//! (the ledger's device id, the canteen it was enrolled at — else the
//! configuration's canteen id — this program's version, journal records and
//! those not yet acknowledged by the office, the last sync that left nothing
//! pending, and the office it syncs with; null when unknown or none), plus
//! `database` (`ok`, or `damaged` with `problem` and the `restore` command to
//! run), `config` (the directory in use and every problem with it), `devices`
//! (each configured scanner and the printer, and whether its device file is
//! there), `last_backup` (from `DATA/last-backup.json`) and `disk` (free bytes
//! where the data lives), `key_file` (where the resident key file is kept),
//! `key_cost` (its argon2id `memory_kib` and `iterations`) and, when
//! `[privacy]` asks for another cost, `key_cost_note` saying which one wins
//! (the office's from enrolment, or the one this kiosk's keys were made
//! with). Exit 0 when all is well, 1 when the database or the
//! configuration is not (the JSON is printed either way).

use std::path::Path;

use canteen_kiosk::enrolment::with_enrolment;
use canteen_kiosk::office_sync::SyncFile;
use canteen_kiosk::sync_check;
use canteen_ledger::{Ledger, LedgerError};
use serde_json::{Value, json};

use super::backup::last_backup;
use super::common;
use super::place::Dirs;
use super::store::ledger_error;
use crate::exit::{Outcome, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The data and configuration directories (the configuration gives the
    /// canteen id, the devices and `sync.toml`).
    #[command(flatten)]
    pub dirs: Dirs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let data = &args.dirs.data.data;
    let config_dir = args.dirs.config_dir();
    if let Some(dir) = config_dir.filter(|d| !d.is_dir()) {
        // A directory that is not there is a typo, not a state to report.
        common::load_config(Some(dir))?;
    }
    let config = canteen_config::Config::load(config_dir);
    let mut config_problems: Vec<String> = match &config {
        Ok(_) => Vec::new(),
        Err(e) if e.problems.is_empty() => vec![e.to_string()],
        Err(e) => e.problems.iter().map(ToString::to_string).collect(),
    };
    if let Some(dir) = config_dir {
        config_problems.extend(sync_check::problems(dir));
    }
    let file = SyncFile::read(config_dir).unwrap_or_default();
    let backup = last_backup(data);
    let mut out = json!({
        "device_id": null, "canteen": null, "version": env!("CARGO_PKG_VERSION"),
        "records": null, "pending": null, "last_sync": null, "office": null,
        "database": "ok", "problem": null, "restore": null,
        "config": {
            "dir": config_dir.map_or_else(|| "embedded defaults".to_owned(), |d| d.display().to_string()),
            "ok": config_problems.is_empty(),
            "problems": config_problems,
        },
        "devices": config.as_ref().ok().map(|c| devices(&c.devices)),
        "last_backup": backup,
        "data": data,
        "disk": disk(data),
    });
    let mut healthy = config_problems_empty(&out);
    match Ledger::open(data) {
        Ok(ledger) => {
            let link = ledger.office_link().map_err(ledger_error)?;
            let outbox = ledger.outbox_status().map_err(ledger_error)?;
            let canteen = link
                .as_ref()
                .map(|l| l.canteen.clone())
                .or_else(|| config.as_ref().ok().map(|c| c.canteen.id.clone()));
            out["device_id"] = json!(ledger.identity().device_id);
            out["canteen"] = json!(canteen);
            out["records"] = json!(outbox.last_seq);
            out["pending"] = json!(outbox.pending);
            out["last_sync"] = json!(outbox.last_sync);
            out["office"] = json!(with_enrolment(file, link.as_ref()).office);
            let cost = ledger.key_cost();
            out["key_file"] = json!(ledger.key_dir().join(canteen_ledger::keyring::KEY_FILE));
            out["key_cost"] = json!(cost);
            out["key_cost_note"] = json!(config.as_ref().ok().and_then(|c| {
                let configured = c.privacy.key_cost;
                (configured != cost).then(|| {
                    let whose = if link.is_some() {
                        "the office's cost from enrolment wins"
                    } else {
                        "the cost this kiosk's keys were made with wins (it changes only with a new data folder or an enrolment)"
                    };
                    format!(
                        "[privacy] asks for {} KiB x {} but the resident keys use {} KiB x {}: {whose}",
                        configured.memory_kib, configured.iterations, cost.memory_kib, cost.iterations
                    )
                })
            }));
        }
        Err(e @ LedgerError::Corrupt(_)) => {
            healthy = false;
            out["database"] = json!("damaged");
            out["problem"] = json!(e.to_string());
            out["restore"] = json!(restore_hint(data, out["last_backup"].get("path")));
            out["canteen"] = json!(config.as_ref().ok().map(|c| c.canteen.id.clone()));
        }
        Err(e) => {
            healthy = false;
            out["database"] = json!(e.code().unwrap_or("unusable"));
            out["problem"] = json!(e.to_string());
        }
    }
    print_json(&out);
    Ok(if healthy {
        Outcome::Done
    } else {
        Outcome::Status(1)
    })
}

fn config_problems_empty(out: &Value) -> bool {
    out["config"]["ok"].as_bool().unwrap_or(false)
}

/// What to type to restore the last backup (or one from the backup folder).
fn restore_hint(data: &Path, last: Option<&Value>) -> String {
    let file = last
        .and_then(Value::as_str)
        .unwrap_or("/media/backup/canteen-….db");
    format!(
        "systemctl stop canteen-kiosk; canteen backup --restore {file} --data {}; systemctl start canteen-kiosk",
        data.display()
    )
}

/// Each configured device and whether its device file is there now.
fn devices(d: &canteen_config::Devices) -> Value {
    let found = |p: &Path| json!({"path": p, "found": p.exists()});
    json!({
        "scanners": d.scanners.iter().map(|p| found(p)).collect::<Vec<_>>(),
        "printer": d.printer.as_deref().map(found),
    })
}

/// Free bytes for an unprivileged writer on the data directory's file system.
fn disk(data: &Path) -> Value {
    let at = if data.exists() {
        data
    } else {
        data.parent()
            .filter(|p| p.exists())
            .unwrap_or(Path::new("."))
    };
    match rustix::fs::statvfs(at) {
        Ok(v) => json!({"path": at, "free_bytes": v.f_bavail * v.f_frsize}),
        Err(e) => json!({"path": at, "error": e.to_string()}),
    }
}
