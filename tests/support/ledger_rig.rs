//! The kiosk over the real ledger for the end-to-end tests of the diner's
//! self-service (`kiosk_ledger.rs`, `kiosk_devices.rs`,
//! `kiosk_meal_cards.rs`): the Slint window driven headlessly by accessible
//! label (`canteen_ui::testing`), the real controller and worker, and
//! `LedgerService` on a temporary data directory with the demo residents
//! registered; a 低保 meal-card holder imported through the registry CSV, and
//! the office's card-signing key (`canteen_office::keys`, as `canteen-office
//! card issue` uses it).

use canteen_config::Config;
use canteen_core::Money;
use canteen_kiosk::demo::{self, DemoDiner};
use canteen_ledger::Ledger;
use firmware_adapters::printer::Printer;

use super::screens;
pub use super::screens::{lunch, now};
use super::steps::Steps;

/// The screen tests' window over a ledger ([`screens::Rig`]) with the
/// demo's residents registered.
pub struct Rig {
    window: screens::Rig,
    pub diners: Vec<DemoDiner>,
    pub config: Config,
    /// The sequence number the kiosk's first sale gets (after the demo's records).
    pub first_sale: u64,
}

/// The window, its ledger and printer, and the label helpers.
impl std::ops::Deref for Rig {
    type Target = screens::Rig;
    fn deref(&self) -> &screens::Rig {
        &self.window
    }
}

impl Rig {
    pub fn new() -> Rig {
        Rig::with_printer(None)
    }

    /// A rig with the demo diner whose description starts with `prefix`
    /// scanned, on the priced screen asking `pays`.
    pub fn priced(prefix: &str, pays: &str) -> Rig {
        let rig = Rig::new();
        rig.scan_priced(&rig.number(prefix), pays);
        rig
    }

    /// With `printer`, or a file printer in the temporary directory.
    pub fn with_printer(printer: Option<Printer>) -> Rig {
        let config = Config::defaults();
        let categories = config.pricing.category_ids();
        let (window, (diners, first_sale)) = screens::Rig::seeded(printer, |ledger, at| {
            let diners = demo::register(ledger, &categories, lunch().date(), at).unwrap();
            let last = ledger
                .records_after(0, usize::MAX)
                .unwrap()
                .last()
                .map_or(0, |r| r.seq);
            let cashier = ledger.list_staff().unwrap().first().map_or(0, |s| s.id);
            (cashier, (diners, last + 1))
        });
        Rig {
            window,
            diners,
            config,
            first_sale,
        }
    }

    pub fn number(&self, prefix: &str) -> String {
        let d = self
            .diners
            .iter()
            .find(|d| d.description.starts_with(prefix));
        d.expect("demo diner").number.clone()
    }
}

pub fn verified(ledger: &Ledger) {
    assert!(ledger.verify().unwrap().is_ok(), "journal verifies");
}

/// The meal card the card tests use, its holder's (synthetic) ID number and
/// the office that issued it.
pub const CARD: &str = "88001234";
pub const CARD_HOLDER_ID: &str = "110101195611230017";

impl Rig {
    /// Registers a 70-year-old 低保 resident holding [`CARD`] through the
    /// registry CSV (as an office bundle or `canteen residents import` does)
    /// and tops the card up with ¥30.
    pub fn register_card_holder(&self) {
        let mut svc = self.ledger();
        let ledger = svc.ledger_mut();
        let csv = format!(
            "id_number,name,categories,card_no,status\n{CARD_HOLDER_ID},李秀英,dibao,{CARD},active\n"
        );
        let categories = self.config.pricing.category_ids();
        let read = ledger.read_residents_csv(csv.as_bytes(), lunch().date(), &categories);
        assert!(read.bad.is_empty(), "the row is good");
        let at = now(self.config.canteen.timezone);
        ledger.import_residents(&read.good, at, &mut || {}).unwrap();
        let staff = ledger.list_staff().unwrap()[0].id;
        ledger
            .top_up_card(CARD, Money::from_yuan(30), staff, at)
            .unwrap();
    }

    /// Hands a scanner line to the window the way the kiosk does, and waits
    /// for the worker when the line went to it.
    pub fn scan_line(&self, line: &str, key: Option<&canteen_sync::signing::OfficePublicKey>) {
        use canteen_kiosk::scan_input::{self, ScanInput};
        let input = scan_input::from_line(line, key);
        scan_input::deliver(&self.kiosk, &input);
        if matches!(input, ScanInput::Scan(_) | ScanInput::Card(..)) {
            assert!(self.kiosk.pump_one(), "worker answered the scan");
        }
    }

    pub fn journal_len(&self) -> usize {
        self.ledger()
            .ledger()
            .records_after(0, usize::MAX)
            .unwrap()
            .len()
    }
}

/// The office's key as `canteen-office card issue` uses it, and the public key
/// a kiosk is configured with.
pub fn office() -> (
    tempfile::TempDir,
    canteen_sync::signing::OfficeKey,
    canteen_sync::signing::OfficePublicKey,
) {
    let dir = tempfile::tempdir().unwrap();
    let key = canteen_office::keys::load_or_create(dir.path()).unwrap();
    let public = canteen_sync::signing::OfficePublicKey::from_hex(&key.public_hex()).unwrap();
    (dir, key, public)
}
