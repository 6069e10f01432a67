//! Pricing a whole order, and re-deriving a recorded one: the one place that
//! turns a cart into priced lines.
//!
//! [`PricingRules::price_order`] prices the diner's own items in order — the
//! per-period quota counted from what they already had plus this cart, a
//! cashier-only tier when staff chose one — and then companions' meals (market
//! price, no quota). The kiosk's screens, the counter and the ledger's commit
//! all call it, so what the diner is shown is what the ledger records.
//!
//! [`PricingRules::rederive`] is the office's side of the same rule: given a
//! sale as a device recorded it, it prices every line again with the same
//! function and says which line does not follow the rules, and [`check_sale`]
//! checks the arithmetic a device could get wrong or forge (bounds, sums,
//! payments, change) without ever overflowing. A device is never simply
//! believed: what it recorded must re-derive.

use chrono::NaiveDateTime;

use crate::money::Money;
use crate::pricing::{Diner, LineBreakdown, PriceError, PriceRequest, PricingRules};
use crate::sale::{Payment, Sale, SaleLine};

/// One order to price: who eats when (as for one line), and the cart.
#[derive(Clone, Debug)]
pub struct OrderRequest<'a> {
    /// The diner, the moment and the cashier-only tier each of the diner's
    /// lines is priced with; its `used_in_period` (subsidised meals already
    /// had in the period of `at`) counts up through the cart.
    pub context: PriceRequest<'a>,
    /// The diner's own items, one line each.
    pub items: &'a [String],
    /// Meals for companions, one line each after the diner's: market price.
    pub companion_items: &'a [String],
}

impl PricingRules {
    /// Prices an order: the diner's lines, then the companions' (see the module doc).
    pub fn price_order(&self, req: &OrderRequest<'_>) -> Result<Vec<LineBreakdown>, PriceError> {
        let mut each = req.context.clone();
        let mut lines = Vec::with_capacity(req.items.len() + req.companion_items.len());
        for item in req.items {
            let line = self.price(item, &each)?;
            if line.uses_quota && line.period.is_some() {
                each.used_in_period += 1;
            }
            lines.push(line);
        }
        let companion = PriceRequest {
            diner: &Diner::Companion,
            used_in_period: 0,
            tier_override: None,
            ..each
        };
        for item in req.companion_items {
            lines.push(self.price(item, &companion)?);
        }
        Ok(lines)
    }

    /// Re-derives a recorded sale for `diner` (as the office knows them) at
    /// `at`, who had `used_in_period` subsidised meals before it.
    ///
    /// A delivered sale's last line must be the delivery fee the rules give
    /// the diner, or absent when they give none; a sale eaten at the counter
    /// has no fee line. Each meal line must be either what
    /// [`PricingRules::price`] gives for the diner at that point of the cart —
    /// with the cashier-only tier the line names, if any — or the item's plain
    /// market price with no subsidy (a companion's meal, a quota the device
    /// saw as used up). Reason texts are not compared: they are words, and the
    /// office's wording may be newer.
    pub fn rederive(
        &self,
        at: NaiveDateTime,
        diner: &Diner,
        used_in_period: u32,
        sale: &Sale,
    ) -> Result<(), Mismatch> {
        let lines = match sale.delivery {
            Some(_) => self.delivered_meals(at, diner, &sale.lines)?,
            None => sale.lines.as_slice(),
        };
        let mut used = used_in_period;
        for (n, line) in lines.iter().enumerate() {
            let tier_override = line
                .tier
                .as_deref()
                .filter(|t| self.tier(t).is_some_and(|t| t.cashier_only));
            let priced = |diner: &Diner, used| {
                self.price(
                    &line.item,
                    &PriceRequest {
                        at,
                        diner,
                        used_in_period: used,
                        tier_override,
                    },
                )
                .map_err(|e| Mismatch::at(n, e.to_string()))
            };
            let expected = SaleLine::from(priced(diner, used)?);
            if same_price(line, &expected) {
                if line.uses_quota && line.period.is_some() {
                    used += 1;
                }
                continue;
            }
            let market = SaleLine::from(priced(&Diner::Companion, 0)?);
            if tier_override.is_none() && same_price(line, &market) {
                continue;
            }
            return Err(Mismatch::at(
                n,
                format!(
                    "`{}` was charged {} with a subsidy of {}; the rules give {} with {} ({})",
                    line.item,
                    line.charged,
                    line.subsidy,
                    expected.charged,
                    expected.subsidy,
                    expected.reason_en
                ),
            ));
        }
        Ok(())
    }
}

