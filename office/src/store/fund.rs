//! The community fund's records: partners' agreements and the fund's
//! payments and spending (`schema/008_fund.sql`). Checking what an operator
//! typed happens here, before anything is written, with messages that say
//! what to type instead.

use crate::params;
use crate::store::db::Db;
use chrono::NaiveDate;
use serde::Serialize;

use super::rows;
use crate::error::{OfficeError, Result};

/// One operator's agreement with the community fund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Agreement {
    pub id: i64,
    pub operator: String,
    /// Share of the operator's revenue, in basis points (5% = 500).
    pub share_bp: u32,
    /// A fixed amount each month, in fen (prorated by days in a month the
    /// agreement covers only in part).
    pub monthly_fen: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
}

/// A new agreement as typed.
pub struct NewAgreement<'a> {
    pub operator: &'a str,
    pub share_bp: u32,
    pub monthly_fen: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub by: &'a str,
}

/// Money into or out of the fund.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A partner's payment into the fund.
    Payment,
    /// Spending from the fund.
    Spending,
}

impl EntryKind {
    fn as_str(self) -> &'static str {
        match self {
            EntryKind::Payment => "payment",
            EntryKind::Spending => "spending",
        }
    }
}

/// One payment or spending entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub id: i64,
    pub kind: EntryKind,
    /// The paying partner (payments only).
    pub operator: Option<String>,
    pub amount_fen: i64,
    pub on_date: NaiveDate,
    pub note: String,
    pub entered_by: String,
}

fn refuse(code: &'static str, message: String) -> OfficeError {
    OfficeError::BadRequest {
        code,
        status: 400,
        message,
    }
}

fn operators(db: &mut dyn Db) -> Result<Vec<String>> {
    rows::column(db, "SELECT DISTINCT operator FROM devices ORDER BY 1", &[])
}

