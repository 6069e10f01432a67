//! The diner's self-service flow over the real ledger: the Slint window driven
//! headlessly by accessible label (`canteen_ui::testing`), the real controller
//! and worker, and `LedgerService` on a temporary data directory with the demo
//! residents imported through the registry CSV. What the screen says is checked
//! against what the ledger stored. Meal cards are issued with the office's
//! key (`canteen_office::keys`, as `canteen-office card issue` does) and go
//! through the kiosk's scan path (`scan_input`), which verifies them offline.

mod support;

use std::sync::{Arc, Mutex};

use canteen_config::Config;
use canteen_core::{Money, Payment};
use canteen_kiosk::demo::{self, DemoDiner};
use canteen_kiosk::ledger_service::LedgerService;
use canteen_ledger::Ledger;
use canteen_ui::KioskSettings;
use canteen_ui::testing::Headless;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use firmware_adapters::printer::{Printer, decode, render};
use support::lunches::cash_lunch;

fn lunch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

struct Rig {
    screen: Headless,
    service: Arc<Mutex<LedgerService>>,
    diners: Vec<DemoDiner>,
    config: Config,
    _dir: tempfile::TempDir,
    printer_file: std::path::PathBuf,
    /// The sequence number the kiosk's first sale gets (after the demo's records).
    first_sale: u64,
}

impl std::ops::Deref for Rig {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.screen
    }
}

impl Rig {
    fn new() -> Rig {
        Rig::with_printer(None)
    }

    /// With `printer`, or a file printer in the temporary directory.
    fn with_printer(printer: Option<Printer>) -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::defaults();
        let tz = config.canteen.timezone;
        let mut ledger = Ledger::open(&dir.path().join("data")).unwrap();
        let categories = config.pricing.category_ids();
        let diners = demo::register(&mut ledger, &categories, lunch().date(), now(tz)).unwrap();
        let first_sale = ledger
            .records_after(0, usize::MAX)
            .unwrap()
            .last()
            .map_or(0, |r| r.seq)
            + 1;
        let printer_file = dir.path().join("printer.bin");
        let service = LedgerService::from_config(ledger, &config)
            .with_printer(printer.unwrap_or_else(|| Printer::open_file(&printer_file).unwrap()));
        let service = Arc::new(Mutex::new(service));
        let settings = KioskSettings::new(
            &config.canteen.name_zh,
            &config.canteen.name_en,
            config.pricing.clone(),
            config.canteen.age_convention,
        );
        let screen = Headless::new(settings, Box::new(service.clone()), lunch);
        Rig {
            screen,
            service,
            diners,
            config,
            _dir: dir,
            printer_file,
            first_sale,
        }
    }

    fn number(&self, prefix: &str) -> String {
        let d = self
            .diners
            .iter()
            .find(|d| d.description.starts_with(prefix));
        d.expect("demo diner").number.clone()
    }

    fn ledger(&self) -> std::sync::MutexGuard<'_, LedgerService> {
        self.service.lock().unwrap()
    }

    fn receipts(&self) -> String {
        render(&decode(&std::fs::read(&self.printer_file).unwrap()), 32)
    }
}

fn now(tz: FixedOffset) -> DateTime<FixedOffset> {
    tz.from_local_datetime(&lunch()).unwrap()
}

fn verified(ledger: &Ledger) {
    assert!(ledger.verify().unwrap().is_ok(), "journal verifies");
}

#[test]
fn ninety_two_year_old_eats_free_and_the_ledger_holds_the_sale() {
    let rig = Rig::new();
    rig.scan(&rig.number("92"));
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("王*华"), "masked name from the registry");
    assert!(rig.shows("您需支付 免费"));
    assert!(rig.shows("补贴 ¥15.00"));
    rig.tap("确认，免费用餐");
    rig.await_commit();
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows("请取走小票"));

    let svc = rig.ledger();
    let sale = svc
        .ledger()
        .sale(rig.first_sale)
        .unwrap()
        .expect("the sale is in the ledger");
    assert_eq!(sale.total_fen, 0);
    assert_eq!(sale.subsidy_fen, 1500);
    assert_eq!(sale.payments, vec![Payment::Free]);
    assert_eq!(sale.lines.len(), 1);
    assert!(sale.lines[0].uses_quota);
    verified(svc.ledger());
    let receipt = rig.receipts();
    assert!(receipt.contains("实付 Total ¥0.00"), "{receipt}");
    assert!(receipt.contains("[QR"), "{receipt}");
    assert!(
        !receipt.contains(&rig.number("92")),
        "never the full ID number"
    );
}

