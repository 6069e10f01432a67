//! The office's own registry: what re-pricing a synced sale needs to know of
//! its diner — their birth date (for the age tier), their subsidy categories
//! and whether they are suspended — keyed by the community resident key
//! ([`CommunitySecret::key_of`]), the key every enrolled kiosk records.
//!
//! It is filled from the registry file (`id_number,name,categories,card_no,status`,
//! the kiosks' format): the ID number is keyed on the way in; the full ID
//! number and name are kept only sealed ([`SealKey`], for the civil-affairs
//! claim), and the import hands back the bundle rows kiosks get (keys and
//! masked forms). Every row is checked before any is written; a bad row is
//! named by its line, never by its person.

use canteen_core::registry::{HEADER, RegistryRow, RowStatus};
use canteen_core::{AgeConvention, CommunitySecret, Diner, mask_name};
use canteen_sync::signing::KeyedResident;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{OfficeError, Result};
use crate::seal::SealKey;

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

/// One row read from a registry file: what is kept, and (in memory only) the
/// full ID number and name that are sealed.
struct Entry {
    key: String,
    registered: Registered,
    row: RegistryRow,
}

/// Imports (inserts or replaces) the residents of a registry file, their ID
/// number and name sealed with `seal`; returns their bundle rows (keys and
/// masked forms). Nothing is written unless every row is good.
pub fn import_csv(
    conn: &mut Connection,
    text: &str,
    secret: &CommunitySecret,
    seal: &SealKey,
    today: NaiveDate,
    now: &str,
) -> Result<Vec<KeyedResident>> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header_ok = reader.headers().is_ok_and(|h| h.iter().eq(HEADER));
    if !header_ok {
        return Err(bad(format!(
            "line 1: the first line must be the header `{}`",
            HEADER.join(",")
        )));
    }
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                match row(&r, secret, today) {
                    Ok(row) => rows.push(row),
                    Err(why) => problems.push(format!("line {line}: {why}")),
                }
            }
            Err(e) => problems.push(format!(
                "line {}: unreadable row",
                e.position().map_or(0, |p| p.line())
            )),
        }
    }
    if !problems.is_empty() {
        return Err(bad(format!(
            "nothing imported; correct these rows and import again: {}",
            problems.join("; ")
        )));
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for e in &rows {
        put(&tx, &e.key, &e.registered, now)?;
        tx.prepare_cached(
            "UPDATE registry SET sealed_id = ?2, sealed_name = ?3 WHERE resident_key = ?1",
        )?
        .execute((
            &e.key,
            seal.seal(e.row.id.expose(), &e.key)?,
            seal.seal(&e.row.name, &e.key)?,
        ))?;
    }
    tx.commit()?;
    Ok(rows.iter().map(keyed).collect())
}

fn keyed(e: &Entry) -> KeyedResident {
    KeyedResident {
        resident_key: e.key.clone(),
        masked_id: e.row.id.masked(),
        masked_name: mask_name(&e.row.name),
        categories: e.row.categories.clone(),
        card_no: e.row.card_no.clone(),
        status: match e.row.status {
            RowStatus::Active => "active",
            RowStatus::Suspended => "suspended",
            RowStatus::CardLost => "lost",
            RowStatus::CardSuspended => "card_suspended",
        }
        .to_owned(),
    }
}

/// A resident's full ID number and name, opened with the seal key (for the
/// civil-affairs claim only; the caller audits the export).
pub fn unsealed(
    conn: &Connection,
    seal: &SealKey,
    resident_key: &str,
) -> Result<Option<(String, String)>> {
    let row = conn
        .prepare_cached("SELECT sealed_id, sealed_name FROM registry WHERE resident_key = ?1")?
        .query_row([resident_key], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
            ))
        })
        .optional()?;
    match row {
        Some((Some(id), Some(name))) => Ok(Some((
            seal.open_value(&id, resident_key)?,
            seal.open_value(&name, resident_key)?,
        ))),
        _ => Ok(None),
    }
}

/// Inserts or replaces one resident under their community key.
pub fn put(conn: &Connection, resident_key: &str, r: &Registered, now: &str) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR REPLACE INTO registry (resident_key, birth_date, categories, suspended, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute((
        resident_key,
        r.birth_date.map(|d| d.to_string()),
        r.categories.join(";"),
        r.suspended,
        now,
    ))?;
    Ok(())
}

fn row(
    r: &csv::StringRecord,
    secret: &CommunitySecret,
    today: NaiveDate,
) -> std::result::Result<Entry, String> {
    let fields: Vec<&str> = r.iter().collect();
    let row = RegistryRow::parse(&fields, today, None)?;
    Ok(Entry {
        key: secret.key_of(&row.id),
        registered: Registered {
            birth_date: row.id.birth_date(),
            categories: row.categories.clone(),
            suspended: row.status == RowStatus::Suspended,
        },
        row,
    })
}

fn bad(message: String) -> OfficeError {
    OfficeError::BadRequest {
        code: "bad_registry",
        status: 400,
        message,
    }
}

/// The registered resident with this key, if the office knows them.
pub fn lookup(conn: &Connection, resident_key: &str) -> Result<Option<Registered>> {
    let row = conn
        .prepare_cached(
            "SELECT birth_date, categories, suspended FROM registry WHERE resident_key = ?1",
        )?
        .query_row([resident_key], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })
        .optional()?;
    row.map(|(birth, categories, suspended)| {
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
    })
    .transpose()
}
