//! `canteen sync [--office URL] [--token TOKEN] [--data DIR] [--config DIR]`:
//! pushes every journal record above the office's high-water mark in batches,
//! marking the outbox acknowledged only with marks the office sent back. Prints
//! `{"stored","replayed","batches","high_water","pending","last_sync"}`; exit 0
//! only when nothing is left pending.
//!
//! Then, when the office's public key is configured, it pulls the latest
//! signed bundle and, if it is newer than the one held and its signature
//! verifies, applies it — residents into the registry, menu and pricing into
//! `--config DIR` for the next start — and keeps it in `bundle.json` in the
//! data directory. A forged or altered bundle, or one whose contents do not
//! validate, fails the run and changes nothing.
//!
//! URL, token and key come from the flags, else from `sync.toml` in the config
//! directory (`office = "https://…"`, `token = "…"`, `office_key = "hex"`,
//! `office_ca = "/path/ca.pem"`, `nightly = "02:00"`), else from the
//! enrolment `canteen enroll` stored in the ledger.
//! With `--nightly HH:MM` (or `nightly` in `sync.toml` and `--daemon`) the
//! command keeps running and syncs every night at that local time, backing off
//! after failures (see `canteen_sync::schedule`), pulling bundles after each
//! successful push when the key is configured. The loop is
//! `canteen_kiosk::office_sync`, the same one `canteen kiosk` runs on a
//! background thread when `sync.toml` names an office.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use canteen_kiosk::enrolment::with_enrolment;
use canteen_kiosk::office_sync::{self, ApplyTo, Nightly, SyncFile, SyncSetupError};
use indicatif::ProgressBar;
use serde_json::json;

use super::place::Dirs;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The office's base URL, e.g. https://office.example:8443.
    #[arg(long)]
    pub office: Option<String>,
    /// This device's token from `canteen-office device add`.
    #[arg(long)]
    pub token: Option<canteen_core::Secret>,
    /// The data and configuration directories (the configuration gives the
    /// timezone, and `sync.toml`).
    #[command(flatten)]
    pub dirs: Dirs,
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

fn setup_error(e: SyncSetupError) -> anyhow::Error {
    Refusal::new("bad_config", e.to_string()).into()
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.dirs.config()?;
    let file = SyncFile::read(args.dirs.config_dir()).map_err(setup_error)?;
    if canteen_ledger::in_training(&args.dirs.data.data) {
        return Err(super::store::ledger_error(
            canteen_ledger::LedgerError::TrainingNotSynced,
        ));
    }
    let mut ledger = args.dirs.open()?;
    let link = ledger.office_link().map_err(super::store::ledger_error)?;
    let file = with_enrolment(file, link.as_ref());
    let missing = |what: &str| {
        Refusal::new(
            "missing_office",
            format!(
                "no office {what}: enrol this kiosk (`canteen enroll --office URL --code CODE`), pass --{what} or set `{what}` in sync.toml"
            ),
        )
    };
    let office = args
        .office
        .or(file.office)
        .ok_or_else(|| missing("office"))?;
    let token = args.token.or(file.token).ok_or_else(|| missing("token"))?;
    let timeout = Duration::from_millis(args.timeout_ms);
    let ca = args.office_ca.or(file.office_ca);
    let client =
        office_sync::client(&office, &token, ca.as_deref(), timeout).map_err(setup_error)?;
    let key = SyncFile::public_key(args.office_key.or(file.office_key).as_deref())
        .map_err(setup_error)?;
    let tz = config.canteen.timezone;
    if args.daemon {
        let at = SyncFile::nightly_time(args.nightly.or(file.nightly).as_deref())
            .map_err(|e| Refusal::new("bad_time", e.to_string()))?;
        let nightly = Nightly {
            client,
            tz,
            batch_size: args.batch_size,
            at,
            key,
            config_dir: args.dirs.config.clone(),
            status_every: office_sync::STATUS_EVERY,
        };
        // Nothing ever says stop: the daemon runs until it is killed, and a
        // run killed half-way is resumed by the next.
        let (_forever, control) = mpsc::channel();
        let listeners = office_sync::Listeners {
            on_run: &mut office_sync::log_run,
            on_status: &mut |_| {},
        };
        office_sync::nightly_loop(&mut ledger, &nightly, &control, listeners);
        return Ok(Outcome::Done);
    }
    let bar = ProgressBar::new(0);
    let report = office_sync::push(
        &mut ledger,
        &client,
        args.dirs.config_dir(),
        tz,
        args.batch_size,
        &mut |done, last| {
            bar.set_length(last);
            bar.set_position(done.min(last));
        },
    );
    bar.finish_and_clear();
    let status = ledger.outbox_status().map_err(super::store::ledger_error)?;
    match report {
        Ok(r) => {
            let bundle = match &key {
                Some(key) => office_sync::pull_bundle(
                    &client,
                    key,
                    ApplyTo {
                        ledger: &mut ledger,
                        config_dir: args.dirs.config_dir(),
                        tz,
                    },
                ),
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
