//! What can go wrong in the ledger, as short display-ready messages.
//!
//! Refusals (bad input that the caller must handle: an unknown item, a suspended
//! resident, too little cash, voiding twice …) have a stable [`LedgerError::code`]
//! and leave nothing written. The other variants are faults of the store itself;
//! their messages say what the staff should do.

use canteen_core::cashier::PinError;
use canteen_core::{IdError, Money, PaymentError, PriceError, Refusal};

#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(
        "数据库损坏，已停止销售，请联系管理员 / The sales database is damaged; selling has stopped. Call the administrator; do not delete any files. ({0})"
    )]
    Corrupt(String),
    #[error(
        "数据库版本 {found} 比本程序 ({supported}) 新，请升级程序 / The sales database (schema {found}) is newer than this program (schema {supported}); install the newer program. Nothing was changed."
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error(
        "数据库设置未生效 / The database setting {pragma} did not take (got {got}); selling is not safe on this storage. Call the administrator."
    )]
    PragmaNotApplied { pragma: &'static str, got: String },
    #[error(
        "住户密钥丢失 / The resident key file {0} is missing or wrong but the database holds resident data; restore it from its backup. Nothing was changed."
    )]
    ResidentKeyMismatch(String),
    #[error(
        "密钥文件权限不安全 / The secret file {path} (the resident key or the office token) {problem}; run `{fix}` and start again. Nothing was changed."
    )]
    KeyFileExposed {
        path: String,
        problem: String,
        fix: String,
    },
    #[error(
        "住户名单的密钥不同 / These residents were keyed with another community secret than this kiosk's; enrol the kiosk with its office (`canteen enroll`) and sync again. Nothing was changed."
    )]
    ForeignResidentKeys,
    #[error(
        "机构令牌文件丢失 / The office token file {0} is missing or is not the one this kiosk enrolled with; restore it from its backup, or enrol the kiosk again (`canteen enroll`)."
    )]
    OfficeTokenMissing(String),

    #[error("{0}")]
    Id(#[from] IdError),
    #[error("{0}")]
    Price(#[from] PriceError),
    #[error("{0}")]
    Payment(#[from] PaymentError),
    #[error("a sale needs at least one item; choose an item from the menu")]
    NoItems,
    #[error(
        "一笔销售最多 {max} 项 / A sale has at most {max} lines and {max} payments (this one: {lines} lines, {payments} payments); split it into several sales. Nothing was charged."
    )]
    SaleTooLarge {
        lines: usize,
        payments: usize,
        max: usize,
    },
    #[error(
        "价格已变动 / The sale now comes to {actual}, not the {expected} shown; nothing was charged, scan again"
    )]
    PriceChanged { expected: Money, actual: Money },
    #[error("住户已暂停 / This resident's meal service is suspended; ask the community office")]
    ResidentSuspended,
    #[error(
        "卡已挂失 / This meal card is reported lost; keep the card — its holder may show their ID card instead — and ask the community office"
    )]
    CardLost,
    #[error(
        "卡已停用 / This meal card is suspended; the resident may show their ID card instead, or ask the community office"
    )]
    CardSuspended,
    #[error(
        "{date} 已日结 / {date} is already closed (Z report printed); no more records can be added to that day or an earlier one. Check the clock."
    )]
    DayClosed { date: String },
    #[error("{date} has not begun yet; only today or an earlier day can be closed")]
    FutureDay { date: String },
    #[error("there is no sale number {0} in the journal; check the receipt number")]
    NoSuchSale(u64),
    #[error("sale {0} was already voided; a sale can be voided only once")]
    AlreadyVoided(u64),
    #[error("sale {seq} has no line {line}; its lines are numbered 0 to {last}")]
    NoSuchLine { seq: u64, line: u64, last: u64 },
    #[error("line {line} of sale {seq} has {remaining} left to refund, not {asked}")]
    RefundTooLarge {
        seq: u64,
        line: u64,
        remaining: u64,
        asked: u64,
    },
    #[error("a refund needs at least one line with a quantity of 1 or more")]
    NothingToRefund,
    #[error("sale {0} was paid in more than one way; refund it by voiding the whole sale")]
    SplitPaymentRefund(u64),
    #[error("a void needs a reason; say why the sale is voided")]
    MissingReason,

    #[error("{0}")]
    Pin(#[from] PinError),
    #[error("员工姓名不能为空 / A staff name is 1 to 40 characters, not only spaces")]
    BadStaffName,
    #[error("员工已存在 / There is already a staff member called {0}; choose another name")]
    StaffExists(String),
    #[error("没有此员工 / No active staff member {0}; check the name or number")]
    UnknownStaff(String),
    #[error("密码错误，还可再试 {left} 次 / Wrong PIN; {left} more tries before the account locks")]
    WrongPin { left: u32 },
    #[error(
        "账户已锁定至 {until} / This account is locked until {until} after too many wrong PINs; ask a supervisor"
    )]
    StaffLocked { until: String, minutes: u32 },
    #[error("需要主管授权 / This needs a supervisor's PIN; a cashier's PIN is not enough")]
    NotSupervisor,
    #[error(
        "主管授权已锁定至 {until} / Supervisor approval on this till is locked until {until} after too many wrong supervisor PINs; wait, and check who tried"
    )]
    SupervisorLocked { until: String, minutes: u32 },
    #[error(
        "现金差额 {difference} 超过限额，需要主管授权 / The cash difference {difference} is above the limit; a supervisor must enter their PIN"
    )]
    SupervisorRequired { difference: Money, limit: Money },
    #[error("班次已开启（记录 {seq}）/ A shift is already open (record {seq}); close it first")]
    ShiftAlreadyOpen { seq: u64 },
    #[error("没有开启的班次 / No shift is open; open one with a counted float first")]
    NoOpenShift,
    #[error(
        "此班次属于其他员工 / The open shift belongs to another staff member; they must close it"
    )]
    NotYourShift,
    #[error("金额无效 / The amount must be more than ¥0.00 (whole fen)")]
    BadAmount,
    #[error("饭卡号无效 / The meal card number is empty or too long; scan or type the card again")]
    BadCardNo,
    #[error(
        "未登记的饭卡 / This meal card is not in the residents registry; ask the community office to register it"
    )]
    UnknownCard,
    #[error(
        "余额不足，剩余 {balance} / Insufficient balance, {balance} left; top up the card or pay another way"
    )]
    InsufficientBalance { balance: Money },
    #[error("PIN hashing failed: {0}")]
    PinHash(String),
    #[error("a peer terminal's quota use was not stored: {0}")]
    PeerUse(String),

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored data is unreadable at record {seq}: {why}")]
    Unreadable { seq: u64, why: String },
    #[error("the backup did not verify: {0}; the previous backup file (if any) is untouched")]
    BackupFailed(String),
    #[error(
        "备份文件无法使用 / The backup {path} does not verify ({why}); nothing was restored. Choose another backup (the newest one that `canteen backup --check FILE` accepts)."
    )]
    BackupInvalid { path: String, why: String },
    #[error(
        "培训模式已开启 / Training is already on: practise, or end it with `canteen training off`"
    )]
    TrainingAlreadyOn,
    #[error(
        "培训模式未开启 / Training is not on: there is nothing to end (`canteen training on` starts it)"
    )]
    TrainingNotOn,
    #[error(
        "培训模式中不同步 / Training is on: nothing is synced until a supervisor ends it (`canteen training off`)"
    )]
    TrainingNotSynced,
    #[error(
        "没有此餐次 / `{0}` is not a configured meal period; use one of pricing.toml's periods, e.g. lunch"
    )]
    UnknownPeriod(String),
    #[error(
        "不在送餐餐次内 / Deliveries for {period} are prepared within that period, and it is {at}; prepare them then (or give --at a time within it)"
    )]
    DeliveryOutsidePeriod { period: String, at: String },
    #[error(
        "此餐次没有补贴套餐 / The menu has no subsidised meal for `{0}` to deliver; add one to menu.toml"
    )]
    NoPeriodMeal(String),
    #[error("不是送餐订单 / Sale {0} is not a delivered meal; check the roster line's number")]
    NotADelivery(u64),
    #[error("送餐已确认 / Delivery {seq} is already confirmed as {status}; it is recorded once")]
    DeliveryConfirmed {
        seq: u64,
        status: canteen_core::delivery::DeliveryStatus,
    },
    #[error("送餐订单无效 / The standing order is not valid: {0}")]
    BadDeliveryOrder(String),
    #[error(
        "未登记的居民 / This resident is not in the kiosk's registry; apply the office's bundle first"
    )]
    UnknownResident,
    #[error(
        "今日菜品无法读取 / The stored dishes of {0} cannot be read; set them again (`canteen menu today set`) or sync with the office"
    )]
    DishesUnreadable(String),
}

