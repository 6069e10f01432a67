//! The civil-affairs claim with full ID numbers and names: the one export
//! that opens the sealed registry values. The meals of the period that name a
//! resident, each with the resident's full ID number and name (empty when the
//! office's registry does not know the key), read and audited (who, when,
//! what, how many rows) in one IMMEDIATE transaction: no opened row leaves
//! without its audit entry.

use serde::Serialize;

use super::Dates;
use crate::error::{OfficeError, Result};
use crate::seal::SealKey;
use crate::store::db::Db;
use crate::store::{audit, registry, rows};

/// One meal line of the claim, with the diner in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    pub canteen: String,
    pub device_id: String,
    pub seq: u64,
    pub date: String,
    pub period: String,
    pub item: String,
    pub tier: String,
    pub category: String,
    pub id_number: String,
    pub name: String,
    pub sign: i64,
    pub market_fen: i64,
    pub paid_fen: i64,
    pub subsidy_fen: i64,
}

/// Reads the claim of `dates` with the diners opened, recording the export
/// as run by `who` at `now`.
pub fn claim_ids(
    db: &mut dyn Db,
    seal: &SealKey,
    dates: Dates,
    who: &str,
    now: &str,
) -> Result<Vec<ClaimRow>> {
    let who = who.trim();
    if who.is_empty() || who.chars().any(char::is_control) {
        return Err(OfficeError::BadRequest {
            code: "missing_by",
            status: 400,
            message: "say who runs this export: --by NAME (it is written to the audit log)".into(),
        });
    }
    let mut tx = db.begin()?;
    let lines: Vec<(ClaimRow, String)> = rows::all_with(
        &mut *tx,
        "SELECT d.canteen, l.device_id, l.seq, l.local_date, l.period, l.item, l.tier, l.category,
                l.resident_key, l.sign, l.market_fen, l.charged_fen, l.subsidy_fen
         FROM report_lines l JOIN devices d USING (device_id)
         WHERE l.local_date BETWEEN ?1 AND ?2 AND l.resident_key IS NOT NULL
         ORDER BY d.canteen, l.local_date, l.device_id, l.db_epoch, l.seq, l.line_no",
        &dates.params(),
        |r| {
            Ok((
                ClaimRow {
                    canteen: r.get(0)?,
                    device_id: r.get(1)?,
                    seq: r.get(2)?,
                    date: r.get(3)?,
                    period: r.get(4)?,
                    item: r.get(5)?,
                    tier: r.get(6)?,
                    category: r.get(7)?,
                    id_number: String::new(),
                    name: String::new(),
                    sign: r.get(9)?,
                    market_fen: r.get(10)?,
                    paid_fen: r.get(11)?,
                    subsidy_fen: r.get(12)?,
                },
                r.get(8)?,
            ))
        },
    )?;
    let mut out = Vec::with_capacity(lines.len());
    for (mut row, key) in lines {
        if let Some((id, name)) = registry::unsealed(&mut *tx, seal, &key)? {
            row.id_number = id;
            row.name = name;
        }
        out.push(row);
    }
    let what = format!("report claim-ids {} to {}", dates.from, dates.to);
    audit::record(&mut *tx, now, who, &what, out.len() as u64)?;
    tx.commit()?;
    Ok(out)
}
