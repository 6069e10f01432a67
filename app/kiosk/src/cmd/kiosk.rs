//! `canteen kiosk [--config DIR] [--data DIR] [--demo] [--lang zh|en] [--fullscreen]`:
//! the appliance itself, the default command. Opens the Slint kiosk window over
//! the ledger in `--data` (default `./data`): every sale is committed there
//! before anything says "paid" or prints. The scanners and receipt printer are
//! the ones in `canteen.toml`'s `[devices]`; lines typed into the terminal also
//! act as scans. With `--demo` a few synthetic residents are registered in the
//! ledger's registry (and their meal cards topped up) and their (synthetic) ID
//! numbers printed, so every path can be tried without hardware; two demo staff
//! (a cashier and a supervisor, PINs printed) open cashier mode through the
//! discreet 工作人员 / Staff button on the welcome screen.
//!
//! When the kiosk is enrolled (`canteen enroll`), or `sync.toml` in the config
//! directory names an office and a token, a background thread (`canteen_kiosk::office_sync::SyncDaemon`, the loop of
//! `canteen sync --daemon`) syncs nightly on its own ledger connection and the
//! status bar shows the last successful sync; it stops when the window closes.
//! Meal-card QR codes are verified offline with the office's public key (from
//! the enrolment, or `office_key` in `sync.toml`; `canteen_kiosk::scan_input`);
//! without a key every card is refused.
//!
//! With `[peers]` in `canteen.toml`, `canteen_kiosk::peers::PeerLink` shares
//! quota uses with the canteen's other terminals on threads of its own: each
//! commit wakes its pusher, its listener records what peers send.

use std::cell::RefCell;
use std::io::BufRead;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use canteen_core::cashier::Role;
use canteen_kiosk::enrolment::with_enrolment;
use canteen_kiosk::ledger_service::LedgerService;
use canteen_kiosk::office_sync::{self, Nightly, SyncDaemon, SyncFile};
use canteen_kiosk::peers::{PeerLink, PeerSettings, PeerSetupError};
use canteen_kiosk::receipt::ReceiptHeader;
use canteen_kiosk::scan_input::{self, ScanInput, Scanners};
use canteen_kiosk::watchdog::Watchdog;
use canteen_kiosk::{demo, demo_clock};
use canteen_ledger::{LedgerError, OutboxStatus};
use canteen_sync::signing::OfficePublicKey;
use canteen_ui::slint::{self, ComponentHandle};
use canteen_ui::{Delivery, Kiosk, KioskWindow, Lang, SyncStatus};
use firmware_adapters::printer::Printer;
use firmware_adapters::scanner::{RunnerHandle, ScannerConfig, spawn};

use crate::cmd::appliance;
use crate::cmd::common::{self, ConfigArgs};
use crate::cmd::store::ledger_error;
use crate::exit::{Outcome, Refusal};

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Data directory: the sales database (and, without `--config`, the resident key) (default: ./data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Register synthetic residents in the ledger and print their ID numbers.
    #[arg(long)]
    pub demo: bool,
    /// Display language: zh (default) or en.
    #[arg(long)]
    pub lang: Option<String>,
    /// Fill the screen.
    #[arg(long)]
    pub fullscreen: bool,
    /// Demo only: run the clock as if it were this local time now (HH:MM), so
    /// meals can be tried outside meal hours. Sales are recorded at that time.
    #[arg(long, value_name = "HH:MM")]
    pub clock: Option<String>,
}

