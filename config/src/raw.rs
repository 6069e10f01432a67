//! The files' shapes as written, before validation. Unknown keys are refused here
//! (a misspelt key silently ignored would be a pricing bug); every value check
//! beyond types happens in [`crate::validate`].

use std::collections::BTreeMap;

use canteen_core::{AgeConvention, CategoryStacking};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanteenFile {
    pub canteen: CanteenSection,
    /// Optional: a `canteen.toml` written before the counter existed gets the
    /// shipped defaults.
    #[serde(default)]
    pub cashier: Option<CashierSection>,
    #[serde(default)]
    pub kiosk: Option<KioskSection>,
    #[serde(default)]
    pub devices: Option<DevicesSection>,
    #[serde(default)]
    pub peers: Option<PeersSection>,
    #[serde(default)]
    pub privacy: Option<PrivacySection>,
    pub voice: Option<VoiceSection>,
    #[serde(default)]
    pub log: Option<LogSection>,
}

/// `[log]`: the kiosk's log level (`RUST_LOG` wins when set).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSection {
    pub level: String,
}

/// `[privacy]`: the resident key cost of a kiosk that is not enrolled.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivacySection {
    pub key_memory_kib: u32,
    pub key_iterations: u32,
}

/// `[voice]`: the kiosk's speech (the language follows the kiosk's).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoiceSection {
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default = "default_volume")]
    pub volume: i64,
}

fn yes() -> bool {
    true
}

fn default_volume() -> i64 {
    80
}

/// `[peers]`: the canteen's other terminals on the LAN.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeersSection {
    #[serde(default)]
    pub listen: String,
    #[serde(default)]
    pub peers: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KioskSection {
    pub idle_seconds: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DevicesSection {
    pub scanners: Vec<String>,
    pub baud: u32,
    pub printer: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CashierSection {
    pub lock_minutes: u32,
    pub shift_difference_limit: String,
    pub cashier_idle_seconds: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanteenSection {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub timezone: String,
    #[serde(default)]
    pub age_convention: AgeConvention,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PricingFile {
    pub quota_per_period: u32,
    #[serde(default)]
    pub category_stacking: CategoryStacking,
    #[serde(default)]
    pub periods: Vec<PeriodEntry>,
    #[serde(default)]
    pub tiers: Vec<canteen_core::Tier>,
    #[serde(default)]
    pub categories: Vec<CategoryEntry>,
    #[serde(default)]
    pub delivery: Option<DeliverySection>,
}

/// `[delivery]` in `pricing.toml`: the delivery fee, yuan text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeliverySection {
    pub fee: String,
    #[serde(default)]
    pub tier_fees: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodEntry {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub start: String,
    pub end: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryEntry {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub min_age: Option<u32>,
    /// A decimal string like "96" or "96.5", so no float ever enters pricing.
    pub pays_percent: String,
}

/// `menu.toml` as written (see [`crate::menu_text`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuFile {
    #[serde(default)]
    pub items: Vec<ItemEntry>,
}

/// One `[[items]]` entry as written: prices are yuan strings, checked only
/// by validation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ItemEntry {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub market: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<String>,
    pub subsidised: bool,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tier_prices: BTreeMap<String, String>,
}
