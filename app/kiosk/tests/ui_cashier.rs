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
use support::steps::Steps;

fn sign_in(rig: &Rig, who: &str, pin: &str) {
    rig.sign_in(who, pin);
    assert!(rig.kiosk.cashier_page().is_some(), "cashier mode is on");
}

fn audits(rig: &Rig, action: AuditAction) -> Vec<String> {
    rig.audits(action).into_iter().map(|a| a.detail).collect()
}

/// Line 1 of sale `sale_no` paid back past the screens, as `canteen refund`
/// records it: cashier 1, the supervisor's PIN 9999, the diner's reason.
fn refund_line_one(
    rig: &Rig,
    sale_no: &str,
) -> Result<canteen_ui::RefundDone, canteen_ui::CashierError> {
    use canteen_ui::CashierService;
    let at = support::demo::lunch();
    rig.staged()
        .service
        .refund_lines(1, sale_no, &[1], "顾客退餐", "9999", at)
}

#[test]
fn a_cashier_shift_from_sign_in_to_z() {
    let rig = Rig::new();
    sign_in(&rig, "1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    assert!(rig.shows("收银员：王芳"));

    // Open the shift with a counted float of ¥200.
    rig.type_keys("200");
    assert_eq!(rig.field("备用金"), "200");
    rig.load("开班", Page::Order);

    // A lunch set for an unidentified diner, paid ¥20 cash.
    rig.tap_showing("午餐套餐  ¥15.00", "合计 ¥15.00");
    rig.tap_showing("加一份 午餐套餐", "合计 ¥30.00");
    rig.tap_showing("减一份 午餐套餐", "合计 ¥15.00");
    rig.tap_showing("现金收款", "应收 ¥15.00");
    rig.type_keys("10");
    // Too little is refused on screen.
    rig.tap_showing("确认收款", "收款不足，应收 ¥15.00");
    rig.tap("删除");
    rig.tap("删除");
    rig.type_keys("20");
    assert!(rig.shows("找零 ¥5.00"));
    rig.load("确认收款", Page::Paid);
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
    rig.tap_to("作废", Page::Void);
    assert_eq!(
        rig.field("单号"),
        rig.sales()[0].sale_no,
        "the last sale is offered"
    );
    rig.tap_showing("确认作废", "请先选择原因");
    rig.tap("点错菜品");
    rig.submit("1234", "确认作废");
    assert!(rig.shows("主管密码不正确，请主管重输"));
    assert!(rig.voids().is_empty());
    rig.submit("9999", "确认作废");
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
    rig.load("交班", Page::ShiftClose);
    rig.assert_shows(&["应有现金 ¥200.00", "现金退款 ¥15.00"]);
    rig.type_keys("190");
    assert!(rig.shows("差额 −¥10.00"));
    rig.tap_showing("确认交班", "差额超过 ¥5.00，请主管输入密码");
    rig.type_keys("9999");
    assert_eq!(rig.field("主管密码"), "●●●●");
    rig.load("确认交班", Page::ShiftOpen);
    assert!(rig.shows("已交班，差额 −¥10.00"));
    {
        let shift = rig.last_shift();
        assert_eq!(shift.counted_fen, Some(19000));
        assert_eq!(shift.difference_fen, Some(-1000));
    }

    // Close the day: Z with the grand total and chain head.
    rig.load("日结 Z 报表", Page::Report);
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
    rig.pump();
    assert_eq!(audits(&rig, AuditAction::SignOut).len(), 1);
}

#[test]
fn five_wrong_pins_lock_the_account() {
    let rig = Rig::new();
    sign_in(&rig, "1", "0000");
    assert!(rig.shows("密码错误，还可再试 4 次"));
    for left in (1..4).rev() {
        rig.tap("密码");
        rig.submit("0000", "登录");
        assert!(rig.shows(&format!("密码错误，还可再试 {left} 次")));
    }
    rig.submit("0000", "登录");
    assert!(rig.shows("已锁定 15 分钟，请找主管"));
    // Even the right PIN is refused now.
    rig.submit("1234", "登录");
    assert!(rig.shows("已锁定 15 分钟，请找主管"));
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::SignIn));
    assert_eq!(audits(&rig, AuditAction::Locked).len(), 1);
    assert_eq!(audits(&rig, AuditAction::SignInFailed).len(), 6);
    rig.tap_showing("返回首页", "请刷身份证或扫码");
}

