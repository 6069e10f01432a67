//! Cashier mode, driven headlessly through the real component by accessible
//! label, with the real controller and worker thread over the demo on the
//! real ledger (`support::demo`; demo staff: cashier 1 with PIN 1234,
//! supervisor 2 with PIN 9999).

mod support;

use std::time::{Duration, Instant};

use canteen_core::cashier::AuditAction;
use canteen_core::{Money, ResidentId};
use canteen_ui::cashier::Page;
use support::demo::Rig;

fn type_keys(rig: &Rig, keys: &str) {
    rig.type_keys(keys);
}

fn pump(rig: &Rig) {
    rig.pump();
}

fn field(rig: &Rig, caption: &str) -> String {
    rig.field(caption)
}

fn sign_in(rig: &Rig, who: &str, pin: &str) {
    rig.sign_in(who, pin);
    assert!(rig.kiosk.cashier_page().is_some(), "cashier mode is on");
}

fn audits(rig: &Rig, action: AuditAction) -> Vec<String> {
    rig.audits(action).into_iter().map(|a| a.detail).collect()
}

#[test]
fn a_cashier_shift_from_sign_in_to_z() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    assert!(rig.shows("收银员：王芳"));

    // Open the shift with a counted float of ¥200.
    type_keys(&rig, "200");
    assert_eq!(field(&rig, "备用金"), "200");
    rig.tap("开班");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));

    // A lunch set for an unidentified diner, paid ¥20 cash.
    rig.tap("午餐套餐  ¥15.00");
    assert!(rig.shows("合计 ¥15.00"));
    rig.tap("加一份 午餐套餐");
    assert!(rig.shows("合计 ¥30.00"));
    rig.tap("减一份 午餐套餐");
    assert!(rig.shows("合计 ¥15.00"));
    rig.tap("现金收款");
    assert!(rig.shows("应收 ¥15.00"));
    type_keys(&rig, "10");
    rig.tap("确认收款");
    assert!(
        rig.shows("收款不足，应收 ¥15.00"),
        "too little is refused on screen"
    );
    rig.tap("删除");
    rig.tap("删除");
    type_keys(&rig, "20");
    assert!(rig.shows("找零 ¥5.00"));
    rig.tap("确认收款");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Paid));
    rig.assert_shows(&["收款成功", "找零 ¥5.00"]);
    {
        let sales = rig.sales();
        assert_eq!(sales.len(), 1);
        assert_eq!(sales[0].total, Money::from_yuan(15));
        assert_eq!(
            sales[0].cash,
            Some((Money::from_yuan(20), Money::from_yuan(5)))
        );
        assert_eq!(rig.drawer_kicks(), 1, "the drawer opened after the commit");
        assert_eq!(rig.documents_printed(), 1, "its receipt");
        assert!(!rig.printer_text().contains("补打 COPY"), "not a copy");
    }
    rig.tap("下一单");

    // Void it: a reason and a supervisor's PIN; a cashier's PIN is refused.
    rig.tap("作废");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Void));
    assert_eq!(
        field(&rig, "单号"),
        rig.sales()[0].sale_no,
        "the last sale is offered"
    );
    rig.tap("确认作废");
    assert!(rig.shows("请先选择原因"));
    rig.tap("点错菜品");
    type_keys(&rig, "1234");
    rig.tap("确认作废");
    pump(&rig);
    assert!(rig.shows("主管密码不正确，请主管重输"));
    assert!(rig.voids().is_empty());
    type_keys(&rig, "9999");
    rig.tap("确认作废");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert!(rig.shows("已作废，请退还现金 ¥15.00"));
    {
        let voids = rig.voids();
        assert_eq!(voids.len(), 1);
        let authorised = rig.audits(AuditAction::VoidAuthorised);
        assert_eq!(authorised[0].staff_id, Some(2), "the supervisor");
        assert!(voids[0].reason.starts_with("点错菜品"));
    }
    assert_eq!(audits(&rig, AuditAction::SupervisorRefused).len(), 1);
    assert_eq!(audits(&rig, AuditAction::VoidAuthorised).len(), 1);

    // Close the shift ¥10 short: expected 200 + 20 − 5 − 15 = 200.
    rig.tap("交班");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftClose));
    rig.assert_shows(&["应有现金 ¥200.00", "现金退款 ¥15.00"]);
    type_keys(&rig, "190");
    assert!(rig.shows("差额 −¥10.00"));
    rig.tap("确认交班");
    assert!(rig.shows("差额超过 ¥5.00，请主管输入密码"));
    type_keys(&rig, "9999");
    assert_eq!(field(&rig, "主管密码"), "●●●●");
    rig.tap("确认交班");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    assert!(rig.shows("已交班，差额 −¥10.00"));
    {
        let shift = rig.last_shift();
        assert_eq!(shift.counted_fen, Some(19000));
        assert_eq!(shift.difference_fen, Some(-1000));
    }

    // Close the day: Z with the grand total and chain head.
    rig.tap("日结 Z 报表");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Report));
    rig.assert_shows(&[
        "Z 日结报表 2026-11-23",
        "销售笔数 1",
        "作废笔数 1",
        "净额 ¥0.00",
        "累计总额 ¥0.00",
    ]);
    assert_eq!(
        rig.find("链头").len(),
        1,
        "the chain head is on the Z report"
    );
    rig.tap("返回");
    rig.tap("退出");
    assert_eq!(rig.stage(), "welcome");
    assert_eq!(rig.kiosk.cashier_page(), None);
    assert!(rig.shows("请刷身份证或扫码"));
    pump(&rig);
    assert_eq!(audits(&rig, AuditAction::SignOut).len(), 1);
}

