//! Why the canteen said no: the one list of refusals, typed.
//!
//! A refusal is bad input that the caller must handle (an unknown card, a
//! suspended resident, a void without a reason …); nothing was written. The
//! ledger classifies its errors into a [`Refusal`], the screens choose their
//! notice by matching on it, and the CLI prints its [`Refusal::code`] as the
//! JSON `error`. Codes are part of the CLI contract: never rename one.

use crate::cashier::PinError;
use crate::{IdError, Money, PaymentError, PriceError};

/// Every refusal the kiosk can give, from the ledger to the screen and the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The ID number is not valid (code: the [`IdError`]'s own).
    Id(IdError),
    /// The order cannot be priced (code: the [`PriceError`]'s own).
    Price(PriceError),
    /// The payment cannot settle the sale (code: the [`PaymentError`]'s own).
    Payment(PaymentError),
    NoItems,
    SaleTooLarge,
    PriceChanged,
    ResidentSuspended,
    CardLost,
    CardSuspended,
    DayClosed,
    FutureDay,
    NoSuchSale,
    AlreadyVoided,
    UnknownLine,
    QtyTooLarge,
    NothingToRefund,
    /// A sale paid in more than one way is voided, not refunded line by line.
    SplitPayment,
    MissingReason,
    /// The new PIN is not acceptable (code `bad_pin`).
    Pin(PinError),
    BadStaffName,
    StaffExists,
    UnknownStaff,
    /// The PIN does not match; `left` more tries before the account locks.
    WrongPin {
        left: u32,
    },
    /// Too many wrong PINs: the account opens again in `minutes` (rounded up).
    StaffLocked {
        minutes: u32,
    },
    NotSupervisor,
    /// Too many wrong supervisor PINs on this till: approval opens again in
    /// `minutes` (rounded up).
    SupervisorLocked {
        minutes: u32,
    },
    /// The cash difference is above `limit`, the most a cashier may close a
    /// shift with on their own.
    SupervisorRequired {
        limit: Money,
    },
    ShiftAlreadyOpen,
    NoOpenShift,
    NotYourShift,
    BadAmount,
    BadCardNo,
    UnknownCard,
    InsufficientBalance,
    BadPeerUse,
    KeyFileExposed,
    OfficeTokenMissing,
    BackupInvalid,
    TrainingOn,
    TrainingOff,
    TrainingNotSynced,
    /// The receipt for a reprint or a refund could not be printed.
    PrintFailed,
    /// Pay-at-the-counter orders are settled by the cashier, not by the kiosk.
    PayAtCounter,
    UnknownPeriod,
    /// Deliveries are prepared within their meal period.
    DeliveryOutsidePeriod,
    NoPeriodMeal,
    NotADelivery,
    /// A delivery is confirmed once.
    DeliveryConfirmed,
    BadDeliveryOrder,
    /// No resident in the registry has that key.
    UnknownResident,
}

