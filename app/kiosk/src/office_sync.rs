//! The kiosk's sync with the community office, shared by `canteen sync` (one
//! run, or `--daemon`) and `canteen kiosk` (a background thread): where the
//! office is (`sync.toml`), the ledger as the upload loop's record source, one
//! push, the pull of a newer signed bundle and its application (residents
//! into the registry, this canteen's dishes of the day into the ledger, menu
//! and pricing into the configuration directory for the next start), and the nightly loop with its
//! backoff (`canteen_sync::schedule`), which a [`SyncDaemon`] runs on its own
//! thread with its own ledger connection so neither the UI thread nor the sale
//! path ever waits on the network.
//!
//! The loop sleeps on a control channel, so [`SyncDaemon::stop`] (or dropping
//! the daemon) ends it at once between runs; a run in progress finishes its
//! current request first (bounded by the request deadline). Stopping in the
//! middle of a run loses nothing: the next run resumes from the office's
//! high-water mark.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use crate::held_bundle;
use canteen_ledger::{Ledger, LedgerError, OutboxStatus};
use canteen_sync::SyncError;
use canteen_sync::client::OfficeClient;
use canteen_sync::push::{PushReport, RecordSource, push_all};
use canteen_sync::schedule::{SyncHistory, next_run};
use canteen_sync::signing::{Bundle, OfficePublicKey, SignatureError};
use canteen_sync::wire::WireRecord;
use chrono::{DateTime, FixedOffset, NaiveDateTime, NaiveTime, Utc};

/// The verified bundle kept in the data directory.
pub const BUNDLE_FILE: &str = "bundle.json";

/// The nightly time when `sync.toml` names none.
pub const DEFAULT_NIGHTLY: NaiveTime = NaiveTime::from_hms_opt(2, 0, 0).unwrap();

/// `sync.toml`: where the office is and when to sync.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SyncFile {
    pub office: Option<String>,
    /// This device's bearer token (its `Debug` never shows it).
    pub token: Option<canteen_core::Secret>,
    pub office_key: Option<String>,
    pub office_ca: Option<PathBuf>,
    pub nightly: Option<String>,
}

