//! What the kiosk UI is configured with: the canteen's names, the pricing rules
//! and a few kiosk choices. The composition root builds it from `canteen-config`.

use std::time::Duration;

use canteen_core::cashier::CashierRules;
use canteen_core::session::DEFAULT_IDLE_TIMEOUT;
use canteen_core::{AgeConvention, PricingRules};

#[derive(Clone, Debug)]
pub struct KioskSettings {
    pub canteen_name_zh: String,
    pub canteen_name_en: String,
    pub rules: PricingRules,
    pub age_convention: AgeConvention,
    /// Items offered as one-tap extras after a scan (e.g. `soup`).
    pub extras: Vec<String>,
    /// Back to the welcome screen after this long without a touch or scan.
    pub idle_timeout: Duration,
    /// The counter's rules: lockout, shift difference limit, cashier idle time.
    pub cashier: CashierRules,
}

impl KioskSettings {
    pub fn new(
        canteen_name_zh: &str,
        canteen_name_en: &str,
        rules: PricingRules,
        age_convention: AgeConvention,
    ) -> Self {
        KioskSettings {
            canteen_name_zh: canteen_name_zh.to_owned(),
            canteen_name_en: canteen_name_en.to_owned(),
            rules,
            age_convention,
            extras: vec!["soup".to_owned()],
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            cashier: CashierRules::default(),
        }
    }

    /// Cashier mode signs out after this long without a touch.
    pub fn cashier_idle(&self) -> Duration {
        Duration::from_secs(u64::from(self.cashier.cashier_idle_seconds))
    }

    /// The set meal of the period `period_id`: the first subsidised item sold in it.
    pub fn default_item(&self, period_id: &str) -> Option<&canteen_core::MenuItem> {
        self.rules
            .items
            .iter()
            .find(|i| i.subsidised && i.periods.iter().any(|p| p.as_str() == period_id))
    }
}