#[test]
fn five_wrong_pins_lock_the_account() {
    let rig = Rig::new();
    sign_in(&rig, "1", "0000");
    assert!(rig.shows("密码错误，还可再试 4 次"));
    for left in (1..4).rev() {
        rig.tap("密码");
        type_keys(&rig, "0000");
        rig.tap("登录");
        pump(&rig);
        assert!(rig.shows(&format!("密码错误，还可再试 {left} 次")));
    }
    type_keys(&rig, "0000");
    rig.tap("登录");
    pump(&rig);
    assert!(rig.shows("已锁定 15 分钟，请找主管"));
    // Even the right PIN is refused now.
    type_keys(&rig, "1234");
    rig.tap("登录");
    pump(&rig);
    assert!(rig.shows("已锁定 15 分钟，请找主管"));
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::SignIn));
    assert_eq!(audits(&rig, AuditAction::Locked).len(), 1);
    assert_eq!(audits(&rig, AuditAction::SignInFailed).len(), 6);
    rig.tap("返回首页");
    assert!(rig.shows("请刷身份证或扫码"));
}

#[test]
fn the_pin_shows_as_dots() {
    let rig = Rig::new();
    rig.tap("工作人员");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::SignIn));
    rig.tap("工号");
    type_keys(&rig, "1");
    rig.tap("密码");
    type_keys(&rig, "1234");
    assert_eq!(field(&rig, "工号"), "1");
    assert_eq!(field(&rig, "密码"), "●●●●", "never the digits");
}

#[test]
fn unknown_staff_is_a_clear_message() {
    let rig = Rig::new();
    sign_in(&rig, "77", "1234");
    assert!(rig.shows("没有这个工号，请核对后重输"));
}

/// Cashier-only tiers are data: a second one in the pricing configuration is
/// a second button on the order screen, priced by core and audited, with no
/// code of its own.
#[test]
fn a_second_cashier_only_tier_from_the_configuration_is_offered_and_priced() {
    let mut settings = support::demo::settings();
    settings.rules.tiers.push(canteen_core::Tier {
        id: "carer".into(),
        name_zh: "陪护人员".into(),
        name_en: "Carer".into(),
        min_age: None,
        max_age: None,
        cashier_only: true,
    });
    let lunch_set = settings
        .rules
        .items
        .iter_mut()
        .find(|i| i.id == "lunch-set")
        .unwrap();
    lunch_set
        .tier_prices
        .insert("carer".into(), Money::from_yuan(11));
    let market = lunch_set.market;
    let rig = support::demo::Rig::with_settings(settings);
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "100");
    rig.tap("开班");
    pump(&rig);
    rig.tap(&format!("午餐套餐  {market}"));
    assert!(
        rig.shows(&format!("合计 {market}")),
        "anonymous: market price"
    );
    rig.tap("陪护人员");
    assert!(rig.shows("合计 ¥11.00"), "the carer tier's price");
    rig.tap("儿童（1.4米以下）");
    assert!(rig.shows("合计 ¥9.00"), "one tier at a time: the child's");
    rig.tap("儿童（1.4米以下）");
    assert!(
        rig.shows(&format!("合计 {market}")),
        "tapped again: cleared"
    );
    rig.tap("陪护人员");
    rig.tap("手机支付");
    type_keys(&rig, "4200001234");
    rig.tap("确认收款");
    pump(&rig);
    assert!(rig.shows("收款成功"));
    assert_eq!(rig.sales()[0].total, Money::from_yuan(11));
    let tiers = audits(&rig, AuditAction::ChildTier);
    assert_eq!(tiers.len(), 1, "{tiers:?}");
    assert!(tiers[0].contains("carer"), "{tiers:?}");
}

