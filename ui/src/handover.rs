//! An order handed over from self-service ("pay at the counter") as a
//! counter sale: the kiosk's own lines and the companion's meal kept apart
//! (the ledger prices a companion line at the companion price), the diner's
//! ID or meal card, and the kiosk's total for the back end to check. Used by
//! cashier mode's handover page and by desk mode ([`crate::desk`]).

use canteen_core::session::Order;
use canteen_core::{LineBreakdown, PaymentChoice};
use chrono::NaiveDateTime;

use crate::cashier_service::CounterSale;

/// A self-service order's own lines and its companion's meal (the companion
/// offer's line), as the ledger prices them.
pub fn split_lines(order: &Order) -> (Vec<String>, Vec<String>) {
    let (own, companions) = partition_lines(order);
    let ids = |lines: Vec<&LineBreakdown>| lines.into_iter().map(|l| l.item.clone()).collect();
    (ids(own), ids(companions))
}

/// The counter sale that settles an order handed over from self-service:
/// the kiosk's lines and total (the back end prices again and refuses
/// another total), the diner's ID or, failing that, their meal card.
pub fn handover_sale(
    order: &Order,
    staff_id: u64,
    payment: PaymentChoice,
    at: NaiveDateTime,
) -> CounterSale {
    let (items, companion_items) = split_lines(order);
    let (own, companions) = partition_lines(order);
    // A card holder (no ID scanned) is priced by the birth date their card's
    // signed QR carries, as self-service priced them.
    let holder = order.diner.id.is_none().then_some(&order.diner);
    CounterSale {
        staff_id,
        items,
        companion_items,
        charged: own.iter().chain(&companions).map(|l| l.charged).collect(),
        id: order.diner.id.clone(),
        card_no: holder.and_then(|d| d.card_no.clone()),
        card_born: holder.and_then(|d| d.card_born),
        manual_id: false,
        tier: None,
        expected_total: order.total(),
        payment,
        at,
    }
}

/// A self-service order's own lines and its companion's meal.
fn partition_lines(order: &Order) -> (Vec<&LineBreakdown>, Vec<&LineBreakdown>) {
    let companion = order
        .offers
        .iter()
        .find(|o| o.kind == canteen_core::session::OfferKind::Companion)
        .map(|o| &o.line);
    let (companions, own): (Vec<_>, Vec<_>) =
        order.lines.iter().partition(|l| Some(*l) == companion);
    (own, companions)
}