impl LedgerError {
    /// The refusal this is (bad input, nothing written); `None` for faults.
    pub fn refusal(&self) -> Option<Refusal> {
        Some(match self {
            LedgerError::Id(e) => Refusal::Id(*e),
            LedgerError::Price(e) => Refusal::Price(e.clone()),
            LedgerError::Payment(e) => Refusal::Payment(e.clone()),
            LedgerError::NoItems => Refusal::NoItems,
            LedgerError::SaleTooLarge { .. } => Refusal::SaleTooLarge,
            LedgerError::PriceChanged { .. } => Refusal::PriceChanged,
            LedgerError::ResidentSuspended => Refusal::ResidentSuspended,
            LedgerError::CardLost => Refusal::CardLost,
            LedgerError::CardSuspended => Refusal::CardSuspended,
            LedgerError::DayClosed { .. } => Refusal::DayClosed,
            LedgerError::FutureDay { .. } => Refusal::FutureDay,
            LedgerError::NoSuchSale(_) => Refusal::NoSuchSale,
            LedgerError::AlreadyVoided(_) => Refusal::AlreadyVoided,
            LedgerError::NoSuchLine { .. } => Refusal::UnknownLine,
            LedgerError::RefundTooLarge { .. } => Refusal::QtyTooLarge,
            LedgerError::NothingToRefund => Refusal::NothingToRefund,
            LedgerError::SplitPaymentRefund(_) => Refusal::SplitPayment,
            LedgerError::MissingReason => Refusal::MissingReason,
            LedgerError::Pin(e) => Refusal::Pin(e.clone()),
            LedgerError::BadStaffName => Refusal::BadStaffName,
            LedgerError::StaffExists(_) => Refusal::StaffExists,
            LedgerError::UnknownStaff(_) => Refusal::UnknownStaff,
            LedgerError::WrongPin { left } => Refusal::WrongPin { left: *left },
            LedgerError::StaffLocked { minutes, .. } => Refusal::StaffLocked { minutes: *minutes },
            LedgerError::NotSupervisor => Refusal::NotSupervisor,
            LedgerError::SupervisorLocked { minutes, .. } => {
                Refusal::SupervisorLocked { minutes: *minutes }
            }
            LedgerError::SupervisorRequired { limit, .. } => {
                Refusal::SupervisorRequired { limit: *limit }
            }
            LedgerError::ShiftAlreadyOpen { .. } => Refusal::ShiftAlreadyOpen,
            LedgerError::NoOpenShift => Refusal::NoOpenShift,
            LedgerError::NotYourShift => Refusal::NotYourShift,
            LedgerError::BadAmount => Refusal::BadAmount,
            LedgerError::BadCardNo => Refusal::BadCardNo,
            LedgerError::UnknownCard => Refusal::UnknownCard,
            LedgerError::InsufficientBalance { .. } => Refusal::InsufficientBalance,
            LedgerError::PeerUse(_) => Refusal::BadPeerUse,
            LedgerError::KeyFileExposed { .. } => Refusal::KeyFileExposed,
            LedgerError::OfficeTokenMissing(_) => Refusal::OfficeTokenMissing,
            LedgerError::BackupInvalid { .. } => Refusal::BackupInvalid,
            LedgerError::TrainingAlreadyOn => Refusal::TrainingOn,
            LedgerError::TrainingNotOn => Refusal::TrainingOff,
            LedgerError::TrainingNotSynced => Refusal::TrainingNotSynced,
            LedgerError::UnknownPeriod(_) => Refusal::UnknownPeriod,
            LedgerError::DeliveryOutsidePeriod { .. } => Refusal::DeliveryOutsidePeriod,
            LedgerError::NoPeriodMeal(_) => Refusal::NoPeriodMeal,
            LedgerError::NotADelivery(_) => Refusal::NotADelivery,
            LedgerError::DeliveryConfirmed { .. } => Refusal::DeliveryConfirmed,
            LedgerError::BadDeliveryOrder(_) => Refusal::BadDeliveryOrder,
            LedgerError::UnknownResident => Refusal::UnknownResident,
            // Faults of the store or the machine, not refusals.
            LedgerError::Corrupt(..)
            | LedgerError::NewerSchema { .. }
            | LedgerError::PragmaNotApplied { .. }
            | LedgerError::ResidentKeyMismatch(..)
            | LedgerError::ForeignResidentKeys
            | LedgerError::PinHash(..)
            | LedgerError::Sqlite(..)
            | LedgerError::Io(..)
            | LedgerError::Unreadable { .. }
            | LedgerError::BackupFailed(..)
            | LedgerError::DishesUnreadable(..) => return None,
        })
    }