#[test]
fn typed_id_is_masked_and_audited_with_the_child_tier() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "100");
    rig.tap("开班");
    pump(&rig);

    let number = rig.number("85");
    rig.tap("输入证件号");
    rig.tap("确认证件号");
    pump(&rig);
    assert!(rig.shows("证件号无效，请核对后重输"));
    type_keys(&rig, &number);
    let shown = field(&rig, "证件号");
    assert!(shown.ends_with(&number[14..]) && shown.starts_with("**************"));
    assert!(!shown.contains(&number[..14]), "never the full number");
    rig.tap("确认证件号");
    pump(&rig);
    assert!(rig.shows("顾客：李* 85岁"));
    rig.tap("午餐套餐  ¥10.00");
    assert!(
        rig.shows("合计 ¥10.00"),
        "the age-80 tier from core pricing"
    );
    rig.tap("儿童（1.4米以下）");
    assert!(rig.shows("合计 ¥9.00"), "the child tier");
    rig.tap("手机支付");
    rig.tap("确认收款");
    assert!(rig.shows("请输入手机支付单号"));
    type_keys(&rig, "4200001234");
    rig.tap("确认收款");
    pump(&rig);
    assert!(rig.shows("收款成功"));
    assert_eq!(rig.sales()[0].total, Money::from_yuan(9));
    assert_eq!(rig.drawer_kicks(), 0, "no drawer for a mobile payment");
    let manual = rig.audits(AuditAction::ManualIdEntry);
    assert_eq!(manual.len(), 1);
    assert_eq!(manual[0].staff_id, Some(1));
    assert!(!manual[0].detail.contains(&number), "masked in the audit");
    assert!(
        rig.audits(AuditAction::ChildTier)
            .iter()
            .any(|a| a.staff_id == Some(1))
    );
}

#[test]
fn cashier_mode_signs_out_when_idle() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    rig.kiosk.tick(Instant::now() + Duration::from_secs(60));
    assert_eq!(
        rig.kiosk.cashier_page(),
        Some(Page::ShiftOpen),
        "not idle yet"
    );
    rig.kiosk.tick(Instant::now() + Duration::from_secs(121));
    assert_eq!(rig.kiosk.cashier_page(), None);
    assert!(rig.shows("请刷身份证或扫码"));
    pump(&rig);
    assert_eq!(audits(&rig, AuditAction::SignOut), vec!["idle timeout"]);
}

#[test]
fn staff_button_and_pin_pad_in_english() {
    let rig = Rig::new();
    rig.tap("English");
    rig.tap("Staff");
    rig.assert_shows(&["Staff sign-in", "Sign in"]);
    rig.tap("Sign in");
    assert!(rig.shows("Enter your staff number and PIN"));
}

#[test]
fn no_sale_opens_the_drawer_only_with_a_supervisor() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "100");
    rig.tap("开班");
    pump(&rig);
    rig.tap("开钱箱");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::NoSale));
    type_keys(&rig, "9999");
    rig.tap("打开钱箱");
    assert!(rig.shows("请先选择原因"));
    rig.tap("清除");
    rig.tap("换零钱");
    type_keys(&rig, "1234");
    rig.tap("打开钱箱");
    pump(&rig);
    assert!(
        rig.shows("主管密码不正确，请主管重输"),
        "a cashier's PIN is not enough"
    );
    assert_eq!(rig.drawer_kicks(), 0);
    type_keys(&rig, "9999");
    rig.tap("打开钱箱");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert!(rig.shows("钱箱已打开（已记录）"));
    assert_eq!(rig.drawer_kicks(), 1);
    let opened = audits(&rig, AuditAction::NoSaleDrawer);
    assert_eq!(opened, vec!["cashier 1: 换零钱 / change for a note"]);
}

