//! The gallery's staff screens: cashier mode from the PIN pad to the Z
//! report, and desk mode, driven through the adapters' callbacks like taps.

use super::*;

/// Types `text` on the keypad of the staff screen up (they all share one).
fn keys(ui: &KioskWindow, text: &str) {
    for c in text.chars() {
        ui.global::<crate::StaffForm<'_>>()
            .invoke_key(c.to_string().into());
    }
}

/// Picks reason `i` on the form up.
fn pick_reason(ui: &KioskWindow, i: i32) {
    ui.global::<crate::StaffForm<'_>>().invoke_pick_reason(i);
}

/// Waits for the answer to the cashier command `step` just sent.
fn answer(kiosk: &Kiosk, step: &'static str) -> Result<(), GalleryError> {
    if !kiosk.cashier().is_some_and(|m| m.busy) {
        return Err(GalleryError::CashierStep(step));
    }
    pump(kiosk, 1)
}

/// A supervisor authorises the form up (void, refund): reason
/// `reason` picked and half of supervisor 2's PIN typed when the form is shot
/// as `shot`; then the rest of the PIN typed.
fn authorise(
    s: &mut Shooter<'_>,
    ui: &KioskWindow,
    reason: i32,
    shot: &str,
) -> Result<(), GalleryError> {
    pick_reason(ui, reason);
    keys(ui, "99");
    s.shoot(shot)?;
    keys(ui, "99");
    Ok(())
}

/// One cashier step: `tap` sends the command `step`, its answer comes and
/// the state it leaves is shot as `shot`.
fn sent(
    s: &mut Shooter<'_>,
    tap: impl FnOnce(),
    step: &'static str,
    shot: &str,
) -> Result<(), GalleryError> {
    tap();
    answer(&s.kiosk, step)?;
    s.shoot(shot)
}

