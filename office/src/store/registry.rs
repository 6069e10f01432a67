//! The office's own registry: what re-pricing a synced sale needs to know of
//! its diner — their birth date (for the age tier), their subsidy categories
//! and whether they are suspended — keyed by the community resident key
//! ([`canteen_core::CommunitySecret::key_of`]), the key every enrolled kiosk records.
//!
//! It is filled from the registry file (`id_number,name,categories,card_no,status`,
//! the kiosks' format, or as Excel saves it: see [`crate::export::registry_file`]): the ID number is keyed on the way in; the full ID
//! number and name are kept only sealed ([`SealKey`], for the civil-affairs
//! claim), and the import hands back the bundle rows kiosks get (keys, the
//! at-rest masked ID — no digit, as a kiosk stores it — and masked names).
//! The import itself, written as the file is read, is [`super::registry_import`].
//! The office's reports show the screen's mask (`110***********002X`): the
//! registry keeps it (schema v9), as kiosks no longer send one. The meal card and masked name are kept for the printable
//! card sheet. Nothing is committed unless every row is good; a bad row is
//! named by its line, never by its person.

use crate::params;
use crate::store::db::Db;
use canteen_core::{AgeConvention, Diner, mask_name};
use chrono::NaiveDate;

use super::rows::{self, row_struct};
use crate::error::{OfficeError, Result};
use crate::seal::SealKey;

pub use super::registry_import::{Import, import_csv, import_file, import_rows};

/// One resident as the office re-prices them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registered {
    pub birth_date: Option<NaiveDate>,
    pub categories: Vec<String>,
    pub suspended: bool,
}

impl Registered {
    /// The diner to price, aged on the local date of the sale.
    pub fn diner(&self, on: NaiveDate, convention: AgeConvention) -> Diner {
        Diner::born(self.birth_date, on, convention, self.categories.clone())
    }
}

/// A meal card to print: its number, its holder's masked name and birth date
/// (signed into the card's QR, format 2, so a kiosk prices the holder's age
/// without keeping birth dates).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub card_no: String,
    pub masked_name: String,
    pub born: Option<NaiveDate>,
}

fn born(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.parse().ok())
}

/// The registered card numbered `card_no`, if the registry holds it.
pub fn card_by_number(db: &mut dyn Db, card_no: &str) -> Result<Option<Card>> {
    db.query_opt(
        "SELECT masked_name, birth_date FROM registry WHERE card_no = ?1 AND masked_name IS NOT NULL",
        params![card_no],
    )?
    .map(|r| {
        Ok(Card {
            card_no: card_no.to_owned(),
            masked_name: r.get(0)?,
            born: born(r.get(1)?),
        })
    })
    .transpose()
}

/// The registered cards numbered `card_nos`, in that order; an unknown
/// number is an error naming it.
pub fn cards_by_number(db: &mut dyn Db, card_nos: &[String]) -> Result<Vec<Card>> {
    card_nos
        .iter()
        .map(|no| {
            card_by_number(db, no)?.ok_or_else(|| OfficeError::BadRequest {
                code: "unknown_card",
                status: 400,
                message: format!(
                    "no resident holds meal card {no}: import the registry file that gives it (`residents import`)"
                ),
            })
        })
        .collect()
}

/// The cards never put on a sheet (of active residents), by number.
pub fn unprinted_cards(db: &mut dyn Db) -> Result<Vec<Card>> {
    rows::all_with(
        db,
        "SELECT card_no, masked_name, birth_date FROM registry
         WHERE card_no IS NOT NULL AND masked_name IS NOT NULL AND card_printed_at IS NULL
           AND suspended = 0
         ORDER BY card_no",
        &[],
        |r| {
            Ok(Card {
                card_no: r.get(0)?,
                masked_name: r.get(1)?,
                born: born(r.get(2)?),
            })
        },
    )
}

/// Records that `cards` were put on a sheet at `now`.
pub fn mark_printed(db: &mut dyn Db, cards: &[Card], now: &str) -> Result<()> {
    let mut tx = db.begin()?;
    for card in cards {
        tx.execute(
            "UPDATE registry SET card_printed_at = ?2 WHERE card_no = ?1",
            params![&card.card_no, now],
        )?;
    }
    tx.commit()?;
    Ok(())
}