#[test]
fn a_scan_at_the_counter_identifies_the_diner_without_a_manual_entry_audit() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "100");
    rig.tap("开班");
    pump(&rig);
    rig.scan(&rig.number("65"));
    assert!(rig.shows("顾客：张*明 65岁 · 低保"));
    rig.tap("午餐套餐  ¥11.52");
    assert!(
        rig.shows("合计 ¥11.52"),
        "96% of the age-60 price, from core"
    );
    rig.tap("现金收款");
    type_keys(&rig, "20");
    rig.tap("确认收款");
    pump(&rig);
    assert!(rig.shows("找零 ¥8.48"));
    assert!(audits(&rig, AuditAction::ManualIdEntry).is_empty());
}

/// A diner whose card balance is too low chooses "pay at the counter": staff
/// open cashier mode from that screen, take cash for the order as the kiosk
/// priced it, and the diner's screen then shows the done screen.
#[test]
fn a_handed_over_order_is_paid_at_the_counter() {
    let rig = Rig::new();
    let number = rig.number("70");
    rig.scan(&number);
    assert!(rig.shows("您需支付 ¥12.00"));
    rig.tap("确认点餐");
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");

    // The staff button is on the "pay at the counter" screen.
    sign_in(&rig, "1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    type_keys(&rig, "200");
    rig.tap("开班");
    pump(&rig);
    assert_eq!(
        rig.kiosk.cashier_page(),
        Some(Page::Handover),
        "the handed-over order comes first"
    );
    assert!(rig.shows("顾客：赵*英"), "masked name only");
    rig.assert_shows(&["午餐套餐 ×1 ¥12.00", "应收 ¥12.00"]);

    // Back to the order screen: the order waits behind a banner.
    rig.tap("返回");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    rig.tap("自助机待收 ¥12.00");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Handover));

    rig.tap("现金收款");
    assert!(rig.shows("应收 ¥12.00"));
    type_keys(&rig, "20");
    assert!(rig.shows("找零 ¥8.00"));
    rig.tap("确认收款");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Paid));
    assert!(rig.shows("找零 ¥8.00"));
    {
        let sales = rig.sales();
        assert_eq!(sales.len(), 1);
        assert_eq!(sales[0].total, Money::from_yuan(12));
        // Sold to this diner: the ledger keeps them masked, and counts the
        // sale as their subsidised lunch.
        assert!(sales[0].masked_id.is_some(), "sold to the diner");
        let id = ResidentId::parse(&number, support::demo::lunch().date()).unwrap();
        let used = rig
            .staged()
            .service
            .ledger()
            .quota_used(&id, support::demo::lunch().date(), "lunch")
            .unwrap();
        assert_eq!(used, 1, "the diner's lunch");
        assert_eq!(
            sales[0].cash,
            Some((Money::from_yuan(20), Money::from_yuan(8)))
        );
    }
    rig.tap("下一单");
    assert!(
        !rig.shows("自助机待收 ¥12.00"),
        "a paid handover is no longer pending"
    );
    assert_eq!(rig.stage(), "counter", "the diner waits while staff work");

    // Staff leave: the diner's screen shows the sale as done.
    rig.tap("退出");
    pump(&rig);
    assert!(rig.kiosk.cashier_page().is_none());
    assert_eq!(rig.stage(), "done");
    rig.assert_shows(&["已付 ¥12.00", "政府补贴 ¥3.00"]);
}

/// A diner who walks away: the idle timeout drops the handed-over order.
#[test]
fn an_abandoned_handover_times_out() {
    let rig = Rig::new();
    rig.scan(&rig.number("70"));
    rig.tap("确认点餐");
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");
    rig.kiosk
        .tick(Instant::now() + rig.kiosk.idle_timeout() + Duration::from_secs(1));
    assert_eq!(rig.stage(), "welcome");
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "200");
    rig.tap("开班");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert!(!rig.shows("自助机待收 ¥12.00"));
}

