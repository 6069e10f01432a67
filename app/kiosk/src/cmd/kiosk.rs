//! `canteen kiosk [--config DIR] [--data DIR] [--demo] [--lang zh|en] [--fullscreen]`:
//! the appliance itself, the default command. Opens the Slint kiosk window and
//! feeds it scans. With `--demo` a few synthetic residents are registered, their
//! (synthetic) ID numbers are printed, and each line typed into the terminal
//! acts as a scan, so every path can be tried without hardware.
//!
//! Not yet wired: the ledger and the serial scanners/printer (the worker runs
//! over the in-memory back end, so demo sales are not stored).

use std::cell::RefCell;
use std::io::BufRead;
use std::path::PathBuf;

use canteen_ui::memory::MemoryService;
use canteen_ui::{Delivery, Kiosk, KioskSettings, KioskWindow, Lang};
use canteen_ui::slint::{self, ComponentHandle};

use crate::cmd::common::load_config;
use crate::exit::{Outcome, Refusal};

#[derive(Debug, Default, clap::Args)]
pub struct Args {
    /// Configuration directory (default: the shipped defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Data directory (default: ./canteen-data).
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// Register synthetic residents and read scans from the terminal.
    #[arg(long)]
    pub demo: bool,
    /// Display language: zh (default) or en.
    #[arg(long)]
    pub lang: Option<String>,
    /// Fill the screen.
    #[arg(long)]
    pub fullscreen: bool,
}

thread_local! {
    /// The controller, for scans arriving through the event loop.
    static KIOSK: RefCell<Option<Kiosk>> = const { RefCell::new(None) };
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let lang = match args.lang.as_deref().map(Lang::parse) {
        None => Lang::Zh,
        Some(Some(l)) => l,
        Some(None) => return Ok(Outcome::Refused(Refusal::new("bad_lang", "--lang must be zh or en"))),
    };
    let config = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(refusal) => return Ok(Outcome::Refused(refusal)),
    };
    let tz = config.canteen.timezone;
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let settings =
        KioskSettings::new(&config.canteen.name_zh, &config.canteen.name_en, config.pricing, config.canteen.age_convention);
    // Until the ledger is wired the kiosk always runs on the in-memory back end.
    let (service, demo) = MemoryService::with_demo_residents(today);
    if !args.demo || args.data.is_some() {
        eprintln!("note: the ledger and serial devices are not wired to the kiosk yet; running the demo");
    }
    {
        eprintln!("demo mode: sales are kept in memory only (the ledger is not wired to the kiosk yet)");
        eprintln!("synthetic residents — type a number and Enter to scan it:");
        for d in &demo {
            eprintln!("  {}  {}", d.number, d.description);
        }
        eprintln!("  (anything else is an invalid ID)");
    }
    let ui = KioskWindow::new()?;
    let clock = Box::new(move || chrono::Utc::now().with_timezone(&tz).naive_local());
    let kiosk = canteen_ui::init(&ui, settings, Box::new(service), lang, clock, Delivery::EventLoop);
    let _ticker = kiosk.start_ticking();
    KIOSK.with(|k| *k.borrow_mut() = Some(kiosk));
    {
        std::thread::Builder::new().name("demo-scanner".into()).spawn(|| {
            for line in std::io::stdin().lock().lines() {
                let Ok(line) = line else { break };
                let _ = slint::invoke_from_event_loop(move || {
                    KIOSK.with(|k| {
                        if let Some(k) = k.borrow().as_ref() {
                            k.scan(&line);
                        }
                    });
                });
            }
        })?;
    }
    if args.fullscreen {
        ui.window().set_fullscreen(true);
    }
    ui.run()?;
    KIOSK.with(|k| k.borrow_mut().take());
    Ok(Outcome::Done)
}
