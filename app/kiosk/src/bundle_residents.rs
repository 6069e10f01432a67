//! A bundle's residents as the kiosk keeps them: the office's keyed rows
//! (resident key, masked ID, masked name, categories, card, status — no full
//! ID number or name) checked and turned into the ledger's residents, and
//! their standing orders for delivered meals ([`delivery_orders`]). Every
//! row is checked before any is imported; a bad row is named by its position
//! in the bundle, never by its person.

use std::collections::HashSet;

use canteen_core::registry::{RowStatus, STATUS_VALUES};
use canteen_ledger::{CardStatus, DeliveryOrder, Resident, ResidentStatus};
use canteen_sync::signing::KeyedResident;

/// The ledger's residents of `rows`, or the bad rows (1-based positions with
/// a reason).
pub fn residents(
    rows: &[KeyedResident],
    known_categories: &[String],
) -> Result<Vec<Resident>, Vec<String>> {
    let mut good = Vec::with_capacity(rows.len());
    let mut bad = Vec::new();
    let mut keys = HashSet::new();
    let mut cards = HashSet::new();
    for (i, row) in rows.iter().enumerate() {
        let checked = check(row, known_categories).and_then(|r| {
            if !keys.insert(r.resident_key.clone()) {
                return Err("the same resident twice".to_owned());
            }
            if let Some(card) = &r.card_no
                && !cards.insert(card.clone())
            {
                return Err("a card number twice".to_owned());
            }
            Ok(r)
        });
        match checked {
            Ok(r) => good.push(r),
            Err(why) => bad.push(format!("row {}: {why}", i + 1)),
        }
    }
    if bad.is_empty() { Ok(good) } else { Err(bad) }
}

fn check(row: &KeyedResident, known: &[String]) -> Result<Resident, String> {
    if row.resident_key.len() != 64 || !row.resident_key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err("resident_key: not 64 hex digits".into());
    }
    // Masked forms only: a masked ID shows at most its first 3 and last 4.
    let shown = row.masked_id.chars().filter(|c| *c != '*').count();
    if !row.masked_id.contains('*') || shown > 7 {
        return Err("masked_id: not a masked ID number".into());
    }
    if row.masked_name.chars().any(char::is_control)
        || (row.masked_name.chars().count() > 1 && !row.masked_name.contains('*'))
    {
        return Err("masked_name: not a masked name".into());
    }
    if let Some(unknown) = row.categories.iter().find(|c| !known.contains(c)) {
        return Err(format!(
            "categories: `{unknown}` is not a configured category"
        ));
    }
    if row.card_no.as_deref().is_some_and(|c| {
        c.is_empty() || !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
    }) {
        return Err("card_no: only letters, digits and `-`".into());
    }
    let status = RowStatus::parse(&row.status)
        .ok_or_else(|| format!("status: not one of {}", STATUS_VALUES.join(", ")))?;
    let (status, card_status) = match status {
        RowStatus::Active => (ResidentStatus::Active, CardStatus::Active),
        RowStatus::Suspended => (ResidentStatus::Suspended, CardStatus::Active),
        RowStatus::CardLost => (ResidentStatus::Active, CardStatus::Lost),
        RowStatus::CardSuspended => (ResidentStatus::Active, CardStatus::Suspended),
    };
    Ok(Resident {
        resident_key: row.resident_key.to_ascii_lowercase(),
        masked_id: row.masked_id.clone(),
        masked_name: row.masked_name.clone(),
        categories: row.categories.clone(),
        card_no: row.card_no.clone(),
        status,
        card_status,
    })
}

/// The standing orders the rows carry, by resident key (the ledger checks
/// each when it stores them).
pub fn delivery_orders(rows: &[KeyedResident]) -> Vec<(String, DeliveryOrder)> {
    rows.iter()
        .filter_map(|r| {
            let order = r.delivery.clone()?;
            Some((r.resident_key.to_ascii_lowercase(), order))
        })
        .collect()
}
