//! The day's dishes the office published (`dish_menus`, schema 013): every
//! version of a canteen's menu for one date and meal period, append-only. The
//! newest version of each is in force; [`in_force_from`] gathers those a
//! bundle carries, [`history`] lists every version for `menu dishes history`.

use crate::params;
use crate::store::db::{Db, Row};
use canteen_core::{DayMenu, Dish};
use chrono::NaiveDate;
use serde::Serialize;

use super::rows;
use crate::error::{OfficeError, Result};

/// One published version of one menu, as the history lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MenuVersion {
    pub canteen: String,
    pub date: NaiveDate,
    pub period: String,
    pub version: u64,
    pub dishes: Vec<Dish>,
    pub entered_by: String,
    pub entered_at: String,
    /// The signed bundle that carried it to the kiosks.
    pub bundle_version: u64,
}

/// A menu to add as the next version of its (canteen, date, period).
pub struct NewMenu<'a> {
    pub canteen: &'a str,
    pub date: NaiveDate,
    pub period: &'a str,
    pub dishes: &'a [Dish],
    pub entered_by: &'a str,
}

/// Whether the office knows `canteen`: a kiosk was registered there, or an
/// enrolment code issued for it.
pub fn canteen_known(db: &mut dyn Db, canteen: &str) -> Result<bool> {
    Ok(db
        .query_opt(
            "SELECT 1 FROM devices WHERE canteen = ?1
             UNION ALL SELECT 1 FROM enrol_codes WHERE canteen = ?1 LIMIT 1",
            params![canteen],
        )?
        .is_some())
}

/// The version `menu` will get: one above its newest (1 for the first).
pub fn next_version(db: &mut dyn Db, canteen: &str, date: NaiveDate, period: &str) -> Result<u64> {
    let newest: Option<u64> = db
        .query_one(
            "SELECT max(version) FROM dish_menus WHERE canteen = ?1 AND served_on = ?2 AND period = ?3",
            params![canteen, date.to_string(), period],
        )?
        .get(0)?;
    Ok(newest.unwrap_or(0) + 1)
}

/// Stores `menu` as `version`, carried by bundle `bundle_version` (which
/// must be stored already, in the same transaction).
pub fn put(
    db: &mut dyn Db,
    menu: &NewMenu<'_>,
    version: u64,
    bundle_version: u64,
    now: &str,
) -> Result<()> {
    let dishes = serde_json::to_string(menu.dishes).expect("dishes always serialise");
    db.execute(
        "INSERT INTO dish_menus
           (canteen, served_on, period, version, dishes, entered_by, entered_at, bundle_version)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            menu.canteen,
            menu.date.to_string(),
            menu.period,
            version,
            dishes,
            menu.entered_by,
            now,
            bundle_version,
        ],
    )?;
    Ok(())
}

/// The newest version of every menu served on `from` or later, every canteen's,
/// ordered by canteen, date and period: what the next bundle carries.
pub fn in_force_from(db: &mut dyn Db, from: NaiveDate) -> Result<Vec<DayMenu>> {
    let stored = rows::all_with(
        db,
        "SELECT canteen, served_on, period, version, dishes FROM dish_menus AS m
         WHERE served_on >= ?1
           AND version = (SELECT max(version) FROM dish_menus
                          WHERE canteen = m.canteen AND served_on = m.served_on
                            AND period = m.period)
         ORDER BY canteen, served_on, period",
        params![from.to_string()],
        stored_menu,
    )?;
    stored.into_iter().map(day_menu).collect()
}

/// Every version of the menus of `canteen` (all canteens when `None`),
/// optionally of one date, newest first.
pub fn history(
    db: &mut dyn Db,
    canteen: Option<&str>,
    date: Option<NaiveDate>,
) -> Result<Vec<MenuVersion>> {
    let stored = rows::all_with(
        db,
        "SELECT canteen, served_on, period, version, dishes, entered_by, entered_at, bundle_version
         FROM dish_menus
         WHERE (CAST(?1 AS TEXT) IS NULL OR canteen = ?1)
           AND (CAST(?2 AS TEXT) IS NULL OR served_on = ?2)
         ORDER BY served_on DESC, canteen, period, version DESC",
        params![canteen, date.map(|d| d.to_string())],
        |r| {
            let entered: (String, String, u64) = (r.get(5)?, r.get(6)?, r.get(7)?);
            Ok((stored_menu(r)?, entered))
        },
    )?;
    stored
        .into_iter()
        .map(|(stored, (entered_by, entered_at, bundle_version))| {
            let m = day_menu(stored)?;
            Ok(MenuVersion {
                canteen: m.canteen,
                date: m.date,
                period: m.period,
                version: m.version,
                dishes: m.dishes,
                entered_by,
                entered_at,
                bundle_version,
            })
        })
        .collect()
}

/// A `dish_menus` row's first five columns as stored: canteen, served_on,
/// period, version and the dishes' JSON.
type StoredMenu = (String, String, String, u64, String);

fn stored_menu(r: &Row) -> Result<StoredMenu> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
}

/// A stored menu read back, its date and dishes checked.
fn day_menu((canteen, date, period, version, dishes): StoredMenu) -> Result<DayMenu> {
    Ok(DayMenu {
        canteen,
        date: parse_date(&date)?,
        period,
        version,
        dishes: parse_dishes(&dishes)?,
    })
}

fn parse_date(text: &str) -> Result<NaiveDate> {
    text.parse()
        .map_err(|e| OfficeError::Store(format!("a stored menu date `{text}` is unreadable: {e}")))
}

fn parse_dishes(json: &str) -> Result<Vec<Dish>> {
    serde_json::from_str(json)
        .map_err(|e| OfficeError::Store(format!("a stored menu's dishes are unreadable: {e}")))
}
