//! Cashier mode's state: which staff screen is up, what has been typed on the
//! keypad, the counter order being built, and what the worker last answered.
//!
//! [`CashierMode`] is plain Rust with no Slint in it: taps become method calls
//! that change the state and may return a [`CashierCommand`] for the worker;
//! worker replies come back through [`CashierMode::apply`]. Prices come from
//! canteen-core ([`price_cart`] mirrors how the ledger prices a counter sale,
//! and the ledger refuses a sale whose total differs from the one shown).
//! `cashier_view` puts the state on screen.
//!
//! One file a staff screen holds that screen's methods (`sign_in`, `shift`,
//! `order`, `pay`, `void`, `refund`, `report`, `no_sale`, `top_up`,
//! `delivery`); this
//! file holds the state, the keypad, navigation and [`CashierMode::apply`].
//!
//! # Handover from self-service
//!
//! A diner who chooses "pay at the counter" leaves the session on its
//! `counter` stage, holding the order the kiosk priced: that stage *is* the
//! pending-order slot. The staff button is offered on that screen too; cashier
//! mode opened from it copies the order into [`CashierMode::handover`] and,
//! once signed in with a shift open, shows it ([`Page::Handover`]: masked
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
    Diner, LineBreakdown, MenuItem, Money, OrderRequest, PaymentChoice, PriceError, ResidentId,
};
use chrono::NaiveDateTime;

mod delivery;
mod no_sale;
mod note;
mod order;
mod pay;
mod refund;
mod report;
mod shift;
mod sign_in;
mod top_up;
mod void;

pub use delivery::{DELIVERY_REASONS, DeliveryCommand, DeliveryState};
pub use note::{Note, note};
pub use order::{menu_now, price_cart};

use crate::cashier_service::{
    CashierError, CounterPaid, CounterSale, RefundDone, RefundableSale, ReportKind, ReportView,
    ShiftView, StaffView, TopUpDone, VoidDone,
};
use crate::settings::KioskSettings;

pub use crate::handover::{handover_sale, split_lines};

/// The staff screens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    SignIn,
    ShiftOpen,
    Order,
    Pay,
    Paid,
    Void,
    ShiftClose,
    Report,
    NoSale,
    /// An order handed over from self-service, waiting for payment.
    Handover,
    /// Meal-card top-up: card number (scanned or typed), cash amount.
    TopUp,
    /// Line refund: the sale, its lines ticked, a reason and a supervisor's
    /// PIN; then what was paid back.
    Refund,
    /// The period's deliveries: prepare all, confirm each.
    Deliveries,
}

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

/// What cashier mode asks of the worker.
#[derive(Debug)]
pub enum CashierCommand {
    SignIn {
        who: String,
        pin: String,
        at: NaiveDateTime,
    },
    SignOut {
        staff_id: u64,
        idle: bool,
        at: NaiveDateTime,
    },
    Shift,
    OpenShift {
        staff_id: u64,
        float: Money,
        at: NaiveDateTime,
    },
    CloseShift {
        staff_id: u64,
        counted: Money,
        supervisor_pin: Option<String>,
        at: NaiveDateTime,
    },
    /// Identify a scanned or typed ID number (typed where it was read).
    Lookup {
        scan: canteen_core::Scan,
        manual: bool,
        at: NaiveDateTime,
    },
    Sell(CounterSale),
    Void {
        staff_id: u64,
        sale_no: String,
        reason: String,
        supervisor_pin: String,
        at: NaiveDateTime,
    },
    Report {
        kind: ReportKind,
        at: NaiveDateTime,
    },
    Reprint {
        staff_id: u64,
        sale_no: String,
        at: NaiveDateTime,
    },
    NoSale {
        staff_id: u64,
        supervisor_pin: String,
        reason: String,
        at: NaiveDateTime,
    },
    TopUp {
        staff_id: u64,
        card_no: String,
        amount: Money,
        at: NaiveDateTime,
    },
    /// Look a sale up for a line refund.
    RefundSale {
        sale_no: String,
    },
    Refund {
        staff_id: u64,
        sale_no: String,
        lines: Vec<u64>,
        reason: String,
        supervisor_pin: String,
        at: NaiveDateTime,
    },
    Delivery(DeliveryCommand),
}