thread_local! {
    /// The controller, for scans arriving through the event loop.
    static KIOSK: RefCell<Option<Kiosk>> = const { RefCell::new(None) };
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let lang = args.lang.as_deref().map_or(Ok(Lang::Zh), common::lang)?;
    let config = args.config.load()?;
    let tz = config.canteen.timezone;
    let now = chrono::Utc::now().with_timezone(&tz);
    let clock_shift = match (&args.clock, args.demo) {
        (None, _) => chrono::TimeDelta::zero(),
        (Some(_), false) => {
            return Ok(Outcome::Refused(Refusal::new(
                "clock_needs_demo",
                "--clock is for the demo only (a real kiosk records sales at the real time): add --demo",
            )));
        }
        (Some(text), true) => match demo_clock::parse(text) {
            Some(start) => demo_clock::shift(now.naive_local(), start),
            None => {
                return Ok(Outcome::Refused(Refusal::new(
                    "bad_clock",
                    format!("--clock `{text}` is not a time: write 24-hour HH:MM, e.g. 12:00"),
                )));
            }
        },
    };
    let sync_file = match SyncFile::read(args.config.dir()) {
        Ok(f) => f,
        Err(e) => return Ok(Outcome::Refused(Refusal::new("bad_config", e.to_string()))),
    };
    let data = args.data.clone().unwrap_or_else(|| PathBuf::from("./data"));
    // The resident key file is kept in the configuration directory (moved
    // there from the data directory at the first start that has one).
    let mut ledger = match super::store::open_with_keys(&data, args.config.dir()) {
        Ok(l) => l,
        // A damaged database: no sales, and the screen says how to recover.
        Err(e)
            if matches!(
                e.downcast_ref::<LedgerError>(),
                Some(LedgerError::Corrupt(_))
            ) =>
        {
            return appliance::out_of_service(
                &canteen_kiosk::settings::kiosk_settings(&config),
                lang,
                &data,
                args.fullscreen,
                &e.to_string(),
            );
        }
        Err(e) => return Err(e),
    };
    // Training (`canteen training on`): sell into the practice copy; no sync,
    // no peers, and every receipt says it is not a sale.
    let training = match ledger.training().map_err(ledger_error)? {
        Some(copy) => {
            tracing::warn!(
                "training mode: sales go to the practice copy and are never synced (`canteen training off` ends it)"
            );
            ledger = copy;
            true
        }
        None => false,
    };
    // What sync.toml leaves out comes from the enrolment (`canteen enroll`).
    let sync_file = with_enrolment(
        sync_file,
        ledger.office_link().map_err(ledger_error)?.as_ref(),
    );
    // Meal-card QR codes are checked offline with the office's public key.
    let card_key = match SyncFile::public_key(sync_file.office_key.as_deref()) {
        Ok(k) => k.map(Arc::new),
        Err(e) => return Ok(Outcome::Refused(Refusal::new("bad_config", e.to_string()))),
    };
    if card_key.is_none() {
        tracing::warn!(
            "no office_key (enrol the kiosk, or set it in sync.toml): meal-card QR codes cannot be checked and are refused"
        );
    }
    let sync_status = ledger.outbox_status().map_err(ledger_error)?;
    if args.demo {
        let categories = config.pricing.category_ids();
        let diners = demo::register(&mut ledger, &categories, now.date_naive(), now)?;
        // The demo's menu for every period of its day that has none yet.
        let today = (now.naive_local() + clock_shift).date();
        for p in config.pricing.periods.all() {
            if ledger
                .dishes_for(today, p.id.as_str())
                .map_err(ledger_error)?
                .is_none()
            {
                let dishes = canteen_ui::dishes::demo_dishes();
                ledger
                    .set_local_dishes(today, p.id.as_str(), &dishes, "demo", now)
                    .map_err(ledger_error)?;
            }
        }
        eprintln!(
            "demo residents in {} — type a number and Enter to scan it:",
            data.display()
        );
        for d in &diners {
            eprintln!("  {}  {}", d.number, d.description);
        }
        eprintln!("  (anything else is an invalid ID)");
        // Demo staff for cashier mode (the 工作人员 / Staff button), added once.
        for (name, role, pin) in [
            ("王芳", Role::Cashier, "1234"),
            ("李主管", Role::Supervisor, "9999"),
        ] {
            let staff = match ledger.staff(name).map_err(ledger_error)? {
                Some(s) => s,
                None => ledger
                    .add_staff(name, role, pin, now)
                    .map_err(ledger_error)?,
            };
            eprintln!(
                "  staff no. {} {} ({}), demo PIN {pin}",
                staff.id,
                staff.name,
                role.as_str()
            );
        }
        let shown_now = now.naive_local() + clock_shift;
        if config.pricing.periods.at(shown_now.time()).is_none() {
            eprintln!(
                "  it is not a meal time now: to try a lunch, start with `canteen kiosk --demo --clock 12:00`"
            );
        }
    }

    let header = ReceiptHeader::of(&config).in_training(training);
    let mut service = LedgerService::new(
        ledger,
        config.pricing.clone(),
        config.canteen.age_convention,
        tz,
        header,
    )
    .with_cashier_rules(config.cashier);
    // The canteen's other terminals: quota uses pushed after each commit and
    // received from them, on threads of their own.
    let peer_link = if training {
        None
    } else {
        start_peers(&config.peers, &data, now.date_naive(), tz)?
    };
    if let Some(link) = &peer_link {
        service = service.with_peers(link.waker());
    }
    match &config.devices.printer {
        None => tracing::warn!("no receipt printer configured ([devices] printer in canteen.toml)"),
        Some(path) => {
            let printer = Printer::open(path, config.devices.baud).unwrap_or_else(|e| {
                // The kiosk still sells (the diner is offered a reprint), and
                // each receipt tries the printer again until it is plugged in.
                tracing::warn!(
                    "receipt printer {}: {e}; trying again at each receipt",
                    path.display()
                );
                Printer::attach(path, config.devices.baud)
            });
            service = service.with_printer(printer);
        }
    }

    let mut settings = canteen_kiosk::settings::kiosk_settings(&config);
    settings.idle_timeout = Duration::from_secs(u64::from(config.kiosk.idle_seconds));

    appliance::select_backend();
    let ui = KioskWindow::new()?;
    let clock = Box::new(move || chrono::Utc::now().with_timezone(&tz).naive_local() + clock_shift);
    let kiosk = canteen_ui::init(
        &ui,
        settings,
        Box::new(service),
        lang,
        clock,
        Delivery::EventLoop,
    );
    let _ticker = kiosk.start_ticking();
    // Under systemd: READY once the loop runs, the watchdog fed while the
    // event loop and the sale path answer.
    let dog = Watchdog::from_env();
    let _watchdog = appliance::start_watchdog(&kiosk, dog);
    appliance::when_running(dog, "selling");
    let speaker = canteen_kiosk::voice::start(&config.voice);
    if let Some(speaker) = &speaker {
        kiosk.set_voice(canteen_kiosk::voice::hook(speaker.clone()));
        let speaker = speaker.clone();
        kiosk.set_voice_volume(speaker.volume(), Box::new(move |v| speaker.set_volume(v)));
    }
    // Serial scanners report themselves once their runner has the port open;
    // without any, the demo's terminal is the scanner.
    kiosk.set_scanner_connected(config.devices.scanners.is_empty() && args.demo);
    kiosk.set_training(training);
    kiosk.set_sync_status(SyncStatus {
        last_sync: office_sync::last_sync_local(&sync_status),
        pending: sync_status.pending,
    });
    KIOSK.with(|k| *k.borrow_mut() = Some(kiosk));
    // A watch that cannot start costs the welcome screen its dishes, not the sale.
    let _dishes = match watch_dishes(&data, args.config.dir(), &config, clock_shift) {
        Ok(watch) => Some(watch),
        Err(e) => {
            tracing::warn!("today's dishes will not show: {e:#}");
            None
        }
    };
    let sync = if training {
        None
    } else {
        match start_sync(sync_file, &data, args.config.dir().map(PathBuf::from), tz) {
            Ok(s) => s,
            Err(refusal) => return Ok(Outcome::Refused(refusal)),
        }
    };

    // Scans are read (ID numbers validated) on the kiosk's own date.
    let today: scan_input::Today = Arc::new(move || {
        (chrono::Utc::now().with_timezone(&tz).naive_local() + clock_shift).date()
    });
    let _runners = spawn_scanners(
        &config.devices.scanners,
        config.devices.baud,
        card_key.clone(),
        today.clone(),
    )?;
    std::thread::Builder::new()
        .name("terminal-scanner".into())
        .spawn(move || {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                to_kiosk(scan_input::from_line_on(
                    &line,
                    card_key.as_deref(),
                    today(),
                ));
            }
        })?;
    if args.fullscreen {
        ui.window().set_fullscreen(true);
    }
    ui.run()?;
    dog.stopping();
    // Between runs the sync thread ends at once; a run in progress gets a
    // few seconds, and whatever it leaves undone the next run resumes.
    drop(sync);
    drop(peer_link);
    KIOSK.with(|k| k.borrow_mut().take());
    Ok(Outcome::Done)
}

