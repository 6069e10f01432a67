//! A kiosk window over the real ledger: the Slint window driven headlessly
//! by accessible label (`canteen_ui::testing`), the real controller and
//! worker, and `LedgerService` on a temporary data directory with a cashier
//! and a supervisor added through the ledger and a file printer. Shared by
//! the screen tests over the ledger (cashier mode, desk mode); the window
//! over a seeded ledger ([`window_over_ledger`]) also by the end-to-end
//! tests' `ledger_rig`.

use std::sync::{Arc, Mutex};

use canteen_config::Config;
use canteen_core::cashier::{AuditAction, Role};
use canteen_core::journal::RecordBody;
use canteen_kiosk::ledger_service::LedgerService;
use canteen_ledger::{CommittedClosing, CommittedSale, Ledger, ShiftReport};
use canteen_ui::KioskSettings;
use canteen_ui::testing::Headless;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use firmware_adapters::printer::{Printer, decode, render};

use super::journal;

pub fn lunch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

pub struct Rig {
    pub screen: Headless,
    pub service: Arc<Mutex<LedgerService>>,
    pub _dir: tempfile::TempDir,
    pub printer_file: std::path::PathBuf,
    /// The cashier's staff number (PIN 1234); the supervisor's PIN is 9999.
    pub cashier: String,
}

impl std::ops::Deref for Rig {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.screen
    }
}

/// The kiosk settings `config` gives the window, as the appliance builds them.
pub fn settings_of(config: Config) -> KioskSettings {
    canteen_kiosk::settings::kiosk_settings(&config)
}

pub fn now(tz: FixedOffset) -> DateTime<FixedOffset> {
    tz.from_local_datetime(&lunch()).unwrap()
}

impl Rig {
    /// A cashier (PIN 1234) and a supervisor (PIN 9999) on a new ledger.
    pub fn new() -> Rig {
        let (rig, ()) = Rig::seeded(None, |ledger, at| {
            let cashier = ledger.add_staff("王芳", Role::Cashier, "1234", at).unwrap();
            ledger
                .add_staff("李主管", Role::Supervisor, "9999", at)
                .unwrap();
            (cashier.id, ())
        });
        rig
    }

    /// The window over a ledger in a temporary folder that `seed` fills
    /// first (at lunch, in the canteen's timezone; it answers the cashier's
    /// staff id and what else the caller keeps), behind `LedgerService`
    /// printing to `printer` or, without one, to a file in the folder. Also
    /// the end-to-end tests' `ledger_rig`.
    pub fn seeded<T>(
        printer: Option<Printer>,
        seed: impl FnOnce(&mut Ledger, DateTime<FixedOffset>) -> (u64, T),
    ) -> (Rig, T) {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::defaults();
        let mut ledger = Ledger::open(&dir.path().join("data")).unwrap();
        let (cashier, seeded) = seed(&mut ledger, now(config.canteen.timezone));
        let printer_file = dir.path().join("printer.bin");
        let printer = printer.unwrap_or_else(|| Printer::open_file(&printer_file).unwrap());
        let service = LedgerService::from_config(ledger, &config).with_printer(printer);
        let service = Arc::new(Mutex::new(service));
        let screen = Headless::new(settings_of(config), Box::new(service.clone()), lunch);
        let rig = Rig {
            screen,
            service,
            _dir: dir,
            printer_file,
            cashier: cashier.to_string(),
        };
        (rig, seeded)
    }

    pub fn ledger(&self) -> std::sync::MutexGuard<'_, LedgerService> {
        self.service.lock().unwrap()
    }

    /// Every journal record's body, oldest first.
    pub fn records(&self) -> Vec<RecordBody> {
        journal::bodies(self.ledger().ledger(), 0)
    }

    /// The audit records of `action`, oldest first.
    pub fn audits(&self, action: AuditAction) -> Vec<canteen_core::cashier::Audit> {
        journal::audits(self.records(), action)
    }

    /// The voids recorded, oldest first.
    pub fn voids(&self) -> Vec<canteen_core::journal::Void> {
        journal::voids(self.records())
    }

    /// The line refunds recorded, oldest first.
    pub fn refunds(&self) -> Vec<canteen_core::journal::Refund> {
        journal::refunds(self.records())
    }

    /// Registers one resident (`number,name`) holding meal card `card`.
    pub fn register(&self, resident: &str, card: &str) {
        let tz = Config::defaults().canteen.timezone;
        let mut svc = self.ledger();
        let ledger = svc.ledger_mut();
        let csv = format!("id_number,name,categories,card_no,status\n{resident},,{card},active\n");
        let read = ledger.read_residents_csv(csv.as_bytes(), lunch().date(), &[]);
        assert!(read.bad.is_empty(), "the row is good");
        ledger
            .import_residents(&read.good, now(tz), &mut || {})
            .unwrap();
    }

    /// The number of the sale cashier mode committed last.
    pub fn last_sale_seq(&self) -> u64 {
        let cashier = self.kiosk.cashier().expect("cashier mode is on");
        let sale_no = cashier.last_sale.expect("a sale was committed");
        sale_no.parse().expect("a sale number")
    }

    /// The sale the ledger stores under `seq`.
    pub fn sale(&self, seq: u64) -> CommittedSale {
        self.ledger().ledger().sale(seq).unwrap().expect("stored")
    }

    /// The shift open now.
    pub fn current_shift(&self) -> ShiftReport {
        let shift = self.ledger().ledger().current_shift().unwrap();
        shift.expect("a shift is open")
    }

    /// The closing (Z) stored for the day of [`lunch`].
    pub fn closing(&self) -> CommittedClosing {
        let closing = self.ledger().ledger().closing(lunch().date()).unwrap();
        closing.expect("the day is closed")
    }

    pub fn printed(&self) -> String {
        render(&decode(&std::fs::read(&self.printer_file).unwrap()), 32)
    }
}