#[test]
fn dibao_diner_pays_11_52_by_card_then_the_market_price_on_a_second_scan() {
    let rig = Rig::new();
    let number = rig.number("65");
    rig.scan(&number);
    assert!(rig.shows("您需支付 ¥11.52"), "96% of the age-60 price");
    assert!(rig.shows("补贴 ¥3.48"));
    rig.tap("确认点餐");
    assert!(
        rig.shows("饭卡余额 ¥100.00"),
        "the balance the ledger holds"
    );
    rig.tap("饭卡支付");
    rig.await_commit();
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows("已付 ¥11.52"));
    {
        let svc = rig.ledger();
        let sale = svc.ledger().sale(rig.first_sale).unwrap().expect("stored");
        assert_eq!(sale.total_fen, 1152);
        assert!(
            matches!(&sale.payments[..], [Payment::Card { amount, .. }] if *amount == Money::from_fen(1152))
        );
        assert_eq!(
            svc.ledger().card_balance("DEMO-0065").unwrap(),
            Money::from_fen(8848)
        );
        verified(svc.ledger());
    }

    rig.scan(&number);
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("本餐段已用过补贴餐，这一份按市场价"));
    assert!(rig.shows("您需支付 ¥15.00"));
    rig.tap("确认点餐");
    assert!(
        rig.shows("饭卡余额 ¥88.48"),
        "the balance after the first sale"
    );
}

#[test]
fn a_price_that_changed_after_the_scan_is_refused_and_nothing_is_charged() {
    let rig = Rig::new();
    let number = rig.number("65");
    rig.scan(&number);
    assert!(rig.shows("您需支付 ¥11.52"));
    // Meanwhile the cashier sells this diner the subsidised meal at the counter.
    {
        let mut svc = rig.ledger();
        let id = canteen_core::ResidentId::parse(&number, lunch().date()).unwrap();
        let at = now(rig.config.canteen.timezone);
        svc.ledger_mut()
            .sell(&cash_lunch(&rig.config, at, Some(&id)))
            .unwrap();
    }
    rig.tap("确认点餐");
    rig.tap("饭卡支付");
    rig.await_refusal();
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("未能完成，没有收费"));
    let svc = rig.ledger();
    assert!(
        svc.ledger().sale(rig.first_sale + 1).unwrap().is_none(),
        "no second sale"
    );
    assert_eq!(
        svc.ledger().card_balance("DEMO-0065").unwrap(),
        Money::from_yuan(100)
    );
    drop(svc);
    rig.tap("返回首页");
    assert_eq!(rig.stage(), "welcome", "a refusal does not stop selling");
}

#[test]
fn a_companion_meal_is_recorded_at_the_market_price() {
    let rig = Rig::new();
    rig.scan(&rig.number("85"));
    assert!(rig.shows("您需支付 ¥10.00"));
    rig.tap("加同行人一份 ¥15.00");
    assert!(rig.shows("您需支付 ¥25.00"));
    rig.tap("确认点餐");
    rig.tap("饭卡支付");
    rig.await_commit();
    assert_eq!(rig.stage(), "done");
    let svc = rig.ledger();
    let sale = svc.ledger().sale(rig.first_sale).unwrap().expect("stored");
    assert_eq!(sale.total_fen, 2500);
    assert_eq!(sale.lines.len(), 2);
    assert_eq!(
        sale.lines[0].charged,
        Money::from_yuan(10),
        "the diner's own meal at the age-80 tier"
    );
    assert!(sale.lines[0].uses_quota);
    let companion = &sale.lines[1];
    assert_eq!(
        companion.charged,
        Money::from_yuan(15),
        "the companion pays market"
    );
    assert_eq!(
        companion.subsidy,
        Money::ZERO,
        "no subsidy claimed for the companion"
    );
    assert!(!companion.uses_quota);
    assert!(
        companion.reason_en.starts_with("Companion"),
        "{}",
        companion.reason_en
    );
    assert_eq!(
        svc.ledger().card_balance("DEMO-0085").unwrap(),
        Money::from_yuan(25)
    );
    verified(svc.ledger());
}

