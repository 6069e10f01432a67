//! The diner's flows, driven headlessly through the real component by
//! accessible label, with the real controller and worker thread over the
//! demo on the real ledger (`support::demo`).

mod support;

use std::time::{Duration, Instant};

use canteen_core::Money;
use canteen_core::session::PayMethod;
use canteen_ui::gallery::Fault;
use support::demo::Rig;
use support::steps::Steps;

#[test]
fn ninety_two_year_old_eats_free_in_one_tap() {
    let rig = Rig::new();
    assert!(rig.shows("请刷身份证或扫码"));
    rig.scan_priced(&rig.number("92"), "免费");
    assert!(rig.shows("王*华"), "masked name shown");
    assert!(rig.shows("补贴 ¥15.00"));
    rig.commit_with("确认，免费用餐");
    rig.assert_shows(&["谢谢，祝您用餐愉快！", "请取走小票"]);
    let sales = rig.sales();
    assert_eq!(sales.len(), 1);
    assert_eq!(sales[0].total, Money::ZERO);
    assert_eq!(sales[0].subsidy, Money::from_yuan(15));
    assert_eq!(sales[0].method, PayMethod::Free);
    assert_eq!(rig.printed(), vec![(sales[0].sale_no.clone(), false)]);
}

#[test]
fn dibao_diner_pays_11_52_by_meal_card_then_market_price_on_second_scan() {
    let rig = Rig::new();
    let number = rig.number("65");
    // 96% of the age-60 price.
    rig.scan_priced(&number, "¥11.52");
    rig.assert_shows(&["市场价 ¥15.00", "补贴 ¥3.48"]);
    rig.tap("确认点餐");
    assert_eq!(rig.stage(), "paying");
    assert!(rig.shows("饭卡余额 ¥100.00"));
    rig.commit_with("饭卡支付");
    assert!(rig.shows("已付 ¥11.52"));
    {
        let sales = rig.sales();
        assert_eq!(sales.len(), 1);
        assert_eq!(sales[0].total, Money::from_fen(1152));
        assert_eq!(sales[0].method, PayMethod::MealCard);
    }

    // The same diner again in the same period: the market price is offered.
    rig.scan_priced(&number, "¥15.00");
    rig.assert_shows(&["本餐段已用过补贴餐，这一份按市场价", "补贴 ¥0.00"]);
}

#[test]
fn extras_and_companion_are_one_tap_each() {
    let rig = Rig::priced("85", "¥10.00");
    rig.tap_showing("加例汤 ¥3.00", "您需支付 ¥13.00");
    rig.tap("加同行人一份 ¥15.00");
    rig.assert_shows(&["您需支付 ¥28.00", "午餐套餐 ×2，例汤 ×1"]);
}

#[test]
fn insufficient_balance_is_a_clear_message() {
    let rig = Rig::new();
    rig.scan(&rig.number("70"));
    rig.tap("确认点餐");
    assert!(!rig.shows("饭卡支付"), "a short card is not offered");
    // The back end refuses a card whose balance fell short after the scan.
    rig.kiosk
        .handle(canteen_core::session::Event::Choose(PayMethod::MealCard));
    assert!(rig.kiosk.pump_one());
    assert_eq!(rig.stage(), "error");
    rig.assert_shows(&[
        "饭卡余额不足",
        "饭卡余额 ¥5.00，需付 ¥12.00。请到柜台充值，或用现金、手机支付。",
    ]);
    assert!(rig.sales().is_empty());
}

#[test]
fn cash_hands_over_to_the_counter() {
    let rig = Rig::priced("40", "¥15.00");
    rig.hand_over();
    assert!(rig.shows("请到柜台付款"));
}

#[test]
fn invalid_id_shows_an_error_then_back_to_welcome() {
    let rig = Rig::new();
    rig.scan("11010119500101001X");
    assert_eq!(rig.stage(), "error");
    rig.assert_shows(&[
        "无法识别这张证件",
        "请再刷一次身份证或扫码。还不行请找工作人员。",
    ]);
    rig.back_home();
}