impl Refusal {
    /// The stable machine-readable code (the CLI's JSON `error`).
    pub fn code(&self) -> &'static str {
        self.code_and_message().0
    }

    /// A short display-ready message, Chinese first, for a screen or a log;
    /// the ledger's own error says the details (amounts, dates, names).
    pub fn message(&self) -> &'static str {
        self.code_and_message().1
    }

    /// Each refusal's code and message side by side, one row a refusal, so a
    /// new refusal is written in one place.
    fn code_and_message(&self) -> (&'static str, &'static str) {
        match self {
            Refusal::Id(e) => (
                e.code(),
                "证件号无效 / The ID number is not valid; scan or type it again",
            ),
            Refusal::Price(e) => (
                e.code(),
                "无法计价 / This order cannot be priced now; check the menu and the time",
            ),
            Refusal::Payment(e) => (
                e.code(),
                "付款方式不符 / This payment cannot settle the sale; choose another way to pay",
            ),
            Refusal::NoItems => ("no_items", "请选择菜品 / Choose at least one item"),
            Refusal::SaleTooLarge => (
                "sale_too_large",
                "一笔销售项目过多 / Too many lines in one sale; split it",
            ),
            Refusal::PriceChanged => (
                "price_changed",
                "价格已变动 / The price changed; nothing was charged, scan again",
            ),
            Refusal::ResidentSuspended => (
                "resident_suspended",
                "住户已暂停 / This resident's meal service is suspended; ask the community office",
            ),
            Refusal::CardLost => (
                "card_lost",
                "卡已挂失 / This meal card is reported lost; ask the community office",
            ),
            Refusal::CardSuspended => (
                "card_suspended",
                "卡已停用 / This meal card is suspended; ask the community office",
            ),
            Refusal::DayClosed => (
                "day_closed",
                "当日已日结 / That day is already closed; check the clock",
            ),
            Refusal::FutureDay => ("future_day", "该日尚未开始 / That day has not begun yet"),
            Refusal::NoSuchSale => (
                "no_such_sale",
                "没有这笔销售 / No such sale; check the receipt number",
            ),
            Refusal::AlreadyVoided => ("already_voided", "已作废 / This sale was already voided"),
            Refusal::UnknownLine => ("unknown_line", "没有这一项 / The sale has no such line"),
            Refusal::QtyTooLarge => ("qty_too_large", "已退过 / That line was already refunded"),
            Refusal::NothingToRefund => (
                "nothing_to_refund",
                "请选择要退的项 / Tick at least one line to refund",
            ),
            Refusal::SplitPayment => (
                "split_payment",
                "多种方式付款的销售请整笔作废 / Paid in more than one way: void the whole sale",
            ),
            Refusal::MissingReason => ("missing_reason", "请选择原因 / Give a reason"),
            Refusal::Pin(_) => (
                "bad_pin",
                "密码不符合要求 / That PIN is not acceptable; choose another",
            ),
            Refusal::BadStaffName => (
                "bad_staff_name",
                "员工姓名无效 / A staff name is 1 to 40 characters",
            ),
            Refusal::StaffExists => (
                "staff_exists",
                "员工已存在 / There is already a staff member of that name",
            ),
            Refusal::UnknownStaff => ("unknown_staff", "没有此员工 / No such staff member"),
            Refusal::WrongPin { .. } => ("wrong_pin", "密码错误 / Wrong PIN"),
            Refusal::StaffLocked { .. } => (
                "staff_locked",
                "账户已锁定 / This account is locked; ask a supervisor",
            ),
            Refusal::NotSupervisor => (
                "not_supervisor",
                "需要主管授权 / This needs a supervisor's PIN",
            ),
            Refusal::SupervisorLocked { .. } => (
                "supervisor_locked",
                "主管授权已锁定 / Supervisor approval is locked for now",
            ),
            Refusal::SupervisorRequired { .. } => (
                "supervisor_required",
                "需要主管授权 / A supervisor must approve this",
            ),
            Refusal::ShiftAlreadyOpen => {
                ("shift_already_open", "班次已开启 / A shift is already open")
            }
            Refusal::NoOpenShift => ("no_open_shift", "没有开启的班次 / No shift is open"),
            Refusal::NotYourShift => (
                "not_your_shift",
                "此班次属于其他员工 / The open shift belongs to someone else",
            ),
            Refusal::BadAmount => (
                "bad_amount",
                "金额无效 / The amount must be more than ¥0.00",
            ),
            Refusal::BadCardNo => (
                "bad_card_no",
                "饭卡号无效 / The meal card number is not valid",
            ),
            Refusal::UnknownCard => (
                "unknown_card",
                "未登记的饭卡 / This meal card is not registered",
            ),
            Refusal::InsufficientBalance => {
                ("insufficient_balance", "余额不足 / Insufficient balance")
            }
            Refusal::BadPeerUse => (
                "bad_peer_use",
                "另一台终端的用餐记录无效 / A peer terminal's record is not valid",
            ),
            Refusal::KeyFileExposed => (
                "key_file_exposed",
                "密钥文件权限不安全 / A secret file is exposed; fix its permissions",
            ),
            Refusal::OfficeTokenMissing => (
                "office_token_missing",
                "机构令牌文件丢失 / The office token file is missing",
            ),
            Refusal::BackupInvalid => (
                "backup_invalid",
                "备份文件无法使用 / The backup does not verify",
            ),
            Refusal::TrainingOn => ("training_on", "培训模式已开启 / Training is already on"),
            Refusal::TrainingOff => ("training_off", "培训模式未开启 / Training is not on"),
            Refusal::TrainingNotSynced => (
                "training_not_synced",
                "培训模式中不同步 / Nothing is synced in training",
            ),
            Refusal::PrintFailed => (
                "print_failed",
                "打印失败 / The receipt did not print; check the printer",
            ),
            Refusal::PayAtCounter => ("pay_at_counter", "请到柜台付款 / Pay at the counter"),
            Refusal::UnknownPeriod => ("unknown_period", "没有这个餐段 / No such meal period"),
            Refusal::DeliveryOutsidePeriod => (
                "delivery_outside_period",
                "不在该餐段时间内 / Deliveries are prepared within their meal period",
            ),
            Refusal::NoPeriodMeal => (
                "no_period_meal",
                "该餐段没有套餐 / This meal period has no meal to deliver",
            ),
            Refusal::NotADelivery => (
                "not_a_delivery",
                "这不是送餐订单 / That sale is not a delivery",
            ),
            Refusal::DeliveryConfirmed => (
                "delivery_confirmed",
                "已确认过 / This delivery was already confirmed",
            ),
            Refusal::BadDeliveryOrder => (
                "bad_delivery_order",
                "送餐订单无效 / The standing order is not valid",
            ),
            Refusal::UnknownResident => (
                "unknown_resident",
                "没有这位住户 / No such resident in the registry",
            ),
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_refusals_keep_their_own_codes() {
        assert_eq!(Refusal::Id(IdError::BadCheck).code(), "bad_check");
        assert_eq!(
            Refusal::Payment(PaymentError::MissingCard).code(),
            "missing_card"
        );
        assert_eq!(Refusal::SplitPayment.code(), "split_payment");
    }

    #[test]
    fn every_message_names_both_languages() {
        for r in [
            Refusal::CardLost,
            Refusal::PayAtCounter,
            Refusal::QtyTooLarge,
        ] {
            let (zh, en) = r.message().split_once(" / ").expect("zh / en");
            assert!(!zh.is_ascii() && !en.is_empty(), "{r:?}: {}", r.message());
        }
    }
}