#[test]
fn a_suspended_resident_is_refused_and_a_lost_card_refuses_only_the_card() {
    let rig = Rig::new();
    rig.scan(&rig.number("75"));
    assert!(rig.shows("此卡已暂停使用"));
    rig.tap("返回首页");
    // The 78-year-old's card DEMO-0078 is reported lost: the card is refused…
    rig.kiosk.scan_card("DEMO-0078", None);
    assert!(rig.kiosk.pump_one(), "worker answered the card");
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("此卡已挂失"));
    rig.tap("返回首页");
    // …but their ID card is served, told that the card is lost, and cannot
    // pay with the lost card.
    rig.scan(&rig.number("78"));
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("您的饭卡已挂失，本次凭身份证用餐"));
    assert!(rig.shows("您需支付 ¥12.00"));
    rig.tap("确认点餐");
    assert!(!rig.shows("饭卡支付"), "a lost card cannot pay");
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");
}

#[test]
fn a_serial_scanner_on_a_pty_feeds_the_kiosk() {
    use canteen_kiosk::scan_input::{ScanInput, Scanners};
    use firmware_adapters::scanner::{ScannerConfig, spawn};
    use firmware_adapters::sim::SimScanner;
    use std::time::Duration;

    let rig = Rig::new();
    let mut sim = SimScanner::new().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _runner = spawn(ScannerConfig::new(sim.path()), tx).unwrap();
    let mut scanners = Scanners::default();
    // A deadline so a broken runner fails the test instead of hanging it.
    let mut next = || {
        scanners.input(
            rx.recv_timeout(Duration::from_secs(20))
                .expect("scanner event"),
        )
    };
    while next() != ScanInput::Connected(true) {}
    sim.send_frame("not an id").unwrap();
    sim.send_frame(&rig.number("92")).unwrap();
    let mut scans = Vec::new();
    while scans.len() < 2 {
        if let ScanInput::Scan(scan) = next() {
            scans.push(scan);
        }
    }
    assert_eq!(
        scans[0],
        canteen_core::Scan::unreadable(),
        "an unreadable code is a scan the diner must repeat"
    );
    // Typed from the scanner to the worker: nothing turns them back to text.
    let scan = |scan: &canteen_core::Scan| {
        rig.kiosk.scanned(scan.clone());
        assert!(rig.kiosk.pump_one(), "worker answered the scan");
    };
    scan(&scans[0]);
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("无法识别这张证件"));
    scan(&scans[1]);
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("王*华"));
    assert!(rig.shows("您需支付 免费"));
}

#[test]
fn a_failed_print_keeps_the_sale_and_the_reprint_says_copy() {
    use firmware_adapters::sim::{SimPrinterState, VirtualPrinter};

    let paper_out = SimPrinterState {
        paper_out: true,
        ..Default::default()
    };
    let vp = VirtualPrinter::start(paper_out).unwrap();
    let printer = Printer::open(std::path::Path::new(vp.path()), 9600).unwrap();
    let rig = Rig::with_printer(Some(printer));
    rig.scan(&rig.number("92"));
    rig.tap("确认，免费用餐");
    rig.await_commit();
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows("打印机缺纸"));
    assert!(
        rig.ledger()
            .ledger()
            .sale(rig.first_sale)
            .unwrap()
            .is_some(),
        "the sale stands"
    );

    vp.set_state(SimPrinterState::default());
    rig.tap("补打小票");
    assert!(rig.kiosk.pump_one());
    let text = render(
        &decode(&vp.received_through_cut(std::time::Duration::from_secs(5))),
        32,
    );
    assert!(text.contains("补打 COPY"), "{text}");
    assert!(text.contains(&format!("{:06}", rig.first_sale)), "{text}");
    assert!(text.contains("[CUT"), "{text}");
    assert!(
        !text.contains("[DRAWER"),
        "no drawer kick at the self-service kiosk"
    );
}