/// Whether a recorded line has the price, tier, categories, period and quota
/// use that the rules give.
pub(crate) fn same_price(recorded: &SaleLine, expected: &SaleLine) -> bool {
    recorded.item == expected.item
        && recorded.period == expected.period
        && recorded.tier == expected.tier
        && recorded.categories == expected.categories
        && recorded.market == expected.market
        && recorded.charged == expected.charged
        && recorded.subsidy == expected.subsidy
        && recorded.uses_quota == expected.uses_quota
}

/// A recorded sale that does not follow the rules, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct Mismatch {
    /// A stable code for reports (`price`, `arithmetic`, …).
    pub code: &'static str,
    pub reason: String,
}

impl Mismatch {
    pub(crate) fn at(line: usize, why: String) -> Mismatch {
        Mismatch {
            code: "price",
            reason: format!("line {line}: {why}"),
        }
    }

    fn arithmetic(why: impl Into<String>) -> Mismatch {
        Mismatch {
            code: "arithmetic",
            reason: why.into(),
        }
    }
}

/// The most one line or one payment may carry: ¥100,000. Far above any
/// canteen's meal or a cash note handed over, far below where sums of a
/// year's sales could overflow.
pub const MAX_AMOUNT: Money = Money::from_yuan(100_000);

/// Checks what a sale's own numbers must satisfy, whatever the rules: every
/// amount within `0..=MAX_AMOUNT`, subsidy = market − charged on each line,
/// payments covering the total exactly, cash change = tendered − amount, and
/// `Free` only for a sale that costs nothing. Never overflows.
pub fn check_sale(sale: &Sale) -> Result<(), Mismatch> {
    let in_bounds = |m: Money| (0..=MAX_AMOUNT.fen()).contains(&m.fen());
    if sale.lines.is_empty() {
        return Err(Mismatch::arithmetic("a sale without lines"));
    }
    let mut total = Money::ZERO;
    for (n, l) in sale.lines.iter().enumerate() {
        if !(in_bounds(l.market) && in_bounds(l.charged) && in_bounds(l.subsidy)) {
            return Err(Mismatch::arithmetic(format!(
                "line {n}: an amount outside ¥0.00–{MAX_AMOUNT}"
            )));
        }
        if l.charged > l.market || l.market - l.charged != l.subsidy {
            return Err(Mismatch::arithmetic(format!(
                "line {n}: market {} − charged {} is not the subsidy {}",
                l.market, l.charged, l.subsidy
            )));
        }
        total += l.charged;
    }
    let mut paid = Money::ZERO;
    for p in &sale.payments {
        let amount = p.amount();
        if !in_bounds(amount) {
            return Err(Mismatch::arithmetic(format!(
                "a payment outside ¥0.00–{MAX_AMOUNT}"
            )));
        }
        match p {
            Payment::Cash {
                amount,
                tendered,
                change,
            } if !in_bounds(*tendered) || tendered < amount || *tendered - *amount != *change => {
                return Err(Mismatch::arithmetic(format!(
                    "cash: tendered {tendered} − amount {amount} is not the change {change}"
                )));
            }
            Payment::Free if total != Money::ZERO => {
                return Err(Mismatch::arithmetic(format!(
                    "a free payment for a sale of {total}"
                )));
            }
            _ => {}
        }
        paid += amount;
    }
    if sale.payments.is_empty() || paid != total {
        return Err(Mismatch::arithmetic(format!(
            "payments of {paid} for a total of {total}"
        )));
    }
    Ok(())
}