/// A sync configuration that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SyncSetupError {
    #[error("{path}: {message}")]
    BadFile { path: PathBuf, message: String },
    #[error("cannot read the office CA file {path}: {message}")]
    Ca { path: PathBuf, message: String },
    #[error("the office CA file {path} is not usable: {source}")]
    BadCa { path: PathBuf, source: SyncError },
    #[error("nightly time `{0}` is not HH:MM: write a 24-hour time, e.g. 02:00")]
    BadTime(String),
    #[error("office_key: {0}")]
    BadKey(#[from] SignatureError),
    #[error("the data directory cannot be opened for sync: {0}")]
    Ledger(#[from] LedgerError),
    #[error("the sync thread could not start: {0}")]
    Thread(#[from] std::io::Error),
}

impl SyncFile {
    /// Reads `DIR/sync.toml`; no directory or no file is an empty configuration.
    pub fn read(dir: Option<&Path>) -> Result<SyncFile, SyncSetupError> {
        let Some(path) = dir.map(|d| d.join("sync.toml")).filter(|p| p.exists()) else {
            return Ok(SyncFile::default());
        };
        let bad = |message: String| SyncSetupError::BadFile {
            path: path.clone(),
            message,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| bad(e.to_string()))?;
        toml::from_str(&text).map_err(|e| bad(e.to_string().trim_end().to_owned()))
    }

    /// The nightly time (`nightly`, default 02:00).
    pub fn nightly_time(text: Option<&str>) -> Result<NaiveTime, SyncSetupError> {
        match text {
            None => Ok(DEFAULT_NIGHTLY),
            Some(t) => NaiveTime::parse_from_str(t, "%H:%M")
                .map_err(|_| SyncSetupError::BadTime(t.to_owned())),
        }
    }

    /// The office's public key, when configured.
    pub fn public_key(text: Option<&str>) -> Result<Option<OfficePublicKey>, SyncSetupError> {
        text.map(OfficePublicKey::from_hex)
            .transpose()
            .map_err(SyncSetupError::from)
    }
}

/// A client of `office` as the device holding `token`, trusting `ca` if given.
pub fn client(
    office: &str,
    token: &canteen_core::Secret,
    ca: Option<&Path>,
    timeout: Duration,
) -> Result<OfficeClient, SyncSetupError> {
    let token = token.expose();
    match ca {
        None => Ok(OfficeClient::new(office, token, timeout)),
        Some(path) => {
            let pem = std::fs::read(path).map_err(|e| SyncSetupError::Ca {
                path: path.to_owned(),
                message: e.to_string(),
            })?;
            OfficeClient::with_private_ca(office, token, timeout, &pem).map_err(|source| {
                SyncSetupError::BadCa {
                    path: path.to_owned(),
                    source,
                }
            })
        }
    }
}

/// The ledger as the upload loop's record source.
struct LedgerSource<'a> {
    ledger: &'a mut Ledger,
    tz: FixedOffset,
}

fn source_error(e: LedgerError) -> SyncError {
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

/// Pushes the journal above the office's high-water mark, reporting with it
/// how many records remain and the bundle version `config_dir` holds (0 with
/// none: the shipped defaults); `progress` gets (acknowledged seq, last seq)
/// after each batch.
pub fn push(
    ledger: &mut Ledger,
    client: &OfficeClient,
    config_dir: Option<&Path>,
    tz: FixedOffset,
    batch_size: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PushReport, SyncError> {
    let bundle_version = match config_dir {
        Some(dir) => canteen_config::bundle_version(dir)
            .map_err(|e| SyncError::Source(e.to_string().trim_end().to_owned()))?,
        None => 0,
    };
    let id = ledger.identity().clone();
    let mut source = LedgerSource { ledger, tz };
    push_all(
        client,
        &mut source,
        &id.device_id,
        &id.db_epoch,
        batch_size.max(1),
        Some(bundle_version),
        progress,
    )
}

/// Why an offered bundle was not kept.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    #[error(transparent)]
    Office(#[from] SyncError),
    #[error("the bundle was refused: {0}")]
    Signature(#[from] SignatureError),
    #[error("the kept bundle cannot be read or written: {0}")]
    Io(#[from] std::io::Error),
    #[error("the kept bundle is not a signed bundle: {0}")]
    Json(#[from] serde_json::Error),
    #[error(
        "the bundle carries menu or pricing but the kiosk has no configuration directory (start it with --config DIR); nothing was applied"
    )]
    NoConfigDir,
    #[error("the bundle's menu or pricing is not a valid configuration; nothing was applied: {0}")]
    BadConfig(String),
    #[error("the bundle's residents list has bad rows ({0}); nothing was applied")]
    BadResidents(String),
    #[error("the bundle's residents could not be imported: {0}")]
    Ledger(#[from] LedgerError),
    #[error(
        "the bundle's dishes for {date} {period} are not valid; nothing was applied: {problems}"
    )]
    BadDishes {
        date: chrono::NaiveDate,
        period: String,
        problems: String,
    },
}

/// Where a verified bundle goes: residents into `ledger`'s registry, menu
/// and pricing into `config_dir` (where the kiosk loads its configuration on
/// its next start).
pub struct ApplyTo<'a> {
    pub ledger: &'a mut Ledger,
    /// The kiosk's `--config DIR`; without one a bundle carrying menu or
    /// pricing is refused (the embedded defaults cannot be rewritten).
    pub config_dir: Option<&'a Path>,
    pub tz: FixedOffset,
}

/// Pulls the latest bundle and, when it is newer than the one held and its
/// signature verifies, applies it and keeps its version and signature (not its
/// contents) in `DATA/bundle.json`; the version applied. A forged or altered
/// bundle, or one whose contents do not validate, changes nothing.
pub fn pull_bundle(
    client: &OfficeClient,
    key: &OfficePublicKey,
    to: ApplyTo<'_>,
) -> Result<Option<u64>, BundleError> {
    let device_id = to.ledger.identity().device_id.clone();
    let Some(offered) = client.latest_bundle(&device_id)? else {
        return Ok(None);
    };
    let bundle = key.verify_bundle(&offered)?;
    let data = to.ledger.data_dir().to_path_buf();
    let held = held_bundle::held_version(key, &data)?;
    if bundle.version <= held {
        return Ok(None);
    }
    apply_bundle(&bundle, to)?;
    held_bundle::keep(&data, bundle.version, &offered)?;
    Ok(Some(bundle.version))
}

/// Applies a verified bundle. Everything is checked before anything is
/// written: the menu and pricing are loaded as a configuration together with
/// the kiosk's other files (in a staging directory), and every residents row
/// must be good. Then the residents are imported (one transaction) and the
/// configuration files replaced (each written, fsync'd and renamed).
///
/// The office serves each kiosk its canteen's menu already
/// (`Bundle::for_canteen`); a bundle still carrying canteens' own menus is
/// read as the canteen this kiosk was enrolled at got it (the shared menu
/// when it was not enrolled), the canteen the office re-prices its sales by.
pub fn apply_bundle(bundle: &Bundle, to: ApplyTo<'_>) -> Result<(), BundleError> {
    let own;
    let bundle = match &bundle.canteen_rules {
        None => bundle,
        Some(_) => {
            let canteen = to.ledger.office_link()?.map(|l| l.canteen);
            own = bundle.for_canteen(canteen.as_deref().unwrap_or_default());
            &own
        }
    };
    let replaced: Vec<(&str, &str)> = [
        ("menu.toml", bundle.menu_toml.as_deref()),
        ("pricing.toml", bundle.pricing_toml.as_deref()),
    ]
    .into_iter()
    .filter_map(|(name, text)| text.map(|t| (name, t)))
    .collect();
    if !replaced.is_empty() && to.config_dir.is_none() {
        return Err(BundleError::NoConfigDir);
    }
    let data = to.ledger.data_dir().to_path_buf();
    let config = crate::bundle_config::staged(&data, to.config_dir, &replaced)?;
    let dishes = crate::bundle_dishes::ours(bundle, to.ledger, &config)?;
    let now = Utc::now().with_timezone(&to.tz);
    if let Some(keyed) = &bundle.residents {
        let categories = config.pricing.category_ids();
        // Positions and reasons only: a reason never names the row's person.
        let good = crate::bundle_residents::residents(&keyed.rows, &categories)
            .map_err(|bad| BundleError::BadResidents(bad.join("; ")))?;
        to.ledger
            .import_keyed_residents(&good, &keyed.key_fingerprint, now)?;
        // The bundle's standing orders replace the kiosk's (after the
        // residents they name are in).
        let orders = crate::bundle_residents::delivery_orders(&keyed.rows);
        to.ledger
            .replace_delivery_orders(&orders, &config.pricing)?;
    }
    if !dishes.is_empty() {
        to.ledger.keep_office_dishes(&dishes, now)?;
    }
    if let Some(dir) = to.config_dir {
        for (name, text) in &replaced {
            write_atomically(dir, name, text.as_bytes())?;
        }
        // Last: sales name the version their pricing came from, and the
        // office re-prices them with its own copy of it.
        write_atomically(
            dir,
            canteen_config::BUNDLE_VERSION_FILE,
            bundle.version.to_string().as_bytes(),
        )?;
    }
    Ok(())
}

/// Writes `dir/name` through a temporary file: written, fsync'd, renamed,
/// and the directory fsync'd.
pub(crate) fn write_atomically(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!("{name}.tmp"));
    let mut file = std::fs::File::create(&tmp)?;
    std::io::Write::write_all(&mut file, bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, dir.join(name))?;
    std::fs::File::open(dir)?.sync_all()
}

/// What the nightly loop needs besides the ledger.
pub struct Nightly {
    pub client: OfficeClient,
    pub tz: FixedOffset,
    pub batch_size: usize,
    /// The local time of the nightly run.
    pub at: NaiveTime,
    /// Pull bundles verified with this key (none: push only).
    pub key: Option<OfficePublicKey>,
    /// Where a bundle's menu and pricing go (the kiosk's `--config DIR`).
    pub config_dir: Option<PathBuf>,
    /// How often the outbox is looked at between runs (for the status bar).
    pub status_every: Duration,
}

/// The kiosk's `Nightly::status_every`: a sale shows as pending within it.
pub const STATUS_EVERY: Duration = Duration::from_secs(30);

/// One run of the loop, as reported to its owner.
#[derive(Debug)]
pub struct RunOutcome {
    pub push: Result<PushReport, SyncError>,
    /// The bundle pull after a successful push, when a key is configured.
    pub bundle: Option<Result<Option<u64>, BundleError>>,
    /// The outbox after the run (pending count, last successful sync).
    pub status: Result<OutboxStatus, LedgerError>,
}

impl RunOutcome {
    /// The last sync that left nothing pending, in the canteen's local time.
    pub fn last_sync(&self) -> Option<NaiveDateTime> {
        self.status.as_ref().ok().and_then(last_sync_local)
    }
}

/// `status.last_sync` as local wall time (`None` when never, or unreadable).
pub fn last_sync_local(status: &OutboxStatus) -> Option<NaiveDateTime> {
    status
        .last_sync
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.naive_local())
}

