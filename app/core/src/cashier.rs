//! The cashier's side of the journal: audit records (who did what at the
//! counter), shift records (float in, cash counted out) and meal-card top-ups,
//! plus the pure rules they follow — staff roles, the PIN format, and the
//! expected cash of a shift.
//!
//! These are journal record bodies like sales and voids: hashed into the same
//! chain with their own canonical encoding (see [`crate::journal`]). Audit detail
//! text is free text chosen by the code that writes it; it never carries a full
//! ID number, only masked forms.

use serde::{Deserialize, Serialize};

use crate::money::Money;

/// What an audit record says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    SignIn,
    SignOut,
    SignInFailed,
    Locked,
    ManualIdEntry,
    ChildTier,
    Reprint,
    NoSaleDrawer,
    CardTopUp,
    ShiftOpen,
    ShiftClose,
    VoidAuthorised,
    RefundAuthorised,
    SupervisorRefused,
    StaffAdded,
    /// A sale with a staff-chosen tier or a time other than now, authorised
    /// by a supervisor (the CLI's `canteen sell` outside `--demo`).
    SaleOverride,
    /// A registry import moved a meal card from one resident to another
    /// (`canteen residents import --move-cards`, or an office bundle).
    CardMoved,
    /// A supervisor put the kiosk into training (sales go to a practice copy).
    TrainingStarted,
    /// A supervisor ended training (the practice copy was discarded).
    TrainingEnded,
    /// A delivered meal was confirmed delivered (`related_seq`: its sale).
    DeliveryDelivered,
    /// A delivered meal came back not delivered; its sale is voided in the
    /// same transaction (`related_seq`: the void).
    DeliveryNotDelivered,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        AuditAction::SignIn,
        AuditAction::SignOut,
        AuditAction::SignInFailed,
        AuditAction::Locked,
        AuditAction::ManualIdEntry,
        AuditAction::ChildTier,
        AuditAction::Reprint,
        AuditAction::NoSaleDrawer,
        AuditAction::CardTopUp,
        AuditAction::ShiftOpen,
        AuditAction::ShiftClose,
        AuditAction::VoidAuthorised,
        AuditAction::RefundAuthorised,
        AuditAction::SupervisorRefused,
        AuditAction::StaffAdded,
        AuditAction::SaleOverride,
        AuditAction::CardMoved,
        AuditAction::TrainingStarted,
        AuditAction::TrainingEnded,
        AuditAction::DeliveryDelivered,
        AuditAction::DeliveryNotDelivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::SignIn => "sign_in",
            AuditAction::SignOut => "sign_out",
            AuditAction::SignInFailed => "sign_in_failed",
            AuditAction::Locked => "locked",
            AuditAction::ManualIdEntry => "manual_id_entry",
            AuditAction::ChildTier => "child_tier",
            AuditAction::Reprint => "reprint",
            AuditAction::NoSaleDrawer => "no_sale_drawer",
            AuditAction::CardTopUp => "card_top_up",
            AuditAction::ShiftOpen => "shift_open",
            AuditAction::ShiftClose => "shift_close",
            AuditAction::VoidAuthorised => "void_authorised",
            AuditAction::RefundAuthorised => "refund_authorised",
            AuditAction::SupervisorRefused => "supervisor_refused",
            AuditAction::StaffAdded => "staff_added",
            AuditAction::SaleOverride => "sale_override",
            AuditAction::CardMoved => "card_moved",
            AuditAction::TrainingStarted => "training_started",
            AuditAction::TrainingEnded => "training_ended",
            AuditAction::DeliveryDelivered => "delivery_delivered",
            AuditAction::DeliveryNotDelivered => "delivery_not_delivered",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One audit record: a staff member (if known), what they did, a short detail
/// (masked data only) and the journal record it concerns, if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audit {
    /// `None` when the attempt named no known staff member.
    pub staff_id: Option<u64>,
    pub action: AuditAction,
    pub detail: String,
    pub related_seq: Option<u64>,
}

/// `text` with all but its last four characters hidden: a meal-card number
/// in audit records, on top-up slips and screens, and an ID number while it
/// is being typed.
pub fn mask_but_last_four(text: &str) -> String {
    let n = text.chars().count();
    text.chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '*' } else { c })
        .collect()
}

/// Hides anything in `text` that could be an ID number — a run of 15 or more
/// digits (optionally ending in `X`), or a screen mask of one
/// (`110***********002X`: a run of digits and `*` that starts with a digit) —
/// behind the at-rest form ([`crate::resident_id::MASKED_AT_REST`]), which
/// shows no character. Audit details are stored, so they pass through this:
/// even a number typed into the wrong field, or a screen's mask copied into a
/// note, never reaches the journal with a digit of it. A meal card's
/// `****1234` (it starts with `*`) and shorter numbers are kept.
pub fn mask_id_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_number = chars[i].is_ascii_digit();
        let body = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == '*')
            .count();
        let mut run = body;
        if starts_number && matches!(chars.get(i + body), Some('X' | 'x')) {
            run += 1;
        }
        if starts_number && run >= 15 {
            out.push_str(crate::resident_id::MASKED_AT_REST);
            i += run;
        } else if body > 0 {
            out.extend(&chars[i..i + body]);
            i += body;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// A shift record: opening with a counted float, or closing with a count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Shift {
    Open {
        staff_id: u64,
        #[serde(rename = "float_fen")]
        float: Money,
    },
    Close {
        staff_id: u64,
        /// The journal sequence number of the shift's opening.
        open_seq: u64,
        #[serde(rename = "expected_fen")]
        expected: Money,
        #[serde(rename = "counted_fen")]
        counted: Money,
        /// The supervisor who accepted a difference above the limit.
        supervisor_id: Option<u64>,
    },
}

