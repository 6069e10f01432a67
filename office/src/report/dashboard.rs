//! The back office's dashboard figures for a range of local dates: net meals,
//! what diners paid and the subsidy claimed, by canteen, by meal period, by
//! tier and by category (the claim's own lines, [`super::subsidy`], summed
//! four ways), the quarantined sales and the open anomalies; and the meals per
//! canteen per day for the chart.

use std::collections::BTreeMap;

use crate::store::db::Db;

use super::{Dates, SubsidyRow};
use crate::error::Result;
use crate::store::rows;

/// One group's sums.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// The canteen, or the period, tier or category id.
    pub key: String,
    pub meals: i64,
    pub paid_fen: i64,
    pub subsidy_fen: i64,
}

/// The dashboard figures of one range.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overview {
    pub by_canteen: Vec<Tally>,
    pub by_period: Vec<Tally>,
    pub by_tier: Vec<Tally>,
    pub by_category: Vec<Tally>,
    pub total: Tally,
    pub quarantined: i64,
    pub anomalies: usize,
}

fn add(groups: &mut BTreeMap<String, Tally>, key: &str, row: &SubsidyRow) {
    let t = groups.entry(key.to_owned()).or_insert_with(|| Tally {
        key: key.to_owned(),
        ..Tally::default()
    });
    t.meals += row.meals;
    t.paid_fen += row.paid_fen;
    t.subsidy_fen += row.subsidy_fen;
}

/// The figures of `dates`.
pub fn overview(db: &mut dyn Db, dates: Dates) -> Result<Overview> {
    let rows = super::subsidy(db, dates)?;
    let mut groups: [BTreeMap<String, Tally>; 4] = Default::default();
    let mut total = Tally::default();
    for row in &rows {
        add(&mut groups[0], &row.canteen, row);
        add(&mut groups[1], &row.period, row);
        add(&mut groups[2], &row.tier, row);
        add(&mut groups[3], &row.category, row);
        total.meals += row.meals;
        total.paid_fen += row.paid_fen;
        total.subsidy_fen += row.subsidy_fen;
    }
    let quarantined = db
        .query_one(
            // From the few quarantined to their records (SQLite would
            // otherwise read every record of the range first).
            "SELECT count(*) FROM quarantine q CROSS JOIN records r
             WHERE r.device_id = q.device_id AND r.db_epoch = q.db_epoch AND r.seq = q.seq
               AND r.local_date BETWEEN ?1 AND ?2",
            &dates.params(),
        )?
        .get(0)?;
    let [by_canteen, by_period, by_tier, by_category] =
        groups.map(|g| g.into_values().collect::<Vec<_>>());
    Ok(Overview {
        by_canteen,
        by_period,
        by_tier,
        by_category,
        total,
        quarantined,
        anomalies: super::anomalies(db, dates)?.len(),
    })
}

/// Net meals per canteen per day of `dates`: `(canteen, date, meals)`, by
/// canteen then date; a day with no meals has no row (read from the totals,
/// [`crate::store::totals`]).
pub fn meals_per_day(db: &mut dyn Db, dates: Dates) -> Result<Vec<(String, String, i64)>> {
    rows::all_with(
        db,
        "SELECT d.canteen, t.local_date, sum(t.meals)
         FROM day_totals t JOIN devices d USING (device_id)
         WHERE t.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2 ORDER BY 1, 2",
        &dates.params(),
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}
