//! Meal cards issued by the office (`canteen_office::keys`, as
//! `canteen-office card issue` does) at the kiosk over the real ledger
//! (`support::ledger_rig`): scanned through the kiosk's scan path
//! (`scan_input`), which verifies them offline; a card without a birth date,
//! a forged or altered one, and one on a serial scanner.

mod support;

use canteen_core::{Money, Payment};
use support::ledger_rig::{CARD, CARD_HOLDER_ID, Rig, office, verified};

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
    rig.commit_with("饭卡支付");
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
    rig.assert_shows(&["本餐段已用过补贴餐，这一份按市场价", "您需支付 ¥15.00"]);
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
        rig.assert_shows(&["无法使用这张饭卡", "这张饭卡无效，请找工作人员"]);
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
