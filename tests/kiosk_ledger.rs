//! The diner's self-service flow over the real ledger (`support::ledger_rig`):
//! what the screen says is checked against what the ledger stored — a free
//! meal, a 低保 card payment and the quota, a price changed after the scan, a
//! companion meal, suspended residents and lost cards, and the demo's
//! registration run twice. The devices are in `kiosk_devices.rs`, meal cards
//! issued by the office in `kiosk_meal_cards.rs`.

mod support;

use canteen_config::Config;
use canteen_core::{Money, Payment};
use canteen_kiosk::demo::{self, DemoDiner};
use canteen_ledger::Ledger;
use support::ledger_rig::{Rig, lunch, now, verified};
use support::lunches::cash_lunch;
use support::steps::Steps;

#[test]
fn ninety_two_year_old_eats_free_and_the_ledger_holds_the_sale() {
    let rig = Rig::new();
    rig.scan(&rig.number("92"));
    assert_eq!(rig.stage(), "priced");
    assert!(rig.shows("王*华"), "masked name from the registry");
    rig.assert_shows(&["您需支付 免费", "补贴 ¥15.00"]);
    rig.commit_with("确认，免费用餐");
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
    let receipt = rig.printed();
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
    // 96% of the age-60 price.
    rig.scan_priced(&number, "¥11.52");
    assert!(rig.shows("补贴 ¥3.48"));
    // The balance the ledger holds.
    rig.tap_showing("确认点餐", "饭卡余额 ¥100.00");
    rig.commit_with("饭卡支付");
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
    rig.assert_shows(&["本餐段已用过补贴餐，这一份按市场价", "您需支付 ¥15.00"]);
    // The balance after the first sale.
    rig.tap_showing("确认点餐", "饭卡余额 ¥88.48");
}

#[test]
fn a_price_that_changed_after_the_scan_is_refused_and_nothing_is_charged() {
    let rig = Rig::new();
    let number = rig.number("65");
    rig.scan_priced(&number, "¥11.52");
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
    let rig = Rig::priced("85", "¥10.00");
    rig.tap_showing("加同行人一份 ¥15.00", "您需支付 ¥25.00");
    rig.tap("确认点餐");
    rig.commit_with("饭卡支付");
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
    rig.assert_shows(&["您的饭卡已挂失，本次凭身份证用餐", "您需支付 ¥12.00"]);
    rig.tap("确认点餐");
    assert!(!rig.shows("饭卡支付"), "a lost card cannot pay");
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");
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