/// Cashier mode: PIN pad (wrong, locked), shift open, an order handed over
/// from self-service (`handover` chose to pay at the counter), counter order (typed
/// ID, child tier), cash and mobile payment, paid, a line refund (the sale,
/// its lines ticked, refunded), void, no-sale drawer,
/// meal-card top-up, deliveries (empty, prepared, a line chosen, confirmed), X,
/// shift close with a
/// difference, Z. Driven through the adapters' callbacks like taps.
pub(super) fn cashier_states(
    s: &mut Shooter<'_>,
    ui: &KioskWindow,
    kiosk: &Kiosk,
    number: &str,
    handover: &str,
) -> Result<(), GalleryError> {
    let keys = |text: &str| keys(ui, text);
    let sign_in = ui.global::<SignInAdapter<'_>>();
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    s.shoot("cashier-sign-in")?;
    keys("3");
    ui.global::<crate::StaffForm<'_>>()
        .invoke_focus(crate::FormField::Pin);
    for _ in 0..5 {
        keys("0000");
        sign_in.invoke_submit();
        answer(kiosk, "wrong pin")?;
        if kiosk
            .cashier()
            .is_some_and(|m| matches!(m.note, crate::cashier::Note::WrongPin(1)))
        {
            s.shoot("cashier-sign-in-wrong-pin")?;
        }
    }
    s.shoot("cashier-sign-in-locked")?;
    sign_in.invoke_back();

    // A diner chooses "pay at the counter"; staff take the order over.
    kiosk.scan(handover);
    pump(kiosk, 1)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::Counter));
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    keys("1");
    ui.global::<crate::StaffForm<'_>>()
        .invoke_focus(crate::FormField::Pin);
    keys("1234");
    sign_in.invoke_submit();
    answer(kiosk, "sign in")?;
    keys("200");
    s.shoot("cashier-shift-open")?;
    let open = ui.global::<ShiftOpenAdapter<'_>>();
    let pay = ui.global::<PayAdapter<'_>>();
    sent(s, || open.invoke_submit(), "open shift", "cashier-handover")?;
    let handed = ui.global::<HandoverAdapter<'_>>();
    handed.invoke_back();
    s.shoot("cashier-order-pending")?;
    ui.global::<OrderAdapter<'_>>().invoke_handover();
    handed.invoke_pay_cash();
    keys("20");
    s.shoot("cashier-handover-pay")?;
    pay.invoke_submit();
    answer(kiosk, "pay handover")?;
    ui.global::<PaidAdapter<'_>>().invoke_next();
    s.shoot("cashier-order-empty")?;
    desk_states(s, ui, kiosk, handover)?;

    let order = ui.global::<OrderAdapter<'_>>();
    order.invoke_start_id();
    keys(&number[..12]);
    s.shoot("cashier-order-typing-id")?;
    keys(&number[12..]);
    order.invoke_confirm_id();
    answer(kiosk, "lookup")?;
    order.invoke_add(0);
    order.invoke_add(1);
    order.invoke_add_row(1);
    s.shoot("cashier-order")?;
    order.invoke_toggle_tier("child".into());
    s.shoot("cashier-order-child")?;
    order.invoke_toggle_tier("child".into());

    order.invoke_pay_mobile();
    keys("4200001234");
    s.shoot("cashier-pay-mobile")?;
    pay.invoke_back();
    order.invoke_pay_cash();
    keys("50");
    s.shoot("cashier-pay-cash")?;
    sent(s, || pay.invoke_submit(), "pay cash", "cashier-paid")?;
    ui.global::<PaidAdapter<'_>>().invoke_next();

    // Refund the soup of that sale: the sale offered, its lines ticked, done.
    order.invoke_refund();
    s.shoot("cashier-refund")?;
    answer(kiosk, "refund lookup")?;
    let refund = ui.global::<RefundAdapter<'_>>();
    refund.invoke_toggle(1);
    authorise(s, ui, 0, "cashier-refund-lines")?;
    sent(s, || refund.invoke_submit(), "refund", "cashier-refunded")?;
    refund.invoke_back();

    order.invoke_void();
    let void = ui.global::<VoidAdapter<'_>>();
    authorise(s, ui, 1, "cashier-void")?;
    sent(s, || void.invoke_submit(), "void", "cashier-voided")?;

    order.invoke_no_sale();
    pick_reason(ui, 0);
    keys("99");
    s.shoot("cashier-no-sale")?;
    ui.global::<crate::NoSaleAdapter<'_>>().invoke_back();

    // A meal card scanned on the top-up screen, ¥50 cash.
    order.invoke_top_up();
    let top_up = ui.global::<crate::TopUpAdapter<'_>>();
    kiosk.scan_card("DEMO-0065", None);
    keys("50");
    s.shoot("cashier-top-up")?;
    sent(s, || top_up.invoke_submit(), "top up", "cashier-topped-up")?;
    top_up.invoke_back();

    // The period's deliveries: prepared (the roster prints), one marked
    // delivered, one selected by scanning its roster QR and marked not
    // delivered with a reason.
    let deliveries = || order.invoke_deliveries();
    sent(s, deliveries, "deliveries", "cashier-deliveries-empty")?;
    let delivery = ui.global::<crate::DeliveryAdapter<'_>>();
    let prepare = || delivery.invoke_prepare();
    sent(s, prepare, "prepare deliveries", "cashier-deliveries")?;
    delivery.invoke_select(0);
    delivery.invoke_delivered();
    answer(kiosk, "delivered")?;
    let qr = kiosk
        .cashier()
        .and_then(|m| {
            m.delivery()?
                .list
                .as_ref()?
                .rows
                .get(1)
                .map(|r| r.qr.clone())
        })
        .unwrap_or_default();
    kiosk.scan(&qr);
    pick_reason(ui, 0);
    s.shoot("cashier-delivery-line")?;
    let not_delivered = || delivery.invoke_not_delivered();
    sent(
        s,
        not_delivered,
        "not delivered",
        "cashier-deliveries-confirmed",
    )?;
    delivery.invoke_back();

    let x_report = || order.invoke_report_x();
    sent(s, x_report, "x report", "cashier-x-report")?;
    ui.global::<crate::ReportAdapter<'_>>().invoke_back();

    order.invoke_close_shift();
    answer(kiosk, "close shift info")?;
    keys("190");
    s.shoot("cashier-shift-close")?;
    let close = ui.global::<ShiftCloseAdapter<'_>>();
    close.invoke_submit();
    s.shoot("cashier-shift-close-supervisor")?;
    keys("9999");
    let submit = || close.invoke_submit();
    sent(s, submit, "close shift", "cashier-shift-closed")?;
    let z_report = || open.invoke_close_day();
    sent(s, z_report, "z report", "cashier-z-report")?;
    ui.global::<crate::ReportAdapter<'_>>().invoke_back();
    open.invoke_sign_out();
    // Leaving answers with a sign-out after cashier mode is gone.
    pump(kiosk, 1)?;
    Ok(())
}

/// Desk mode (from the order screen, shift open): the handed-over order
/// already paid shows done; the next diner who pays at the counter gets the
/// staff panel, cash chosen, confirmed; then the staff button ends desk mode
/// and the cashier signs in again (PIN only) back to the order screen.
fn desk_states(
    s: &mut Shooter<'_>,
    ui: &KioskWindow,
    kiosk: &Kiosk,
    diner: &str,
) -> Result<(), GalleryError> {
    ui.global::<OrderAdapter<'_>>().invoke_desk();
    s.shoot("done-counter")?;
    kiosk.handle(Event::Cancel);
    s.shoot("desk-welcome")?;
    kiosk.scan(diner);
    pump(kiosk, 1)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::Counter));
    s.shoot("desk-counter")?;
    let desk = ui.global::<crate::DeskAdapter<'_>>();
    desk.invoke_cash();
    s.shoot("desk-counter-cash")?;
    desk.invoke_confirm();
    // The desk sale's answer, then (staff button) the desk's sign-out's.
    pump(kiosk, 1)?;
    kiosk.handle(Event::Cancel);
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    pump(kiosk, 1)?;
    keys(ui, "1234");
    ui.global::<SignInAdapter<'_>>().invoke_submit();
    answer(kiosk, "sign in again")
}
