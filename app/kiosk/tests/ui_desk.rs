//! Desk mode, driven headlessly by accessible label over the demo on the
//! real ledger (`support::demo`): the cashier signs in once, opens the shift and switches to 柜台模式;
//! diners who choose "pay at the counter" are settled from the counter
//! screen's staff panel in two taps each (method, 确认已收) with no further
//! sign-in, and each diner's screen goes to done.

mod support;

use std::cell::Cell;

use canteen_core::Money;
use canteen_core::cashier::AuditAction;
use canteen_core::session::{PayMethod, Stage};
use canteen_ui::gallery::Fault;
use support::demo::Rig;

fn audits(rig: &Rig, action: AuditAction) -> usize {
    rig.audits(action).len()
}

/// Scans `number`, confirms the standard order and chooses the counter;
/// returns the amount the counter screen asks for.
fn order_at_counter(rig: &Rig, number: &str) -> Money {
    rig.scan(number);
    rig.tap("确认点餐");
    rig.tap("现金或手机支付");
    let Stage::Counter(order) = rig.kiosk.stage() else {
        panic!("counter, not {}", rig.stage());
    };
    order.total()
}

#[test]
fn a_signed_in_desk_takes_cash_and_mobile_in_two_taps_each() {
    let rig = Rig::new();
    rig.open_desk("1", "1234");
    assert_eq!(rig.kiosk.cashier_page(), None, "back to self-service");
    assert!(rig.kiosk.desk().is_some(), "desk mode is on");
    assert_eq!(rig.stage(), "welcome");
    assert!(
        rig.shows("收银员：王芳"),
        "the status bar names the cashier"
    );

    let taps = Cell::new(0u32);
    let staff_tap = |label: &str| {
        taps.set(taps.get() + 1);
        rig.tap(label);
    };

    // Cash, the exact amount.
    let due = order_at_counter(&rig, &rig.number("40"));
    assert!(due > Money::ZERO);
    assert!(rig.shows(&format!("柜台收款（收银员：王芳）应收 {due}")));
    // 确认已收 before a method does nothing (nothing goes to the worker).
    rig.tap("确认已收");
    assert!(!rig.kiosk.desk().unwrap().busy);
    assert_eq!(rig.stage(), "counter");
    taps.set(0);
    staff_tap("收现金");
    staff_tap("确认已收");
    rig.pump();
    assert_eq!(taps.get(), 2, "two taps for the cashier");
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows(&format!("已付 {due}")));
    rig.tap("完成");

    // Mobile: the cashier saw the payment go through.
    let due2 = order_at_counter(&rig, &rig.number("40"));
    taps.set(0);
    staff_tap("收手机支付");
    staff_tap("确认已收");
    rig.pump();
    assert_eq!(taps.get(), 2);
    assert_eq!(rig.stage(), "done");

    {
        let sales = rig.sales();
        assert_eq!(sales.len(), 2);
        assert_eq!(sales[0].total, due);
        assert_eq!(sales[0].cash, Some((due, Money::ZERO)), "exact cash");
        assert_eq!(sales[1].total, due2);
        assert_eq!(sales[1].cash, None, "mobile, no cash");
        assert!(sales.iter().all(|s| s.method == PayMethod::Counter));
    }
    assert_eq!(audits(&rig, AuditAction::SignIn), 1, "one sign-in in total");
    assert_eq!(rig.kiosk.desk().unwrap().served, 2);

    // Opening the staff screens ends desk mode (audited) and asks for the PIN
    // again, the staff number filled in.
    rig.tap("完成");
    rig.tap("工作人员");
    rig.pump();
    assert!(rig.kiosk.desk().is_none());
    assert_eq!(audits(&rig, AuditAction::SignOut), 1);
    assert_eq!(rig.field("工号"), "1");
    assert_eq!(rig.field("密码"), "");
}

#[test]
fn without_desk_mode_the_counter_screen_has_no_staff_panel() {
    // No cashier signed in: the diner is told to go to the counter, and no
    // payment can be confirmed from the kiosk.
    let rig = Rig::new();
    order_at_counter(&rig, &rig.number("40"));
    assert!(rig.shows("收银员会为您收取现金或手机支付"));
    assert!(!rig.shows("确认已收"));
}

#[test]
fn a_failed_desk_sale_keeps_the_diner_waiting_and_says_why() {
    let rig = Rig::new();
    rig.open_desk("1", "1234");
    let due = order_at_counter(&rig, &rig.number("40"));
    rig.fault(Some(Fault::DatabaseDown));
    rig.tap("收现金");
    rig.tap("确认已收");
    rig.pump();
    assert_eq!(rig.stage(), "counter", "not paid: the diner still waits");
    assert!(rig.shows("系统故障，请联系管理员"));
    assert!(rig.sales().is_empty());

    // Fixed: the same two taps settle it.
    rig.fault(None);
    rig.tap("收现金");
    rig.tap("确认已收");
    rig.pump();
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows(&format!("已付 {due}")));
}
