//! Cashier mode's state: which staff screen is up (with that screen's own
//! state), the counter order being built, and what the worker last answered.
//!
//! [`CashierMode`] holds what the pages share (staff, shift, cart and diner,
//! last sale, note, busy, handover) and [`PageState`], an enum whose variants
//! carry their screen's state. Taps become method calls that change the state
//! and may return a [`CashierCommand`] for the worker; worker replies come back
//! through [`CashierMode::apply`]. Prices come from canteen-core
//! ([`price_cart`] mirrors how the ledger prices a counter sale, and the
//! ledger refuses a sale whose total differs from the one shown).
//!
//! One file a staff screen (`sign_in`, `shift`, `order`, `pay`, `void`,
//! `refund`, `report`, `no_sale`, `top_up`, `delivery`) holds that screen's
//! state, its methods, its commands (one struct each implementing
//! [`CashierCmd`]: `run` against the back end, `apply` of the reply) and its
//! [`StaffScreen`] impl (how it is shown and wired). `registry` is the one
//! registration point: the list of pages and the list of commands. This file
//! holds the shared state, the keypad, navigation and [`CashierMode::apply`].
//!
//! # Handover from self-service
//!
//! A diner who chooses "pay at the counter" leaves the session on its
//! `counter` stage, holding the order the kiosk priced: that stage *is* the
//! pending-order slot. The staff button is offered on that screen too; cashier
//! mode opened from it copies the order into [`CashierMode::handover`] and,
//! once signed in with a shift open, shows it ([`PageState::Handover`]: masked
//! diner, lines, amount due). The cashier takes cash or mobile payment for it
//! as for a counter order, but with the kiosk's lines and total (the back end
//! re-prices at commit and refuses another total, as for any counter sale).
//! The committed sale waits in [`CashierMode::handover_done`]; when the cashier
//! leaves (or cashier mode times out) the controller hands it to the session,
//! which shows the done screen as for any sale. While cashier mode is on the
//! session does not tick; if the diner walks away before staff come, the
//! session's idle timeout returns it to the welcome screen and the slot is gone.

use std::time::Instant;

use canteen_core::session::{Completed, Order};
use canteen_core::{
    Diner, LineBreakdown, MenuItem, Money, OrderRequest, PaymentChoice, PriceError, PriceRequest,
    Refusal, ResidentId,
};
use chrono::NaiveDateTime;

#[macro_use]
mod registry;
mod delivery;
mod form;
mod no_sale;
mod note;
mod order;
mod pay;
mod refund;
mod report;
mod screen;
mod shift;
mod sign_in;
mod top_up;
mod void;

pub use delivery::{
    ConfirmDelivery, DELIVERY_REASONS, DeliveryState, ListDeliveries, PrepareDeliveries,
};
pub use form::{Context, Form, Missing};
pub use no_sale::{NoSale, NoSaleState};
pub use note::{Note, note};
pub use order::{Lookup, OrderPage, menu_now, price_cart};
pub use pay::{HandoverPage, PayState, Sell};
pub use refund::{FindRefundSale, Refund, RefundState};
pub use registry::{CashierCmd, CashierCommand, CashierReply, OnPage, Page, PageState};
pub use report::{Report, Reprint};
pub use screen::{StaffScreen, View};
pub use shift::{CloseShift, CurrentShift, OpenShift, ShiftCloseState, ShiftOpenState};
pub use sign_in::{SignIn, SignInState, SignOut};
pub use top_up::{TopUp, TopUpState};
pub use void::{SaleForm, Void};

use crate::Screen;
use crate::cashier_service::{
    CashierError, CounterPaid, CounterSale, RefundDone, RefundableSale, ReportKind, ReportView,
    ShiftView, StaffView, TopUpDone, VoidDone,
};
use crate::cashier_view::{dots, money, reason, s};
use crate::controller::Kiosk;
use crate::service::KioskService;
use crate::settings::KioskSettings;
use slint::SharedString;

pub use crate::handover::{handover_sale, split_lines};
use form::{positive, reason_of, supervisor_pin};

