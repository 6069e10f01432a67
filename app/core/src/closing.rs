//! The daily closing (Z report) and the running report of a day (X report).
//!
//! A [`DayTotals`] is what a day's journal records add up to: counts, the gross
//! of its sales, the voids recorded that day, the net and the subsidy, broken down
//! by item, tier, category, meal period and payment method. Voids count against
//! the dimensions of the sale they reverse, so every breakdown sums to the net.
//! A [`Closing`] is the stored Z: the day's totals plus the perpetual grand total
//! and the journal's chain head at the moment of closing, which anchor the chain
//! on paper and at the office.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::journal::Hash;
use crate::money::Money;

/// What a breakdown row is grouped by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Item,
    Tier,
    Category,
    Period,
    Payment,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Item,
        Dimension::Tier,
        Dimension::Category,
        Dimension::Period,
        Dimension::Payment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Item => "item",
            Dimension::Tier => "tier",
            Dimension::Category => "category",
            Dimension::Period => "period",
            Dimension::Payment => "payment",
        }
    }

    pub fn parse(s: &str) -> Option<Dimension> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// The key of a breakdown row for lines with no tier, no period or no
/// category: the X/Z reports' totals and the office's report lines use it.
pub const NO_KEY: &str = "none";

/// One row of a breakdown: net count, amount charged and subsidy for one key
/// (an item id, a tier id, [`NO_KEY`] for lines without a tier, …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalRow {
    pub dimension: Dimension,
    pub key: String,
    pub count: i64,
    #[serde(rename = "amount_fen")]
    pub amount: Money,
    #[serde(rename = "subsidy_fen")]
    pub subsidy: Money,
}

/// A local day's figures, from its journal records.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayTotals {
    pub date: NaiveDate,
    /// The first and last journal sequence numbers of the day's sales and voids.
    pub first_seq: Option<u64>,
    pub last_seq: Option<u64>,
    pub sale_count: u64,
    pub void_count: u64,
    #[serde(rename = "gross_fen")]
    pub gross: Money,
    /// What voids took back: each voided sale's lines not refunded before.
    #[serde(rename = "voided_fen")]
    pub voided: Money,
    /// Refund records of the day (line refunds; see `journal::Refund`).
    #[serde(default)]
    pub refund_count: u64,
    /// What they paid back.
    #[serde(rename = "refunded_fen", default)]
    pub refunded: Money,
    /// gross − voided − refunded.
    #[serde(rename = "net_fen")]
    pub net: Money,
    /// Net subsidy (subsidies of voided sales and refunded lines taken off).
    #[serde(rename = "subsidy_fen")]
    pub subsidy: Money,
    pub totals: Vec<TotalRow>,
}

/// The stored daily closing (Z).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closing {
    #[serde(flatten)]
    pub day: DayTotals,
    /// Net of every sale and void in the journal up to `head_seq`.
    #[serde(rename = "grand_total_fen")]
    pub grand_total: Money,
    /// The last journal record before this closing, and its hash.
    pub head_seq: u64,
    #[serde(with = "crate::journal::hex_hash")]
    pub chain_head: Hash,
}