/// A resident's full ID number and name, opened with the seal key (for the
/// civil-affairs claim only; the caller audits the export).
pub fn unsealed(
    db: &mut dyn Db,
    seal: &SealKey,
    resident_key: &str,
) -> Result<Option<(String, String)>> {
    let row = db
        .query_opt(
            "SELECT sealed_id, sealed_name FROM registry WHERE resident_key = ?1",
            params![resident_key],
        )?
        .map(|r| Ok::<_, OfficeError>((r.get::<Option<String>>(0)?, r.get::<Option<String>>(1)?)))
        .transpose()?;
    match row {
        Some((Some(id), Some(name))) => Ok(Some((
            seal.open_value(&id, resident_key)?,
            seal.open_value(&name, resident_key)?,
        ))),
        _ => Ok(None),
    }
}

/// Inserts or replaces one resident under their community key (what the
/// registry held of them before — sealed values, card, masks — is cleared;
/// an import sets it again).
pub fn put(db: &mut dyn Db, resident_key: &str, r: &Registered, now: &str) -> Result<()> {
    db.execute(
        "INSERT INTO registry (resident_key, birth_date, categories, suspended, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (resident_key) DO UPDATE SET birth_date = excluded.birth_date,
             categories = excluded.categories, suspended = excluded.suspended,
             updated_at = excluded.updated_at, sealed_id = NULL, sealed_name = NULL,
             masked_name = NULL, card_no = NULL, card_printed_at = NULL, masked_id = NULL,
             status = NULL",
        params![
            resident_key,
            r.birth_date.map(|d| d.to_string()),
            r.categories.join(";"),
            r.suspended,
            now,
        ],
    )?;
    Ok(())
}

/// The registered resident with this key, if the office knows them.
/// The registry's own mask of a resident's ID number (first 3 and last 4,
/// kept at import), for the office's pages and messages: kiosks send only the
/// at-rest form.
pub fn masked_id(db: &mut dyn Db, resident_key: &str) -> Result<Option<String>> {
    Ok(rows::first::<Option<String>>(
        db,
        "SELECT masked_id FROM registry WHERE resident_key = ?1",
        params![resident_key],
    )?
    .flatten())
}

pub fn lookup(db: &mut dyn Db, resident_key: &str) -> Result<Option<Registered>> {
    db.query_opt(
        "SELECT birth_date, categories, suspended FROM registry WHERE resident_key = ?1",
        params![resident_key],
    )?
    .map(|r| registered(r.get(0)?, &r.get::<String>(1)?, r.get(2)?))
    .transpose()
}

/// A registry row as re-pricing reads it: its birth date, its categories
/// (`;`-joined) and whether it is suspended.
pub(crate) fn registered(
    birth: Option<String>,
    categories: &str,
    suspended: bool,
) -> Result<Registered> {
    let birth_date = birth
        .map(|b| b.parse::<NaiveDate>())
        .transpose()
        .map_err(|_| OfficeError::Store("a registry birth date is unreadable".into()))?;
    Ok(Registered {
        birth_date,
        categories: categories
            .split(';')
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        suspended,
    })
}

row_struct! {
    /// One resident as the back office lists them: masked forms only.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Listed {
        pub masked_name: String,
        pub masked_id: String,
        pub card_no: String,
        pub categories: String,
        /// `active`, `suspended`, `lost` or `card_suspended`.
        pub status: String,
        pub card_printed: bool,
    }
}

/// The residents whose masked name, masked ID number or card number match
/// `query` (a full name matches its masked form; empty: everyone), at most
/// `limit`, by card number.
pub fn search(db: &mut dyn Db, query: &str, limit: u32) -> Result<Vec<Listed>> {
    let query = query.trim();
    let like = format!(
        "%{}%",
        query
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    rows::all(
        db,
        "SELECT masked_name, coalesce(masked_id, ''), coalesce(card_no, ''), categories,
                coalesce(status, CASE suspended WHEN 1 THEN 'suspended' ELSE 'active' END),
                card_printed_at IS NOT NULL
         FROM registry
         WHERE masked_name IS NOT NULL
           AND (?1 = '' OR masked_name = ?2 OR masked_name LIKE ?3 ESCAPE '\\'
                OR masked_id LIKE ?3 ESCAPE '\\' OR card_no = ?1)
         ORDER BY card_no LIMIT ?4",
        params![query, mask_name(query), &like, limit],
    )
}
