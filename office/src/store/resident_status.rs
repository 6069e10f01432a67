//! A clerk's changes to a registered resident, by their meal card number:
//! mark the card lost, suspend the resident, reinstate them, or reissue a
//! card (a new number; the old one is gone from the registry, so the next
//! bundle no longer carries it and kiosks refuse it). And the registry as the
//! rows of the next bundle ([`bundle_rows`]), masked forms only.

use crate::params;
use crate::store::db::Db;
use crate::store::rows;
use canteen_core::registry::RowStatus;
use canteen_sync::signing::KeyedResident;

use super::devices::random_hex;
use crate::error::{OfficeError, Result};

/// What a clerk may set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// The card is lost: refused at the kiosks; the resident is not.
    CardLost,
    /// The resident may not be served.
    Suspend,
    /// Active again, card and resident.
    Reinstate,
}

impl Change {
    pub fn parse(s: &str) -> Option<Change> {
        match s {
            "lost" => Some(Change::CardLost),
            "suspend" => Some(Change::Suspend),
            "reinstate" => Some(Change::Reinstate),
            _ => None,
        }
    }

    /// The registry status it sets (and the next bundle carries).
    pub fn status(self) -> RowStatus {
        match self {
            Change::CardLost => RowStatus::CardLost,
            Change::Suspend => RowStatus::Suspended,
            Change::Reinstate => RowStatus::Active,
        }
    }
}

fn unknown(card_no: &str) -> OfficeError {
    OfficeError::BadRequest {
        code: "unknown_card",
        status: 404,
        message: format!("no resident holds meal card {card_no}: search for the resident again"),
    }
}

/// Applies `change` to the holder of `card_no` at `now`.
pub fn apply(db: &mut dyn Db, card_no: &str, change: Change, now: &str) -> Result<()> {
    let changed = db.execute(
        "UPDATE registry SET status = ?2, suspended = ?3, updated_at = ?4 WHERE card_no = ?1",
        params![
            card_no,
            change.status().as_str(),
            change == Change::Suspend,
            now
        ],
    )?;
    if changed == 0 {
        return Err(unknown(card_no));
    }
    Ok(())
}

/// Gives the holder of `card_no` a new card number (10 digits, unused), to
/// be printed on the next sheet of new cards; the new number.
pub fn reissue(db: &mut dyn Db, card_no: &str, now: &str) -> Result<String> {
    let new = loop {
        let digits: String = random_hex(8)?
            .bytes()
            .map(|b| char::from(b'0' + b % 10))
            .take(10)
            .collect();
        let taken: Option<i64> = rows::first(
            db,
            "SELECT 1 FROM registry WHERE card_no = ?1",
            params![&digits],
        )?;
        if taken.is_none() && !digits.starts_with('0') {
            break digits;
        }
    };
    let changed = db.execute(
        "UPDATE registry SET card_no = ?2, card_printed_at = NULL, updated_at = ?3,
                status = CASE suspended WHEN 1 THEN 'suspended' ELSE 'active' END
         WHERE card_no = ?1",
        params![card_no, &new, now],
    )?;
    if changed == 0 {
        return Err(unknown(card_no));
    }
    Ok(new)
}

/// Every resident imported from a registry file, as bundle rows: the masked
/// ID in the at-rest form kiosks keep (no digit; the registry's own mask is
/// for the office's pages and reports only).
pub fn bundle_rows(db: &mut dyn Db) -> Result<Vec<KeyedResident>> {
    rows::all_with(
        db,
        "SELECT resident_key, masked_name, categories, card_no,
                coalesce(status, CASE suspended WHEN 1 THEN 'suspended' ELSE 'active' END)
         FROM registry WHERE masked_name IS NOT NULL
         ORDER BY resident_key",
        &[],
        |r| {
            let categories: String = r.get(2)?;
            Ok(KeyedResident {
                resident_key: r.get(0)?,
                masked_id: canteen_core::resident_id::MASKED_AT_REST.to_owned(),
                masked_name: r.get(1)?,
                categories: categories
                    .split(';')
                    .filter(|c| !c.is_empty())
                    .map(str::to_owned)
                    .collect(),
                card_no: r.get(3)?,
                status: r.get(4)?,
                delivery: None,
            })
        },
    )
}