/// What the owner of a running loop may ask of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Control {
    /// Sync now instead of waiting for the nightly time.
    RunNow,
    /// End the loop (as does dropping every sender).
    Stop,
}

/// What a loop's owner hears: every run, and the outbox whenever it changed
/// (looked at after each run and every `Nightly::status_every` between runs,
/// so sales made since the last run show as pending).
pub struct Listeners<'a> {
    pub on_run: &'a mut dyn FnMut(&RunOutcome),
    pub on_status: &'a mut dyn FnMut(&OutboxStatus),
}

/// Tells `on_status` the outbox when it differs from what it was last told.
fn report_status(
    ledger: &Ledger,
    told: &mut Option<OutboxStatus>,
    on_status: &mut dyn FnMut(&OutboxStatus),
) {
    if let Ok(status) = ledger.outbox_status() {
        if told.as_ref() != Some(&status) {
            on_status(&status);
            *told = Some(status);
        }
    }
}

/// Syncs every night at `n.at`, after a failure again with a growing pause,
/// until `control` says stop or is dropped.
pub fn nightly_loop(
    ledger: &mut Ledger,
    n: &Nightly,
    control: &Receiver<Control>,
    listeners: Listeners<'_>,
) {
    let Listeners { on_run, on_status } = listeners;
    let mut told = None;
    let mut history = SyncHistory {
        last_success: ledger
            .outbox_status()
            .ok()
            .and_then(|s| s.last_sync)
            .and_then(|t| DateTime::parse_from_rfc3339(&t).ok()),
        ..Default::default()
    };
    loop {
        report_status(ledger, &mut told, on_status);
        let now = Utc::now().with_timezone(&n.tz);
        let wait = (next_run(now, n.at, &history) - now)
            .to_std()
            .unwrap_or(Duration::ZERO);
        let slice = wait.min(n.status_every);
        match control.recv_timeout(slice) {
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            // Not yet time: look at the outbox again, then wait on.
            Err(RecvTimeoutError::Timeout) if slice < wait => continue,
            Ok(Control::RunNow) | Err(RecvTimeoutError::Timeout) => {}
        }
        let started = Utc::now().with_timezone(&n.tz);
        // One span per run: every line the run logs carries it.
        let _run = tracing::info_span!("sync_run", failures = history.failures).entered();
        let push = push(
            ledger,
            &n.client,
            n.config_dir.as_deref(),
            n.tz,
            n.batch_size,
            &mut |_, _| {},
        );
        let bundle = match (&push, &n.key) {
            (Ok(_), Some(key)) => Some(pull_bundle(
                &n.client,
                key,
                ApplyTo {
                    ledger,
                    config_dir: n.config_dir.as_deref(),
                    tz: n.tz,
                },
            )),
            _ => None,
        };
        if push.is_ok() {
            history = SyncHistory {
                last_success: Some(started),
                ..Default::default()
            };
        } else {
            history.failures += 1;
            history.last_failure = Some(started);
        }
        let outcome = RunOutcome {
            push,
            bundle,
            status: ledger.outbox_status(),
        };
        on_run(&outcome);
    }
}

