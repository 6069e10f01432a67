//! The residents registry: who is registered, in which subsidy categories, with
//! which meal card, whether they may be served, and — apart from that —
//! whether their meal card may be used (a lost card blocks the card, not the
//! person).
//!
//! Rows are keyed by the resident key (see [`crate::keyring`]); only masked forms
//! of the ID number and the name are stored, and no birth date (schema v13):
//! beside a masked ID a birth date leaves ~1,000 candidate numbers to try
//! against a stolen key, without it ~10^6 and more. A scanned ID card carries
//! its own birth date; a meal card carries its holder's, signed by the office.
//! Nor does the stored masked ID show any digit (schema v14,
//! [`canteen_core::ResidentId::masked_at_rest`]): with the first 3 and last 4
//! shown, a thief knowing the county and the diner's age band needs only
//! ~3,650 guesses.

use canteen_core::cashier::{AuditAction, mask_but_last_four};
use canteen_core::resident_id::MASKED_AT_REST;
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::audit;
use crate::error::{LedgerError, Result};
use crate::identity::Identity;

/// Whether the person may be served (by any means of identification).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResidentStatus {
    Active,
    Suspended,
}

impl ResidentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ResidentStatus::Active => "active",
            ResidentStatus::Suspended => "suspended",
        }
    }

    /// The status a stored word names; one the schema's CHECK would not allow
    /// counts as suspended.
    fn stored(word: &str) -> ResidentStatus {
        match word == ResidentStatus::Active.as_str() {
            true => ResidentStatus::Active,
            false => ResidentStatus::Suspended,
        }
    }

    /// Refuses serving a suspended resident.
    pub fn ensure_servable(self) -> Result<()> {
        match self {
            ResidentStatus::Active => Ok(()),
            ResidentStatus::Suspended => Err(LedgerError::ResidentSuspended),
        }
    }
}

/// Whether the resident's meal card may be used (to identify them, or to pay).
/// A blocked card refuses that card only: its holder showing their ID card is
/// served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    Active,
    /// Reported lost (挂失).
    Lost,
    Suspended,
}

impl CardStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::Active => "active",
            CardStatus::Lost => "lost",
            CardStatus::Suspended => "suspended",
        }
    }

    /// The status a stored word names; an unknown one counts as suspended.
    fn stored(word: &str) -> CardStatus {
        [CardStatus::Active, CardStatus::Lost]
            .into_iter()
            .find(|c| c.as_str() == word)
            .unwrap_or(CardStatus::Suspended)
    }

    /// Refuses using a card that is reported lost or suspended.
    pub fn ensure_usable(self) -> Result<()> {
        match self {
            CardStatus::Active => Ok(()),
            CardStatus::Lost => Err(LedgerError::CardLost),
            CardStatus::Suspended => Err(LedgerError::CardSuspended),
        }
    }
}

/// A registered resident.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Resident {
    pub resident_key: String,
    /// Stored as the at-rest form (all `*`) whatever is given here.
    pub masked_id: String,
    pub masked_name: String,
    pub categories: Vec<String>,
    pub card_no: Option<String>,
    /// The person's state.
    pub status: ResidentStatus,
    /// The meal card's state (meaningful when `card_no` is set).
    pub card_status: CardStatus,
}

pub use canteen_core::mask_name;

pub(crate) fn join_list(items: &[String]) -> String {
    items.join(",")
}

pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A registry row; a status the schema's CHECK would not allow counts as
/// suspended (a person's `lost` from before v10 is a lost card).
fn from_row(r: &Row<'_>) -> rusqlite::Result<Resident> {
    let status: String = r.get(5)?;
    let card: String = r.get(6)?;
    let (status, card_status) = match status.as_str() {
        // Before v10 a lost card was the person's status.
        "lost" => (ResidentStatus::Active, CardStatus::Lost),
        word => (ResidentStatus::stored(word), CardStatus::stored(&card)),
    };
    Ok(Resident {
        resident_key: r.get(0)?,
        masked_id: r.get(1)?,
        masked_name: r.get(2)?,
        categories: split_list(&r.get::<_, String>(3)?),
        card_no: r.get(4)?,
        status,
        card_status,
    })
}