    /// The stable code of a refusal (bad input, nothing written); `None` for faults.
    pub fn code(&self) -> Option<&'static str> {
        self.refusal().map(|r| r.code())
    }
}

/// A fault of the machine rather than of the data: what the operator can fix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    /// The disk is full (ENOSPC, SQLITE_FULL).
    DiskFull,
    /// Another process holds the database (SQLITE_BUSY / SQLITE_LOCKED).
    Busy,
}

/// The reason staff gave, as it is recorded: trimmed. A void, a refund, a
/// no-sale drawer opening and an undelivered meal each need one; only spaces
/// is [`LedgerError::MissingReason`].
pub(crate) fn required_reason(reason: &str) -> Result<&str> {
    match reason.trim() {
        "" => Err(LedgerError::MissingReason),
        reason => Ok(reason),
    }
}

impl LedgerError {
    /// Whether this fault is a full disk or a locked database.
    pub fn environment(&self) -> Option<Environment> {
        use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked, DiskFull};
        match self {
            LedgerError::Sqlite(e) => match e.sqlite_error_code() {
                Some(DatabaseBusy | DatabaseLocked) => Some(Environment::Busy),
                Some(DiskFull) => Some(Environment::DiskFull),
                _ => None,
            },
            LedgerError::Io(e) if e.kind() == std::io::ErrorKind::StorageFull => {
                Some(Environment::DiskFull)
            }
            _ => None,
        }
    }
}

impl From<rusqlite::Error> for LedgerError {
    /// Corruption found by any statement stops selling like a failed `quick_check`.
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        match e.sqlite_error_code() {
            Some(DatabaseCorrupt | NotADatabase) => LedgerError::Corrupt(e.to_string()),
            _ => LedgerError::Sqlite(e),
        }
    }
}

impl From<canteen_sqlite::Error> for LedgerError {
    fn from(e: canteen_sqlite::Error) -> Self {
        match e {
            canteen_sqlite::Error::Sqlite(e) => e.into(),
            canteen_sqlite::Error::PragmaNotApplied { pragma, got } => {
                LedgerError::PragmaNotApplied { pragma, got }
            }
            canteen_sqlite::Error::NewerSchema { found, supported } => {
                LedgerError::NewerSchema { found, supported }
            }
            canteen_sqlite::Error::Corrupt(what) => LedgerError::Corrupt(what),
        }
    }
}

pub type Result<T, E = LedgerError> = std::result::Result<T, E>;
