//! The day's dishes the welcome screen shows (`schema/016_dishes.sql`, `day_dishes`):
//! per date and meal period, the office's menu from the newest bundle that
//! carried it, and a supervisor's local entry for the day, which wins. Not
//! part of the chain: dishes carry no price and no sale depends on them.
//! Callers check dishes with core's `dishes::recheck` before keeping them.

use canteen_core::{DayMenu, Dish};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::OptionalExtension;

use crate::Ledger;
use crate::error::{LedgerError, Result};
use crate::write_tx::WriteTx;

/// Where the dishes shown came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DishSource {
    /// A signed bundle from the office.
    Office,
    /// A supervisor at this kiosk, for the day.
    Local,
}

impl DishSource {
    /// The word the `day_dishes.source` column keeps.
    fn as_str(self) -> &'static str {
        match self {
            DishSource::Office => "office",
            DishSource::Local => "local",
        }
    }
}

/// The dishes of one date and period, as the welcome screen shows them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DayDishes {
    pub source: DishSource,
    /// The office's version of the menu (0 for a local entry).
    pub version: u64,
    pub dishes: Vec<Dish>,
    /// The supervisor who set a local entry.
    pub set_by: Option<String>,
}

impl Ledger {
    /// Keeps the office's menus (each replacing the office's entry for its
    /// date and period) in one transaction; how many were kept.
    pub fn keep_office_dishes(
        &mut self,
        menus: &[DayMenu],
        at: DateTime<FixedOffset>,
    ) -> Result<usize> {
        let tx = WriteTx::begin(&mut self.conn)?;
        for m in menus {
            put(
                &tx,
                m.date,
                &m.period,
                DishSource::Office,
                m.version,
                &m.dishes,
                None,
                at,
            )?;
        }
        tx.commit()?;
        Ok(menus.len())
    }

    /// Sets this kiosk's own dishes for `date` and `period` (a supervisor,
    /// `by`), which win over the office's for that day.
    pub fn set_local_dishes(
        &mut self,
        date: NaiveDate,
        period: &str,
        dishes: &[Dish],
        by: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<()> {
        let tx = WriteTx::begin(&mut self.conn)?;
        put(
            &tx,
            date,
            period,
            DishSource::Local,
            0,
            dishes,
            Some(by),
            at,
        )?;
        tx.commit()
    }

    /// The dishes to show for `date` and `period`: the local entry if one was
    /// set, else the office's, else `None`.
    pub fn dishes_for(&self, date: NaiveDate, period: &str) -> Result<Option<DayDishes>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT source, version, dishes, set_by FROM day_dishes
                 WHERE served_on = ?1 AND period = ?2
                 ORDER BY source = 'local' DESC LIMIT 1",
            )?
            .query_row((date.to_string(), period), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, u64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            })
            .optional()?;
        row.map(|(source, version, json, set_by)| {
            let dishes = serde_json::from_str(&json)
                .map_err(|e| LedgerError::DishesUnreadable(format!("{date} {period}: {e}")))?;
            Ok(DayDishes {
                source: if source == DishSource::Local.as_str() {
                    DishSource::Local
                } else {
                    DishSource::Office
                },
                version,
                dishes,
                set_by,
            })
        })
        .transpose()
    }
}

#[allow(clippy::too_many_arguments)]
fn put(
    tx: &WriteTx<'_>,
    date: NaiveDate,
    period: &str,
    source: DishSource,
    version: u64,
    dishes: &[Dish],
    by: Option<&str>,
    at: DateTime<FixedOffset>,
) -> Result<()> {
    let json = serde_json::to_string(dishes).expect("dishes always serialise");
    tx.execute(
        "INSERT INTO day_dishes (served_on, period, source, version, dishes, set_by, set_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (served_on, period, source) DO UPDATE SET
           version = excluded.version, dishes = excluded.dishes,
           set_by = excluded.set_by, set_at = excluded.set_at",
        (
            date.to_string(),
            period,
            source.as_str(),
            version,
            json,
            by,
            at.to_rfc3339(),
        ),
    )?;
    Ok(())
}
