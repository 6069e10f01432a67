//! From a scan to a priced order: take its ID number, find the meal
//! period and its set meal, look the diner up, price the meal with the quota,
//! and price the one-tap offers (extras and a companion's meal). A meal card
//! whose signature the kiosk verified is identified the same way through the
//! registry's card holder ([`identify_card`]). A lost or suspended meal card
//! refuses that card; its holder scanning their ID card is served and told.
//!
//! Runs on the worker thread (the look-ups touch the ledger). Only meal periods
//! sell: outside them the diner is told when the next one starts.

use canteen_core::session::{CardNotice, DinerView, ErrorKind, Offer, OfferKind, Order};
use canteen_core::{Diner, LineBreakdown, PriceRequest, Scan};
use chrono::NaiveDateTime;

use crate::service::{CardStatus, KioskService, ResidentRecord, ResidentStatus, ServiceError};
use crate::settings::KioskSettings;

/// Identifies and prices a scan (its ID number validated where it was read)
/// at local time `at`.
pub fn identify(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    scan: &Scan,
    at: NaiveDateTime,
) -> Result<Order, ErrorKind> {
    let id = scan.resident().map_err(|_| ErrorKind::InvalidId)?;
    let (period, item) = meal_now(settings, at)?;
    let record = service.resident(id).map_err(service_error)?;
    // A blocked meal card does not stop its holder eating by their ID card;
    // the card cannot pay, and the screen tells them why.
    let (label, categories, card_balance, card_notice) = match &record {
        Some(r) => {
            servable(r)?;
            let notice = card_notice(r.card_status);
            let balance = r.card_balance.filter(|_| notice.is_none());
            (r.masked_name.clone(), r.categories.clone(), balance, notice)
        }
        None => (id.masked(), Vec::new(), None, None),
    };
    let used = service
        .used_in_period(id, at.date(), &period.id)
        .map_err(service_error)?;
    let diner = Diner::resident(id, at.date(), settings.age_convention, categories.clone());
    let view = DinerView {
        id: Some(id.clone()),
        label,
        age: None,
        tier: None,
        categories,
        card_balance,
        card_no: None,
        card_born: None,
        card_notice,
    };
    price_order(settings, at, &item.id, diner, used, view)
}

/// Identifies and prices the holder of meal card `card_no`, whose QR
/// signature the caller has verified: the registry finds them by the card
/// (unknown cards are refused as invalid), the birth date the signed card
/// carries gives the age tier (the registry keeps none),
/// and the sale is recorded for them by the card.
pub fn identify_card(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    card_no: &str,
    born: Option<chrono::NaiveDate>,
    at: NaiveDateTime,
) -> Result<Order, ErrorKind> {
    let (period, item) = meal_now(settings, at)?;
    let holder = service
        .card_holder(card_no, at.date(), &period.id)
        .map_err(service_error)?
        .ok_or(ErrorKind::InvalidCard)?;
    let r = &holder.record;
    servable(r)?;
    match r.card_status {
        CardStatus::Active => {}
        CardStatus::Lost => return Err(ErrorKind::CardLost),
        CardStatus::Suspended => return Err(ErrorKind::CardSuspended),
    }
    let diner = Diner::born(
        born,
        at.date(),
        settings.age_convention,
        r.categories.clone(),
    );
    let view = DinerView {
        id: None,
        label: r.masked_name.clone(),
        age: None,
        tier: None,
        categories: r.categories.clone(),
        card_balance: r.card_balance,
        card_no: Some(card_no.to_owned()),
        card_born: born,
        card_notice: None,
    };
    price_order(settings, at, &item.id, diner, holder.used_in_period, view)
}

/// The meal period at `at` and its set meal, or when the next one starts.
fn meal_now(
    settings: &KioskSettings,
    at: NaiveDateTime,
) -> Result<(&canteen_core::MealPeriod, &canteen_core::MenuItem), ErrorKind> {
    let Some(period) = settings.rules.periods.at(at.time()) else {
        return Err(outside_period(settings, at));
    };
    let item = settings
        .default_item(period.id.as_str())
        .ok_or_else(|| outside_period(settings, at))?;
    Ok((period, item))
}

/// Refuses a suspended resident, however they identify.
fn servable(r: &ResidentRecord) -> Result<(), ErrorKind> {
    match r.status {
        ResidentStatus::Active => Ok(()),
        ResidentStatus::Suspended => Err(ErrorKind::CardSuspended),
    }
}

/// What to tell a diner served by ID card whose meal card is blocked.
fn card_notice(card: CardStatus) -> Option<CardNotice> {
    match card {
        CardStatus::Active => None,
        CardStatus::Lost => Some(CardNotice::Lost),
        CardStatus::Suspended => Some(CardNotice::Suspended),
    }
}

/// Prices the set meal `item` and the one-tap offers for `diner`, who had
/// `used` subsidised meals in this period; fills in `view`'s age and tier.
fn price_order(
    settings: &KioskSettings,
    at: NaiveDateTime,
    item: &str,
    diner: Diner,
    used: u32,
    mut view: DinerView,
) -> Result<Order, ErrorKind> {
    let rules = &settings.rules;
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
    let line = price(item, &diner, used)?;
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
        line: price(item, &Diner::Companion, 0)?,
    });
    view.age = match &diner {
        Diner::Resident { age, .. } => *age,
        _ => None,
    };
    view.tier = view
        .age
        .and_then(|a| rules.tier_for_age(a))
        .map(|t| t.id.clone());
    Ok(Order {
        diner: view,
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