/// Logs a run's result (counts and error messages only: no personal data
/// ever reaches a sync log).
pub fn log_run(outcome: &RunOutcome) {
    let pending = outcome.status.as_ref().map_or(0, |s| s.pending);
    match &outcome.push {
        Ok(r) => tracing::info!(
            high_water = r.high_water.seq,
            pending,
            "sync ok: office holds up to record {}",
            r.high_water.seq
        ),
        Err(e) => tracing::warn!(pending, "sync failed (will retry): {e}"),
    }
    match &outcome.bundle {
        Some(Ok(Some(v))) => tracing::info!(
            version = v,
            "sync: applied office bundle version {v} (residents now; menu and pricing from the next start)"
        ),
        Some(Err(e)) => tracing::warn!("sync: the office bundle was not taken: {e}"),
        Some(Ok(None)) | None => {}
    }
}

/// The nightly loop on its own thread, with its own ledger connection.
pub struct SyncDaemon {
    control: Sender<Control>,
    finished: Receiver<()>,
    thread: Option<JoinHandle<()>>,
}

/// How long dropping a daemon waits for a run in progress to end.
pub const STOP_GRACE: Duration = Duration::from_secs(3);

impl SyncDaemon {
    /// Opens the ledger in `data` for the sync thread and starts the loop;
    /// `on_run` is called on the sync thread after every run, `on_status`
    /// whenever the outbox changed (see [`Listeners`]).
    pub fn spawn(
        data: &Path,
        nightly: Nightly,
        mut on_run: Box<dyn FnMut(&RunOutcome) + Send>,
        mut on_status: Box<dyn FnMut(&OutboxStatus) + Send>,
    ) -> Result<SyncDaemon, SyncSetupError> {
        let mut ledger = Ledger::open(data)?;
        let (control, control_rx) = mpsc::channel();
        let (finished_tx, finished) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("office-sync".into())
            .spawn(move || {
                let listeners = Listeners {
                    on_run: &mut *on_run,
                    on_status: &mut *on_status,
                };
                nightly_loop(&mut ledger, &nightly, &control_rx, listeners);
                drop(ledger);
                let _ = finished_tx.send(());
            })?;
        Ok(SyncDaemon {
            control,
            finished,
            thread: Some(thread),
        })
    }

    /// Asks for a run now (e.g. after a bundle, or from a test).
    pub fn run_now(&self) {
        let _ = self.control.send(Control::RunNow);
    }

    /// Ends the loop: between runs at once; a run in progress is given
    /// `grace` to finish its request. Whether the thread has ended.
    pub fn stop(mut self, grace: Duration) -> bool {
        self.shut(grace)
    }

    fn shut(&mut self, grace: Duration) -> bool {
        let Some(thread) = self.thread.take() else {
            return true;
        };
        let _ = self.control.send(Control::Stop);
        match self.finished.recv_timeout(grace) {
            Ok(()) | Err(RecvTimeoutError::Disconnected) => {
                let _ = thread.join();
                true
            }
            // A request still waiting on the office: leave it to its deadline;
            // the next run repairs whatever it did not finish.
            Err(RecvTimeoutError::Timeout) => {
                tracing::warn!(
                    "sync: a run was still in progress at exit; the next one resumes it"
                );
                false
            }
        }
    }
}

impl Drop for SyncDaemon {
    fn drop(&mut self) {
        self.shut(STOP_GRACE);
    }
}