#[test]
fn the_pin_shows_as_dots() {
    let rig = Rig::new();
    rig.tap_to("工作人员", Page::SignIn);
    rig.tap("工号");
    rig.type_keys("1");
    rig.tap("密码");
    rig.type_keys("1234");
    assert_eq!(rig.field("工号"), "1");
    assert_eq!(rig.field("密码"), "●●●●", "never the digits");
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
    // The shipped pricing with a carer tier, and the lunch set's price for it.
    let pricing = include_str!("../../../config/defaults/pricing.toml").replace(
        "\n# Subsidy categories",
        "\n[[tiers]]\nid = \"carer\"\nname_zh = \"陪护人员\"\nname_en = \"Carer\"\ncashier_only = true\n\n# Subsidy categories",
    );
    let lunch_prices = r#"age80 = "10.00", age60 = "12.00", child = "9.00" }"#;
    let menu = include_str!("../../../config/defaults/menu.toml").replacen(
        lunch_prices,
        r#"age80 = "10.00", age60 = "12.00", child = "9.00", carer = "11.00" }"#,
        1,
    );
    let config =
        canteen_config::Config::from_texts(&[("pricing.toml", &pricing), ("menu.toml", &menu)])
            .expect("the shipped configuration with a carer tier is valid");
    let lunch_set = config.pricing.item("lunch-set").unwrap();
    let carer = lunch_set.tier_prices.get("carer");
    assert_eq!(carer, Some(&Money::from_yuan(11)), "the carer's price");
    let market = lunch_set.market;
    let rig = Rig::with_settings(support::demo::settings_of(config));
    rig.open_counter("1", "1234", "100");
    // Anonymous: market price.
    rig.tap_showing(&format!("午餐套餐  {market}"), &format!("合计 {market}"));
    // The carer tier's price.
    rig.tap_showing("陪护人员", "合计 ¥11.00");
    // One tier at a time: the child's.
    rig.tap_showing("儿童（1.4米以下）", "合计 ¥9.00");
    // Tapped again: cleared.
    rig.tap_showing("儿童（1.4米以下）", &format!("合计 {market}"));
    rig.tap("陪护人员");
    rig.tap("手机支付");
    rig.submit("4200001234", "确认收款");
    assert!(rig.shows("收款成功"));
    assert_eq!(rig.sales()[0].total, Money::from_yuan(11));
    let tiers = audits(&rig, AuditAction::ChildTier);
    assert_eq!(tiers.len(), 1, "{tiers:?}");
    assert!(tiers[0].contains("carer"), "{tiers:?}");
}

#[test]
fn typed_id_is_masked_and_audited_with_the_child_tier() {
    let rig = Rig::at_the_counter("100");

    let number = rig.number("85");
    rig.tap("输入证件号");
    rig.tap("确认证件号");
    rig.pump();
    assert!(rig.shows("证件号无效，请核对后重输"));
    rig.type_keys(&number);
    let shown = rig.field("证件号");
    assert!(shown.ends_with(&number[14..]) && shown.starts_with("**************"));
    assert!(!shown.contains(&number[..14]), "never the full number");
    rig.tap("确认证件号");
    rig.pump();
    assert!(rig.shows("顾客：李* 85岁"));
    // The age-80 tier from core pricing.
    rig.tap_showing("午餐套餐  ¥10.00", "合计 ¥10.00");
    // The child tier.
    rig.tap_showing("儿童（1.4米以下）", "合计 ¥9.00");
    rig.tap("手机支付");
    rig.tap_showing("确认收款", "请输入手机支付单号");
    rig.submit("4200001234", "确认收款");
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
    rig.pump();
    assert_eq!(audits(&rig, AuditAction::SignOut), vec!["idle timeout"]);
}

