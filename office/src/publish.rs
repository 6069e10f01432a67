//! Publishing the next signed bundle, version one above the newest issued:
//! the office's registry (every imported resident with the status a clerk
//! last gave them; masked forms and keys only; menu and pricing left as the
//! bundles before it set them), or an admin's menu and pricing, validated
//! first by the kiosks' own configuration checks (residents left as before).
//! Menu and pricing are the shared ones or one canteen's own: a bundle of
//! them carries the shared pair and every canteen's own pair in force, so
//! publishing one canteen's keeps the rest. Or a canteen's dishes of the day
//! for one date and period, stored as the next version of that menu and
//! carried with every menu in force from the day before on (residents, menu
//! and pricing left as before). Kiosks pull it on their next sync.

use std::collections::BTreeMap;
use std::path::Path;

use crate::store::db::Db;
use canteen_config::{Config, ConfigError};
use canteen_sync::signing::{Bundle, CanteenRules, KeyedResidents};

use crate::error::{OfficeError, Result};
use crate::keys;
use crate::store::dishes::{self, NewMenu};
use crate::store::{bundles, resident_status, rules};

/// Signs and stores the registry as the next bundle at `now`; its version
/// and how many residents it carries.
pub fn registry_bundle(db: &mut dyn Db, data_dir: &Path, now: &str) -> Result<(u64, usize)> {
    let version = bundles::next_version(db)?;
    let mut rows = resident_status::bundle_rows(db)?;
    crate::store::delivery::annotate_at(db, &mut rows, now)?;
    let count = rows.len();
    let bundle = Bundle {
        version,
        issued_at: now.to_owned(),
        residents: Some(KeyedResidents {
            key_fingerprint: keys::community_secret(data_dir)?.fingerprint(),
            rows,
        }),
        menu_toml: None,
        pricing_toml: None,
        canteen_rules: None,
        dishes: carried_dishes(db, now)?,
    };
    sign_and_store(db, data_dir, &bundle)?;
    Ok((version, count))
}

/// Checks `menu` and `pricing` (the texts of `menu.toml` and `pricing.toml`)
/// as a kiosk would; when they are good, signs and stores them as the next
/// bundle's shared menu and pricing at `now` (every canteen's own kept) and
/// returns its version, else every problem.
pub fn rules_bundle(
    db: &mut dyn Db,
    data_dir: &Path,
    menu: &str,
    pricing: &str,
    now: &str,
) -> Result<std::result::Result<u64, ConfigError>> {
    rules_bundle_for(db, data_dir, None, menu, pricing, now)
}

/// [`rules_bundle`] for `canteen`'s own menu and pricing (`None`: the shared
/// ones): the same check, then the next bundle carries the shared pair in
/// force and every canteen's own, `canteen`'s replaced by these.
pub fn rules_bundle_for(
    db: &mut dyn Db,
    data_dir: &Path,
    canteen: Option<&str>,
    menu: &str,
    pricing: &str,
    now: &str,
) -> Result<std::result::Result<u64, ConfigError>> {
    if let Err(problems) = Config::from_texts(&[("menu.toml", menu), ("pricing.toml", pricing)]) {
        return Ok(Err(problems));
    }
    let files = rules_files(db, canteen, Some(menu.to_owned()), Some(pricing.to_owned()))?;
    Ok(Ok(files_bundle(db, data_dir, files, now)?))
}

/// Ends `canteen`'s own menu and pricing: the next bundle carries the shared
/// ones in force and every other canteen's own, so `canteen`'s kiosks run the
/// shared ones again. Its version, or `None` (nothing issued) when `canteen`
/// has no menu of its own.
pub fn shared_again(
    db: &mut dyn Db,
    data_dir: &Path,
    canteen: &str,
    now: &str,
) -> Result<Option<u64>> {
    let mut own = rules::overrides(db)?;
    if own.remove(canteen).is_none() {
        return Ok(None);
    }
    let (menu, pricing) = rules::latest_texts(db)?;
    let files = RulesFiles {
        menu_toml: Some(menu),
        pricing_toml: Some(pricing),
        canteen_rules: (!own.is_empty()).then_some(own),
    };
    files_bundle(db, data_dir, files, now).map(Some)
}

/// Signs and stores `files` as the next bundle at `now`; its version.
fn files_bundle(db: &mut dyn Db, data_dir: &Path, files: RulesFiles, now: &str) -> Result<u64> {
    let version = bundles::next_version(db)?;
    let bundle = Bundle {
        version,
        issued_at: now.to_owned(),
        residents: None,
        menu_toml: files.menu_toml,
        pricing_toml: files.pricing_toml,
        canteen_rules: files.canteen_rules,
        dishes: carried_dishes(db, now)?,
    };
    sign_and_store(db, data_dir, &bundle)?;
    Ok(version)
}

/// What a bundle of menu and pricing carries.
pub struct RulesFiles {
    pub menu_toml: Option<String>,
    pub pricing_toml: Option<String>,
    pub canteen_rules: Option<BTreeMap<String, CanteenRules>>,
}