/// The void reasons offered on screen (stored with the void record).
pub const VOID_REASONS: [&str; 3] = [
    "点错菜品 / wrong item",
    "顾客退餐 / diner returned the meal",
    "重复收款 / charged twice",
];

/// The refund reasons offered on screen (stored with the refund record).
pub const REFUND_REASONS: [&str; 3] = [
    "顾客退餐 / diner returned the meal",
    "点错菜品 / wrong item",
    "菜品问题 / problem with the dish",
];

/// The reasons offered for opening the drawer without a sale.
pub const NO_SALE_REASONS: [&str; 2] = ["换零钱 / change for a note", "核对现金 / cash check"];

/// A diner identified at the counter (scanned or typed), display-safe.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterDiner {
    pub id: ResidentId,
    /// Masked name, or the masked ID when unregistered.
    pub label: String,
    pub categories: Vec<String>,
    /// Subsidised meals already taken in the current period.
    pub used: u32,
    pub manual: bool,
}

/// Which field the keypad types into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Who,
    Pin,
    Amount,
    IdNumber,
    SaleNo,
    SupervisorPin,
    /// A meal-card number: digits and '-' typed, anything scanned.
    CardNo,
}

/// Cashier mode, from the PIN pad to signing out: the page up (with its own
/// state) and what the pages share.
#[derive(Clone, Debug)]
pub struct CashierMode {
    /// The staff screen up and its own state.
    pub page: PageState,
    pub field: Field,
    pub staff: Option<StaffView>,
    pub shift: Option<ShiftView>,
    /// The counter order being built (item id, count), in the order first
    /// added; the order and payment screens share it.
    pub cart: Vec<(String, u32)>,
    pub diner: Option<CounterDiner>,
    /// An ID number being typed on the order screen.
    pub id_entry: Option<String>,
    /// A cashier-only tier the cashier chose (by id), e.g. `child`.
    pub tier: Option<String>,
    /// The last sale taken (offered to a void, a refund and a reprint).
    pub last_sale: Option<String>,
    pub note: Note,
    /// A command is with the worker; taps that would send another are ignored.
    pub busy: bool,
    pub last_touch: Instant,
    /// The order a diner handed over from self-service, until it is paid.
    pub handover: Option<Order>,
    /// The handed-over order's sale, for the diner's done screen.
    pub handover_done: Option<Completed>,
}

/// Keypad text as an amount.
pub(super) fn amount(entry: &str) -> Option<Money> {
    entry.parse::<Money>().ok()
}

impl CashierMode {
    /// The PIN pad.
    pub fn new(now: Instant) -> CashierMode {
        CashierMode {
            page: PageState::SignIn(SignInState::default()),
            field: Field::Who,
            staff: None,
            shift: None,
            cart: Vec::new(),
            diner: None,
            id_entry: None,
            tier: None,
            last_sale: None,
            note: Note::None,
            busy: false,
            last_touch: now,
            handover: None,
            handover_done: None,
        }
    }

    /// Which staff screen is up.
    pub fn page(&self) -> Page {
        self.page.page()
    }

    pub fn staff_id(&self) -> Option<u64> {
        self.staff.as_ref().map(|s| s.id)
    }

    pub(super) fn go(&mut self, page: PageState, field: Field) {
        self.page = page;
        self.field = field;
        self.note = Note::None;
    }

    /// Hands `command` to the worker: cashier mode is busy until it answers.
    pub(super) fn send(&mut self, command: impl Into<CashierCommand>) -> Option<CashierCommand> {
        self.busy = true;
        Some(command.into())
    }

    /// A worker refusal on the page up (a refused supervisor PIN is typed
    /// again).
    pub(super) fn refused(&mut self, e: CashierError) {
        if e == CashierError::Refused(Refusal::NotSupervisor) {
            self.field = Field::SupervisorPin;
        }
        self.note = note(e);
    }

