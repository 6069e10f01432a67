//! `canteen-core`: the canteen's pure domain.
//!
//! Money in integer fen, resident ID numbers (GB 11643-1999), age in 周岁, meal
//! periods, and pricing as data. Everything here is a pure function of its inputs:
//! no I/O, no clock (callers pass dates and times in), no SQL, no UI, no serial.
//! The other crates build on these types, so they are small, `Copy` where they can
//! be, and never print a full ID number (their `Debug` and `Display` are masked).

pub mod age;
pub mod card_qr;
pub mod cashier;
pub mod closing;
pub mod delivery;
pub mod diet_tag;
pub mod dishes;
#[cfg(any(test, feature = "test-fixtures"))]
pub mod fixtures;
pub mod journal;
pub mod lang;
pub mod money;
pub mod order;
pub mod peer;
pub mod period;
pub mod pricing;
pub mod refusal;
pub mod registry;
pub mod resident_id;
pub mod resident_key;
pub mod roster_qr;
pub mod sale;
pub mod scan;
pub mod secret;
pub mod session;

pub use age::{AgeConvention, age_on, born_in_band};
pub use delivery::{DELIVERY_FEE_ITEM, DeliveryFees, SaleDelivery, StandingOrder};
pub use diet_tag::{DietTag, TagCatalog, TagIcon};
pub use dishes::{DayMenu, Dish, DishInput, DishProblem};
pub use lang::Lang;
pub use money::{Money, MoneyParseError, Percent};
pub use order::{Mismatch, OrderRequest};
pub use peer::QuotaUse;
pub use period::{MealPeriod, PeriodId, Periods};
pub use pricing::{
    Category, CategoryStacking, Diner, LineBreakdown, MenuItem, PriceError, PriceRequest,
    PricingRules, Tier,
};
pub use refusal::Refusal;
pub use resident_id::{IdError, IdKind, ResidentId, Sex, mask, mask_name};
pub use resident_key::{BadKeyCost, CommunitySecret, KeyCost, KeyMemory};
pub use sale::{DinerRef, Payment, PaymentChoice, PaymentError, PaymentMethod, Sale, SaleLine};
pub use scan::Scan;
pub use secret::Secret;