/// The operator must run at least one registered kiosk: a misspelt name
/// would otherwise make an agreement that never matches a sale.
fn known_operator(db: &mut dyn Db, operator: &str) -> Result<()> {
    let known = operators(db)?;
    if known.iter().any(|o| o == operator) {
        Ok(())
    } else {
        Err(refuse(
            "unknown_operator",
            format!(
                "no registered kiosk is run by `{operator}`: give the operator exactly as `device add --operator` registered it ({})",
                if known.is_empty() {
                    "none registered yet".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        ))
    }
}

fn who(by: &str) -> Result<&str> {
    let by = by.trim();
    if by.is_empty() {
        return Err(refuse(
            "missing_by",
            "say who enters this (--by NAME): the fund's records keep it".into(),
        ));
    }
    Ok(by)
}

/// Records an agreement; refuses one that overlaps another of the same
/// operator (end the old one first, with its last day).
pub fn add_agreement(db: &mut dyn Db, a: &NewAgreement<'_>, now: &str) -> Result<i64> {
    let by = who(a.by)?;
    if a.share_bp == 0 && a.monthly_fen == 0 {
        return Err(refuse(
            "empty_agreement",
            "an agreement needs a revenue share (--share 5 for 5%), a fixed monthly amount (--monthly-fen 50000 for ¥500.00), or both".into(),
        ));
    }
    if a.share_bp > 10_000 || a.monthly_fen < 0 {
        return Err(refuse(
            "bad_amount",
            "the share is 0 to 100 (percent) and the monthly amount is not negative".into(),
        ));
    }
    if a.ends_on.is_some_and(|end| end < a.starts_on) {
        return Err(refuse(
            "bad_dates",
            format!(
                "--to {} is before --from {}: the last day comes after the first",
                a.ends_on.unwrap(),
                a.starts_on
            ),
        ));
    }
    let mut tx = db.begin()?;
    known_operator(&mut *tx, a.operator)?;
    // Open-ended, as text that sorts after every real date.
    let far = "9999-12-31".to_owned();
    let overlapping: Option<i64> = rows::first(
        &mut *tx,
        "SELECT id FROM partner_agreements
         WHERE operator = ?1 AND starts_on <= ?3 AND coalesce(ends_on, ?4) >= ?2",
        params![
            a.operator,
            a.starts_on.to_string(),
            a.ends_on.map_or(far.clone(), |d| d.to_string()),
            &far,
        ],
    )?;
    if let Some(id) = overlapping {
        return Err(refuse(
            "overlapping_agreement",
            format!(
                "`{}` already has agreement {id} in force on some of these days: end it first (`canteen-office partner end --id {id} --on LAST_DAY`)",
                a.operator
            ),
        ));
    }
    let id: i64 = tx
        .query_one(
            "INSERT INTO partner_agreements (operator, share_bp, monthly_fen, starts_on, ends_on, entered_by, entered_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            params![a.operator, a.share_bp, a.monthly_fen, a.starts_on.to_string(), a.ends_on.map(|d| d.to_string()), by, now],
        )?
        .get(0)?;
    tx.commit()?;
    Ok(id)
}

/// Ends a running agreement on `last_day`.
pub fn end_agreement(db: &mut dyn Db, id: i64, last_day: NaiveDate) -> Result<()> {
    let starts: Option<String> = rows::first(
        db,
        "SELECT starts_on FROM partner_agreements WHERE id = ?1 AND ends_on IS NULL",
        params![id],
    )?;
    match starts {
        None => Err(refuse(
            "no_such_agreement",
            format!("no running agreement {id}: `canteen-office partner list` shows them"),
        )),
        Some(s) if s > last_day.to_string() => Err(refuse(
            "bad_dates",
            format!("agreement {id} starts on {s}, after {last_day}"),
        )),
        Some(_) => {
            db.execute(
                "UPDATE partner_agreements SET ends_on = ?2 WHERE id = ?1",
                params![id, last_day.to_string()],
            )?;
            Ok(())
        }
    }
}

fn date(text: String) -> Result<NaiveDate> {
    text.parse()
        .map_err(|e| OfficeError::Store(format!("a stored date `{text}` is unreadable: {e}")))
}

/// Every agreement, by operator and start.
pub fn agreements(db: &mut dyn Db) -> Result<Vec<Agreement>> {
    rows::all_with(
        db,
        "SELECT id, operator, share_bp, monthly_fen, starts_on, ends_on FROM partner_agreements ORDER BY operator, starts_on",
        &[],
        |r| {
            Ok(Agreement {
                id: r.get(0)?,
                operator: r.get(1)?,
                share_bp: r.get(2)?,
                monthly_fen: r.get(3)?,
                starts_on: date(r.get(4)?)?,
                ends_on: r.get::<Option<String>>(5)?.map(date).transpose()?,
            })
        },
    )
}

/// A payment or spending as typed.
pub struct NewEntry<'a> {
    pub kind: EntryKind,
    pub operator: Option<&'a str>,
    pub amount_fen: i64,
    pub on_date: NaiveDate,
    pub note: &'a str,
    pub by: &'a str,
}

/// Records a payment into or spending from the fund.
pub fn add_entry(db: &mut dyn Db, e: &NewEntry<'_>, now: &str) -> Result<i64> {
    let by = who(e.by)?;
    if e.amount_fen == 0 {
        return Err(refuse("bad_amount", "the amount is not zero (in fen: 50000 for ¥500.00; negative to correct an earlier entry)".into()));
    }
    if e.note.trim().is_empty() {
        return Err(refuse(
            "missing_note",
            "say what this is (--note, e.g. 十一月分成 or 购买餐具)".into(),
        ));
    }
    match (e.kind, e.operator) {
        (EntryKind::Payment, Some(op)) => known_operator(db, op)?,
        (EntryKind::Payment, None) => {
            return Err(refuse(
                "missing_operator",
                "a payment names the partner who paid (--operator)".into(),
            ));
        }
        (EntryKind::Spending, Some(_)) => {
            return Err(refuse(
                "bad_operator",
                "spending comes from the fund, not from a partner: leave out --operator".into(),
            ));
        }
        (EntryKind::Spending, None) => {}
    }
    db.query_one(
        "INSERT INTO fund_entries (kind, operator, amount_fen, on_date, note, entered_by, entered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        params![e.kind.as_str(), e.operator, e.amount_fen, e.on_date.to_string(), e.note.trim(), by, now],
    )?
    .get(0)
}

/// Entries dated up to and including `through`, oldest first.
pub fn entries_through(db: &mut dyn Db, through: NaiveDate) -> Result<Vec<Entry>> {
    rows::all_with(
        db,
        "SELECT id, kind, operator, amount_fen, on_date, note, entered_by FROM fund_entries
         WHERE on_date <= ?1 ORDER BY on_date, id",
        params![through.to_string()],
        |r| {
            Ok(Entry {
                id: r.get(0)?,
                kind: if r.get::<String>(1)? == EntryKind::Payment.as_str() {
                    EntryKind::Payment
                } else {
                    EntryKind::Spending
                },
                operator: r.get(2)?,
                amount_fen: r.get(3)?,
                on_date: date(r.get(4)?)?,
                note: r.get(5)?,
                entered_by: r.get(6)?,
            })
        },
    )
}

/// Each operator's revenue (paid plus subsidy, as `report partner`) per
/// local date in `from..=to`.
pub fn daily_revenue(
    db: &mut dyn Db,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(String, NaiveDate, i64)>> {
    rows::all_with(
        db,
        "SELECT d.operator, l.local_date, sum(l.sign * (l.charged_fen + l.subsidy_fen))
         FROM report_lines l JOIN devices d USING (device_id)
         WHERE l.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2 ORDER BY 1, 2",
        params![from.to_string(), to.to_string()],
        |r| Ok((r.get(0)?, date(r.get(1)?)?, r.get(2)?)),
    )
}
