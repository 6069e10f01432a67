//! What the counter tells the cashier under a form: [`Note`], and the note
//! for each refusal of the back end, matched on the typed
//! [`canteen_core::Refusal`] (never on a code string).

use canteen_core::{Money, Refusal};

use crate::cashier_service::CashierError;

/// The short message under a form (what happened, what to do).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Note {
    #[default]
    None,
    WrongPin(u32),
    Locked(u32),
    UnknownStaff,
    NeedWhoPin,
    BadAmount,
    TooLittle(Money),
    NeedReference,
    SupervisorRequired(Money),
    SupervisorRefused,
    InvalidId,
    Suspended,
    Lost,
    EmptyCart,
    NoSuchSale,
    AlreadyVoided,
    NeedReason,
    NotYourShift,
    DayClosed,
    PriceChanged,
    PrintFailed,
    Database,
    Refused,
    NoShift,
    Voided(Money),
    ShiftClosed(i64),
    ShiftOpenAlready,
    Reprinted,
    DrawerOpened,
    NeedCard,
    BadCardNo,
    UnknownCard,
    /// A sale paid in more than one way: void it instead.
    SplitPayment,
    /// A line that was refunded already.
    AlreadyRefunded,
    /// No line ticked for a refund.
    NeedLines,
    /// Deliveries are prepared within a meal period.
    OutsidePeriod,
}

/// The message for a refusal.
pub fn note(e: CashierError) -> Note {
    match e {
        CashierError::UnknownStaff => Note::UnknownStaff,
        CashierError::WrongPin { left } => Note::WrongPin(left),
        CashierError::Locked { minutes } => Note::Locked(minutes),
        CashierError::SupervisorRequired { difference } => Note::SupervisorRequired(difference),
        CashierError::SupervisorRefused => Note::SupervisorRefused,
        CashierError::NoOpenShift => Note::NoShift,
        CashierError::ShiftAlreadyOpen => Note::ShiftOpenAlready,
        CashierError::NotYourShift => Note::NotYourShift,
        CashierError::NoSuchSale => Note::NoSuchSale,
        CashierError::AlreadyVoided => Note::AlreadyVoided,
        CashierError::DayClosed => Note::DayClosed,
        CashierError::PriceChanged => Note::PriceChanged,
        CashierError::TooLittle => Note::BadAmount,
        CashierError::BadAmount => Note::BadAmount,
        CashierError::Refused(refusal) => match refusal {
            Refusal::Id(_) => Note::InvalidId,
            Refusal::ResidentSuspended => Note::Suspended,
            Refusal::CardLost => Note::Lost,
            Refusal::PrintFailed => Note::PrintFailed,
            Refusal::BadCardNo => Note::BadCardNo,
            Refusal::UnknownCard => Note::UnknownCard,
            Refusal::SplitPayment => Note::SplitPayment,
            Refusal::QtyTooLarge => Note::AlreadyRefunded,
            Refusal::DeliveryOutsidePeriod => Note::OutsidePeriod,
            _ => Note::Refused,
        },
        CashierError::Database(_) => Note::Database,
    }
}