/// Today's dishes from the ledger to the welcome screen, on their own
/// thread (see `dishes_watch`), through the event loop.
fn watch_dishes(
    data: &std::path::Path,
    config_dir: Option<&std::path::Path>,
    config: &canteen_config::Config,
    shift: chrono::Duration,
) -> anyhow::Result<canteen_kiosk::dishes_watch::DishesWatch> {
    let tz = config.canteen.timezone;
    let clock = Box::new(move || chrono::Utc::now().with_timezone(&tz).naive_local() + shift);
    let on_change = Box::new(|today: canteen_ui::TodayDishes| {
        let _ = slint::invoke_from_event_loop(move || {
            KIOSK.with(|k| {
                if let Some(k) = k.borrow().as_ref() {
                    k.set_dishes(today);
                }
            });
        });
    });
    let ledger = super::store::open_with_keys(data, config_dir)?;
    let periods = config.pricing.periods.clone();
    canteen_kiosk::dishes_watch::DishesWatch::spawn(ledger, periods, clock, on_change)
        .map_err(ledger_error)
}

/// The nightly sync on its own thread, when the enrolment or `sync.toml` names
/// an office and a token; its results go to the status bar through the event loop.
fn start_sync(
    file: SyncFile,
    data: &std::path::Path,
    config_dir: Option<PathBuf>,
    tz: chrono::FixedOffset,
) -> Result<Option<SyncDaemon>, Refusal> {
    let (Some(office), Some(token)) = (&file.office, &file.token) else {
        tracing::warn!(
            "no office (enrol with `canteen enroll`, or set one in sync.toml): this kiosk does not sync on its own"
        );
        return Ok(None);
    };
    let bad = |e: office_sync::SyncSetupError| Refusal::new("bad_config", e.to_string());
    let nightly = Nightly {
        client: office_sync::client(
            office,
            token,
            file.office_ca.as_deref(),
            Duration::from_secs(15),
        )
        .map_err(bad)?,
        tz,
        batch_size: 500,
        at: SyncFile::nightly_time(file.nightly.as_deref()).map_err(bad)?,
        key: SyncFile::public_key(file.office_key.as_deref()).map_err(bad)?,
        config_dir,
        status_every: office_sync::STATUS_EVERY,
    };
    // The status bar follows the outbox: after each run, and as sales come in.
    let on_status = Box::new(|status: &OutboxStatus| {
        let shown = SyncStatus {
            last_sync: office_sync::last_sync_local(status),
            pending: status.pending,
        };
        let _ = slint::invoke_from_event_loop(move || {
            KIOSK.with(|k| {
                if let Some(k) = k.borrow().as_ref() {
                    k.set_sync_status(shown);
                }
            });
        });
    });
    let daemon =
        SyncDaemon::spawn(data, nightly, Box::new(office_sync::log_run), on_status).map_err(bad)?;
    tracing::info!(
        "syncing with {office} nightly at {}",
        file.nightly.as_deref().unwrap_or("02:00")
    );
    Ok(Some(daemon))
}

