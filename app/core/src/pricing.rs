//! Pricing as data: age tiers, cashier-only tiers, subsidy categories, per-item
//! tier prices, meal periods and the per-period quota of subsidised meals.
//!
//! [`PricingRules::price`] turns one item and one diner at one local time into a
//! [`LineBreakdown`]: market price, charged price, subsidy (market − charged), the
//! tier and categories applied, the period, and a reason in Chinese and English.
//!
//! The rules, in order:
//! 1. An item tied to meal periods is sold only inside one of them.
//! 2. Items that are never subsidised (extras, services) cost the market price.
//! 3. No ID (or a companion) pays the market price.
//! 4. The tier is the cashier's choice if given (e.g. `child`), else the age tier
//!    the diner's age falls in; no tier means the market price.
//! 5. A diner who already had `quota_per_period` subsidised meals this period pays
//!    the market price.
//! 6. The tier price (or the market price without one, or when the tier gives
//!    nothing on the item) is reduced by the diner's subsidy categories that
//!    apply at their age, combined by [`CategoryStacking`].

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::money::{Money, Percent};
use crate::period::{PeriodId, Periods};

/// A price tier. Age tiers apply by age; cashier-only tiers (e.g. `child`) only
/// when staff choose them. It is read from `pricing.toml` as written here
/// (unknown keys refused); the config crate then checks the ages.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// Inclusive age bounds; `None` is open-ended. Unused for cashier-only tiers.
    pub min_age: Option<u32>,
    pub max_age: Option<u32>,
    #[serde(default)]
    pub cashier_only: bool,
}

impl Tier {
    pub fn matches_age(&self, age: u32) -> bool {
        !self.cashier_only
            && self.min_age.is_none_or(|min| age >= min)
            && self.max_age.is_none_or(|max| age <= max)
    }
}

/// A subsidy category from the residents registry (e.g. 低保): a percentage of
/// the price the diner would otherwise pay, from a minimum age.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub min_age: Option<u32>,
    /// What the diner pays, as a share of the tier price (96% for 低保).
    pub pays: Percent,
}

impl Category {
    fn applies_at(&self, age: Option<u32>) -> bool {
        match (self.min_age, age) {
            (None, _) => true,
            (Some(min), Some(age)) => age >= min,
            (Some(_), None) => false,
        }
    }
}

/// How several categories of one diner combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CategoryStacking {
    /// Only the category giving the lowest price applies (the default).
    #[default]
    Best,
    /// Every category applies, one after another, in configuration order.
    Compound,
}

/// An item on the menu.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuItem {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub market: Money,
    /// The periods it is sold in; empty means any time.
    pub periods: Vec<PeriodId>,
    /// Whether tier prices and categories apply at all.
    pub subsidised: bool,
    /// Price per tier id; a tier without an entry pays the market price.
    pub tier_prices: BTreeMap<String, Money>,
}

/// Who is eating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Diner {
    /// Nobody identified (no scan): market price.
    Anonymous,
    /// Someone eating with an identified diner: market price.
    Companion,
    /// A diner with a valid ID; `age` is `None` when the ID carries no birth date.
    /// `categories` are those registered for them (unknown ids are ignored).
    Resident {
        age: Option<u32>,
        categories: Vec<String>,
    },
}

impl Diner {
    /// A diner identified by a valid ID, aged on the local date of the sale.
    pub fn resident(
        id: &crate::ResidentId,
        on: chrono::NaiveDate,
        convention: crate::AgeConvention,
        categories: Vec<String>,
    ) -> Diner {
        Diner::born(id.birth_date(), on, convention, categories)
    }

    /// A resident of known (or unknown) birth date, aged on the local date of
    /// the sale: a meal-card holder as registered.
    pub fn born(
        birth: Option<chrono::NaiveDate>,
        on: chrono::NaiveDate,
        convention: crate::AgeConvention,
        categories: Vec<String>,
    ) -> Diner {
        let age = birth.and_then(|b| crate::age_on(b, on, convention));
        Diner::Resident { age, categories }
    }
}

/// One line to price.
#[derive(Clone, Debug)]
pub struct PriceRequest<'a> {
    /// The local date and time of the sale (the canteen's timezone).
    pub at: NaiveDateTime,
    pub diner: &'a Diner,
    /// Subsidised meals this diner already had in this period.
    pub used_in_period: u32,
    /// A tier chosen by staff (e.g. `child`), overriding the age tier.
    pub tier_override: Option<&'a str>,
}

