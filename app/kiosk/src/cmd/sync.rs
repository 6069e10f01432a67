//! `canteen sync [--office URL] [--token TOKEN] [--data DIR] [--config DIR]`:
//! pushes every journal record above the office's high-water mark in batches,
//! marking the outbox acknowledged only with marks the office sent back. Prints
//! `{"stored","replayed","batches","high_water","pending","last_sync"}`; exit 0
//! only when nothing is left pending.
//!
//! Then, when the office's public key is configured, it pulls the latest
//! signed bundle and keeps it in `bundle.json` in the data directory if it is
//! newer than the one there and its signature verifies (a forged or altered
//! bundle fails the run and changes nothing).
//!
//! URL, token and key come from the flags, else from `sync.toml` in the config
//! directory (`office = "https://…"`, `token = "…"`, `office_key = "hex"`,
//! `office_ca = "/path/ca.pem"`, `nightly = "02:00"`).
//! With `--nightly HH:MM` (or `nightly` in `sync.toml` and `--daemon`) the
//! command keeps running and syncs every night at that local time, backing off
//! after failures (see `canteen_sync::schedule`).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use canteen_ledger::Ledger;
use canteen_sync::SyncError;
use canteen_sync::client::OfficeClient;
use canteen_sync::push::{PushReport, RecordSource, push_all};
use canteen_sync::schedule::{SyncHistory, next_run};
use canteen_sync::signing::{OfficePublicKey, SignedBundle};
use canteen_sync::wire::WireRecord;
use chrono::{DateTime, FixedOffset, NaiveTime, Utc};
use indicatif::ProgressBar;
use serde_json::json;

use super::common;
use super::store::DataArgs;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The office's base URL, e.g. https://office.example:8443.
    #[arg(long)]
    pub office: Option<String>,
    /// This device's token from `canteen-office device add`.
    #[arg(long)]
    pub token: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration directory (timezone, and `sync.toml`).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// PEM certificate to trust for an office with its own CA or a
    /// self-signed certificate (default: the public web PKI roots).
    #[arg(long)]
    pub office_ca: Option<PathBuf>,
    /// The office's ed25519 public key (hex), to verify bundles.
    #[arg(long)]
    pub office_key: Option<String>,
    /// Records per request.
    #[arg(long, default_value_t = 500)]
    pub batch_size: usize,
    /// Deadline of each request, in milliseconds.
    #[arg(long, default_value_t = 15_000)]
    pub timeout_ms: u64,
    /// Keep running and sync every night at the configured time (`--nightly` or `sync.toml`).
    #[arg(long)]
    pub daemon: bool,
    /// The local time of the nightly sync (HH:MM), for `--daemon`.
    #[arg(long)]
    pub nightly: Option<String>,
}

/// `sync.toml`: where the office is and when to sync.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SyncFile {
    office: Option<String>,
    token: Option<String>,
    office_key: Option<String>,
    office_ca: Option<PathBuf>,
    nightly: Option<String>,
}

/// The verified bundle kept in the data directory.
const BUNDLE_FILE: &str = "bundle.json";

