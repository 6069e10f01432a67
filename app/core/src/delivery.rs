//! Meals delivered to the housebound: the delivery fee, the priced delivery
//! order and its re-derivation.
//!
//! A delivered meal is priced by the one order-pricing function,
//! [`PricingRules::price_order`] — the diner's own tier and categories, the
//! quota of the period like a meal at the counter — and then, when the
//! configured fee for the diner's tier is not zero, one more line: the
//! delivery fee ([`DELIVERY_FEE_ITEM`], market = charged, no subsidy, no
//! quota). The fee is a line so that every sum of the sale's lines (totals,
//! X/Z, the office's report lines) already includes it; the sale itself is
//! marked with its route ([`SaleDelivery`]).
//!
//! A kiosk keeps no birth date beside a resident key, so a standing order
//! names the diner's age tier as the office computed it when it issued the
//! bundle; [`PricingRules::delivery_diner`] turns it into a diner of that
//! tier's lowest age. The office re-derives a delivery sale with its own
//! registry (the real age) through [`PricingRules::rederive`]: the fee line
//! is re-priced from the office's copy of the rules, never believed.
//!
//! On the roster a delivery is [`DeliveryStatus::Prepared`] until the
//! volunteer's answer confirms it once, as delivered or not (its sale voided).

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::order::{Mismatch, OrderRequest};
use crate::pricing::{Diner, LineBreakdown, PriceError, PricingRules};
use crate::sale::SaleLine;

/// The item id of a delivery fee line (reserved: no menu item may use it).
pub const DELIVERY_FEE_ITEM: &str = "delivery-fee";

/// The delivery fee by age tier (`[delivery]` in `pricing.toml`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryFees {
    /// The fee for a tier not listed in `tier_fees` (and a diner without a tier).
    pub fee: Money,
    /// Fees of particular tiers, e.g. `age90 = "0.00"`.
    pub tier_fees: BTreeMap<String, Money>,
}

impl DeliveryFees {
    /// The fee for a diner of `tier`.
    pub fn fee_for(&self, tier: Option<&str>) -> Money {
        tier.and_then(|t| self.tier_fees.get(t).copied())
            .unwrap_or(self.fee)
    }
}

/// A resident's standing order for delivered meals: as the office sets it,
/// a signed bundle carries it and a kiosk keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandingOrder {
    /// The address line the volunteer needs (on the delivery roster only).
    pub address: String,
    /// The volunteer route or building.
    pub route: String,
    /// A note for the kitchen and the volunteer, e.g. 软食.
    #[serde(default)]
    pub note: String,
    /// The diner's age tier on the day the office issued the bundle (the
    /// office knows the birth date; a kiosk keeps none). `None` at the office.
    #[serde(default)]
    pub tier: Option<String>,
    /// Meal period ids, e.g. `["lunch"]`.
    pub periods: Vec<String>,
    /// Meals each period (1–9).
    pub meals: u32,
}

impl StandingOrder {
    /// Why this order cannot be kept under `rules`, or `None`: text within
    /// its limits and free of control characters, known periods, 1–9 meals.
    pub fn problem(&self, rules: &PricingRules) -> Option<String> {
        let text = [
            ("address", &self.address, 1, 200),
            ("route", &self.route, 1, 40),
            ("note", &self.note, 0, 100),
        ];
        for (what, value, min, max) in text {
            let n = value.chars().count();
            if n < min || n > max || value.chars().any(char::is_control) {
                return Some(format!(
                    "{what}: {min} to {max} characters without control characters"
                ));
            }
        }
        if self.periods.is_empty() {
            return Some("periods: name at least one meal period, e.g. lunch".into());
        }
        if let Some(p) = self
            .periods
            .iter()
            .find(|p| rules.periods.get(p.as_str()).is_none())
        {
            let ids: Vec<&str> = rules.periods.all().iter().map(|p| p.id.as_str()).collect();
            return Some(format!(
                "periods: `{p}` is not a meal period; use one of {}",
                ids.join(", ")
            ));
        }
        if !(1..=9).contains(&self.meals) {
            return Some(format!("meals: {} is not 1 to 9", self.meals));
        }
        None
    }
}

