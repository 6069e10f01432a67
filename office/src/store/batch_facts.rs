//! What re-deriving a batch's sales reads from the office, read once per
//! batch instead of once per sale ([`super::trust`]): when the device was
//! enrolled, the registry rows of the batch's diners (one `IN` list), and the
//! subsidised meals the device already recorded per resident, day and meal
//! period over the batch's days (one grouped query).
//!
//! The subsidised counts are kept true as the batch is stored: each stored
//! sale line with a subsidy counts at once ([`BatchFacts::counted`]), and a
//! void or refund, which copies lines the office holds, has them read again
//! ([`BatchFacts::reload`]). Every key
//! a sale of the batch can ask (its device, a diner of the batch, a day of
//! the batch) lies inside what was read, so a key not read has no meal.

use std::collections::HashMap;

use canteen_core::journal::RecordBody;
use canteen_sync::wire::WireRecord;
use chrono::{DateTime, Utc};

use super::db::{Db, Value};
use super::registry::{self, Registered};
use super::{bulk, rows};
use crate::error::Result;
use crate::params;

/// A resident's subsidised meals on one day in one meal period.
type MealKey = (String, String, String);

/// The batch's reads (see the module doc).
pub struct BatchFacts {
    device_id: String,
    registered_at: Option<DateTime<Utc>>,
    residents: HashMap<String, Option<Registered>>,
    /// The first and last local date of the batch's records.
    dates: Option<(String, String)>,
    subsidised: HashMap<MealKey, i64>,
}

impl BatchFacts {
    /// Reads what the `new` records of `device_id`'s batch need.
    pub fn read(db: &mut dyn Db, device_id: &str, new: &[&WireRecord]) -> Result<BatchFacts> {
        let registered_at = registered_at(db, device_id)?;
        let mut keys: Vec<&str> = new
            .iter()
            .filter_map(|r| match &r.record.body {
                RecordBody::Sale(s) => s.diner.as_ref().map(|d| d.resident_key.as_str()),
                _ => None,
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut residents: HashMap<String, Option<Registered>> =
            keys.iter().map(|k| ((*k).to_owned(), None)).collect();
        let list: Vec<Value> = keys.iter().map(|k| Value::from(*k)).collect();
        for r in bulk::query_in(
            db,
            "SELECT resident_key, birth_date, categories, suspended FROM registry
             WHERE resident_key IN ({keys})",
            &[],
            &list,
        )? {
            let key: String = r.get(0)?;
            let found = registry::registered(r.get(1)?, &r.get::<String>(2)?, r.get(3)?)?;
            residents.insert(key, Some(found));
        }
        let dates = new
            .iter()
            .map(|r| r.record.header.local_date.to_string())
            .fold(None, |range: Option<(String, String)>, d| match range {
                None => Some((d.clone(), d)),
                Some((lo, hi)) => Some((lo.min(d.clone()), hi.max(d))),
            });
        let mut facts = BatchFacts {
            device_id: device_id.to_owned(),
            registered_at,
            residents,
            dates,
            subsidised: HashMap::new(),
        };
        facts.reload(db)?;
        Ok(facts)
    }

    /// When the office enrolled `device_id`.
    pub fn registered_at(&self, db: &mut dyn Db, device_id: &str) -> Result<Option<DateTime<Utc>>> {
        if device_id == self.device_id {
            return Ok(self.registered_at);
        }
        registered_at(db, device_id)
    }

    /// The registry's row of `resident_key`, if it has one.
    pub fn resident(&self, db: &mut dyn Db, resident_key: &str) -> Result<Option<Registered>> {
        match self.residents.get(resident_key) {
            Some(found) => Ok(found.clone()),
            None => registry::lookup(db, resident_key),
        }
    }

    /// Subsidised meals `device_id` already recorded for the resident on
    /// `date` in `period`, net of voids and refunds: the quota as the device
    /// itself must have counted it (double use across devices is the
    /// anomalies report's to flag).
    pub fn subsidised_before(
        &self,
        device_id: &str,
        resident_key: &str,
        date: &str,
        period: &str,
    ) -> i64 {
        let inside = self
            .dates
            .as_ref()
            .is_some_and(|(lo, hi)| lo.as_str() <= date && date <= hi.as_str());
        assert!(
            device_id == self.device_id && inside,
            "a batch's sale asks only of its own device and days"
        );
        let key = (resident_key.to_owned(), date.to_owned(), period.to_owned());
        self.subsidised.get(&key).copied().unwrap_or(0)
    }

    /// A sale line with a subsidy was stored for the resident.
    pub fn counted(&mut self, resident_key: &str, date: &str, period: &str) {
        let key = (resident_key.to_owned(), date.to_owned(), period.to_owned());
        *self.subsidised.entry(key).or_insert(0) += 1;
    }

    /// Reads the counts again: after a void or refund copied lines (with
    /// every row of the batch before it written).
    pub fn reload(&mut self, db: &mut dyn Db) -> Result<()> {
        self.subsidised.clear();
        let Some((lo, hi)) = &self.dates else {
            return Ok(());
        };
        for r in db.query(
            "SELECT resident_key, local_date, period, coalesce(sum(sign), 0) FROM report_lines
             WHERE device_id = ?1 AND local_date BETWEEN ?2 AND ?3
               AND subsidy_fen > 0 AND resident_key IS NOT NULL
             GROUP BY resident_key, local_date, period",
            params![&self.device_id, lo, hi],
        )? {
            self.subsidised
                .insert((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?);
        }
        Ok(())
    }
}

/// When the office registered (or enrolled) the device.
fn registered_at(db: &mut dyn Db, device_id: &str) -> Result<Option<DateTime<Utc>>> {
    let text: Option<String> = rows::first(
        db,
        "SELECT created_at FROM devices WHERE device_id = ?1",
        params![device_id],
    )?;
    Ok(text
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}
