//! The kiosk window over the demo on the real ledger: the Slint window driven
//! headlessly by accessible label (`canteen_ui::testing`), the real
//! controller and worker, and `canteen_kiosk::demo_ledger` — the demo
//! residents, meal cards, staff (1 cashier PIN 1234, 2 supervisor PIN 9999,
//! 3 cashier) and standing deliveries seeded into a ledger in a temporary
//! folder, served through `Staged` so a test can make it fail on cue. What
//! was sold is read back from the ledger ([`Rig::sales`]).

use std::sync::{Arc, Mutex, MutexGuard};

use canteen_config::Config;
use canteen_core::cashier::{Audit, AuditAction};
use canteen_core::journal::{RecordBody, Refund, Void};
use canteen_core::session::PayMethod;
use canteen_core::{Money, Payment};
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_kiosk::staged::Staged;
use canteen_ledger::ShiftReport;
use canteen_ui::KioskSettings;
use canteen_ui::gallery::Fault;
use canteen_ui::testing::Headless;
use chrono::NaiveDate;
use firmware_adapters::printer::{decode, render};

use super::journal;
pub use super::screens::{lunch, settings_of};
use super::steps::Steps;

/// The shipped default configuration's kiosk settings.
pub fn settings() -> KioskSettings {
    settings_of(Config::defaults())
}

/// One stored sale as the tests look at it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sold {
    pub sale_no: String,
    pub total: Money,
    pub subsidy: Money,
    /// Free, by meal card, or at the counter (cash or mobile).
    pub method: PayMethod,
    /// Cash at the counter: (tendered, change).
    pub cash: Option<(Money, Money)>,
    /// The diner as the journal keeps them (masked at rest).
    pub masked_id: Option<String>,
}

pub struct Rig {
    pub screen: Headless,
    pub demo: DemoLedger,
    pub service: Arc<Mutex<Staged>>,
    /// The last journal record of the seeding (staff, residents, top-ups):
    /// what the test did comes after it.
    pub seeded: u64,
}

/// The window, controller and label helpers (`scan`, `tap`, `shows`, …).
impl std::ops::Deref for Rig {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.screen
    }
}

impl Rig {
    pub fn new() -> Rig {
        Rig::with_settings(settings())
    }

    /// A rig over other settings (the back end prices with the shipped
    /// configuration's pricing, as `settings` does).
    pub fn with_settings(settings: KioskSettings) -> Rig {
        let mut config = Config::defaults();
        config.pricing = settings.rules.clone();
        config.cashier = settings.cashier;
        let demo = DemoLedger::open(&config, lunch().date()).unwrap();
        let service = demo.service.clone();
        let seeded = service
            .lock()
            .unwrap()
            .service
            .ledger()
            .records_after(0, usize::MAX)
            .unwrap()
            .last()
            .map_or(0, |r| r.seq);
        let screen = Headless::new(settings, Box::new(service.clone()), lunch);
        Rig {
            screen,
            demo,
            service,
            seeded,
        }
    }

    /// A rig with the demo diner whose description starts with `prefix`
    /// scanned, on the priced screen asking `pays`.
    pub fn priced(prefix: &str, pays: &str) -> Rig {
        let rig = Rig::new();
        rig.scan_priced(&rig.number(prefix), pays);
        rig
    }

    /// A rig in cashier mode: cashier 1 signed in, the shift opened with
    /// `float` on the keypad.
    pub fn at_the_counter(float: &str) -> Rig {
        let rig = Rig::new();
        rig.open_counter("1", "1234", float);
        rig
    }

    /// A rig whose back end fails as `fault` says from the start.
    pub fn with_fault(fault: Fault) -> Rig {
        let rig = Rig::new();
        rig.fault(Some(fault));
        rig
    }

    /// The demo's 92-year-old scans and takes the free meal: one tap,
    /// committed, the done screen up.
    pub fn eat_free(&self) {
        self.scan(&self.number("92"));
        self.commit_with("确认，免费用餐");
    }

