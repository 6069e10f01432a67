//! Cash lunches sold into a kiosk's ledger at the test day's noon, priced by
//! a configuration's rules: the journal records a sync then has to send.

use canteen_config::Config;
use canteen_core::{Money, PaymentChoice};
use canteen_ledger::{CommittedSale, Ledger, SaleRequest};
use chrono::{DateTime, FixedOffset};

/// Sells `n` anonymous cash lunch sets at 2026-11-23 12:00 (+08:00).
pub fn sell(ledger: &mut Ledger, config: &Config, n: usize) {
    for _ in 0..n {
        sell_one(ledger, config);
    }
}

/// Sells one anonymous cash lunch set at 2026-11-23 12:00 (+08:00).
pub fn sell_one(ledger: &mut Ledger, config: &Config) -> CommittedSale {
    let at: DateTime<FixedOffset> =
        DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap();
    ledger
        .sell(&SaleRequest {
            rules: &config.pricing,
            age_convention: config.canteen.age_convention,
            at,
            items: vec!["lunch-set".into()],
            companion_items: Vec::new(),
            expected_total: None,
            id: None,
            tier_override: None,
            payment: PaymentChoice::Cash {
                tendered: Money::from_yuan(20),
            },
        })
        .unwrap()
}
