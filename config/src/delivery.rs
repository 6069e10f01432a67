//! The delivery fee (`[delivery]` in `pricing.toml`, optional): what a meal
//! delivered to a housebound resident costs on top of its price, `fee` for
//! every tier not named in `tier_fees`. It lives beside the prices rather than
//! in `canteen.toml` because the office re-derives every delivered sale's fee
//! from its own copy of the pricing the sale names, which a signed bundle
//! carries; a fee kept only on the kiosk could not be checked.

use std::collections::BTreeMap;

use canteen_core::{DeliveryFees, Money, Tier};

use crate::error::Problems;
use crate::raw::DeliverySection;

pub(crate) fn fees(
    raw: Option<&DeliverySection>,
    tiers: &[Tier],
    problems: &mut Vec<crate::Problem>,
) -> DeliveryFees {
    let Some(d) = raw else {
        return DeliveryFees::default();
    };
    let mut p = Problems::new("pricing.toml");
    let fee = parse(&mut p, "delivery.fee", &d.fee).unwrap_or(Money::ZERO);
    let mut tier_fees = BTreeMap::new();
    for (tier, text) in &d.tier_fees {
        let key = format!("delivery.tier_fees.{tier}");
        if !tiers.iter().any(|t| &t.id == tier) {
            let ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
            p.add(
                &key,
                format!("`{tier}` is not a tier: use one of {}", ids.join(", ")),
            );
        } else if let Some(m) = parse(&mut p, &key, text) {
            tier_fees.insert(tier.clone(), m);
        }
    }
    problems.append(&mut p.found);
    DeliveryFees { fee, tier_fees }
}

fn parse(p: &mut Problems<'_>, key: &str, text: &str) -> Option<Money> {
    match text.parse::<Money>() {
        Ok(m) if m >= Money::ZERO => Some(m),
        Ok(m) => {
            p.add(
                key,
                format!("{m} is negative: give a fee of \"0.00\" or more"),
            );
            None
        }
        Err(e) => {
            p.add(key, e.to_string());
            None
        }
    }
}