/// The priced line: what the ledger records and the receipt shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineBreakdown {
    pub item: String,
    pub period: Option<PeriodId>,
    pub tier: Option<String>,
    pub categories: Vec<String>,
    pub market: Money,
    pub charged: Money,
    /// market − charged.
    pub subsidy: Money,
    /// Whether this line counts against the per-period quota.
    pub uses_quota: bool,
    pub reason_zh: String,
    pub reason_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PriceError {
    #[error("unknown item `{0}`: choose an item from the menu")]
    UnknownItem(String),
    #[error("unknown tier `{0}`: choose one of the configured tiers")]
    UnknownTier(String),
    #[error("`{item}` is served only during {periods}; it is {at} now")]
    OutsidePeriod {
        item: String,
        periods: String,
        at: String,
    },
}

impl PriceError {
    pub fn code(&self) -> &'static str {
        match self {
            PriceError::UnknownItem(_) => "unknown_item",
            PriceError::UnknownTier(_) => "unknown_tier",
            PriceError::OutsidePeriod { .. } => "outside_period",
        }
    }
}

/// The complete, validated pricing data of a canteen.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PricingRules {
    /// The office bundle these rules came from (0: the shipped defaults). Every
    /// sale records it, and the office re-prices the sale with its own copy of
    /// that version.
    pub version: u64,
    pub periods: Periods,
    pub tiers: Vec<Tier>,
    pub categories: Vec<Category>,
    pub stacking: CategoryStacking,
    pub quota_per_period: u32,
    pub items: Vec<MenuItem>,
    /// The delivery fee by tier (`[delivery]`; see [`crate::delivery`]).
    pub delivery: crate::delivery::DeliveryFees,
}

/// A reason in both languages.
struct Reason {
    zh: String,
    en: String,
}

