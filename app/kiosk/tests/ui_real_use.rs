//! What trying the kiosk as an elderly diner and as a cashier showed (issue
//! #14), each driven headlessly through the real component by accessible
//! label: no printer means no printer talk; the amount to pay is the largest
//! figure; a card payment shows what is left; a card short of balance sends
//! the diner to the counter first and says why; a disconnected scanner takes
//! over the welcome prompt; shift close shows card top-ups in the expected cash.

mod support;

use canteen_ui::gallery::Fault;
use support::demo::Rig;
use support::steps::Steps;

/// The height of the one element labelled `label` (a price's text box).
fn height(rig: &Rig, label: &str) -> f32 {
    let found = rig.find(label);
    assert_eq!(found.len(), 1, "exactly one {label:?}");
    found[0].size().height
}

#[test]
fn without_a_printer_nothing_is_said_of_paper_or_receipts() {
    let rig = Rig::with_fault(Fault::NoPrinter);
    rig.eat_free();
    assert!(rig.shows("谢谢，祝您用餐愉快！"));
    for said in ["打印机缺纸", "打印机未连接", "请取走小票", "补打小票"] {
        assert!(!rig.shows(said), "{said:?} shown without a printer");
    }
    assert_eq!(rig.sales().len(), 1, "the sale stands");
    // A printer that is there and out of paper still says so.
    rig.fault(None);
    rig.fault(Some(Fault::PaperOut));
    rig.tap("完成");
    rig.scan(&rig.number("85"));
    rig.tap("确认点餐");
    rig.commit_with("饭卡支付");
    rig.assert_shows(&["打印机缺纸", "补打小票"]);
}

#[test]
fn the_amount_to_pay_is_the_largest_figure_on_the_priced_screen() {
    let rig = Rig::new();
    // The diner, the amount to pay, and the market price and subsidy beside it.
    for (diner, due, others) in [
        ("92", "您需支付 免费", ["市场价 ¥15.00", "补贴 ¥15.00"]),
        ("65", "您需支付 ¥11.52", ["市场价 ¥15.00", "补贴 ¥3.48"]),
    ] {
        rig.scan(&rig.number(diner));
        let largest = height(&rig, due);
        for other in others {
            assert!(largest > height(&rig, other), "{due:?} above {other:?}");
        }
        rig.tap("取消");
    }
}

#[test]
fn a_card_payment_shows_the_balance_left() {
    let rig = Rig::new();
    rig.scan(&rig.number("65"));
    rig.tap_showing("确认点餐", "饭卡余额 ¥100.00");
    rig.commit_with("饭卡支付");
    assert!(rig.shows("已付 ¥11.52"));
    assert!(rig.shows("饭卡余额 ¥88.48"), "100.00 − 11.52");
    // Free and counter meals show no balance.
    rig.tap("完成");
    rig.eat_free();
    assert!(
        !rig.shows("饭卡余额 ¥88.48"),
        "no card balance after a free meal"
    );
}

#[test]
fn a_card_short_of_balance_offers_the_counter_first_and_says_why() {
    let rig = Rig::priced("70", "¥12.00");
    rig.tap("确认点餐");
    assert_eq!(rig.stage(), "paying");
    assert!(rig.shows("饭卡余额 ¥5.00，不够支付这一餐。请到柜台用现金或手机支付。"));
    assert!(!rig.shows("饭卡支付"), "the short card is not offered");
    rig.tap("现金或手机支付");
    assert_eq!(rig.stage(), "counter");
    assert!(rig.shows("请到柜台付款"));
    assert!(rig.sales().is_empty());
}

#[test]
fn a_disconnected_scanner_takes_over_the_welcome_prompt() {
    let rig = Rig::new();
    assert!(rig.shows("请刷身份证或扫码"));
    rig.kiosk.set_scanner_connected(false);
    assert!(rig.shows("扫码器未连接，现在不能刷卡。请找工作人员。"));
    assert!(!rig.shows("请刷身份证或扫码"), "no invitation to scan");
    rig.kiosk.set_scanner_connected(true);
    assert!(rig.shows("请刷身份证或扫码"));
    assert!(!rig.shows("扫码器未连接，现在不能刷卡。请找工作人员。"));
}

#[test]
fn training_mode_is_announced_on_every_screen() {
    let rig = Rig::new();
    assert!(!rig.shows("培训模式"));
    rig.kiosk.set_training(true);
    assert!(rig.shows("培训模式"), "welcome");
    rig.scan(&rig.number("92"));
    assert!(rig.shows("培训模式"), "priced");
    rig.tap("确认，免费用餐");
    rig.await_commit();
    assert!(rig.shows("培训模式"), "done");
    rig.kiosk.set_training(false);
    assert!(!rig.shows("培训模式"));
}

#[test]
fn shift_close_lists_card_top_ups_in_the_expected_cash() {
    let rig = Rig::at_the_counter("200");
    // ¥15 cash (¥20 tendered, ¥5 change) and a ¥50 card top-up.
    rig.sell_cash(&["午餐套餐  ¥15.00"], "20");
    rig.tap("充值");
    rig.kiosk.scan_card("DEMO-0065", None);
    rig.submit("50", "确认充值");
    assert!(rig.shows("已充值 ¥50.00（卡号 *****0065）"));
    rig.tap("返回");
    rig.tap("交班");
    rig.pump();
    rig.assert_shows(&["备用金 ¥200.00", "饭卡充值 ¥50.00"]);
    assert!(rig.shows("应有现金 ¥265.00"), "200 + 20 − 5 + 50");
}