#[test]
fn the_demo_registers_again_without_changing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::defaults();
    let tz = config.canteen.timezone;
    let categories = config.pricing.category_ids();
    let mut ledger = Ledger::open(dir.path()).unwrap();
    let first = demo::register(&mut ledger, &categories, lunch().date(), now(tz)).unwrap();
    let records = ledger.records_after(0, usize::MAX).unwrap().len();
    let again = demo::register(&mut ledger, &categories, lunch().date(), now(tz)).unwrap();
    let numbers = |d: &[DemoDiner]| d.iter().map(|d| d.number.clone()).collect::<Vec<_>>();
    assert_eq!(numbers(&first), numbers(&again));
    assert_eq!(
        ledger.records_after(0, usize::MAX).unwrap().len(),
        records,
        "no second top-up"
    );
    assert_eq!(
        ledger.card_balance("DEMO-0065").unwrap(),
        Money::from_yuan(100)
    );
    verified(&ledger);
}

/// The meal card the card tests use, its holder's (synthetic) ID number and
/// the office that issued it.
const CARD: &str = "88001234";
const CARD_HOLDER_ID: &str = "110101195611230017";

impl Rig {
    /// Registers a 70-year-old 低保 resident holding [`CARD`] through the
    /// registry CSV (as an office bundle or `canteen residents import` does)
    /// and tops the card up with ¥30.
    fn register_card_holder(&self) {
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
    fn scan_line(&self, line: &str, key: Option<&canteen_sync::signing::OfficePublicKey>) {
        use canteen_kiosk::scan_input::{self, ScanInput};
        let input = scan_input::from_line(line, key);
        scan_input::deliver(&self.kiosk, &input);
        if matches!(input, ScanInput::Scan(_) | ScanInput::Card(..)) {
            assert!(self.kiosk.pump_one(), "worker answered the scan");
        }
    }

    fn journal_len(&self) -> usize {
        self.ledger()
            .ledger()
            .records_after(0, usize::MAX)
            .unwrap()
            .len()
    }
}

/// The office's key as `canteen-office card issue` uses it, and the public key
/// a kiosk is configured with.
fn office() -> (
    tempfile::TempDir,
    canteen_sync::signing::OfficeKey,
    canteen_sync::signing::OfficePublicKey,
) {
    let dir = tempfile::tempdir().unwrap();
    let key = canteen_office::keys::load_or_create(dir.path()).unwrap();
    let public = canteen_sync::signing::OfficePublicKey::from_hex(&key.public_hex()).unwrap();
    (dir, key, public)
}

/// A card issued before cards carried a birth date: the kiosk keeps no birth
/// date either, so its holder is priced with no age — 低保 needs 60+, so the
/// market price — until the office reissues the card.
#[test]
fn a_card_without_a_birth_date_prices_its_holder_without_an_age() {
    let rig = Rig::new();
    rig.register_card_holder();
    let (_office, key, public) = office();
    rig.scan_line(&key.card_qr_text(CARD), Some(&public));
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("李*英"));
    assert!(rig.shows("您需支付 ¥15.00"), "no age: market price");
}

#[test]
fn an_office_issued_meal_card_identifies_its_holder_offline_and_pays() {
    use canteen_kiosk::scan_input::{ScanInput, from_line};

    let rig = Rig::new();
    rig.register_card_holder();
    let (_office, key, public) = office();
    // The card carries its holder's birth date: the kiosk keeps none.
    let born = chrono::NaiveDate::from_ymd_opt(1956, 11, 23);
    let qr = key.holder_card_qr_text(CARD, born);
    assert_eq!(
        from_line(&qr, Some(&public)),
        ScanInput::Card(CARD.into(), born)
    );

    rig.scan_line(&qr, Some(&public));
    assert_eq!(rig.stage(), "priced", "treated like an ID scan");
    assert!(
        rig.shows("李*英"),
        "the holder's masked name from the registry"
    );
    assert!(rig.shows("您需支付 ¥11.52"), "age 70, 低保: 96% of ¥12");
    assert!(
        !rig.shows(CARD_HOLDER_ID) && !rig.shows("11010119561123"),
        "no ID number on screen"
    );
    rig.tap("确认点餐");
    assert!(rig.shows("饭卡余额 ¥30.00"), "the card's balance");
    rig.tap("饭卡支付");
    rig.await_commit();
    assert_eq!(rig.stage(), "done");
    {
        let svc = rig.ledger();
        // The holder's registration and top-up came after the demo's records.
        let seq = svc.ledger().outbox_status().unwrap().last_seq;
        let sale = svc.ledger().sale(seq).unwrap().expect("stored");
        assert_eq!(sale.total_fen, 1152);
        assert!(matches!(&sale.payments[..], [Payment::Card { card_no, .. }] if card_no == CARD));
        let masked = sale.masked_id.expect("recorded for the card's holder");
        assert!(!masked.contains("11230017"), "masked: {masked}");
        assert_eq!(
            svc.ledger().card_balance(CARD).unwrap(),
            Money::from_fen(3000 - 1152)
        );
        verified(svc.ledger());
    }

    // The same person's quota, whether they show the card or the ID card.
    rig.scan_line(&qr, Some(&public));
    assert!(rig.shows("本餐段已用过补贴餐，这一份按市场价"));
    assert!(rig.shows("您需支付 ¥15.00"));
    rig.tap("取消");
    rig.scan(CARD_HOLDER_ID);
    assert!(rig.shows("本餐段已用过补贴餐，这一份按市场价"));
}