impl Shift {
    /// The name of an opening: the serde tag, what the journal hashes and
    /// what the ledger's `shifts.event` holds.
    pub const OPEN: &'static str = "open";
    /// The name of a closing (see [`Shift::OPEN`]).
    pub const CLOSE: &'static str = "close";

    pub fn staff_id(&self) -> u64 {
        match self {
            Shift::Open { staff_id, .. } | Shift::Close { staff_id, .. } => *staff_id,
        }
    }

    /// [`Shift::OPEN`] or [`Shift::CLOSE`].
    pub fn event(&self) -> &'static str {
        match self {
            Shift::Open { .. } => Shift::OPEN,
            Shift::Close { .. } => Shift::CLOSE,
        }
    }
}

/// Cash paid in at the counter onto a meal card.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardTopUp {
    pub card_no: String,
    #[serde(rename = "amount_fen")]
    pub amount: Money,
    pub staff_id: u64,
}

/// A staff member's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Cashier,
    Supervisor,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Cashier => "cashier",
            Role::Supervisor => "supervisor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Cashier, Role::Supervisor]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// Why a PIN is not acceptable as a new PIN.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error("密码须为 4–8 位数字 / A PIN is 4 to 8 digits (0–9), nothing else")]
    Format,
}

/// The PIN format: 4–8 ASCII digits.
pub fn check_pin(pin: &str) -> Result<(), PinError> {
    if (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(PinError::Format)
    }
}

/// Wrong PINs in a row that lock an account.
pub const MAX_FAILED_PINS: u32 = 5;

/// The counter's configurable rules (`[cashier]` in `canteen.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CashierRules {
    /// How long an account stays locked after [`MAX_FAILED_PINS`] wrong PINs.
    pub lock_minutes: u32,
    /// A shift's cash difference above this (either way) needs a supervisor.
    pub shift_difference_limit: Money,
    /// Cashier mode returns to the welcome screen after this much idle time.
    pub cashier_idle_seconds: u32,
}

impl Default for CashierRules {
    fn default() -> Self {
        CashierRules {
            lock_minutes: 15,
            shift_difference_limit: Money::from_yuan(5),
            cashier_idle_seconds: 120,
        }
    }
}

/// The cash movements of a shift, as the ledger sums them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShiftCash {
    #[serde(rename = "float_fen")]
    pub float: Money,
    /// Cash handed over by diners for sales (tendered).
    #[serde(rename = "cash_tendered_fen")]
    pub tendered: Money,
    #[serde(rename = "change_fen")]
    pub change: Money,
    /// Cash paid back for voided or refunded cash sales.
    #[serde(rename = "cash_refunds_fen")]
    pub refunds: Money,
    /// Cash paid in to top up meal cards.
    #[serde(rename = "card_top_ups_fen")]
    pub top_ups: Money,
}

impl ShiftCash {
    /// float + cash sales (tendered − change) − cash refunds + card top-ups.
    pub fn expected(&self) -> Money {
        Money::from_fen(
            self.float.fen() + self.tendered.fen() - self.change.fen() - self.refunds.fen()
                + self.top_ups.fen(),
        )
    }

    /// Whether `counted` differs from the expected cash by more than `limit`.
    pub fn needs_supervisor(&self, counted: Money, limit: Money) -> bool {
        (counted.fen() - self.expected().fen()).abs() > limit.fen()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits() {
        for ok in ["1234", "00000000", "987654"] {
            assert_eq!(check_pin(ok), Ok(()), "{ok}");
        }
        for bad in ["123", "123456789", "12a4", "", " 1234", "１２３４"] {
            assert_eq!(check_pin(bad), Err(PinError::Format), "{bad:?}");
        }
    }

    #[test]
    fn expected_cash_and_the_supervisor_limit() {
        let cash = ShiftCash {
            float: Money::from_yuan(200),
            tendered: Money::from_yuan(50),
            change: Money::from_yuan(8),
            refunds: Money::from_yuan(12),
            top_ups: Money::from_yuan(100),
        };
        assert_eq!(cash.expected(), Money::from_yuan(330));
        let limit = Money::from_yuan(5);
        assert!(!cash.needs_supervisor(Money::from_yuan(325), limit));
        assert!(cash.needs_supervisor(Money::from_fen(32_499), limit));
        assert!(cash.needs_supervisor(Money::from_fen(33_501), limit));
    }

    #[test]
    fn id_numbers_and_their_screen_masks_are_hidden_and_short_numbers_kept() {
        let at_rest = crate::resident_id::MASKED_AT_REST;
        assert_eq!(
            mask_id_numbers("manual 11010119561123001X ok"),
            format!("manual {at_rest} ok")
        );
        assert_eq!(mask_id_numbers("110101561123001"), at_rest);
        assert_eq!(
            mask_id_numbers("110***********002X, sale 12345678901234"),
            format!("{at_rest}, sale 12345678901234")
        );
        assert_eq!(mask_id_numbers("张三 1234"), "张三 1234");
        assert_eq!(
            mask_id_numbers("card ************1234 blocked"),
            "card ************1234 blocked"
        );
        assert!(!mask_id_numbers("x 11010119561123001x").contains('1'));
    }

    #[test]
    fn actions_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::parse(a.as_str()), Some(a));
        }
    }
}
