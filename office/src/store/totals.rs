//! Totals kept as sales arrive (schema v14; `postgres/002`), so the month's
//! claim, the dashboard and the anomaly report read a few rows per day
//! instead of every line.
//!
//! `day_totals` holds, per day, kiosk, meal period, tier and category, the
//! sums the subsidy claim shows ([`crate::report::subsidy`]); the canteen is
//! the kiosk's, joined when a report reads them. `resident_periods` holds, per
//! day, meal period and resident with a subsidised line, the first kiosk that
//! counted one and whether another kiosk did too (`shared`), and
//! `shared_devices` every kiosk of a shared one: the anomaly report reads
//! the lines of those kiosks, days and periods only. (A first upsert per
//! resident and period makes two offices storing one resident's meals at
//! once wait for each other, so a second kiosk always sees the first.)
//!
//! Both are added to from the report lines a batch stored (its sales, voids
//! and refunds), in the batch's own transaction ([`add`]); a quarantined sale
//! has no lines and adds nothing. They are sums of the lines, so they can
//! always be derived again from them ([`crate::report::subsidy_from_lines`]
//! is the claim read from the lines, which tests hold equal).

use super::db::Db;
use crate::error::Result;
use crate::params;

/// Adds the report lines of records `first..=last` of one device epoch to
/// the totals.
pub fn add(db: &mut dyn Db, device_id: &str, db_epoch: &str, first: u64, last: u64) -> Result<()> {
    // Groups in key order: two offices adding to one key lock it in the same
    // order, so they wait for each other rather than deadlock.
    db.execute(
        "INSERT INTO day_totals (local_date, device_id, period, tier, category, meals, market_fen,
                                 paid_fen, subsidy_fen, delivered_meals, delivery_fee_fen)
         SELECT local_date, device_id, period, tier, category,
                sum(CASE WHEN item = 'delivery-fee' THEN 0 ELSE sign END),
                sum(sign * market_fen), sum(sign * charged_fen), sum(sign * subsidy_fen),
                sum(CASE WHEN delivery_route IS NOT NULL AND item <> 'delivery-fee' THEN sign ELSE 0 END),
                sum(CASE WHEN item = 'delivery-fee' THEN sign * charged_fen ELSE 0 END)
         FROM report_lines
         WHERE device_id = ?1 AND db_epoch = ?2 AND seq BETWEEN ?3 AND ?4
         GROUP BY local_date, device_id, period, tier, category
         ORDER BY local_date, device_id, period, tier, category
         ON CONFLICT (local_date, device_id, period, tier, category) DO UPDATE SET
             meals = day_totals.meals + excluded.meals,
             market_fen = day_totals.market_fen + excluded.market_fen,
             paid_fen = day_totals.paid_fen + excluded.paid_fen,
             subsidy_fen = day_totals.subsidy_fen + excluded.subsidy_fen,
             delivered_meals = day_totals.delivered_meals + excluded.delivered_meals,
             delivery_fee_fen = day_totals.delivery_fee_fen + excluded.delivery_fee_fen",
        params![device_id, db_epoch, first, last],
    )?;
    db.execute(
        "INSERT INTO resident_periods (local_date, period, resident_key, device_id, shared)
         SELECT local_date, period, resident_key, min(device_id), 0
         FROM report_lines
         WHERE device_id = ?1 AND db_epoch = ?2 AND seq BETWEEN ?3 AND ?4
           AND subsidy_fen > 0 AND resident_key IS NOT NULL
         GROUP BY local_date, period, resident_key
         ORDER BY local_date, period, resident_key
         ON CONFLICT (local_date, period, resident_key) DO UPDATE SET shared = 1
         WHERE resident_periods.shared = 0 AND resident_periods.device_id <> excluded.device_id",
        params![device_id, db_epoch, first, last],
    )?;
    // Each kiosk of a shared resident's period, this one and the first.
    db.execute(
        "INSERT INTO shared_devices (local_date, period, resident_key, device_id)
         SELECT DISTINCT c.local_date, c.period, c.resident_key, d.device_id
         FROM report_lines l
              JOIN resident_periods c ON c.local_date = l.local_date AND c.period = l.period
                                     AND c.resident_key = l.resident_key
              JOIN devices d ON d.device_id IN (l.device_id, c.device_id)
         WHERE l.device_id = ?1 AND l.db_epoch = ?2 AND l.seq BETWEEN ?3 AND ?4
           AND l.subsidy_fen > 0 AND c.shared = 1
         ORDER BY 1, 2, 3, 4
         ON CONFLICT DO NOTHING",
        params![device_id, db_epoch, first, last],
    )?;
    Ok(())
}