    /// A keypad key: a digit, ".", "X", "back" or "clear".
    pub fn key(&mut self, key: &str) {
        const PIN: (usize, &str) = (8, "");
        const AMOUNT: (usize, &str) = (9, ".");
        let (target, (max, allowed)): (&mut String, (usize, &str)) =
            match (&mut self.page, self.field) {
                (PageState::SignIn(s), Field::Who) => (&mut s.who, PIN),
                (PageState::SignIn(s), Field::Pin) => (&mut s.pin, PIN),
                (PageState::ShiftOpen(s), Field::Amount) => (&mut s.float, AMOUNT),
                (PageState::ShiftClose(s), Field::Amount) => (&mut s.counted, AMOUNT),
                (PageState::ShiftClose(s), Field::SupervisorPin) => (&mut s.supervisor_pin, PIN),
                (PageState::Pay(s), Field::Amount) if s.mobile => (&mut s.entry, (24, "")),
                (PageState::Pay(s), Field::Amount) => (&mut s.entry, AMOUNT),
                (PageState::TopUp(s), Field::CardNo) => (&mut s.card, (20, "-")),
                (PageState::TopUp(s), Field::Amount) => (&mut s.amount, AMOUNT),
                (PageState::Void(f), Field::SaleNo) => (&mut f.sale_entry, (12, "")),
                (PageState::Void(f), Field::SupervisorPin) => (&mut f.supervisor_pin, PIN),
                (PageState::Refund(r), Field::SaleNo) => {
                    // Another sale number: the lines shown are no longer its lines.
                    r.sale = None;
                    r.lines.clear();
                    (&mut r.form.sale_entry, (12, ""))
                }
                (PageState::Refund(r), Field::SupervisorPin) => (&mut r.form.supervisor_pin, PIN),
                (PageState::NoSale(s), Field::SupervisorPin) => (&mut s.supervisor_pin, PIN),
                (_, Field::IdNumber) => match self.id_entry.as_mut() {
                    Some(e) => (e, (18, "X")),
                    None => return,
                },
                _ => return,
            };
        match key {
            "back" => {
                target.pop();
            }
            "clear" => target.clear(),
            k if k.len() == 1 && target.chars().count() < max => {
                let c = k.chars().next().unwrap_or(' ');
                if c.is_ascii_digit() || allowed.contains(c) {
                    if c == '.' && target.contains('.') {
                        return;
                    }
                    target.push(c);
                }
            }
            _ => {}
        }
    }

    pub fn focus(&mut self, field: Field) {
        self.field = field;
    }

    /// A reason chosen on the page up (void, refund, no sale, deliveries).
    pub fn pick_reason(&mut self, reason: Option<usize>) {
        match &mut self.page {
            PageState::Void(f) => f.reason = reason,
            PageState::Refund(r) => r.form.reason = reason,
            PageState::NoSale(s) => s.reason = reason,
            PageState::Deliveries(d) => d.reason = reason,
            _ => {}
        }
    }

    /// The reason chosen on the page up, if any.
    pub fn reason(&self) -> Option<usize> {
        match &self.page {
            PageState::Void(f) => f.reason,
            PageState::Refund(r) => r.form.reason,
            PageState::NoSale(s) => s.reason,
            PageState::Deliveries(d) => d.reason,
            _ => None,
        }
    }

    /// The report on screen, when the report page is up.
    pub fn shown_report(&self) -> Option<&ReportView> {
        ReportView::on(&self.page)
    }

    /// The deliveries screen's state, when it is up.
    pub fn delivery(&self) -> Option<&DeliveryState> {
        DeliveryState::on(&self.page)
    }

    /// Where staff go once signed in with a shift open.
    pub(super) fn home(&self) -> PageState {
        if self.handover.is_some() {
            PageState::Handover(HandoverPage)
        } else {
            PageState::Order(OrderPage)
        }
    }

    /// "Back" from a form to where it came from.
    pub fn back(&mut self) {
        let paying_handover = matches!(&self.page, PageState::Pay(p) if p.handover);
        let (page, field) = match (self.page(), self.shift.is_some()) {
            (Page::Report, false) | (Page::ShiftClose, false) => (
                PageState::ShiftOpen(ShiftOpenState::default()),
                Field::Amount,
            ),
            (Page::Pay, true) if paying_handover => (PageState::Handover(HandoverPage), self.field),
            _ => (PageState::Order(OrderPage), self.field),
        };
        self.go(page, field);
    }