    /// The demo number whose description starts with `prefix` (e.g. "92").
    pub fn number(&self, prefix: &str) -> String {
        self.demo.number(prefix).expect("demo resident")
    }

    /// The birth date of that demo diner, as their signed meal card carries it.
    pub fn born(&self, prefix: &str) -> Option<NaiveDate> {
        canteen_core::ResidentId::parse(&self.number(prefix), lunch().date())
            .ok()?
            .birth_date()
    }

    pub fn staged(&self) -> MutexGuard<'_, Staged> {
        self.service.lock().unwrap()
    }

    /// Makes the back end fail as `fault` says (`None`: as normal).
    pub fn fault(&self, fault: Option<Fault>) {
        self.staged().fault = fault;
    }

    /// The self-service receipts printed: (sale number, copy).
    pub fn printed(&self) -> Vec<(String, bool)> {
        self.staged().printed.clone()
    }

    /// Everything the file printer received, rendered as text.
    pub fn printer_text(&self) -> String {
        render(
            &decode(&std::fs::read(&self.demo.printer_file).unwrap()),
            32,
        )
    }

    /// Times the cash drawer was opened.
    pub fn drawer_kicks(&self) -> usize {
        self.printer_text().matches("[DRAWER]").count()
    }

    /// Every journal record's body since the seeding, oldest first.
    pub fn records(&self) -> Vec<RecordBody> {
        journal::bodies(self.staged().service.ledger(), self.seeded)
    }

    /// The audit records of `action`, oldest first.
    pub fn audits(&self, action: AuditAction) -> Vec<Audit> {
        journal::audits(self.records(), action)
    }

    /// Every sale stored, oldest first (voided ones too).
    pub fn sales(&self) -> Vec<Sold> {
        let svc = self.staged();
        let ledger = svc.service.ledger();
        ledger
            .records_after(0, usize::MAX)
            .unwrap()
            .into_iter()
            .filter(|r| matches!(r.record.body, RecordBody::Sale(_)))
            .map(|r| {
                let s = ledger.sale(r.seq).unwrap().expect("stored");
                let (method, cash) = match s.payments.first() {
                    Some(Payment::Free) | None => (PayMethod::Free, None),
                    Some(Payment::Card { .. }) => (PayMethod::MealCard, None),
                    Some(Payment::Cash {
                        tendered, change, ..
                    }) => (PayMethod::Counter, Some((*tendered, *change))),
                    Some(Payment::Mobile { .. }) => (PayMethod::Counter, None),
                };
                Sold {
                    sale_no: s.seq.to_string(),
                    total: Money::from_fen(s.total_fen),
                    subsidy: Money::from_fen(s.subsidy_fen),
                    method,
                    cash,
                    masked_id: s.masked_id,
                }
            })
            .collect()
    }

    /// The meal card's balance now.
    pub fn card_balance(&self, card: &str) -> Money {
        self.staged().service.ledger().card_balance(card).unwrap()
    }

    /// The voids recorded, oldest first.
    pub fn voids(&self) -> Vec<Void> {
        journal::voids(self.records())
    }

    /// The line refunds recorded, oldest first.
    pub fn refunds(&self) -> Vec<Refund> {
        journal::refunds(self.records())
    }

    /// The last shift opened, as the ledger reports it (closed or not).
    pub fn last_shift(&self) -> ShiftReport {
        let svc = self.staged();
        let ledger = svc.service.ledger();
        let open_seq = ledger
            .records_after(0, usize::MAX)
            .unwrap()
            .iter()
            .rev()
            .find(|r| {
                matches!(
                    r.record.body,
                    RecordBody::Shift(canteen_core::cashier::Shift::Open { .. })
                )
            })
            .expect("a shift was opened")
            .seq;
        ledger.shift_report(open_seq).unwrap().expect("reported")
    }

    /// How many documents with a number (receipts, slips, reports) the
    /// printer received.
    pub fn documents_printed(&self) -> usize {
        self.printer_text().matches("单号 No.").count()
    }
}
