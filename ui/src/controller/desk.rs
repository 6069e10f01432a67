//! The controller's side of desk mode ([`crate::desk`]): the order screen's
//! 柜台模式 button leaves cashier mode for self-service without signing out;
//! the `counter` screen's staff panel turns the cashier's two taps into a
//! counter sale for the session's waiting order; the committed sale becomes
//! the session's `Committed` event (the diner's done screen). Opening the
//! staff screens while desk mode is on ends it (an audited sign-out) and asks
//! for the PIN again, staff number filled in.

use std::rc::Rc;

use canteen_core::session::{Event, Stage};
use slint::{ComponentHandle, SharedString};

use super::{Inner, Kiosk};
use crate::cashier::{CashierMode, CashierReply};
use crate::desk::{Desk, DeskPay};
use crate::worker::Command;
use crate::{DeskAdapter, KioskAdapter, KioskWindow, OrderAdapter, cashier_view};

impl Kiosk {
    pub(super) fn wire_desk(&self, ui: &KioskWindow) {
        let me = Rc::downgrade(&self.0);
        ui.global::<OrderAdapter<'_>>().on_desk(move || {
            if let Some(k) = me.upgrade() {
                Kiosk(k).enter_desk();
            }
        });
        let a = ui.global::<DeskAdapter<'_>>();
        let choose = |pay: DeskPay| {
            let me = Rc::downgrade(&self.0);
            move || {
                if let Some(k) = me.upgrade() {
                    if let Some(desk) = k.borrow_mut().desk.as_mut() {
                        desk.choose(pay);
                    }
                    Kiosk(k).render();
                }
            }
        };
        a.on_cash(choose(DeskPay::Cash));
        a.on_mobile(choose(DeskPay::Mobile));
        let me = Rc::downgrade(&self.0);
        a.on_confirm(move || {
            if let Some(k) = me.upgrade() {
                Kiosk(k).desk_confirm();
            }
        });
    }

    /// Whether desk mode is on (a copy of its state: tests, screenshots).
    pub fn desk(&self) -> Option<Desk> {
        self.0.borrow().desk.clone()
    }

    /// 柜台模式: from a signed-in cashier mode with an open shift, back to
    /// the welcome screen with the cashier still signed in.
    /// A handed-over order paid in cashier mode goes to its done screen; one
    /// not yet paid stays on the counter screen, now with the desk's panel.
    pub fn enter_desk(&self) {
        let handed = {
            let mut inner = self.0.borrow_mut();
            let Some(mode) = inner.cashier.as_mut() else {
                return;
            };
            match Desk::start(mode) {
                Ok(desk) => {
                    let handed = mode.handover_done.take();
                    inner.cashier = None;
                    inner.desk = Some(desk);
                    handed
                }
                Err(note) => {
                    mode.note = note;
                    None
                }
            }
        };
        match handed {
            Some(done) => self.handle(Event::Committed(done)),
            None => self.render(),
        }
    }

    /// The staff button while desk mode is on: the desk's sign-in ends
    /// (audited) and the PIN pad asks again, staff number filled in.
    pub(super) fn end_desk(&self, mode: &mut CashierMode) {
        let mut inner = self.0.borrow_mut();
        let at = (inner.clock)();
        if let Some(desk) = inner.desk.take() {
            inner.worker.send(Command::Cashier(desk.sign_out(at)));
            mode.sign_in_as(desk.staff.id.to_string());
        }
    }

    /// 确认已收: the sale for the order waiting on the `counter` screen.
    fn desk_confirm(&self) {
        {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            let at = (inner.clock)();
            let Stage::Counter(order) = inner.session.stage() else {
                return;
            };
            let Some(desk) = inner.desk.as_mut() else {
                return;
            };
            if let Some(command) = desk.confirm(order, at) {
                inner.worker.send(Command::Cashier(command));
            }
        }
        self.render();
    }

    /// A cashier reply: cashier mode's, or else the desk's (a committed desk
    /// sale takes the diner's screen to done).
    pub(super) fn cashier_reply(&self, reply: CashierReply) {
        let done = {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            if let Some(mode) = inner.cashier.as_mut() {
                mode.apply(reply);
                None
            } else if let Some(desk) = inner.desk.as_mut() {
                let order = match inner.session.stage() {
                    Stage::Counter(order) => Some(order),
                    _ => None,
                };
                desk.apply(reply, order)
            } else {
                // A sign-out's reply finds cashier mode already left.
                None
            }
        };
        match done {
            Some(done) => self.handle(Event::Committed(done)),
            None => self.render(),
        }
    }
}

/// Desk mode on screen: the panel on the `counter` screen and the status
/// bar's cashier name.
pub(super) fn show(ui: &KioskWindow, inner: &Inner) {
    let a = ui.global::<DeskAdapter<'_>>();
    let Some(desk) = &inner.desk else {
        a.set_on(false);
        return;
    };
    let s = |x: &str| SharedString::from(x);
    a.set_on(true);
    a.set_staff(s(&desk.staff.name));
    if let Stage::Counter(order) = inner.session.stage() {
        a.set_due(s(&order.total().to_string()));
    }
    a.set_armed(match desk.armed {
        None => 0,
        Some(DeskPay::Cash) => 1,
        Some(DeskPay::Mobile) => 2,
    });
    a.set_busy(desk.busy);
    let (note, arg) = cashier_view::note(&desk.note);
    a.set_note(note);
    a.set_note_arg(s(&arg));
    ui.global::<KioskAdapter<'_>>()
        .set_staff(s(&desk.staff.name));
}