/// What comes back (one reply per command).
#[derive(Debug)]
pub enum CashierReply {
    SignedIn(Result<(StaffView, Option<ShiftView>), CashierError>),
    SignedOut,
    Shift(Result<Option<ShiftView>, CashierError>),
    ShiftOpened(Result<ShiftView, CashierError>),
    ShiftClosed(Result<ShiftView, CashierError>),
    Diner(Result<CounterDiner, CashierError>),
    Sold(Result<CounterPaid, CashierError>),
    Voided(Result<VoidDone, CashierError>),
    Report(Result<ReportView, CashierError>),
    Reprinted(Result<(), CashierError>),
    DrawerOpened(Result<(), CashierError>),
    ToppedUp(Result<TopUpDone, CashierError>),
    RefundSale(Result<RefundableSale, CashierError>),
    Refunded(Result<RefundDone, CashierError>),
    Deliveries(Result<crate::delivery_service::DeliveryList, CashierError>),
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

/// Cashier mode, from the PIN pad to signing out.
#[derive(Clone, Debug)]
pub struct CashierMode {
    pub page: Page,
    pub field: Field,
    pub staff: Option<StaffView>,
    pub shift: Option<ShiftView>,
    pub who: String,
    pub pin: String,
    /// Amounts (float, counted, tendered) and the mobile reference.
    pub entry: String,
    pub supervisor_pin: String,
    /// (item id, count), in the order first added.
    pub cart: Vec<(String, u32)>,
    pub diner: Option<CounterDiner>,
    pub id_entry: Option<String>,
    /// A cashier-only tier the cashier chose (by id), e.g. `child`.
    pub tier: Option<String>,
    pub mobile: bool,
    pub paid: Option<CounterPaid>,
    pub last_sale: Option<String>,
    /// The sale number typed for a void or a refund.
    pub sale_entry: String,
    pub reason: Option<usize>,
    pub report: Option<ReportView>,
    pub note: Note,
    /// A command is with the worker; taps that would send another are ignored.
    pub busy: bool,
    pub last_touch: Instant,
    /// The order a diner handed over from self-service, until it is paid.
    pub handover: Option<Order>,
    /// The payment screen is for the handed-over order, not the cart.
    pub paying_handover: bool,
    /// The handed-over order's sale, for the diner's done screen.
    pub handover_done: Option<Completed>,
    /// The meal-card number being topped up.
    pub card_entry: String,
    /// The last top-up, shown with the card's new balance.
    pub topped: Option<TopUpDone>,
    /// The sale being refunded, as the back end listed it.
    pub refund_sale: Option<RefundableSale>,
    /// Its lines ticked for the refund (line numbers, in line order).
    pub refund_lines: Vec<u64>,
    /// The refund just committed, shown until staff go back.
    pub refunded: Option<RefundDone>,
    /// The deliveries screen (list, chosen line).
    pub delivery: DeliveryState,
}

impl CashierMode {
    /// The PIN pad.
    pub fn new(now: Instant) -> CashierMode {
        CashierMode {
            page: Page::SignIn,
            field: Field::Who,
            staff: None,
            shift: None,
            who: String::new(),
            pin: String::new(),
            entry: String::new(),
            supervisor_pin: String::new(),
            cart: Vec::new(),
            diner: None,
            id_entry: None,
            tier: None,
            mobile: false,
            paid: None,
            last_sale: None,
            sale_entry: String::new(),
            reason: None,
            report: None,
            note: Note::None,
            busy: false,
            last_touch: now,
            handover: None,
            paying_handover: false,
            handover_done: None,
            card_entry: String::new(),
            topped: None,
            refund_sale: None,
            refund_lines: Vec::new(),
            refunded: None,
            delivery: DeliveryState::default(),
        }
    }

    pub fn staff_id(&self) -> Option<u64> {
        self.staff.as_ref().map(|s| s.id)
    }

    pub(super) fn go(&mut self, page: Page, field: Field) {
        self.page = page;
        self.field = field;
        self.note = Note::None;
    }

