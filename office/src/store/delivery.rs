//! Meals delivered to the housebound, the office's side (schema v11): the
//! standing orders set here (`canteen-office residents delivery set|clear`)
//! and carried to kiosks with the next bundle's residents, and each synced
//! delivery's outcome.
//!
//! A bundle row's order names the resident's age tier on the day of issue,
//! computed here from the registry's birth date, as a kiosk keeps none; the
//! office still re-derives every delivered sale from the real age.

use crate::params;
use crate::store::db::Db;
use canteen_config::Config;
use canteen_core::{StandingOrder, age_on};
use canteen_sync::signing::KeyedResident;
use canteen_sync::wire::Batch;
use chrono::NaiveDate;

use super::registry;
use crate::error::{OfficeError, Result};

fn bad(message: String) -> OfficeError {
    OfficeError::BadRequest {
        code: "bad_delivery_order",
        status: 400,
        message,
    }
}

/// Sets (or replaces) the standing order of a registered resident (its
/// `tier` is not kept: each bundle computes it).
pub fn set(
    db: &mut dyn Db,
    config: &Config,
    resident_key: &str,
    o: &StandingOrder,
    now: &str,
) -> Result<()> {
    if let Some(why) = o.problem(&config.pricing) {
        return Err(bad(why));
    }
    if registry::lookup(db, resident_key)?.is_none() {
        return Err(OfficeError::BadRequest {
            code: "unknown_resident",
            status: 404,
            message: "this ID number is not in the office's registry: import the registry first"
                .into(),
        });
    }
    db.execute(
        "INSERT INTO delivery_orders (resident_key, address, route, note, periods, meals, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (resident_key) DO UPDATE SET address = excluded.address, route = excluded.route,
           note = excluded.note, periods = excluded.periods, meals = excluded.meals,
           updated_at = excluded.updated_at",
        params![
            resident_key,
            &o.address,
            &o.route,
            &o.note,
            o.periods.join(","),
            o.meals,
            now,
        ],
    )?;
    Ok(())
}

/// Removes a resident's standing order; whether there was one.
pub fn clear(db: &mut dyn Db, resident_key: &str) -> Result<bool> {
    Ok(db.execute(
        "DELETE FROM delivery_orders WHERE resident_key = ?1",
        params![resident_key],
    )? > 0)
}

/// Puts each bundle row's standing order on it, with the resident's age tier
/// on `on` under `config`.
pub fn annotate(
    db: &mut dyn Db,
    rows: &mut [KeyedResident],
    config: &Config,
    on: NaiveDate,
) -> Result<()> {
    for row in rows.iter_mut() {
        let found = db
            .query_opt(
                "SELECT d.address, d.route, d.note, d.periods, d.meals, r.birth_date
                 FROM delivery_orders d JOIN registry r USING (resident_key) WHERE d.resident_key = ?1",
                params![&row.resident_key],
            )?
            .map(|r| {
                Ok::<_, OfficeError>((
                    r.get::<String>(0)?,
                    r.get::<String>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                    r.get::<u32>(4)?,
                    r.get::<Option<String>>(5)?,
                ))
            })
            .transpose()?;
        row.delivery = found.map(|(address, route, note, periods, meals, born)| {
            let tier = born
                .and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok())
                .and_then(|b| age_on(b, on, config.canteen.age_convention))
                .and_then(|age| config.pricing.tier_for_age(age))
                .map(|t| t.id.clone());
            StandingOrder {
                address,
                route,
                note,
                tier,
                periods: periods.split(',').map(str::to_owned).collect(),
                meals,
            }
        });
    }
    Ok(())
}

/// [`annotate`] with the office's newest rules, on the canteen's local date
/// of `now` (RFC 3339; the bundle's time of issue).
pub fn annotate_at(db: &mut dyn Db, rows: &mut [KeyedResident], now: &str) -> Result<()> {
    let config = super::rules::latest(db)?;
    let on = chrono::DateTime::parse_from_rfc3339(now)
        .map(|t| t.with_timezone(&config.canteen.timezone).date_naive())
        .unwrap_or_else(|_| chrono::Utc::now().date_naive());
    annotate(db, rows, &config, on)
}

/// Records a delivery's outcome once: `delivered` from its audit record,
/// not delivered from the void of its sale. A sale that is not a delivery
/// the office counts (not one, or quarantined) records nothing.
pub(crate) fn outcome(
    db: &mut dyn Db,
    batch: &Batch,
    sale_seq: u64,
    delivered: bool,
    record_seq: u64,
) -> Result<()> {
    db.execute(
        "INSERT INTO delivery_outcomes (device_id, db_epoch, sale_seq, outcome, record_seq)
         SELECT CAST(?1 AS TEXT), CAST(?2 AS TEXT), CAST(?3 AS BIGINT), CAST(?4 AS TEXT), CAST(?5 AS BIGINT)
         WHERE EXISTS (SELECT 1 FROM report_lines WHERE device_id = ?1 AND db_epoch = ?2 AND seq = ?3
                         AND sign = 1 AND delivery_route IS NOT NULL)
         ON CONFLICT DO NOTHING",
        params![
            &batch.device_id,
            &batch.db_epoch,
            sale_seq,
            if delivered { "delivered" } else { "not_delivered" },
            record_seq,
        ],
    )?;
    Ok(())
}
