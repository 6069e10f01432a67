//! Staffed counter ("desk") mode on the kiosk itself: a cashier who works
//! beside the kiosk signs in once, opens (or finds) a shift, and switches the
//! kiosk back to self-service with themselves still signed in. While desk
//! mode is on, a diner who confirms an order and chooses "pay at the counter"
//! does not wait for a sign-in: the `counter` screen carries a staff panel
//! with the amount and two buttons, 收现金 (cash, the exact amount) and 手机支付
//! (mobile), each followed by one 确认已收 tap — two taps per diner — and the
//! committed sale takes the diner's screen to done as any sale does.
//!
//! [`Desk`] is plain Rust like [`crate::cashier::CashierMode`]: taps are method
//! calls that may return a [`CashierCommand`] for the worker (a counter sale
//! built by [`crate::cashier::handover_sale`], so the back end re-prices the
//! kiosk's order and refuses another total), and the worker's reply comes
//! back through [`Desk::apply`]. Pricing stays in canteen-core.
//!
//! A mobile payment taken at the desk has no typed reference (that would cost
//! taps): it is recorded as `desk <staff> <local time>`, enough to find it on
//! the shift report. Only the same kiosk is covered; a second terminal on the
//! LAN is not built. The panel is on the diner's screen, so desk mode is for a
//! cashier standing at the kiosk: anyone who opens the staff screens while it
//! is on must sign in again (the desk's sign-in ends first, audited).

use canteen_core::PaymentChoice;
use canteen_core::session::{Completed, Order};
use chrono::NaiveDateTime;

use crate::cashier::{
    CashierCommand, CashierMode, CashierReply, Note, Sell, SignOut, handover_sale, note,
};
use crate::cashier_service::StaffView;

/// How the diner pays the cashier at the desk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskPay {
    /// Cash, the exact amount (no change to work out).
    Cash,
    /// A mobile payment the cashier saw go through.
    Mobile,
}

/// Desk mode: who is signed in, and the payment being taken.
#[derive(Clone, Debug)]
pub struct Desk {
    pub staff: StaffView,
    /// The method tapped first, waiting for 确认已收.
    pub armed: Option<DeskPay>,
    /// A sale is with the worker: further taps wait.
    pub busy: bool,
    pub note: Note,
    /// Diners served since desk mode began.
    pub served: u32,
}

impl Desk {
    /// Desk mode from a signed-in cashier mode with an open shift, or the
    /// note that says what is missing.
    pub fn start(mode: &CashierMode) -> Result<Desk, Note> {
        let staff = mode.staff.clone().ok_or(Note::NeedWhoPin)?;
        if mode.shift.is_none() {
            return Err(Note::NoShift);
        }
        Ok(Desk {
            staff,
            armed: None,
            busy: false,
            note: Note::None,
            served: 0,
        })
    }

    /// First tap: the method (tapping the other one switches).
    pub fn choose(&mut self, pay: DeskPay) {
        if !self.busy {
            self.armed = Some(pay);
            self.note = Note::None;
        }
    }

    /// Second tap: the payment is in hand; the sale for `order` goes to the
    /// worker. Nothing happens before a method was chosen.
    pub fn confirm(&mut self, order: &Order, at: NaiveDateTime) -> Option<CashierCommand> {
        if self.busy {
            return None;
        }
        let pay = self.armed?;
        let total = order.total();
        let payment = match pay {
            _ if total == canteen_core::Money::ZERO => PaymentChoice::Free,
            DeskPay::Cash => PaymentChoice::Cash { tendered: total },
            DeskPay::Mobile => PaymentChoice::Mobile {
                reference: format!("desk {} {}", self.staff.id, at.format("%Y-%m-%d %H:%M:%S")),
            },
        };
        self.busy = true;
        Some(Sell(handover_sale(order, self.staff.id, payment, at)).into())
    }

    /// The worker's answer to a desk sale: the diner's done screen when it
    /// committed (for `subsidy`, the order's), else the reason on the panel.
    pub fn apply(&mut self, reply: CashierReply, order: Option<&Order>) -> Option<Completed> {
        self.busy = false;
        self.armed = None;
        match reply {
            CashierReply::Sell(Ok(paid)) => {
                self.served += 1;
                self.note = Note::None;
                Some(Completed::at_counter(
                    paid.sale_no,
                    paid.total,
                    order.map_or(canteen_core::Money::ZERO, Order::subsidy),
                    paid.printed,
                ))
            }
            CashierReply::Sell(Err(e)) => {
                self.note = note(e);
                None
            }
            // Nothing else is asked of the worker from the desk.
            _ => None,
        }
    }

    /// Leaving desk mode: the sign-out the ledger audits.
    pub fn sign_out(&self, at: NaiveDateTime) -> CashierCommand {
        SignOut {
            staff_id: self.staff.id,
            idle: false,
            at,
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;
    use crate::cashier_service::ShiftView;

    fn signed_in(shift: bool) -> CashierMode {
        let mut mode = CashierMode::new(Instant::now());
        mode.staff = Some(StaffView {
            id: 7,
            name: "王芳".into(),
            supervisor: false,
        });
        if shift {
            mode.shift = Some(ShiftView {
                open_seq: 1,
                staff_id: 7,
                cash: canteen_core::cashier::ShiftCash::default(),
                counted: None,
                difference: None,
                sale_count: 0,
                void_count: 0,
            });
        }
        mode
    }

    #[test]
    fn desk_mode_needs_a_signed_in_cashier_with_an_open_shift() {
        let none = CashierMode::new(Instant::now());
        assert_eq!(Desk::start(&none).err(), Some(Note::NeedWhoPin));
        assert_eq!(Desk::start(&signed_in(false)).err(), Some(Note::NoShift));
        let desk = Desk::start(&signed_in(true)).expect("desk mode");
        assert_eq!(desk.staff.id, 7);
        assert_eq!(desk.armed, None);
    }
}