    /// A keypad key: a digit, ".", "X", "back" or "clear".
    pub fn key(&mut self, key: &str) {
        if self.page == Page::Refund && self.field == Field::SaleNo {
            // Another sale number: the lines shown are no longer its lines.
            self.refund_sale = None;
            self.refund_lines.clear();
        }
        let (target, max, allowed): (&mut String, usize, &str) = match self.field {
            Field::Who => (&mut self.who, 8, ""),
            Field::Pin => (&mut self.pin, 8, ""),
            Field::SupervisorPin => (&mut self.supervisor_pin, 8, ""),
            Field::SaleNo => (&mut self.sale_entry, 12, ""),
            Field::CardNo => (&mut self.card_entry, 20, "-"),
            Field::Amount if self.page == Page::Pay && self.mobile => (&mut self.entry, 24, ""),
            Field::Amount => (&mut self.entry, 9, "."),
            Field::IdNumber => match self.id_entry.as_mut() {
                Some(e) => (e, 18, "X"),
                None => return,
            },
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

    /// Where staff go once signed in with a shift open.
    pub(super) fn home(&self) -> Page {
        if self.handover.is_some() {
            Page::Handover
        } else {
            Page::Order
        }
    }

    /// "Back" from a form to where it came from.
    pub fn back(&mut self) {
        let page = match (self.page, self.shift.is_some()) {
            (Page::Report, false) | (Page::ShiftClose, false) => Page::ShiftOpen,
            (Page::Pay, true) if self.paying_handover => Page::Handover,
            _ => Page::Order,
        };
        self.paying_handover = false;
        let field = if page == Page::ShiftOpen {
            Field::Amount
        } else {
            self.field
        };
        self.entry.clear();
        self.go(page, field);
    }

    /// A worker reply. Returns `true` when cashier mode is over (signed out).
    pub fn apply(&mut self, reply: CashierReply) -> bool {
        self.busy = false;
        match reply {
            CashierReply::SignedOut => return true,
            CashierReply::SignedIn(Ok((staff, shift))) => {
                self.staff = Some(staff);
                let page = if shift.is_some() {
                    self.home()
                } else {
                    Page::ShiftOpen
                };
                self.shift = shift;
                self.entry.clear();
                self.go(page, Field::Amount);
            }
            CashierReply::SignedIn(Err(e)) => {
                self.pin.clear();
                self.field = Field::Pin;
                self.note = note(e);
            }
            CashierReply::Shift(Ok(shift)) => {
                if shift.is_none() {
                    self.go(Page::ShiftOpen, Field::Amount);
                    self.note = Note::NoShift;
                }
                self.shift = shift;
            }
            CashierReply::ShiftOpened(Ok(shift)) => {
                self.shift = Some(shift);
                self.entry.clear();
                self.go(self.home(), Field::Amount);
            }
            CashierReply::ShiftClosed(Ok(shift)) => {
                self.shift = None;
                self.entry.clear();
                self.go(Page::ShiftOpen, Field::Amount);
                self.note = Note::ShiftClosed(shift.difference.unwrap_or(0));
            }
            CashierReply::Diner(Ok(diner)) => {
                self.id_entry = None;
                self.diner = Some(diner);
                self.note = Note::None;
            }
            CashierReply::Sold(Ok(paid)) => {
                if self.paying_handover
                    && let Some(order) = self.handover.take()
                {
                    self.paying_handover = false;
                    self.handover_done = Some(Completed::at_counter(
                        paid.sale_no.clone(),
                        paid.total,
                        order.subsidy(),
                        paid.printed,
                    ));
                }
                self.last_sale = Some(paid.sale_no.clone());
                self.paid = Some(paid);
                self.go(Page::Paid, Field::Amount);
            }
            CashierReply::Voided(Ok(done)) => {
                self.go(Page::Order, Field::Amount);
                self.note = Note::Voided(done.cash_refund);
            }
            CashierReply::Report(Ok(report)) => {
                self.report = Some(report);
                self.go(Page::Report, self.field);
            }
            CashierReply::Reprinted(Ok(())) => self.note = Note::Reprinted,
            CashierReply::ToppedUp(Ok(done)) => {
                self.topped = Some(done);
                self.card_entry.clear();
                self.entry.clear();
                self.go(Page::TopUp, Field::CardNo);
            }
            CashierReply::RefundSale(Ok(sale)) => {
                self.sale_entry = sale.sale_no.clone();
                self.refund_sale = Some(sale);
                self.refund_lines.clear();
                self.note = Note::None;
                self.field = Field::SupervisorPin;
            }
            CashierReply::Refunded(Ok(done)) => {
                self.refund_sale = None;
                self.refund_lines.clear();
                self.refunded = Some(done);
                self.note = Note::None;
            }
            CashierReply::Deliveries(reply) => self.apply_deliveries(reply),
            CashierReply::DrawerOpened(Ok(())) => {
                self.go(Page::Order, Field::Amount);
                self.note = Note::DrawerOpened;
            }
            CashierReply::Shift(Err(e))
            | CashierReply::ShiftOpened(Err(e))
            | CashierReply::ShiftClosed(Err(e))
            | CashierReply::Diner(Err(e))
            | CashierReply::Sold(Err(e))
            | CashierReply::Voided(Err(e))
            | CashierReply::Report(Err(e))
            | CashierReply::Reprinted(Err(e))
            | CashierReply::DrawerOpened(Err(e))
            | CashierReply::ToppedUp(Err(e))
            | CashierReply::RefundSale(Err(e))
            | CashierReply::Refunded(Err(e)) => {
                if matches!(e, CashierError::SupervisorRefused) {
                    self.field = Field::SupervisorPin;
                }
                self.note = note(e);
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keypad_limits_and_keys() {
        let mut m = CashierMode::new(Instant::now());
        for k in ["1", "2", "X", ".", "3", "back", "4"] {
            m.key(k);
        }
        assert_eq!(m.who, "124", "no X or . in a staff number");
        m.focus(Field::Pin);
        for _ in 0..10 {
            m.key("9");
        }
        assert_eq!(m.pin.len(), 8, "a PIN is at most 8 digits");
        m.key("clear");
        assert!(m.pin.is_empty());
    }

    #[test]
    fn refund_lines_tick_only_what_is_left_and_a_new_number_drops_them() {
        use crate::cashier_service::{RefundableLine, RefundableSale};
        let mut m = CashierMode::new(Instant::now());
        m.staff = Some(StaffView {
            id: 1,
            name: "王芳".into(),
            supervisor: false,
        });
        m.last_sale = Some("7".into());
        assert!(matches!(
            m.start_refund(),
            Some(CashierCommand::RefundSale { ref sale_no }) if sale_no == "7"
        ));
        let line = |line, refundable| RefundableLine {
            line,
            item: "soup".into(),
            amount: Money::from_yuan(3),
            refundable,
        };
        m.apply(CashierReply::RefundSale(Ok(RefundableSale {
            sale_no: "7".into(),
            lines: vec![line(0, false), line(1, true)],
            method: canteen_core::PaymentMethod::Cash,
        })));
        m.toggle_refund_line(0);
        assert!(m.refund_lines.is_empty(), "refunded already");
        let at = NaiveDateTime::default();
        assert!(m.submit_refund(at).is_none());
        assert_eq!(m.note, Note::NeedLines);
        m.toggle_refund_line(1);
        assert_eq!(m.refund_amount(), Money::from_yuan(3));
        m.reason = Some(0);
        m.supervisor_pin = "9999".into();
        assert!(matches!(
            m.submit_refund(at),
            Some(CashierCommand::Refund { ref lines, .. }) if lines == &[1]
        ));
        m.busy = false;
        m.focus(Field::SaleNo);
        m.key("8");
        assert!(m.refund_sale.is_none() && m.refund_lines.is_empty());
    }

    #[test]
    fn sign_in_needs_both_fields() {
        let mut m = CashierMode::new(Instant::now());
        let at = NaiveDateTime::default();
        assert!(m.submit_sign_in(at).is_none());
        assert_eq!(m.note, Note::NeedWhoPin);
        m.who = "1".into();
        m.pin = "1234".into();
        assert!(matches!(
            m.submit_sign_in(at),
            Some(CashierCommand::SignIn { .. })
        ));
        assert!(m.pin.is_empty(), "the PIN does not stay in memory");
    }
}