/// Pulls the latest bundle; its version when a newer verified one was kept.
fn pull_bundle(
    client: &OfficeClient,
    device_id: &str,
    key: &OfficePublicKey,
    data: &Path,
) -> anyhow::Result<Option<u64>> {
    let Some(offered) = client.latest_bundle(device_id)? else {
        return Ok(None);
    };
    let bundle = key.verify_bundle(&offered)?;
    let path = data.join(BUNDLE_FILE);
    let held = match std::fs::read_to_string(&path) {
        Ok(text) => {
            key.verify_bundle(&serde_json::from_str::<SignedBundle>(&text)?)?
                .version
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0,
        Err(e) => return Err(e.into()),
    };
    if bundle.version <= held {
        return Ok(None);
    }
    let tmp = data.join(format!("{BUNDLE_FILE}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    std::io::Write::write_all(&mut file, &serde_json::to_vec(&offered)?)?;
    file.sync_all()?;
    std::fs::rename(&tmp, &path)?;
    std::fs::File::open(data)?.sync_all()?;
    Ok(Some(bundle.version))
}

fn sync_file(dir: Option<&Path>) -> anyhow::Result<SyncFile> {
    let Some(path) = dir.map(|d| d.join("sync.toml")).filter(|p| p.exists()) else {
        return Ok(SyncFile::default());
    };
    let text = std::fs::read_to_string(&path)?;
    toml::from_str(&text)
        .map_err(|e| Refusal::new("bad_config", format!("{}: {e}", path.display())).into())
}

/// The ledger as the upload loop's record source.
struct LedgerSource<'a> {
    ledger: &'a mut Ledger,
    tz: FixedOffset,
}

fn source_error(e: canteen_ledger::LedgerError) -> SyncError {
    SyncError::Source(e.to_string())
}

impl RecordSource for LedgerSource<'_> {
    fn records_after(&mut self, seq: u64, limit: usize) -> Result<Vec<WireRecord>, SyncError> {
        let stored = self
            .ledger
            .records_after(seq, limit)
            .map_err(source_error)?;
        Ok(stored
            .into_iter()
            .map(|r| WireRecord {
                seq: r.seq,
                format_version: r.format_version,
                prev_hash: r.prev_hash,
                hash: r.hash,
                record: r.record,
            })
            .collect())
    }

    fn acknowledged(&mut self, seq: u64) -> Result<(), SyncError> {
        let now = Utc::now().with_timezone(&self.tz);
        self.ledger
            .acknowledge(seq, now)
            .map(drop)
            .map_err(source_error)
    }

    fn last_seq(&mut self) -> Result<u64, SyncError> {
        Ok(self.ledger.outbox_status().map_err(source_error)?.last_seq)
    }
}

fn sync_once(
    ledger: &mut Ledger,
    client: &OfficeClient,
    tz: FixedOffset,
    batch_size: usize,
) -> Result<PushReport, SyncError> {
    let id = ledger.identity().clone();
    let bar = ProgressBar::new(0);
    let mut source = LedgerSource { ledger, tz };
    let report = push_all(
        client,
        &mut source,
        &id.device_id,
        &id.db_epoch,
        batch_size.max(1),
        &mut |done, last| {
            bar.set_length(last);
            bar.set_position(done.min(last));
        },
    );
    bar.finish_and_clear();
    report
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = common::load_config(args.config.as_deref())?;
    let file = sync_file(args.config.as_deref())?;
    let missing = |what: &str| {
        Refusal::new(
            "missing_office",
            format!("no office {what}: pass --{what} or set `{what}` in sync.toml"),
        )
    };
    let office = args
        .office
        .or(file.office)
        .ok_or_else(|| missing("office"))?;
    let token = args.token.or(file.token).ok_or_else(|| missing("token"))?;
    let timeout = Duration::from_millis(args.timeout_ms);
    let client = match args.office_ca.or(file.office_ca) {
        None => OfficeClient::new(&office, &token, timeout),
        Some(path) => {
            let pem = std::fs::read(&path)
                .with_context(|| format!("cannot read the office CA file {}", path.display()))?;
            OfficeClient::with_private_ca(&office, &token, timeout, &pem)?
        }
    };
    let tz = config.canteen.timezone;
    let mut ledger = args.data.open()?;
    if args.daemon {
        let text = args
            .nightly
            .or(file.nightly)
            .unwrap_or_else(|| "02:00".into());
        let nightly = NaiveTime::parse_from_str(&text, "%H:%M")
            .map_err(|_| Refusal::new("bad_time", format!("nightly time `{text}` is not HH:MM")))?;
        return nightly_loop(&mut ledger, &client, tz, args.batch_size, nightly);
    }
    let key = match args.office_key.or(file.office_key) {
        Some(hex) => Some(
            OfficePublicKey::from_hex(&hex)
                .map_err(|e| Refusal::new("bad_config", e.to_string()))?,
        ),
        None => None,
    };
    let report = sync_once(&mut ledger, &client, tz, args.batch_size);
    let status = ledger.outbox_status().map_err(super::store::ledger_error)?;
    match report {
        Ok(r) => {
            let device_id = ledger.identity().device_id.clone();
            let bundle = match &key {
                Some(key) => pull_bundle(&client, &device_id, key, &args.data.data),
                None => Ok(None),
            };
            let bundle = match bundle {
                Ok(version) => version,
                Err(e) => {
                    print_json(
                        &json!({ "error": "bundle_refused", "message": e.to_string(), "pending": status.pending }),
                    );
                    eprintln!("error: the office bundle was not taken: {e}");
                    return Ok(Outcome::Status(1));
                }
            };
            print_json(&json!({
                "stored": r.stored, "replayed": r.replayed, "batches": r.batches,
                "high_water": r.high_water.seq, "pending": status.pending, "last_sync": status.last_sync,
                "bundle": bundle,
            }));
            Ok(if status.pending == 0 {
                Outcome::Done
            } else {
                Outcome::Status(1)
            })
        }
        Err(e) => {
            print_json(
                &json!({ "error": "sync_failed", "message": e.to_string(), "pending": status.pending }),
            );
            eprintln!("error: {e}");
            Ok(Outcome::Status(1))
        }
    }
}

fn nightly_loop(
    ledger: &mut Ledger,
    client: &OfficeClient,
    tz: FixedOffset,
    batch_size: usize,
    nightly: NaiveTime,
) -> anyhow::Result<Outcome> {
    let last_sync = ledger
        .outbox_status()
        .map_err(super::store::ledger_error)?
        .last_sync;
    let mut history = SyncHistory {
        last_success: last_sync.and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
        ..Default::default()
    };
    loop {
        let now = Utc::now().with_timezone(&tz);
        let wait = (next_run(now, nightly, &history) - now)
            .to_std()
            .unwrap_or(Duration::ZERO);
        std::thread::sleep(wait);
        let now = Utc::now().with_timezone(&tz);
        match sync_once(ledger, client, tz, batch_size) {
            Ok(r) => {
                eprintln!("sync ok: office holds up to record {}", r.high_water.seq);
                history = SyncHistory {
                    last_success: Some(now),
                    ..Default::default()
                };
            }
            Err(e) => {
                eprintln!("sync failed (will retry): {e}");
                history.failures += 1;
                history.last_failure = Some(now);
            }
        }
    }
}
