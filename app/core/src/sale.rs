//! The sale model: what one sale records, independent of how it is stored.
//!
//! A [`Sale`] is the diner (as a keyed look-up hash and a masked ID, never the
//! number), the priced [`SaleLine`]s and the [`Payment`]s that settle them. A
//! [`PaymentChoice`] is what the cashier or diner chose; [`PaymentChoice::settle`]
//! turns it into a payment for a total, refusing what cannot settle it (too little
//! cash, a free sale that costs money) with a typed [`PaymentError`].

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::pricing::LineBreakdown;

/// One priced line of a sale (one unit of one item), as recorded and reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleLine {
    pub item: String,
    /// The meal period the line was sold in, if any.
    pub period: Option<String>,
    pub tier: Option<String>,
    pub categories: Vec<String>,
    #[serde(rename = "market_fen")]
    pub market: Money,
    #[serde(rename = "charged_fen")]
    pub charged: Money,
    #[serde(rename = "subsidy_fen")]
    pub subsidy: Money,
    /// Whether this line used the diner's per-period quota of subsidised meals.
    pub uses_quota: bool,
    pub reason_zh: String,
    pub reason_en: String,
}

impl From<LineBreakdown> for SaleLine {
    fn from(b: LineBreakdown) -> Self {
        SaleLine {
            item: b.item,
            period: b.period.map(|p| p.0),
            tier: b.tier,
            categories: b.categories,
            market: b.market,
            charged: b.charged,
            subsidy: b.subsidy,
            uses_quota: b.uses_quota,
            reason_zh: b.reason_zh,
            reason_en: b.reason_en,
        }
    }
}

/// How a sale was paid. `amount` is what the payment covers of the sale total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Payment {
    Cash {
        #[serde(rename = "amount_fen")]
        amount: Money,
        #[serde(rename = "tendered_fen")]
        tendered: Money,
        #[serde(rename = "change_fen")]
        change: Money,
    },
    /// A meal card; the card number as registered for the diner.
    Card {
        #[serde(rename = "amount_fen")]
        amount: Money,
        card_no: String,
    },
    /// A mobile payment (WeChat Pay, Alipay …) with its transaction reference.
    Mobile {
        #[serde(rename = "amount_fen")]
        amount: Money,
        reference: String,
    },
    /// Nothing to pay (e.g. a diner aged 90 or over).
    Free,
}

/// The payment methods, as stored and reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    Cash,
    Card,
    Mobile,
    Free,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Cash,
        PaymentMethod::Card,
        PaymentMethod::Mobile,
        PaymentMethod::Free,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Cash => "cash",
            PaymentMethod::Card => "card",
            PaymentMethod::Mobile => "mobile",
            PaymentMethod::Free => "free",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentMethod> {
        Self::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl Payment {
    pub fn method(&self) -> PaymentMethod {
        match self {
            Payment::Cash { .. } => PaymentMethod::Cash,
            Payment::Card { .. } => PaymentMethod::Card,
            Payment::Mobile { .. } => PaymentMethod::Mobile,
            Payment::Free => PaymentMethod::Free,
        }
    }

    /// What this payment covers of the sale total.
    pub fn amount(&self) -> Money {
        match self {
            Payment::Cash { amount, .. }
            | Payment::Card { amount, .. }
            | Payment::Mobile { amount, .. } => *amount,
            Payment::Free => Money::ZERO,
        }
    }
}

/// What the diner or cashier chose to pay with, before the total is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentChoice {
    Cash { tendered: Money },
    Card { card_no: String },
    Mobile { reference: String },
    Free,
}

/// Why a payment cannot settle a sale.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    #[error(
        "{tendered} tendered is less than the total {total}; take more cash or choose another way to pay"
    )]
    TooLittleTendered { total: Money, tendered: Money },
    #[error("the sale costs {total}, so it cannot be free; choose cash, card or mobile")]
    NotFree { total: Money },
    #[error(
        "a mobile payment needs its transaction reference; enter the reference shown on the phone"
    )]
    MissingReference,
    #[error(
        "a meal-card payment needs the diner's registered card; scan the card or choose another way to pay"
    )]
    MissingCard,
}

impl PaymentError {
    /// The stable machine-readable code (`too_little_tendered`, …).
    pub fn code(&self) -> &'static str {
        match self {
            PaymentError::TooLittleTendered { .. } => "too_little_tendered",
            PaymentError::NotFree { .. } => "not_free",
            PaymentError::MissingReference => "missing_reference",
            PaymentError::MissingCard => "missing_card",
        }
    }
}

