//! What can go wrong in the ledger, as short display-ready messages.
//!
//! Refusals (bad input that the caller must handle: an unknown item, a suspended
//! resident, too little cash, voiding twice …) have a stable [`LedgerError::code`]
//! and leave nothing written. The other variants are faults of the store itself;
//! their messages say what the staff should do.

use canteen_core::{IdError, PaymentError, PriceError};

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

    #[error("{0}")]
    Id(#[from] IdError),
    #[error("{0}")]
    Price(#[from] PriceError),
    #[error("{0}")]
    Payment(#[from] PaymentError),
    #[error("a sale needs at least one item; choose an item from the menu")]
    NoItems,
    #[error("住户已暂停 / This resident's meal service is suspended; ask the community office")]
    ResidentSuspended,
    #[error(
        "卡已挂失 / This meal card is reported lost; keep the card and ask the community office"
    )]
    CardLost,
    #[error(
        "{date} 已日结 / {date} is already closed (Z report printed); no more records can be added to that day. Check the clock."
    )]
    DayClosed { date: String },
    #[error("{date} has not begun yet; only today or an earlier day can be closed")]
    FutureDay { date: String },
    #[error("there is no sale number {0} in the journal; check the receipt number")]
    NoSuchSale(u64),
    #[error("sale {0} was already voided; a sale can be voided only once")]
    AlreadyVoided(u64),
    #[error("a void needs a reason; say why the sale is voided")]
    MissingReason,

    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    #[error("stored data is unreadable at record {seq}: {why}")]
    Unreadable { seq: u64, why: String },
    #[error("the backup did not verify: {0}; the previous backup file (if any) is untouched")]
    BackupFailed(String),
}

impl LedgerError {
    /// The stable code of a refusal (bad input, nothing written); `None` for faults.
    pub fn code(&self) -> Option<&'static str> {
        Some(match self {
            LedgerError::Id(e) => e.code(),
            LedgerError::Price(e) => e.code(),
            LedgerError::Payment(e) => e.code(),
            LedgerError::NoItems => "no_items",
            LedgerError::ResidentSuspended => "resident_suspended",
            LedgerError::CardLost => "card_lost",
            LedgerError::DayClosed { .. } => "day_closed",
            LedgerError::FutureDay { .. } => "future_day",
            LedgerError::NoSuchSale(_) => "no_such_sale",
            LedgerError::AlreadyVoided(_) => "already_voided",
            LedgerError::MissingReason => "missing_reason",
            _ => return None,
        })
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

pub type Result<T, E = LedgerError> = std::result::Result<T, E>;