    /// A worker reply. Returns `true` when cashier mode is over (signed out).
    pub fn apply(&mut self, reply: CashierReply) -> bool {
        self.busy = false;
        let over = matches!(reply, CashierReply::SignOut(()));
        reply.apply_to(self);
        over
    }
}

/// Cashier mode signed in as cashier 1 (王芳), for the screens' unit tests.
#[cfg(test)]
fn signed_in() -> CashierMode {
    let mut m = CashierMode::new(Instant::now());
    m.staff = Some(StaffView {
        id: 1,
        name: "王芳".into(),
        supervisor: false,
    });
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use canteen_core::cashier::CashierRules;

    fn pin_pad(m: &CashierMode) -> &SignInState {
        match &m.page {
            PageState::SignIn(s) => s,
            other => panic!("the PIN pad, not {other:?}"),
        }
    }

    fn refund(m: &mut CashierMode) -> &mut RefundState {
        match &mut m.page {
            PageState::Refund(r) => r,
            other => panic!("the refund screen, not {other:?}"),
        }
    }

    #[test]
    fn keypad_limits_and_keys() {
        let mut m = CashierMode::new(Instant::now());
        for k in ["1", "2", "X", ".", "3", "back", "4"] {
            m.key(k);
        }
        assert_eq!(pin_pad(&m).who, "124", "no X or . in a staff number");
        m.focus(Field::Pin);
        for _ in 0..10 {
            m.key("9");
        }
        assert_eq!(pin_pad(&m).pin.len(), 8, "a PIN is at most 8 digits");
        m.key("clear");
        assert!(pin_pad(&m).pin.is_empty());
    }

    #[test]
    fn refund_lines_tick_only_what_is_left_and_a_new_number_drops_them() {
        use crate::cashier_service::{RefundableLine, RefundableSale};
        let mut m = signed_in();
        m.last_sale = Some("7".into());
        assert!(matches!(
            m.start_refund(),
            Some(CashierCommand::FindRefundSale(FindRefundSale { ref sale_no })) if sale_no == "7"
        ));
        let line = |line, refundable| RefundableLine {
            line,
            item: "soup".into(),
            amount: Money::from_yuan(3),
            refundable,
        };
        m.apply(CashierReply::FindRefundSale(Ok(RefundableSale {
            sale_no: "7".into(),
            lines: vec![line(0, false), line(1, true)],
            method: canteen_core::PaymentMethod::Cash,
        })));
        m.toggle_refund_line(0);
        assert!(refund(&mut m).lines.is_empty(), "refunded already");
        let at = NaiveDateTime::default();
        assert!(
            m.submit::<RefundState>(&CashierRules::default(), at)
                .is_none()
        );
        assert_eq!(m.note, Note::NeedLines);
        m.toggle_refund_line(1);
        assert_eq!(m.refund_amount(), Money::from_yuan(3));
        m.pick_reason(Some(0));
        refund(&mut m).form.supervisor_pin = "9999".into();
        assert!(matches!(
            m.submit::<RefundState>(&CashierRules::default(), at),
            Some(CashierCommand::Refund(Refund { ref lines, .. })) if lines == &[1]
        ));
        m.busy = false;
        m.focus(Field::SaleNo);
        m.key("8");
        let r = refund(&mut m);
        assert!(r.sale.is_none() && r.lines.is_empty());
    }

    #[test]
    fn sign_in_needs_both_fields() {
        let mut m = CashierMode::new(Instant::now());
        let at = NaiveDateTime::default();
        assert!(m.submit_sign_in(at).is_none());
        assert_eq!(m.note, Note::NeedWhoPin);
        m.key("1");
        m.focus(Field::Pin);
        for k in ["1", "2", "3", "4"] {
            m.key(k);
        }
        assert!(matches!(
            m.submit_sign_in(at),
            Some(CashierCommand::SignIn(SignIn { ref pin, .. })) if pin == "1234"
        ));
        assert!(
            pin_pad(&m).pin.is_empty(),
            "the PIN does not stay in memory"
        );
    }
}
