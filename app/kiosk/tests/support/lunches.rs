//! Cash sales sold into a kiosk's ledger, priced by a configuration's rules:
//! the request every end-to-end test and the kiosk's screen tests build
//! (¥20 tendered, no companions, no staff override; another payment by
//! struct update), and lunch sets at the test day's noon — the journal
//! records a sync then has to send.

use canteen_config::Config;
use canteen_core::{Money, PaymentChoice, ResidentId};
use canteen_ledger::{CommittedSale, Ledger, SaleRequest};
use chrono::{DateTime, FixedOffset};

/// A cash sale of `items` to `id` (or an anonymous diner) at `at`, priced
/// by `config`: ¥20 tendered, no companions, no override, no shown total.
pub fn cash_sale<'a>(
    config: &'a Config,
    at: DateTime<FixedOffset>,
    items: Vec<String>,
    id: Option<&'a ResidentId>,
) -> SaleRequest<'a> {
    SaleRequest {
        rules: &config.pricing,
        age_convention: config.canteen.age_convention,
        at,
        items,
        companion_items: Vec::new(),
        expected_total: None,
        id,
        tier_override: None,
        payment: PaymentChoice::Cash {
            tendered: Money::from_yuan(20),
        },
    }
}

/// [`cash_sale`] of one lunch set.
pub fn cash_lunch<'a>(
    config: &'a Config,
    at: DateTime<FixedOffset>,
    id: Option<&'a ResidentId>,
) -> SaleRequest<'a> {
    cash_sale(config, at, vec!["lunch-set".into()], id)
}

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
    ledger.sell(&cash_lunch(config, at, None)).unwrap()
}
