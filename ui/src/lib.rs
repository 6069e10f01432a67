//! `canteen-ui`: the kiosk's Slint user interface.
//!
//! The `.slint` files under `slint/` lay out the screens (one `Theme` global,
//! one adapter global per screen, `@tr()` on every string with Chinese as the
//! source and English bundled, an accessible label on every control) and embed
//! a GB2312 subset of Droid Sans Fallback so Chinese renders on a bare board.
//! The Rust side owns the state: [`controller::init`] wires a window to a
//! controller driven by `canteen_core::session`, and a worker thread owns the
//! back end ([`service::KioskService`], and for the staff screens
//! [`cashier_service::CashierService`]), so nothing blocking runs on the UI
//! thread. Architecture invariant: this crate depends on `canteen-core` only:
//! no SQL, no serial ports, no ledger types.

slint::include_modules!();

/// The Slint version this UI is built with, for the composition root.
pub use slint;

pub mod cashier;
pub mod cashier_service;
pub mod cashier_view;
pub mod contrast;
pub mod controller;
pub mod delivery_service;
pub mod delivery_view;
pub mod desk;
pub mod dishes;
pub mod forward;
pub mod gallery;
pub mod handover;
pub mod identify;
pub mod lang;
pub mod messages;
#[cfg(feature = "testing")]
pub mod overflow;
pub mod screenshot;
pub mod service;
pub mod settings;
pub mod speech;
#[cfg(feature = "testing")]
pub mod testing;
pub mod view;
pub mod worker;

pub use cashier_service::{
    CashierError, CashierService, CounterPaid, CounterSale, RefundDone, RefundableLine,
    RefundableSale, ReportKind, ReportView, ShiftView, StaffView, TopUpDone, VoidDone,
};
pub use controller::{Clock, Delivery, Kiosk, SyncStatus, VoiceHook, VolumeHook, init};
pub use delivery_service::{DeliveryDesk, DeliveryList, DeliveryRow, DeliveryStatus};
pub use dishes::TodayDishes;
pub use lang::Lang;
pub use service::{
    CardHolder, CardStatus, KioskService, PrintError, PrinterStatus, ResidentRecord,
    ResidentStatus, SaleRequest, ServiceError, Sold,
};
pub use settings::KioskSettings;

/// Windows shorter than this many pixels (a 7-inch 1024×600 panel) get the
/// compact Theme; `kiosk.slint` uses the same figure.
pub const COMPACT_BELOW: u32 = 700;
