//! The counter's view of the back end: staff sign-in with lockout, cash shifts,
//! counter sales (cash with change, mobile), supervisor-authorised voids, X/Z
//! reports and reprints, behind the [`CashierService`] trait (declared here
//! from the one list of the counter's methods in [`crate::forward`]).
//!
//! Like [`crate::KioskService`] it runs only on the worker thread and speaks in
//! core types and display-safe values (masked IDs, money): the kiosk implements
//! it over `canteen-ledger` and the printer (demos, tests and screenshots run
//! on that same ledger, in a temporary folder). Supervisor PINs cross as text
//! and are checked by the back end, which audits every refusal.

use canteen_core::cashier::ShiftCash;
use canteen_core::{Money, PaymentChoice, PaymentMethod, ResidentId};
use chrono::{NaiveDate, NaiveDateTime};

/// A signed-in staff member (never their PIN).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffView {
    pub id: u64,
    pub name: String,
    pub supervisor: bool,
}

/// A cash shift, open (so far) or closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShiftView {
    pub open_seq: u64,
    pub staff_id: u64,
    /// Its cash movements, which core sums (expected cash) and judges (the
    /// supervisor's limit).
    pub cash: ShiftCash,
    pub counted: Option<Money>,
    /// counted − expected (negative: cash is missing), when closed.
    pub difference: Option<i64>,
    pub sale_count: u64,
    pub void_count: u64,
}

/// A sale taken at the counter, priced by the controller with core pricing.
#[derive(Clone, Debug)]
pub struct CounterSale {
    pub staff_id: u64,
    /// Item ids, one line each.
    pub items: Vec<String>,
    /// A companion's meal (an order handed over from self-service), priced
    /// at the companion price.
    pub companion_items: Vec<String>,
    /// What each line of `items`, then of `companion_items`, charges as the
    /// screen showed it (the ledger prices again).
    pub charged: Vec<Money>,
    /// The diner's ID, scanned or typed.
    pub id: Option<ResidentId>,
    /// A handed-over order of a diner who showed a meal card (verified) and
    /// no ID number: the sale is the card holder's.
    pub card_no: Option<String>,
    /// The holder's birth date the card's signed QR carries (format 2; none
    /// on an older card): the counter prices the holder's age by it, as
    /// self-service did.
    pub card_born: Option<chrono::NaiveDate>,
    /// The ID was typed by the cashier (audited as manual entry).
    pub manual_id: bool,
    /// A cashier-only tier the cashier chose (e.g. `child`, a child under
    /// 1.4 m), audited with the sale.
    pub tier: Option<String>,
    /// What the screen showed; the back end refuses another total.
    pub expected_total: Money,
    pub payment: PaymentChoice,
    pub at: NaiveDateTime,
}

/// A committed counter sale: safe to say "paid" and to hand out change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterPaid {
    pub sale_no: String,
    pub total: Money,
    pub tendered: Option<Money>,
    pub change: Money,
    pub printed: bool,
}

/// A committed meal-card top-up (cash in, counted in the shift's expected cash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopUpDone {
    pub top_up_no: String,
    /// The card number as scanned or typed (a card number, not an ID).
    pub card_no: String,
    pub amount: Money,
    /// The card's balance after the top-up.
    pub balance: Money,
    pub printed: bool,
}

/// A committed void.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoidDone {
    pub void_no: String,
    pub sale_no: String,
    pub amount: Money,
    /// Cash to hand back (a voided cash sale).
    pub cash_refund: Money,
}

/// One line of a sale, as the refund screen lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundableLine {
    /// The line number, from 0 as on the receipt and in the ledger.
    pub line: u64,
    /// The item id (the screen shows its name in the chosen language).
    pub item: String,
    /// What the line charged the diner: what a refund pays back.
    pub amount: Money,
    /// Not refunded yet (a line is one meal, refunded at most once).
    pub refundable: bool,
}

/// A sale looked up for a line refund. A voided sale, one paid in more than
/// one way, or no sale at all is refused instead (`AlreadyVoided`,
/// `Refused(Refusal::SplitPayment)`, `NoSuchSale`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundableSale {
    pub sale_no: String,
    pub lines: Vec<RefundableLine>,
    /// How the diner paid, and so how a refund pays back.
    pub method: PaymentMethod,
}

/// A committed line refund.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundDone {
    pub refund_no: String,
    pub sale_no: String,
    /// The refunded line numbers.
    pub lines: Vec<u64>,
    /// Paid back to the diner.
    pub amount: Money,
    /// By the sale's payment method (cash comes out of the drawer).
    pub method: PaymentMethod,
    /// A meal-card refund: the card's balance afterwards, when known.
    pub card_balance: Option<Money>,
    pub printed: bool,
}

/// X (the day so far, not stored) or Z (the day closed, stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportKind {
    X,
    Z,
}

/// A report as shown on screen and printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportView {
    pub kind: ReportKind,
    pub date: NaiveDate,
    pub sale_count: u64,
    pub void_count: u64,
    pub gross: Money,
    pub voided: Money,
    /// Line refunds recorded on the day.
    pub refund_count: u64,
    /// What they paid back.
    pub refunded: Money,
    /// gross − voided − refunded.
    pub net: Money,
    pub subsidy: Money,
    /// Z only: the perpetual grand total.
    pub grand_total: Option<Money>,
    /// Z only: the chain head (sequence number, hash in hex).
    pub chain_head: Option<(u64, String)>,
    /// The open shift's expected cash (X).
    pub shift_expected: Option<Money>,
    pub printed: bool,
}

/// Why the counter's back end refused or failed: a typed refusal (bad input,
/// nothing written), or a fault of the store. The controller shows a short
/// message that says what to do.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum CashierError {
    /// Nothing was written; the refusal says why.
    #[error("refused: {0}")]
    Refused(canteen_core::Refusal),
    #[error("database problem: {0}")]
    Database(String),
}

// `CashierService` and `DeliveryDesk`, declared from the one list of the
// counter's methods.
crate::counter_methods!(declare);

fn poisoned() -> CashierError {
    CashierError::Database("service lock poisoned".into())
}

// A service shared with its owner (tests and demos look at it afterwards).
crate::forward_counter!([T: CashierService] std::sync::Arc<std::sync::Mutex<T>>, |s| s
    .lock()
    .map_err(|_| poisoned())?);