#[test]
fn staff_button_and_pin_pad_in_english() {
    let rig = Rig::new();
    rig.tap("English");
    rig.tap("Staff");
    rig.assert_shows(&["Staff sign-in", "Sign in"]);
    rig.tap_showing("Sign in", "Enter your staff number and PIN");
}

#[test]
fn no_sale_opens_the_drawer_only_with_a_supervisor() {
    let rig = Rig::at_the_counter("100");
    rig.tap_to("开钱箱", Page::NoSale);
    rig.type_keys("9999");
    rig.tap_showing("打开钱箱", "请先选择原因");
    rig.tap("清除");
    rig.tap("换零钱");
    rig.submit("1234", "打开钱箱");
    assert!(
        rig.shows("主管密码不正确，请主管重输"),
        "a cashier's PIN is not enough"
    );
    assert_eq!(rig.drawer_kicks(), 0);
    rig.submit("9999", "打开钱箱");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert!(rig.shows("钱箱已打开（已记录）"));
    assert_eq!(rig.drawer_kicks(), 1);
    let opened = audits(&rig, AuditAction::NoSaleDrawer);
    assert_eq!(opened, vec!["cashier 1: 换零钱 / change for a note"]);
}

#[test]
fn a_scan_at_the_counter_identifies_the_diner_without_a_manual_entry_audit() {
    let rig = Rig::at_the_counter("100");
    rig.scan(&rig.number("65"));
    assert!(rig.shows("顾客：张*明 65岁 · 低保"));
    // 96% of the age-60 price, from core.
    rig.tap_showing("午餐套餐  ¥11.52", "合计 ¥11.52");
    rig.tap("现金收款");
    rig.submit("20", "确认收款");
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
    rig.hand_over();

    // The staff button is on the "pay at the counter" screen.
    sign_in(&rig, "1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    rig.open_shift("200");
    assert_eq!(
        rig.kiosk.cashier_page(),
        Some(Page::Handover),
        "the handed-over order comes first"
    );
    assert!(rig.shows("顾客：赵*英"), "masked name only");
    rig.assert_shows(&["午餐套餐 ×1 ¥12.00", "应收 ¥12.00"]);

    // Back to the order screen: the order waits behind a banner.
    rig.tap_to("返回", Page::Order);
    rig.tap_to("自助机待收 ¥12.00", Page::Handover);

    rig.tap_showing("现金收款", "应收 ¥12.00");
    rig.type_keys("20");
    assert!(rig.shows("找零 ¥8.00"));
    rig.load("确认收款", Page::Paid);
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
    rig.pump();
    assert!(rig.kiosk.cashier_page().is_none());
    assert_eq!(rig.stage(), "done");
    rig.assert_shows(&["已付 ¥12.00", "政府补贴 ¥3.00"]);
}

/// A diner who walks away: the idle timeout drops the handed-over order.
#[test]
fn an_abandoned_handover_times_out() {
    let rig = Rig::new();
    rig.scan(&rig.number("70"));
    rig.hand_over();
    rig.kiosk
        .tick(Instant::now() + rig.kiosk.idle_timeout() + Duration::from_secs(1));
    assert_eq!(rig.stage(), "welcome");
    rig.open_counter("1", "1234", "200");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert!(!rig.shows("自助机待收 ¥12.00"));
}

/// A meal card topped up at the counter: typed digits and '-', or scanned;
/// an unknown card is refused; the cash counts in the shift; the new balance
/// shows; the top-up is audited with the staff member and printed.
#[test]
fn a_meal_card_is_topped_up_at_the_counter() {
    let rig = Rig::at_the_counter("200");
    rig.tap_to("充值", Page::TopUp);
    rig.tap_showing("确认充值", "请扫描饭卡或输入卡号");

    // Typed: digits and '-' only.
    rig.type_keys("12-34");
    assert_eq!(rig.field("卡号"), "12-34");
    rig.tap("充值金额");
    rig.submit("50", "确认充值");
    assert!(rig.shows("没有这张饭卡，请核对卡号"));
    assert!(audits(&rig, AuditAction::CardTopUp).is_empty());

    // A forged card QR: refused on this screen, the diner's session untouched.
    rig.kiosk.refuse_card();
    assert!(rig.shows("卡号无效，请重新扫描或输入"));
    assert_eq!(rig.stage(), "welcome");

    // Scanned while the screen is up: the card's number, on to the amount.
    rig.kiosk.scan_card("DEMO-0065", None);
    assert_eq!(rig.field("卡号"), "DEMO-0065");
    assert_eq!(rig.field("充值金额"), "50");
    rig.tap("确认充值");
    rig.pump();
    rig.assert_shows(&["新余额 ¥150.00", "已充值 ¥50.00（卡号 *****0065）"]);
    assert_eq!(rig.field("卡号"), "", "ready for the next card");
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
    rig.tap_to("返回", Page::Order);
}

#[test]
fn the_x_report_shows_line_refunds_and_nets_them_out() {
    let rig = Rig::at_the_counter("200");
    rig.sell_cash(&["午餐套餐  ¥15.00", "加一份 午餐套餐"], "30");
    // One of the two lunch sets paid back (as `canteen refund` records it).
    {
        let sale_no = rig.sales().last().unwrap().sale_no.clone();
        let refunded = refund_line_one(&rig, &sale_no);
        assert_eq!(refunded.unwrap().amount, Money::from_yuan(15));
    }
    rig.load("X 报表", Page::Report);
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
    use canteen_ui::CashierError;
    let rig = Rig::at_the_counter("200");
    // Two items, ¥20 cash for ¥18.
    rig.sell_cash(&["午餐套餐  ¥15.00", "例汤  ¥3.00"], "20");

    // The last sale is offered and its lines listed.
    rig.load("退款", Page::Refund);
    let sale_no = rig.sales()[0].sale_no.clone();
    assert_eq!(rig.field("单号"), sale_no);
    assert!(rig.shows("#1 午餐套餐 ¥15.00"));
    rig.tap_showing("确认退款", "请勾选要退款的菜品");
    rig.tap_showing("#2 例汤 ¥3.00", "退款金额 ¥3.00");

    // A cashier's PIN is no supervisor's: refused, nothing written.
    rig.refund_with(&[], "顾客退餐", "1234");
    assert!(rig.shows("主管密码不正确，请主管重输"));
    {
        assert!(rig.refunds().is_empty());
        assert_eq!(rig.drawer_kicks(), 1, "only the sale's");
    }

    rig.submit("9999", "确认退款");
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
    rig.tap_to("完成", Page::Order);

    // The same line cannot be refunded twice: shown, not tickable, refused.
    rig.tap("退款");
    rig.pump();
    assert!(rig.shows("#2 例汤 ¥3.00（已退款）"));
    assert!(rig.find("#2 例汤 ¥3.00").is_empty(), "no toggle for it");
    let again = refund_line_one(&rig, &sale_no);
    assert_eq!(
        again,
        Err(CashierError::Refused(canteen_core::Refusal::QtyTooLarge))
    );
    assert_eq!(rig.refunds().len(), 1);
    rig.tap("返回");

    // X: the refund counted, the net without it.
    rig.tap("X 报表");
    rig.pump();
    rig.assert_shows(&[
        "销售总额 ¥18.00",
        "退款笔数 1",
        "退款金额 ¥3.00",
        "净额 ¥15.00",
    ]);
    rig.tap("返回");

    // A void afterwards pays back only what remains.
    rig.void_with("点错菜品", "9999");
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
    let rig = Rig::at_the_counter("200");
    rig.sell_cash(&["午餐套餐  ¥15.00"], "20");
    rig.tap("交班");
    rig.pump();
    rig.submit("215", "确认交班");
    rig.tap("日结 Z 报表");
    rig.pump();
    assert!(rig.shows("Z 日结报表 2026-11-23"));
    rig.tap("返回");
    rig.open_shift("100");

    rig.load("退款", Page::Refund);
    rig.refund_with(&["#1 午餐套餐 ¥15.00"], "顾客退餐", "9999");
    assert!(rig.shows("已日结（Z 报表已出），不能再收款、作废或退款"));
    assert!(rig.refunds().is_empty());
    assert_eq!(rig.drawer_kicks(), 1, "only the sale's");
}