/// A meal card topped up at the counter: typed digits and '-', or scanned;
/// an unknown card is refused; the cash counts in the shift; the new balance
/// shows; the top-up is audited with the staff member and printed.
#[test]
fn a_meal_card_is_topped_up_at_the_counter() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    type_keys(&rig, "200");
    rig.tap("开班");
    pump(&rig);
    rig.tap("充值");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::TopUp));
    rig.tap("确认充值");
    assert!(rig.shows("请扫描饭卡或输入卡号"));

    // Typed: digits and '-' only.
    type_keys(&rig, "12-34");
    assert_eq!(field(&rig, "卡号"), "12-34");
    rig.tap("充值金额");
    type_keys(&rig, "50");
    rig.tap("确认充值");
    pump(&rig);
    assert!(rig.shows("没有这张饭卡，请核对卡号"));
    assert!(audits(&rig, AuditAction::CardTopUp).is_empty());

    // A forged card QR: refused on this screen, the diner's session untouched.
    rig.kiosk.refuse_card();
    assert!(rig.shows("卡号无效，请重新扫描或输入"));
    assert_eq!(rig.stage(), "welcome");

    // Scanned while the screen is up: the card's number, on to the amount.
    rig.kiosk.scan_card("DEMO-0065", None);
    assert_eq!(field(&rig, "卡号"), "DEMO-0065");
    assert_eq!(field(&rig, "充值金额"), "50");
    rig.tap("确认充值");
    pump(&rig);
    rig.assert_shows(&["新余额 ¥150.00", "已充值 ¥50.00（卡号 *****0065）"]);
    assert_eq!(field(&rig, "卡号"), "", "ready for the next card");
    {
        assert_eq!(rig.card_balance("DEMO-0065"), Money::from_yuan(150));
        let shift = rig.last_shift();
        assert_eq!(shift.cash.top_ups, Money::from_yuan(50));
        assert_eq!(shift.expected_fen, 25000);
        assert_eq!(rig.documents_printed(), 1, "a receipt");
    }
    let audit = rig
        .audits(AuditAction::CardTopUp)
        .into_iter()
        .map(|a| a.staff_id)
        .collect::<Vec<_>>();
    assert_eq!(audit, vec![Some(1)], "audited with the cashier");
    rig.tap("返回");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
}

#[test]
fn the_x_report_shows_line_refunds_and_nets_them_out() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    rig.open_shift("200");
    rig.sell_cash(&["午餐套餐  ¥15.00", "加一份 午餐套餐"], "30");
    // One of the two lunch sets paid back (as `canteen refund` records it).
    {
        use canteen_ui::CashierService;
        let sale_no = rig.sales().last().unwrap().sale_no.clone();
        let refunded = rig.staged().service.refund_lines(
            1,
            &sale_no,
            &[1],
            "顾客退餐",
            "9999",
            support::demo::lunch(),
        );
        assert_eq!(refunded.unwrap().amount, Money::from_yuan(15));
    }
    rig.tap("X 报表");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Report));
    rig.assert_shows(&[
        "销售总额 ¥30.00",
        "作废金额 ¥0.00",
        "退款笔数 1",
        "退款金额 ¥15.00",
        "净额 ¥15.00",
    ]);
    rig.tap("返回");
}