#[test]
fn a_forged_or_altered_meal_card_is_refused_and_nothing_is_written() {
    use canteen_kiosk::scan_input::{ScanInput, from_line};

    let rig = Rig::new();
    rig.register_card_holder();
    let (_office, key, public) = office();
    let before = rig.journal_len();

    let forged = canteen_sync::signing::OfficeKey::from_seed([9; 32]).card_qr_text(CARD);
    let altered = key.card_qr_text("88001299").replacen("88001299", CARD, 1);
    let truncated = {
        let qr = key.card_qr_text(CARD);
        qr[..qr.len() - 3].to_owned()
    };
    for qr in [&forged, &altered, &truncated] {
        assert_eq!(from_line(qr, Some(&public)), ScanInput::InvalidCard, "{qr}");
        rig.scan_line(qr, Some(&public));
        assert_eq!(rig.stage(), "error");
        assert!(rig.shows("无法使用这张饭卡"));
        assert!(rig.shows("这张饭卡无效，请找工作人员"));
        rig.tap("返回首页");
    }
    // A genuine card on a kiosk with no office key cannot be checked.
    assert_eq!(
        from_line(&key.card_qr_text(CARD), None),
        ScanInput::InvalidCard
    );
    // A genuine card the registry does not know.
    rig.scan_line(&key.card_qr_text("88009999"), Some(&public));
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("这张饭卡无效，请找工作人员"));
    assert_eq!(rig.journal_len(), before, "nothing was written");
    assert_eq!(
        rig.ledger().ledger().card_balance(CARD).unwrap(),
        Money::from_yuan(30)
    );
}

#[test]
fn a_meal_card_on_a_serial_scanner_is_verified_before_it_reaches_the_kiosk() {
    use canteen_kiosk::scan_input::{self, ScanInput, Scanners};
    use firmware_adapters::scanner::{ScannerConfig, spawn};
    use firmware_adapters::sim::SimScanner;
    use std::sync::Arc;
    use std::time::Duration;

    let rig = Rig::new();
    rig.register_card_holder();
    let (_office, key, public) = office();
    let mut sim = SimScanner::new().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _runner = spawn(ScannerConfig::new(sim.path()), tx).unwrap();
    let mut scanners = Scanners::with_key(Some(Arc::new(public)));
    let mut next = || {
        scanners.input(
            rx.recv_timeout(Duration::from_secs(20))
                .expect("scanner event"),
        )
    };
    while next() != ScanInput::Connected(true) {}
    let forged = canteen_sync::signing::OfficeKey::from_seed([9; 32]).card_qr_text(CARD);
    sim.send_frame(&forged).unwrap();
    sim.send_frame(&key.card_qr_text(CARD)).unwrap();
    let mut inputs = Vec::new();
    while inputs.len() < 2 {
        match next() {
            ScanInput::Ignore | ScanInput::Connected(_) => {}
            other => inputs.push(other),
        }
    }
    assert_eq!(inputs[0], ScanInput::InvalidCard);
    assert_eq!(inputs[1], ScanInput::Card(CARD.into(), None));
    scan_input::deliver(&rig.kiosk, &inputs[0]);
    assert!(rig.shows("这张饭卡无效，请找工作人员"));
    rig.tap("返回首页");
    scan_input::deliver(&rig.kiosk, &inputs[1]);
    assert!(rig.kiosk.pump_one());
    assert!(rig.shows("李*英"));
}
