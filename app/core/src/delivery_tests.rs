//! Unit tests of delivery pricing and its re-derivation.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::*;
use crate::pricing::PriceRequest;
use crate::sale::{PaymentChoice, Sale};

/// Core's shared fixture with a ¥2 delivery fee that the 90+ tier does not pay.
fn rules() -> PricingRules {
    PricingRules {
        delivery: DeliveryFees {
            fee: Money::from_yuan(2),
            tier_fees: BTreeMap::from([("age90".to_owned(), Money::ZERO)]),
        },
        ..crate::fixtures::rules()
    }
}

fn noon() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 7)
        .unwrap()
        .and_hms_opt(11, 30, 0)
        .unwrap()
}

fn priced(rules: &PricingRules, tier: &str, used: u32) -> Vec<SaleLine> {
    let diner = rules.delivery_diner(Some(tier), Vec::new());
    let items = ["lunch-set".to_owned()];
    rules
        .price_delivery(&OrderRequest {
            context: PriceRequest {
                at: noon(),
                diner: &diner,
                used_in_period: used,
                tier_override: None,
            },
            items: &items,
            companion_items: &[],
        })
        .unwrap()
        .into_iter()
        .map(SaleLine::from)
        .collect()
}

#[test]
fn a_delivery_adds_the_tiers_fee_line_or_none_when_free() {
    let r = rules();
    let lines = priced(&r, "age60", 0);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0].charged, Money::from_yuan(12));
    assert!(lines[0].uses_quota);
    assert_eq!(lines[1].item, DELIVERY_FEE_ITEM);
    assert_eq!(lines[1].charged, Money::from_yuan(2));
    assert_eq!(lines[1].subsidy, Money::ZERO);
    assert!(!lines[1].uses_quota);
    let free = priced(&r, "age90", 0);
    assert_eq!(free.len(), 1, "age90 pays no fee: {free:?}");
    assert_eq!(free[0].charged, Money::ZERO);
    // The quota is counted like at the counter: a second meal is at market price.
    let second = priced(&r, "age60", 1);
    assert_eq!(second[0].charged, Money::from_yuan(15));
    assert_eq!(second[0].subsidy, Money::ZERO);
}

/// A mobile-paid sale of `lines`, delivered on a route or (`None`) eaten at
/// the counter.
fn sale_of(lines: &[SaleLine], route: Option<&str>) -> Sale {
    let paid = PaymentChoice::Mobile {
        reference: "T1".to_owned(),
    };
    let mut sale = Sale::settle(None, lines.to_vec(), &paid, 0).unwrap();
    sale.delivery = route.map(|r| SaleDelivery {
        route: r.to_owned(),
    });
    sale
}

#[test]
fn the_office_rederives_the_fee_and_refuses_a_changed_one() {
    let r = rules();
    let office_diner = Diner::Resident {
        age: Some(72),
        categories: Vec::new(),
    };
    let lines = priced(&r, "age60", 0);
    let delivered = |lines: &[SaleLine]| sale_of(lines, Some("A"));
    assert_eq!(
        r.rederive(noon(), &office_diner, 0, &delivered(&lines)),
        Ok(())
    );
    let mut raised = lines.clone();
    raised[1].market = Money::from_yuan(5);
    raised[1].charged = Money::from_yuan(5);
    assert_eq!(
        r.rederive(noon(), &office_diner, 0, &delivered(&raised))
            .unwrap_err()
            .code,
        "price"
    );
    // Dropping the fee line, or a fee where the rules give none, is refused.
    assert!(
        r.rederive(noon(), &office_diner, 0, &delivered(&lines[..1]))
            .is_err()
    );
    let aged_92 = Diner::Resident {
        age: Some(92),
        categories: Vec::new(),
    };
    assert!(r.rederive(noon(), &aged_92, 0, &delivered(&lines)).is_err());
    // A counter sale carrying a fee line does not re-derive either; without
    // it, its meal does.
    assert!(
        r.rederive(noon(), &office_diner, 0, &sale_of(&lines, None))
            .is_err()
    );
    assert_eq!(
        r.rederive(noon(), &office_diner, 0, &sale_of(&lines[..1], None)),
        Ok(())
    );
}

#[test]
fn fees_fall_back_to_the_default_fee() {
    let f = rules().delivery;
    assert_eq!(f.fee_for(Some("age90")), Money::ZERO);
    assert_eq!(f.fee_for(Some("age60")), Money::from_yuan(2));
    assert_eq!(f.fee_for(None), Money::from_yuan(2));
}

#[test]
fn a_standing_order_names_what_is_wrong_with_it() {
    let r = rules();
    let good = StandingOrder {
        address: "幸福路1号楼302室".into(),
        route: "1号楼".into(),
        note: "软食".into(),
        tier: Some("age60".into()),
        periods: vec!["lunch".into()],
        meals: 1,
    };
    assert_eq!(good.problem(&r), None);
    // (a spoiling edit, what the refusal must name)
    type Case = (fn(&mut StandingOrder), &'static str);
    let cases: [Case; 5] = [
        (|o| o.address.clear(), "address"),
        (|o| o.route = "A\u{1b}[2J".into(), "route"),
        (
            |o| o.periods = vec!["brunch".into()],
            "`brunch` is not a meal period",
        ),
        (|o| o.periods.clear(), "periods"),
        (|o| o.meals = 10, "meals: 10"),
    ];
    for (spoil, expected) in cases {
        let mut o = good.clone();
        spoil(&mut o);
        let why = o.problem(&r).expect("refused");
        assert!(why.contains(expected), "{why}");
    }
}