#[test]
fn a_line_of_a_cash_sale_is_refunded_once_with_a_supervisor() {
    use canteen_ui::{CashierError, CashierService};
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    rig.open_shift("200");
    // Two items, ¥20 cash for ¥18.
    rig.sell_cash(&["午餐套餐  ¥15.00", "例汤  ¥3.00"], "20");

    // The last sale is offered and its lines listed.
    rig.tap("退款");
    pump(&rig);
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Refund));
    let sale_no = rig.sales()[0].sale_no.clone();
    assert_eq!(field(&rig, "单号"), sale_no);
    assert!(rig.shows("#1 午餐套餐 ¥15.00"));
    rig.tap("确认退款");
    assert!(rig.shows("请勾选要退款的菜品"));
    rig.tap("#2 例汤 ¥3.00");
    assert!(rig.shows("退款金额 ¥3.00"));
    rig.tap("顾客退餐");

    // A cashier's PIN is no supervisor's: refused, nothing written.
    type_keys(&rig, "1234");
    rig.tap("确认退款");
    pump(&rig);
    assert!(rig.shows("主管密码不正确，请主管重输"));
    {
        assert!(rig.refunds().is_empty());
        assert_eq!(rig.drawer_kicks(), 1, "only the sale's");
    }

    type_keys(&rig, "9999");
    rig.tap("确认退款");
    pump(&rig);
    rig.assert_shows(&["退款成功", "请从钱箱取出 ¥3.00 退给顾客", "退款方式 现金"]);
    {
        let refunds = rig.refunds();
        assert_eq!(refunds.len(), 1);
        let lines: Vec<_> = refunds[0]
            .lines
            .iter()
            .map(|l| (l.line_no, l.qty))
            .collect();
        assert_eq!(lines, vec![(1, 1)], "the soup, line 1");
        assert_eq!(refunds[0].supervisor_id, 2);
        let amount: Money = refunds[0].lines.iter().map(|l| l.amount).sum();
        assert_eq!(amount, Money::from_yuan(3));
        assert!(refunds[0].reason.starts_with("顾客退餐"));
        assert_eq!(rig.drawer_kicks(), 2, "once more, after the refund");
        let shift = rig.last_shift();
        assert_eq!(shift.cash.refunds, Money::from_yuan(3));
        assert_eq!(shift.expected_fen, 21500, "200 + 20 − 2 − 3");
        assert_eq!(rig.documents_printed(), 2, "the receipt, then a slip");
        assert!(rig.printer_text().contains("退款 REFUND"), "a refund slip");
    }
    assert_eq!(audits(&rig, AuditAction::RefundAuthorised).len(), 1);
    assert_eq!(audits(&rig, AuditAction::SupervisorRefused).len(), 1);
    rig.tap("完成");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));

    // The same line cannot be refunded twice: shown, not tickable, refused.
    rig.tap("退款");
    pump(&rig);
    assert!(rig.shows("#2 例汤 ¥3.00（已退款）"));
    assert!(rig.find("#2 例汤 ¥3.00").is_empty(), "no toggle for it");
    let again = rig.staged().service.refund_lines(
        1,
        &sale_no,
        &[1],
        "顾客退餐",
        "9999",
        support::demo::lunch(),
    );
    assert_eq!(
        again,
        Err(CashierError::Refused(canteen_core::Refusal::QtyTooLarge))
    );
    assert_eq!(rig.refunds().len(), 1);
    rig.tap("返回");

    // X: the refund counted, the net without it.
    rig.tap("X 报表");
    pump(&rig);
    rig.assert_shows(&[
        "销售总额 ¥18.00",
        "退款笔数 1",
        "退款金额 ¥3.00",
        "净额 ¥15.00",
    ]);
    rig.tap("返回");

    // A void afterwards pays back only what remains.
    rig.tap("作废");
    rig.tap("点错菜品");
    type_keys(&rig, "9999");
    rig.tap("确认作废");
    pump(&rig);
    assert!(rig.shows("已作废，请退还现金 ¥15.00"));
    assert_eq!(rig.voids().len(), 1);
    assert_eq!(
        rig.last_shift().cash.refunds,
        Money::from_yuan(3 + 15),
        "the void paid back ¥15.00 after the ¥3.00 refund"
    );
}

#[test]
fn a_refund_after_the_z_says_the_day_is_closed() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    rig.open_shift("200");
    rig.sell_cash(&["午餐套餐  ¥15.00"], "20");
    rig.tap("交班");
    pump(&rig);
    type_keys(&rig, "215");
    rig.tap("确认交班");
    pump(&rig);
    rig.tap("日结 Z 报表");
    pump(&rig);
    assert!(rig.shows("Z 日结报表 2026-11-23"));
    rig.tap("返回");
    rig.open_shift("100");

    rig.tap("退款");
    pump(&rig);
    rig.tap("#1 午餐套餐 ¥15.00");
    rig.tap("顾客退餐");
    type_keys(&rig, "9999");
    rig.tap("确认退款");
    pump(&rig);
    assert!(rig.shows("已日结（Z 报表已出），不能再收款、作废或退款"));
    assert!(rig.refunds().is_empty());
    assert_eq!(rig.drawer_kicks(), 1, "only the sale's");
}