/// The files of a bundle given `menu` and `pricing` texts (either may be
/// absent: the bundle then does not carry that file): for `canteen` (which
/// needs `menu`; without `pricing` it keeps the pricing it runs) they become
/// its own, and the shared ones in force are carried as they are; otherwise
/// they are the shared ones. Whenever a menu or pricing is carried, so is
/// every canteen's own in force.
pub fn rules_files(
    db: &mut dyn Db,
    canteen: Option<&str>,
    menu: Option<String>,
    pricing: Option<String>,
) -> Result<RulesFiles> {
    let mut own = rules::overrides(db)?;
    let (menu, pricing) = match (canteen, menu) {
        (None, menu) => (menu, pricing),
        (Some(canteen), Some(menu)) => {
            let pricing = match pricing {
                Some(p) => p,
                None => rules::latest_texts_for(db, Some(canteen))?.1,
            };
            let own_rules = CanteenRules {
                menu_toml: menu,
                pricing_toml: pricing,
            };
            own.insert(canteen.to_owned(), own_rules);
            let (menu, pricing) = rules::latest_texts(db)?;
            (Some(menu), Some(pricing))
        }
        (Some(canteen), None) => {
            return Err(OfficeError::BadRequest {
                code: "canteen_without_menu",
                status: 400,
                message: format!(
                    "a menu of canteen `{canteen}` needs its menu file: give --menu FILE (and --pricing FILE for its own prices)"
                ),
            });
        }
    };
    let carries = menu.is_some() || pricing.is_some();
    Ok(RulesFiles {
        menu_toml: menu,
        pricing_toml: pricing,
        canteen_rules: (carries && !own.is_empty()).then_some(own),
    })
}

/// What [`dishes_bundle`] published: the menu's new version and the bundle
/// that carries it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PublishedMenu {
    pub version: u64,
    pub bundle_version: u64,
}

impl PublishedMenu {
    /// What the audit log says of publishing `menu` so, on the web or at
    /// the console.
    pub fn audit_text(&self, menu: &NewMenu<'_>) -> String {
        format!(
            "dishes of {} {} {} version {} published in bundle {}",
            menu.canteen, menu.date, menu.period, self.version, self.bundle_version
        )
    }
}

/// Checks `menu` (a canteen the office knows, a meal period of the pricing
/// in force, dishes that pass core's checks), then in one transaction stores
/// it as the menu's next version and signs the next bundle carrying it with
/// every menu in force from the day before `menu.date` or `today`, whichever is
/// earlier.
pub fn dishes_bundle(
    db: &mut dyn Db,
    data_dir: &Path,
    menu: &NewMenu<'_>,
    today: chrono::NaiveDate,
    now: &str,
) -> Result<PublishedMenu> {
    let bad = |code: &'static str, message: String| OfficeError::BadRequest {
        code,
        status: 400,
        message,
    };
    if !dishes::canteen_known(db, menu.canteen)? {
        return Err(bad(
            "unknown_canteen",
            format!(
                "no kiosk is registered at canteen `{}`; give the canteen as `device add --canteen` named it (`device list` shows them)",
                menu.canteen
            ),
        ));
    }
    let periods = rules::latest(db)?.pricing.periods;
    if periods.get(menu.period).is_none() {
        let known: Vec<&str> = periods.all().iter().map(|p| p.id.as_str()).collect();
        return Err(bad(
            "unknown_period",
            format!(
                "`{}` is not a meal period of the pricing in force; use one of: {}",
                menu.period,
                known.join(", ")
            ),
        ));
    }
    if let Err(problems) =
        canteen_core::dishes::recheck(menu.dishes, &canteen_core::TagCatalog::shipped())
    {
        return Err(bad(
            "bad_dishes",
            canteen_core::dishes::problems_text(&problems),
        ));
    }
    let mut tx = db.begin()?;
    let version = dishes::next_version(&mut *tx, menu.canteen, menu.date, menu.period)?;
    let bundle_version = bundles::next_version(&mut *tx)?;
    let from = menu.date.min(today).pred_opt().unwrap_or(menu.date);
    let mut carried = dishes::in_force_from(&mut *tx, from)?;
    carried.retain(|m| {
        (m.canteen.as_str(), m.date, m.period.as_str()) != (menu.canteen, menu.date, menu.period)
    });
    carried.push(canteen_core::DayMenu {
        canteen: menu.canteen.to_owned(),
        date: menu.date,
        period: menu.period.to_owned(),
        version,
        dishes: menu.dishes.to_vec(),
    });
    carried.sort_by(|a, b| (&a.canteen, a.date, &a.period).cmp(&(&b.canteen, b.date, &b.period)));
    let bundle = Bundle {
        version: bundle_version,
        issued_at: now.to_owned(),
        residents: None,
        menu_toml: None,
        pricing_toml: None,
        canteen_rules: None,
        dishes: Some(carried),
    };
    sign_and_store(&mut *tx, data_dir, &bundle)?;
    dishes::put(&mut *tx, menu, version, bundle_version, now)?;
    tx.commit()?;
    Ok(PublishedMenu {
        version,
        bundle_version,
    })
}

/// The menus in force from the day before `now` (RFC 3339), so a kiosk
/// that takes only the newest bundle still gets them; `None` when there are
/// none (the bundle then reads as before dishes existed).
fn carried_dishes(db: &mut dyn Db, now: &str) -> Result<Option<Vec<canteen_core::DayMenu>>> {
    let Ok(now) = chrono::DateTime::parse_from_rfc3339(now) else {
        return Ok(None);
    };
    let from = now.date_naive().pred_opt().unwrap_or(now.date_naive());
    let menus = dishes::in_force_from(db, from)?;
    Ok((!menus.is_empty()).then_some(menus))
}

fn sign_and_store(db: &mut dyn Db, data_dir: &Path, bundle: &Bundle) -> Result<()> {
    let signed = keys::load_or_create(data_dir)?.sign_bundle(bundle);
    bundles::put(db, bundle.version, &signed, &bundle.issued_at)
}