/// Where a delivery stands on the roster; its word (`prepared`, `delivered`,
/// `not_delivered`) is what the CLI's roster JSON shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// Sold and on the roster, not yet confirmed.
    Prepared,
    Delivered,
    /// Came back: its sale was voided.
    NotDelivered,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Prepared => "prepared",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::NotDelivered => "not_delivered",
        }
    }
}

impl std::fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What marks a sale as delivered rather than eaten at the counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleDelivery {
    /// The volunteer route (or building) the meal goes out on.
    pub route: String,
}

impl PricingRules {
    /// A diner of `tier` (an age tier the office computed) with `categories`:
    /// aged at the tier's lowest age (its highest when it has no lowest), so
    /// that the tier and any category with a minimum age apply as they would
    /// to the real person. An unknown or missing tier gives no age.
    pub fn delivery_diner(&self, tier: Option<&str>, categories: Vec<String>) -> Diner {
        let age = tier
            .and_then(|t| self.tier(t))
            .filter(|t| !t.cashier_only)
            .and_then(|t| t.min_age.or(t.max_age));
        Diner::Resident { age, categories }
    }

    /// Prices a delivery order: [`PricingRules::price_order`], then the fee
    /// line for the diner's tier when the fee is not zero.
    pub fn price_delivery(&self, req: &OrderRequest<'_>) -> Result<Vec<LineBreakdown>, PriceError> {
        let mut lines = self.price_order(req)?;
        if let Some(fee) = self.fee_line(req.context.at, req.context.diner) {
            lines.push(fee);
        }
        Ok(lines)
    }

    /// The fee line for `diner` at `at`, or `None` when their fee is zero.
    fn fee_line(&self, at: NaiveDateTime, diner: &Diner) -> Option<LineBreakdown> {
        let tier = match diner {
            Diner::Resident { age: Some(age), .. } => self.tier_for_age(*age).map(|t| t.id.clone()),
            _ => None,
        };
        let fee = self.delivery.fee_for(tier.as_deref());
        (fee != Money::ZERO).then(|| LineBreakdown {
            item: DELIVERY_FEE_ITEM.to_owned(),
            period: self.periods.at(at.time()).map(|p| p.id.clone()),
            tier,
            categories: Vec::new(),
            market: fee,
            charged: fee,
            subsidy: Money::ZERO,
            uses_quota: false,
            reason_zh: format!("送餐费 {fee}"),
            reason_en: format!("Delivery fee {fee}"),
        })
    }

    /// A recorded delivery sale's meal lines, once its last line is found to
    /// be exactly the fee the rules give `diner` at `at` (no fee line when they
    /// give none) and no other line is a fee ([`PricingRules::rederive`]).
    pub(crate) fn delivered_meals<'l>(
        &self,
        at: NaiveDateTime,
        diner: &Diner,
        lines: &'l [SaleLine],
    ) -> Result<&'l [SaleLine], Mismatch> {
        let expected = self.fee_line(at, diner).map(SaleLine::from);
        let meals = match (lines.split_last(), &expected) {
            (Some((last, meals)), Some(fee)) if last.item == DELIVERY_FEE_ITEM => {
                if !crate::order::same_price(last, fee) {
                    return Err(Mismatch::at(
                        meals.len(),
                        format!(
                            "a delivery fee of {}; the rules give {}",
                            last.charged, fee.charged
                        ),
                    ));
                }
                meals
            }
            (_, Some(fee)) => {
                return Err(Mismatch::at(
                    lines.len(),
                    format!("no delivery fee line; the rules give {}", fee.charged),
                ));
            }
            (_, None) => lines,
        };
        if let Some(n) = meals.iter().position(|l| l.item == DELIVERY_FEE_ITEM) {
            return Err(Mismatch::at(
                n,
                "a delivery fee the rules do not give here".into(),
            ));
        }
        Ok(meals)
    }
}

#[cfg(test)]
#[path = "delivery_tests.rs"]
mod tests;