#[test]
fn a_suspended_resident_is_refused_and_a_lost_card_holder_is_served_by_id() {
    let rig = Rig::new();
    // A diner whose card is fine sees no card line.
    rig.scan(&rig.number("65"));
    assert_eq!(rig.stage(), "priced");
    assert!(!rig.shows("您的饭卡已挂失，本次凭身份证用餐"));
    assert!(!rig.shows("您的饭卡已停用，本次凭身份证用餐"));
    rig.tap("取消");
    rig.scan(&rig.number("75"));
    assert!(rig.shows("此卡已暂停使用"));
    rig.back_home();
    // The card is lost, not the person: served by ID card and told so.
    rig.scan_priced(&rig.number("78"), "¥12.00");
    rig.assert_shows(&["周*平", "您的饭卡已挂失，本次凭身份证用餐"]);
    rig.tap("确认点餐");
    assert_eq!(rig.stage(), "paying");
    assert!(!rig.shows("饭卡支付"), "a lost card cannot pay");
    assert!(rig.shows("现金或手机支付"));
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");
}

#[test]
fn a_lost_meal_card_is_refused_and_a_good_one_is_served_by_the_card() {
    let rig = Rig::new();
    rig.scan_card("DEMO-0078", None);
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("此卡已挂失"));
    rig.back_home();
    // The signed card carries its holder's birth date (the registry keeps none).
    rig.scan_card("DEMO-0065", rig.born("65"));
    assert_eq!(rig.stage(), "priced");
    rig.assert_shows(&["张*明", "您需支付 ¥11.52"]);
    assert!(!rig.shows("您的饭卡已挂失，本次凭身份证用餐"));
}

#[test]
fn idle_timeout_drops_a_half_finished_order() {
    let rig = Rig::new();
    rig.scan(&rig.number("65"));
    rig.tap("确认点餐");
    assert_eq!(rig.stage(), "paying");
    rig.kiosk
        .tick(Instant::now() + rig.kiosk.idle_timeout() + Duration::from_secs(1));
    assert_eq!(rig.stage(), "welcome");
    assert!(rig.shows("请刷身份证或扫码"));
    assert!(rig.sales().is_empty(), "nothing half-sold");
}

#[test]
fn printer_failure_keeps_the_sale_and_offers_a_reprint() {
    let rig = Rig::with_fault(Fault::PaperOut);
    rig.eat_free();
    assert!(rig.shows("打印机缺纸"));
    assert_eq!(rig.sales().len(), 1);
    rig.fault(None);
    rig.tap("补打小票");
    assert!(rig.kiosk.pump_one());
    assert_eq!(
        rig.printed(),
        vec![(rig.sales()[0].sale_no.clone(), true)],
        "reprint marked as copy"
    );
}

#[test]
fn database_failure_stops_selling() {
    let rig = Rig::with_fault(Fault::DatabaseDown);
    rig.scan(&rig.number("92"));
    assert!(rig.shows("系统故障，暂停售餐"));
    assert!(rig.find("返回首页").is_empty(), "no way around: call staff");
}

#[test]
fn english_is_selectable() {
    let rig = Rig::new();
    rig.tap_showing("English", "Scan your ID card or QR code");
    rig.scan(&rig.number("65"));
    rig.assert_shows(&["You pay ¥11.52", "Confirm order"]);
    rig.tap_showing("中文", "确认点餐");
}

#[test]
fn a_refused_sale_charges_nothing_and_selling_goes_on() {
    let rig = Rig::with_fault(Fault::RefuseSales);
    rig.scan(&rig.number("85"));
    rig.tap("确认点餐");
    rig.tap("饭卡支付");
    rig.await_refusal();
    assert_eq!(rig.stage(), "error");
    rig.assert_shows(&[
        "未能完成，没有收费",
        "请重新刷卡，确认价格。还不行请找工作人员。",
    ]);
    assert!(rig.sales().is_empty());
    // Not a database fault: the kiosk keeps selling.
    rig.back_home();
}

#[test]
fn the_status_bar_shows_the_last_sync_and_what_waits() {
    let rig = Rig::new();
    assert!(rig.shows("未同步"), "never synced");
    let at = support::demo::lunch().date().and_hms_opt(2, 0, 0).unwrap();
    rig.kiosk.set_sync_status(canteen_ui::SyncStatus {
        last_sync: Some(at),
        pending: 3,
    });
    assert!(rig.shows("上次同步 11-23 02:00，待传 3 笔"));
    assert!(!rig.shows("未同步"));
    rig.kiosk.set_sync_status(canteen_ui::SyncStatus {
        last_sync: Some(at),
        pending: 0,
    });
    assert!(rig.shows("上次同步 11-23 02:00"));
    rig.tap_showing("English", "Synced 11-23 02:00");
    rig.kiosk.set_sync_status(canteen_ui::SyncStatus::default());
    assert!(rig.shows("Not synced yet"));
}
