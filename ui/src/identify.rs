//! From a scanned line to a priced order: parse the ID number, find the meal
//! period and its set meal, look the diner up, price the meal with the quota,
//! and price the one-tap offers (extras and a companion's meal).
//!
//! Runs on the worker thread (the look-ups touch the ledger). Only meal periods
//! sell: outside them the diner is told when the next one starts.

use canteen_core::session::{DinerView, ErrorKind, Offer, OfferKind, Order};
use canteen_core::{Diner, LineBreakdown, PriceRequest, ResidentId};
use chrono::NaiveDateTime;

use crate::service::{KioskService, ResidentStatus, ServiceError};
use crate::settings::KioskSettings;

/// Identifies and prices a scan at local time `at`.
pub fn identify(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    scan: &str,
    at: NaiveDateTime,
) -> Result<Order, ErrorKind> {
    let id = ResidentId::parse(scan, at.date()).map_err(|_| ErrorKind::InvalidId)?;
    let rules = &settings.rules;
    let Some(period) = rules.periods.at(at.time()) else {
        return Err(outside_period(settings, at));
    };
    let item = settings
        .default_item(period.id.as_str())
        .ok_or_else(|| outside_period(settings, at))?;
    let record = service.resident(&id).map_err(service_error)?;
    let (label, categories, card_balance) = match &record {
        Some(r) => match r.status {
            ResidentStatus::Active => (r.masked_name.clone(), r.categories.clone(), r.card_balance),
            ResidentStatus::Suspended => return Err(ErrorKind::CardSuspended),
            ResidentStatus::Lost => return Err(ErrorKind::CardLost),
        },
        None => (id.masked(), Vec::new(), None),
    };
    let used = service
        .used_in_period(&id, at.date(), &period.id)
        .map_err(service_error)?;
    let diner = Diner::resident(&id, at.date(), settings.age_convention, categories.clone());
    let price = |item: &str, diner: &Diner, used: u32| -> Result<LineBreakdown, ErrorKind> {
        let req = PriceRequest {
            at,
            diner,
            used_in_period: used,
            tier_override: None,
        };
        rules
            .price(item, &req)
            .map_err(|_| outside_period(settings, at))
    };
    let line = price(&item.id, &diner, used)?;
    let quota_used = used >= rules.quota_per_period;
    let mut offers: Vec<Offer> = settings
        .extras
        .iter()
        .filter_map(|extra| price(extra, &diner, used).ok())
        .map(|line| Offer {
            kind: OfferKind::Extra,
            line,
        })
        .collect();
    offers.push(Offer {
        kind: OfferKind::Companion,
        line: price(&item.id, &Diner::Companion, 0)?,
    });
    let age = match &diner {
        Diner::Resident { age, .. } => *age,
        _ => None,
    };
    let tier = age
        .and_then(|a| rules.tier_for_age(a))
        .map(|t| t.id.clone());
    Ok(Order {
        diner: DinerView {
            id: Some(id),
            label,
            age,
            tier,
            categories,
            card_balance,
        },
        lines: vec![line],
        offers,
        quota_used,
    })
}

fn outside_period(settings: &KioskSettings, at: NaiveDateTime) -> ErrorKind {
    let next = settings.rules.periods.next_after(at.time()).map(|p| {
        (
            p.id.as_str().to_owned(),
            p.start.format("%H:%M").to_string(),
        )
    });
    ErrorKind::OutsidePeriod { next }
}

/// Maps a back-end failure to what the diner sees.
pub fn service_error(e: ServiceError) -> ErrorKind {
    match e {
        ServiceError::InsufficientBalance { balance, due } => {
            ErrorKind::InsufficientBalance { balance, due }
        }
        ServiceError::NoCard => ErrorKind::InsufficientBalance {
            balance: canteen_core::Money::ZERO,
            due: canteen_core::Money::ZERO,
        },
        ServiceError::Refused(_) => ErrorKind::Refused,
        ServiceError::Database(_) => ErrorKind::Database,
    }
}
