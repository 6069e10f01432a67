//! What the counter tells the cashier under a form: [`Note`], and the note
//! for each refusal of the back end, matched on the typed
//! [`canteen_core::Refusal`] (never on a code string).

use canteen_core::{Money, PaymentError, Refusal};

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
    let refusal = match e {
        CashierError::Refused(refusal) => refusal,
        CashierError::Database(_) => return Note::Database,
    };
    match refusal {
        Refusal::UnknownStaff => Note::UnknownStaff,
        Refusal::WrongPin { left } => Note::WrongPin(left),
        // A supervisor lock reads as the account lock does: wait N minutes.
        Refusal::StaffLocked { minutes } | Refusal::SupervisorLocked { minutes } => {
            Note::Locked(minutes)
        }
        Refusal::SupervisorRequired { limit } => Note::SupervisorRequired(limit),
        Refusal::NotSupervisor => Note::SupervisorRefused,
        Refusal::NoOpenShift => Note::NoShift,
        Refusal::ShiftAlreadyOpen => Note::ShiftOpenAlready,
        Refusal::NotYourShift => Note::NotYourShift,
        Refusal::NoSuchSale => Note::NoSuchSale,
        Refusal::AlreadyVoided => Note::AlreadyVoided,
        Refusal::DayClosed => Note::DayClosed,
        Refusal::PriceChanged => Note::PriceChanged,
        Refusal::BadAmount | Refusal::Payment(PaymentError::TooLittleTendered { .. }) => {
            Note::BadAmount
        }
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
    }
}