impl PaymentChoice {
    /// The payment settling `total`, or why this choice cannot settle it.
    /// A zero total is always settled as [`Payment::Free`].
    pub fn settle(&self, total: Money) -> Result<Payment, PaymentError> {
        if total == Money::ZERO {
            return Ok(Payment::Free);
        }
        match self {
            PaymentChoice::Free => Err(PaymentError::NotFree { total }),
            PaymentChoice::Cash { tendered } if *tendered < total => {
                Err(PaymentError::TooLittleTendered {
                    total,
                    tendered: *tendered,
                })
            }
            PaymentChoice::Cash { tendered } => Ok(Payment::Cash {
                amount: total,
                tendered: *tendered,
                change: *tendered - total,
            }),
            PaymentChoice::Card { card_no } if card_no.trim().is_empty() => {
                Err(PaymentError::MissingCard)
            }
            PaymentChoice::Card { card_no } => Ok(Payment::Card {
                amount: total,
                card_no: card_no.clone(),
            }),
            PaymentChoice::Mobile { reference } if reference.trim().is_empty() => {
                Err(PaymentError::MissingReference)
            }
            PaymentChoice::Mobile { reference } => Ok(Payment::Mobile {
                amount: total,
                reference: reference.trim().to_owned(),
            }),
        }
    }
}

/// The diner of a sale as the journal keeps them: never the ID number itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DinerRef {
    /// HMAC-SHA256 of the normalised ID number, hex.
    pub resident_key: String,
    /// The masked ID number as the kiosk stores it: the at-rest form
    /// ([`crate::ResidentId::masked_at_rest`], all `*`); sales recorded before
    /// kiosk schema v14 keep the screen's form (`110***********002X`), as the
    /// hash-chained journal cannot be rewritten.
    pub masked_id: String,
}

/// One sale: who ate (if identified), what, and how it was paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sale {
    pub diner: Option<DinerRef>,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<Payment>,
    /// The version of the pricing and menu the device priced with
    /// ([`crate::PricingRules::version`]; 0 for the shipped defaults).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub rules_version: u64,
    /// Set when the meal is delivered (see [`crate::delivery`]): its route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<crate::delivery::SaleDelivery>,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

impl Sale {
    /// Prices are already in the lines; settles the total with `choice`.
    pub fn settle(
        diner: Option<DinerRef>,
        lines: Vec<SaleLine>,
        choice: &PaymentChoice,
        rules_version: u64,
    ) -> Result<Sale, PaymentError> {
        let total: Money = lines.iter().map(|l| l.charged).sum();
        let payment = choice.settle(total)?;
        Ok(Sale {
            diner,
            lines,
            payments: vec![payment],
            rules_version,
            delivery: None,
        })
    }

    /// What the diner pays.
    pub fn total(&self) -> Money {
        self.lines.iter().map(|l| l.charged).sum()
    }

    /// What the government subsidy covers.
    pub fn subsidy(&self) -> Money {
        self.lines.iter().map(|l| l.subsidy).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cash_gives_change_and_refuses_too_little() {
        let total = Money::from_yuan(12);
        let paid = PaymentChoice::Cash {
            tendered: Money::from_yuan(20),
        }
        .settle(total)
        .unwrap();
        assert_eq!(
            paid,
            Payment::Cash {
                amount: total,
                tendered: Money::from_yuan(20),
                change: Money::from_yuan(8)
            }
        );
        let short = PaymentChoice::Cash {
            tendered: Money::from_yuan(10),
        }
        .settle(total)
        .unwrap_err();
        assert_eq!(short.code(), "too_little_tendered");
    }

    #[test]
    fn zero_total_is_free_whatever_was_chosen_and_free_needs_zero() {
        assert_eq!(
            PaymentChoice::Cash {
                tendered: Money::ZERO
            }
            .settle(Money::ZERO),
            Ok(Payment::Free)
        );
        assert_eq!(
            PaymentChoice::Free
                .settle(Money::from_fen(1))
                .unwrap_err()
                .code(),
            "not_free"
        );
    }

    #[test]
    fn mobile_and_card_need_their_reference() {
        let total = Money::from_yuan(3);
        assert_eq!(
            PaymentChoice::Mobile {
                reference: " ".into()
            }
            .settle(total)
            .unwrap_err()
            .code(),
            "missing_reference"
        );
        assert_eq!(
            PaymentChoice::Card {
                card_no: String::new()
            }
            .settle(total)
            .unwrap_err()
            .code(),
            "missing_card"
        );
        assert_eq!(
            PaymentChoice::Mobile {
                reference: " wx1 ".into()
            }
            .settle(total)
            .unwrap()
            .amount(),
            total
        );
    }
}
