//! The worker's view of the back end: the residents registry, the sales ledger
//! and the receipt printer, behind one trait.
//!
//! The kiosk implements it over `canteen-ledger` and the printer adapter (the
//! demo, the screen tests and the screenshot gallery run on that same back end
//! over a temporary ledger, `canteen_kiosk::demo_ledger`). Architecture invariant: the UI crate knows no SQL and no serial
//! port; only this trait crosses to them, and only on the worker thread.

use canteen_core::Money;
use canteen_core::session::{Order, PayMethod};
use chrono::NaiveDateTime;

use crate::cashier_service::CashierService;

/// Whether a registered diner may eat (however they identify).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResidentStatus {
    Active,
    Suspended,
}

/// Whether a registered diner's meal card may be used. A blocked card refuses
/// that card (its QR code, paying with it), not its holder showing their ID card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardStatus {
    Active,
    /// Reported lost (挂失).
    Lost,
    Suspended,
}

/// What the registry knows of a scanned diner, in display-safe form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidentRecord {
    /// The masked name (`张*明`), never the full one.
    pub masked_name: String,
    pub categories: Vec<String>,
    pub status: ResidentStatus,
    /// The meal card's state (meaningful when the diner has one).
    pub card_status: CardStatus,
    /// The meal-card balance, if the diner has a card.
    pub card_balance: Option<Money>,
}

/// The registered holder of a meal card, found by the card (a card scan
/// carries no ID number): what the screen shows and what pricing needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardHolder {
    pub record: ResidentRecord,
    /// Subsidised meals the holder already had in the period asked about.
    pub used_in_period: u32,
}

/// A sale to record in one transaction.
#[derive(Clone, Debug)]
pub struct SaleRequest<'a> {
    pub order: &'a Order,
    pub method: PayMethod,
    /// Local time of the sale.
    pub at: NaiveDateTime,
}

/// A sale the back end recorded, and how its receipt printed: the receipt is
/// printed from the sale as committed (not read back by its number), only
/// after the commit; a failed print keeps the sale.
#[derive(Debug, PartialEq, Eq)]
pub struct Sold {
    /// The sale's number, as the receipt and a reprint name it.
    pub sale_no: String,
    pub printed: Result<(), PrintError>,
}

/// Why the back end refused or failed.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ServiceError {
    #[error("meal card balance {balance} is less than {due}")]
    InsufficientBalance { balance: Money, due: Money },
    #[error("the diner has no meal card")]
    NoCard,
    /// The back end refused the sale and wrote nothing, and says why.
    #[error("refused: {0}")]
    Refused(canteen_core::Refusal),
    #[error("database problem: {0}")]
    Database(String),
}

/// Why a receipt did not print. The sale stands either way.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PrintError {
    #[error("printer out of paper")]
    OutOfPaper,
    #[error("printer not reachable: {0}")]
    Unreachable(String),
    /// The kiosk has no receipt printer configured: nothing failed, and
    /// nobody is told to find paper or staff.
    #[error("no receipt printer configured")]
    NoPrinter,
}

impl PrintError {
    /// What the status bar shows after a print that returned `result`.
    pub fn status(result: &Result<(), PrintError>) -> PrinterStatus {
        match result {
            Ok(()) => PrinterStatus::Ready,
            Err(PrintError::OutOfPaper) => PrinterStatus::PaperOut,
            Err(PrintError::Unreachable(_)) => PrinterStatus::Unreachable,
            Err(PrintError::NoPrinter) => PrinterStatus::Absent,
        }
    }
}

/// The receipt printer as the status bar and the done screen see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrinterStatus {
    Ready,
    PaperOut,
    Unreachable,
    /// None configured: no badge, no "take your receipt", no reprint.
    Absent,
}

impl PrinterStatus {
    /// False only when a configured printer failed (a reprint is worth offering).
    pub fn fine(self) -> bool {
        matches!(self, PrinterStatus::Ready | PrinterStatus::Absent)
    }
}

/// The diner look-ups of [`KioskService`] (each takes `&mut self` and
/// answers `Result<_, ServiceError>`), listed once:
/// `kiosk_lookups!(declare)` writes their declarations into the trait, and
/// `kiosk_lookups!(forward |s| inner)` their forwarding into a wrapper's
/// impl, each calling the same method on `inner`, an expression of `s` (that
/// is, `self`) that may return early with a `ServiceError` through `?`.
#[macro_export]
macro_rules! kiosk_lookups {
    (@with_list [declare] $($list:tt)*) => {
        $crate::__service_methods!(declare $crate::ServiceError; $($list)*);
    };
    (@with_list [forward |$s:ident| $inner:expr] $($list:tt)*) => {
        $crate::__service_methods!(forward $crate::ServiceError; |$s| $inner; $($list)*);
    };
    ($($use:tt)*) => {
        $crate::kiosk_lookups! { @with_list [$($use)*]
            /// The registry entry for `id`, or `None` for an unregistered diner.
            fn resident(id: &::canteen_core::ResidentId) -> Option<$crate::ResidentRecord>;
            /// Subsidised meals `id` already had in `period` on `date`.
            fn used_in_period(id: &::canteen_core::ResidentId, date: ::chrono::NaiveDate, period: &::canteen_core::PeriodId) -> u32;
            /// The registered holder of meal card `card_no` (its signature
            /// already verified), with their subsidised meals in `period` on
            /// `date`; `None` for a card the registry does not know.
            fn card_holder(card_no: &str, date: ::chrono::NaiveDate, period: &::canteen_core::PeriodId) -> Option<$crate::CardHolder>;
        }
    };
}

/// Everything the kiosk worker needs from storage and devices; the counter's
/// part is [`CashierService`].
pub trait KioskService: CashierService + Send + 'static {
    crate::kiosk_lookups! { declare }
    /// Records the sale (and any meal-card deduction) in one transaction,
    /// then hands the committed sale to the receipt printer; returns its
    /// number and how the receipt printed.
    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<Sold, ServiceError>;
    /// Prints again the receipt of committed sale `sale_no`; `copy` marks a
    /// reprint (补打 / COPY).
    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError>;
}

/// A service shared with its owner (tests and demos look at it afterwards).
impl<T: KioskService> KioskService for std::sync::Arc<std::sync::Mutex<T>> {
    crate::kiosk_lookups! { forward |s| s.lock().map_err(|_| poisoned())? }
    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<Sold, ServiceError> {
        self.lock().map_err(|_| poisoned())?.commit(sale)
    }
    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError> {
        self.lock()
            .map_err(|_| PrintError::Unreachable("poisoned".into()))?
            .print(sale_no, copy)
    }
}

fn poisoned() -> ServiceError {
    ServiceError::Database("service lock poisoned".into())
}