/// The peers' pusher and listener when `[peers]` is set. A listen address
/// that cannot be bound is logged and the terminal still pushes and sells.
fn start_peers(
    peers: &canteen_config::Peers,
    data: &std::path::Path,
    today: chrono::NaiveDate,
    tz: chrono::FixedOffset,
) -> anyhow::Result<Option<PeerLink>> {
    let Some(listen) = peers.listen else {
        return Ok(None);
    };
    let settings = PeerSettings::new(peers.peers.clone(), today, tz);
    let link = match PeerLink::bind(data, listen, settings.clone()) {
        Ok(link) => link,
        Err(e @ PeerSetupError::Listen { .. }) => {
            tracing::warn!("{e}; this terminal still sends its quota uses to its peers");
            PeerLink::start(data, None, settings)?
        }
        Err(e) => return Err(e.into()),
    };
    tracing::info!(
        "sharing quota uses with {} peer(s), listening on {listen}",
        peers.peers.len()
    );
    Ok(Some(link))
}

/// One runner per configured scanner, their events forwarded to the window.
fn spawn_scanners(
    paths: &[PathBuf],
    baud: u32,
    card_key: Option<Arc<OfficePublicKey>>,
    today: scan_input::Today,
) -> anyhow::Result<Vec<RunnerHandle>> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let (tx, rx) = mpsc::channel();
    let mut runners = Vec::new();
    for path in paths {
        let mut config = ScannerConfig::new(path.display().to_string());
        config.baud = baud;
        runners.push(spawn(config, tx.clone())?);
    }
    std::thread::Builder::new()
        .name("scanner-events".into())
        .spawn(move || {
            let mut scanners = Scanners::with_key(card_key).reading_on(today);
            for event in rx {
                to_kiosk(scanners.input(event));
            }
        })?;
    Ok(runners)
}

/// Hands an input to the controller on the UI thread.
fn to_kiosk(input: ScanInput) {
    if input == ScanInput::Ignore {
        return;
    }
    let _ = slint::invoke_from_event_loop(move || {
        KIOSK.with(|k| {
            if let Some(k) = k.borrow().as_ref() {
                scan_input::deliver(k, &input);
            }
        });
    });
}