pub(crate) fn lookup(conn: &Connection, resident_key: &str) -> Result<Option<Resident>> {
    one_where(conn, "resident_key", resident_key)
}

/// The resident holding meal card `card_no`, if any.
pub(crate) fn by_card(conn: &Connection, card_no: &str) -> Result<Option<Resident>> {
    one_where(conn, "card_no", card_no)
}

/// The resident whose unique `column` (one of this module's names, never
/// caller input) holds `value`, read as [`from_row`] reads a row.
fn one_where(conn: &Connection, column: &'static str, value: &str) -> Result<Option<Resident>> {
    let found = conn
        .prepare_cached(&format!(
            "SELECT resident_key, masked_id, masked_name, categories, card_no, status, card_status
             FROM residents WHERE {column} = ?1"
        ))?
        .query_row([value], from_row)
        .optional()?;
    Ok(found)
}

/// How an import changed the registry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    pub added: u64,
    pub updated: u64,
    /// Meal cards taken from another resident (each one audited).
    pub moved: u64,
}

/// The reason to refuse importing `r` without moving cards: its card is
/// held by another resident in the registry.
pub(crate) fn card_held_by_another(conn: &Connection, r: &Resident) -> Result<Option<String>> {
    let Some(card) = &r.card_no else {
        return Ok(None);
    };
    Ok(by_card(conn, card)?
        .filter(|holder| holder.resident_key != r.resident_key)
        .map(|_| {
            format!(
                "card {} is held by another resident; import with --move-cards to move it",
                mask_but_last_four(card)
            )
        }))
}

/// Adds or replaces residents in one transaction; `progress` gets each row
/// done. A card held by another resident moves, with an audit record (masked
/// card and IDs) in the same transaction.
pub(crate) fn import(
    conn: &mut Connection,
    identity: &Identity,
    residents: &[Resident],
    at: DateTime<FixedOffset>,
    progress: &mut dyn FnMut(),
) -> Result<ImportCounts> {
    let now = &at.to_rfc3339();
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut counts = ImportCounts::default();
    {
        let mut exists = tx.prepare("SELECT 1 FROM residents WHERE resident_key = ?1")?;
        // A card moving to another resident: free it first.
        let mut free_card = tx.prepare(
            "UPDATE residents SET card_no = NULL WHERE card_no = ?1 AND resident_key <> ?2",
        )?;
        let mut upsert = tx.prepare(
            "INSERT INTO residents (resident_key, masked_id, masked_name, categories, card_no, status, card_status, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (resident_key) DO UPDATE SET masked_id = excluded.masked_id, masked_name = excluded.masked_name,
               categories = excluded.categories, card_no = excluded.card_no,
               status = excluded.status, card_status = excluded.card_status, updated_at = excluded.updated_at",
        )?;
        for r in residents {
            if exists.exists([&r.resident_key])? {
                counts.updated += 1;
            } else {
                counts.added += 1;
            }
            if let Some(card) = &r.card_no
                && let Some(from) = by_card(&tx, card)?.filter(|h| h.resident_key != r.resident_key)
            {
                free_card.execute((card, &r.resident_key))?;
                audit::record(
                    &tx,
                    identity,
                    at,
                    None,
                    AuditAction::CardMoved,
                    format!(
                        "card {} moved from resident {} to {} (registry import)",
                        mask_but_last_four(card),
                        from.masked_id,
                        r.masked_id
                    ),
                    None,
                )?;
                counts.moved += 1;
            }
            upsert.execute((
                &r.resident_key,
                // At rest, whatever the row says (an older office's bundle
                // carries `110***********002X`): no digit beside a key.
                MASKED_AT_REST,
                &r.masked_name,
                join_list(&r.categories),
                &r.card_no,
                r.status.as_str(),
                r.card_status.as_str(),
                now,
            ))?;
            progress();
        }
    }
    tx.commit()?;
    Ok(counts)
}