impl Reason {
    fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Reason {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

fn price_words(m: Money) -> (String, String) {
    if m == Money::ZERO {
        ("免费".into(), "free".into())
    } else {
        (m.to_string(), m.to_string())
    }
}

impl PricingRules {
    /// The ids of the configured categories (what a residents list may name).
    pub fn category_ids(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.id.clone()).collect()
    }

    pub fn item(&self, id: &str) -> Option<&MenuItem> {
        self.items.iter().find(|i| i.id == id)
    }

    pub fn tier(&self, id: &str) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The age tier for an age (never a cashier-only tier).
    pub fn tier_for_age(&self, age: u32) -> Option<&Tier> {
        self.tiers.iter().find(|t| t.matches_age(age))
    }

    /// Prices one unit of `item_id` for the request.
    pub fn price(
        &self,
        item_id: &str,
        req: &PriceRequest<'_>,
    ) -> Result<LineBreakdown, PriceError> {
        let item = self
            .item(item_id)
            .ok_or_else(|| PriceError::UnknownItem(item_id.to_owned()))?;
        let now_period = self.periods.at(req.at.time());
        let period = match (&item.periods[..], now_period) {
            ([], p) => p.map(|p| p.id.clone()),
            (allowed, Some(p)) if allowed.contains(&p.id) => Some(p.id.clone()),
            (allowed, _) => {
                let names: Vec<String> = allowed
                    .iter()
                    .filter_map(|id| self.periods.get(id.as_str()))
                    .map(|p| {
                        format!(
                            "{} {}–{}",
                            p.name_en,
                            p.start.format("%H:%M"),
                            p.end.format("%H:%M")
                        )
                    })
                    .collect();
                return Err(PriceError::OutsidePeriod {
                    item: item.id.clone(),
                    periods: names.join(", "),
                    at: req.at.format("%H:%M").to_string(),
                });
            }
        };
        let tier = match req.tier_override {
            Some(id) => Some(
                self.tier(id)
                    .ok_or_else(|| PriceError::UnknownTier(id.to_owned()))?,
            ),
            None => match req.diner {
                Diner::Resident { age: Some(age), .. } => self.tier_for_age(*age),
                _ => None,
            },
        };

        let market = item.market;
        let mut line = LineBreakdown {
            item: item.id.clone(),
            period,
            tier: None,
            categories: Vec::new(),
            market,
            charged: market,
            subsidy: Money::ZERO,
            uses_quota: false,
            reason_zh: String::new(),
            reason_en: String::new(),
        };
        let market_reason = |r: Reason| {
            Reason::new(
                format!("{}，按市场价 {market}", r.zh),
                format!("{}: market price {market}", r.en),
            )
        };

        let reason = if !item.subsidised {
            market_reason(Reason::new("该项目不享受补贴", "Not subsidised"))
        } else if matches!(req.diner, Diner::Companion) && tier.is_none() {
            market_reason(Reason::new("同行人员", "Companion"))
        } else if matches!(req.diner, Diner::Anonymous) && tier.is_none() {
            market_reason(Reason::new("未识别身份", "No ID"))
        } else if let Some(tier) = tier {
            self.apply_tier_and_categories(item, tier, req, &mut line)
        } else {
            // A resident without an age tier: categories may still apply to the market price.
            self.apply_categories_without_tier(item, req, &mut line)
        };
        line.subsidy = line.market - line.charged;
        line.uses_quota = item.subsidised && line.subsidy > Money::ZERO;
        line.reason_zh = reason.zh;
        line.reason_en = reason.en;
        Ok(line)
    }

    fn quota_reached(&self, req: &PriceRequest<'_>) -> bool {
        req.used_in_period >= self.quota_per_period
    }

    fn quota_reason(market: Money) -> Reason {
        Reason::new(
            format!("本餐段已享用补贴餐，按市场价 {market}"),
            format!("Subsidised meal already taken this period: market price {market}"),
        )
    }

    fn apply_tier_and_categories(
        &self,
        item: &MenuItem,
        tier: &Tier,
        req: &PriceRequest<'_>,
        line: &mut LineBreakdown,
    ) -> Reason {
        let tier_price = item
            .tier_prices
            .get(&tier.id)
            .copied()
            .unwrap_or(item.market);
        if tier_price >= item.market {
            // The tier gives nothing on this item, but the diner's categories
            // (e.g. 低保 96%) still apply to the market price.
            let reason = Reason::new(
                format!("{}：本项目无优惠，按市场价 {}", tier.name_zh, item.market),
                format!(
                    "{}: no discount on this item, market price {}",
                    tier.name_en, item.market
                ),
            );
            let (discounted, _) = self.category_discount(item.market, req.diner);
            if discounted >= item.market {
                return reason;
            }
            if self.quota_reached(req) {
                return Self::quota_reason(item.market);
            }
            return self.apply_categories(item.market, req.diner, line, reason);
        }
        if self.quota_reached(req) {
            return Self::quota_reason(item.market);
        }
        line.tier = Some(tier.id.clone());
        let (zh_p, en_p) = price_words(tier_price);
        let reason = Reason::new(
            format!("{}：{zh_p}", tier.name_zh),
            format!("{}: {en_p}", tier.name_en),
        );
        self.apply_categories(tier_price, req.diner, line, reason)
    }

    fn apply_categories_without_tier(
        &self,
        item: &MenuItem,
        req: &PriceRequest<'_>,
        line: &mut LineBreakdown,
    ) -> Reason {
        let (discounted, _) = self.category_discount(item.market, req.diner);
        if discounted < item.market {
            if self.quota_reached(req) {
                return Self::quota_reason(item.market);
            }
            let reason = Reason::new(
                format!("市场价 {}", item.market),
                format!("Market price {}", item.market),
            );
            return self.apply_categories(item.market, req.diner, line, reason);
        }
        match req.diner {
            Diner::Resident { age: None, .. } => Reason::new(
                format!("证件无出生日期，按市场价 {}", item.market),
                format!("ID carries no birth date: market price {}", item.market),
            ),
            _ => Reason::new(
                format!("年龄不在补贴范围，按市场价 {}", item.market),
                format!("Age not in a subsidised tier: market price {}", item.market),
            ),
        }
    }

    /// The price after the diner's categories, and the categories that lowered it,
    /// in the order applied. Pure: used both to decide and to record.
    fn category_discount(&self, base: Money, diner: &Diner) -> (Money, Vec<(&Category, Money)>) {
        let Diner::Resident { age, categories } = diner else {
            return (base, Vec::new());
        };
        let applicable = self
            .categories
            .iter()
            .filter(|c| categories.contains(&c.id) && c.applies_at(*age));
        let chosen: Vec<&Category> = match self.stacking {
            CategoryStacking::Best => applicable
                .min_by_key(|c| base.percent(c.pays))
                .into_iter()
                .collect(),
            CategoryStacking::Compound => applicable.collect(),
        };
        let mut price = base;
        let mut applied = Vec::new();
        for c in chosen {
            let next = price.percent(c.pays);
            if next < price {
                price = next;
                applied.push((c, price));
            }
        }
        (price, applied)
    }

    /// Applies the diner's categories to `base`: sets the charged price and the
    /// categories on the line, and extends the reason with each step.
    fn apply_categories(
        &self,
        base: Money,
        diner: &Diner,
        line: &mut LineBreakdown,
        mut reason: Reason,
    ) -> Reason {
        let (price, applied) = self.category_discount(base, diner);
        for (c, after) in applied {
            line.categories.push(c.id.clone());
            let (zh_p, en_p) = price_words(after);
            reason
                .zh
                .push_str(&format!("；{} {}：{zh_p}", c.name_zh, c.pays));
            reason
                .en
                .push_str(&format!("; {} {}: {en_p}", c.name_en, c.pays));
        }
        line.charged = price;
        reason
    }
}
