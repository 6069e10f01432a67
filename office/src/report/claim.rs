//! The civil-affairs claim with full ID numbers and names: the one export
//! that opens the sealed registry values. The meals of the period that name a
//! resident, each with the resident's full ID number and name (empty when the
//! office's registry does not know the key), read and audited (who, when,
//! what, how many rows) in one IMMEDIATE transaction: no opened row leaves
//! without its audit entry.

use serde::Serialize;

use super::{Dates, MealLine};
use crate::error::{OfficeError, Result};
use crate::seal::SealKey;
use crate::store::db::{Db, FromValue, Value};
use crate::store::{audit, registry};

/// A diner in full: the registry's sealed values opened (both empty when the
/// office's registry does not know the resident). Read from the line's
/// resident key column, opened by [`claim_ids`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Opened {
    pub id_number: String,
    pub name: String,
    #[serde(skip)]
    resident_key: String,
}

impl FromValue for Opened {
    fn from_value(v: &Value) -> Option<Self> {
        let resident_key = String::from_value(v)?;
        Some(Opened {
            resident_key,
            ..Opened::default()
        })
    }
}

/// One meal line of the claim, with the diner in full.
pub type ClaimRow = MealLine<Opened>;

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
    let mut out: Vec<ClaimRow> =
        super::subsidy::meal_lines(&mut *tx, dates, "l.resident_key", true)?;
    for row in &mut out {
        let diner = &mut row.diner;
        if let Some((id, name)) = registry::unsealed(&mut *tx, seal, &diner.resident_key)? {
            diner.id_number = id;
            diner.name = name;
        }
    }
    let what = format!("report claim-ids {} to {}", dates.from, dates.to);
    audit::record(&mut *tx, now, who, &what, out.len() as u64)?;
    tx.commit()?;
    Ok(out)
}
