//! The counter's view of meals delivered to the housebound: the current
//! period's delivery list, "prepare all" and each delivery's outcome, behind
//! the [`DeliveryDesk`] trait (a supertrait of
//! [`crate::cashier_service::CashierService`], so every counter back end has
//! it; both are declared in `cashier_service` from the one list of the
//! counter's methods in [`crate::forward`]).
//!
//! The kiosk implements it over the ledger's own `prepare_deliveries` and
//! `confirm_delivery` (the calls `canteen delivery roster|confirm` make) and
//! prints the roster as the CLI's `--print` does (the screen tests and the
//! gallery use that same back end on a temporary ledger). Everything here is
//! display-safe: masked names, the address line, money.

use canteen_core::Money;

pub use crate::cashier_service::DeliveryDesk;

pub use canteen_core::delivery::DeliveryStatus;

/// One delivery of the current period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRow {
    /// The delivery's sale number (printed on its roster line).
    pub sale_no: String,
    /// The exact text of the roster line's QR code: a scan equal to it
    /// selects this line (the back end owns the format).
    pub qr: String,
    pub route: String,
    /// The registry's masked name.
    pub masked_name: String,
    pub address: String,
    pub note: String,
    /// What the volunteer collects at the door (zero: paid or free).
    pub collect: Money,
    /// The sale's total (zero: free).
    pub total: Money,
    pub status: DeliveryStatus,
}

/// The current period's delivery list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryList {
    /// The meal period's id, e.g. `lunch` (empty outside every period).
    pub period: String,
    /// Sales the last "prepare all" sold (0 when all were prepared before).
    pub prepared: u64,
    /// The roster printed (after "prepare all").
    pub printed: bool,
    /// By route, then sale number.
    pub rows: Vec<DeliveryRow>,
}
