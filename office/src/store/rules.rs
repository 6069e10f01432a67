//! The pricing and menu a device held, as the office itself issued them.
//!
//! Version 0 is the shipped defaults (the office's own embedded copy); any
//! other version must be a bundle this office issued, and its menu and
//! pricing are those of the newest bundle up to that version that carried
//! each file (a bundle of residents only keeps the menu and pricing before it).
//! Each bundle is read as the device's canteen got it
//! ([`Bundle::for_canteen`], the canteen the device is registered at): its
//! own menu and pricing where the bundle carries them, else the shared ones.

use std::collections::{BTreeMap, HashMap};

use crate::params;
use crate::store::db::Db;
use canteen_config::Config;
use canteen_sync::signing::{Bundle, CanteenRules, SignedBundle};

use super::{devices, rows};
use crate::error::{OfficeError, Result};

/// Configurations by bundle version and canteen, and devices' canteens,
/// looked up once per batch.
#[derive(Default)]
pub struct RulesCache {
    configs: HashMap<(u64, Option<String>), Option<Config>>,
    canteens: HashMap<String, Option<String>>,
}

impl RulesCache {
    /// The configuration `device_id` ran at `version` (its canteen's), or
    /// `None` when this office never issued it (or issued files that do not
    /// make a valid configuration).
    pub fn get(
        &mut self,
        db: &mut dyn Db,
        device_id: &str,
        version: u64,
    ) -> Result<Option<&Config>> {
        if !self.canteens.contains_key(device_id) {
            let canteen = devices::canteen_of(db, device_id)?;
            self.canteens.insert(device_id.to_owned(), canteen);
        }
        let key = (version, self.canteens[device_id].clone());
        if !self.configs.contains_key(&key) {
            let config = load(db, version, key.1.as_deref())?;
            self.configs.insert(key.clone(), config);
        }
        Ok(self.configs[&key].as_ref())
    }
}

/// The configuration of the newest bundle this office issued (the shipped
/// defaults when it issued none, or none valid): what names the claim's
/// periods, tiers and categories, and which categories a registry may give.
pub fn latest(db: &mut dyn Db) -> Result<Config> {
    latest_for(db, None)
}

/// The configuration `canteen`'s kiosks now get (`None`: the shared one).
pub fn latest_for(db: &mut dyn Db, canteen: Option<&str>) -> Result<Config> {
    let newest = super::bundles::newest_version(db)?;
    let newest = (newest > 0).then_some(newest);
    Ok(match newest {
        Some(v) => load(db, v, canteen)?,
        None => None,
    }
    .unwrap_or_else(Config::defaults))
}

fn load(db: &mut dyn Db, version: u64, canteen: Option<&str>) -> Result<Option<Config>> {
    if version == 0 {
        // Parsed and validated once per process, not once per batch.
        static SHIPPED: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        return Ok(Some(SHIPPED.get_or_init(Config::defaults).clone()));
    }
    let Some((menu, pricing)) = texts_of(db, version, canteen)? else {
        return Ok(None);
    };
    let texts: Vec<(&str, &str)> = [("menu.toml", &menu), ("pricing.toml", &pricing)]
        .into_iter()
        .filter_map(|(name, text)| text.as_deref().map(|t| (name, t)))
        .collect();
    Ok(Config::from_texts(&texts).ok().map(|mut c| {
        c.pricing.version = version;
        c
    }))
}

/// The menu and pricing texts of bundle `version` as `canteen` got them
/// (each from the newest bundle up to it that carried the file; `None` for
/// a file none carried), or `None` when this office never issued `version`.
#[allow(clippy::type_complexity)]
fn texts_of(
    db: &mut dyn Db,
    version: u64,
    canteen: Option<&str>,
) -> Result<Option<(Option<String>, Option<String>)>> {
    let bundles: Vec<(u64, String)> = rows::all_with(
        db,
        "SELECT version, signed FROM bundles WHERE version <= ?1 ORDER BY version DESC",
        params![version],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if bundles.first().is_none_or(|(v, _)| *v != version) {
        return Ok(None);
    }
    let (mut menu, mut pricing) = (None, None);
    for (_, json) in bundles {
        let mut bundle = unpack(&json)?;
        if let Some(canteen) = canteen {
            bundle = bundle.for_canteen(canteen);
        }
        menu = menu.or(bundle.menu_toml);
        pricing = pricing.or(bundle.pricing_toml);
        if menu.is_some() && pricing.is_some() {
            break;
        }
    }
    Ok(Some((menu, pricing)))
}

/// The menu and pricing the kiosks now get: `(menu.toml, pricing.toml)` of
/// the newest bundle, the shipped defaults' text for a file no bundle carried.
pub fn latest_texts(db: &mut dyn Db) -> Result<(String, String)> {
    latest_texts_for(db, None)
}

/// [`latest_texts`] as `canteen`'s kiosks get them (`None`: the shared ones).
pub fn latest_texts_for(db: &mut dyn Db, canteen: Option<&str>) -> Result<(String, String)> {
    let newest = super::bundles::newest_version(db)?;
    let newest = (newest > 0).then_some(newest);
    let (menu, pricing) = match newest {
        Some(v) => texts_of(db, v, canteen)?.unwrap_or_default(),
        None => (None, None),
    };
    let shipped = |name: &str| {
        Config::load_with_origins(None)
            .ok()
            .and_then(|(_, files)| files.into_iter().find(|f| f.name == name))
            .map(|f| f.text)
            .unwrap_or_default()
    };
    Ok((
        menu.unwrap_or_else(|| shipped("menu.toml")),
        pricing.unwrap_or_else(|| shipped("pricing.toml")),
    ))
}

/// The canteens' own menus and pricing in force: those the newest bundle
/// carrying menu or pricing carried (none before any did).
pub fn overrides(db: &mut dyn Db) -> Result<BTreeMap<String, CanteenRules>> {
    let signed: Vec<String> =
        rows::column(db, "SELECT signed FROM bundles ORDER BY version DESC", &[])?;
    for json in signed {
        let bundle = unpack(&json)?;
        if bundle.menu_toml.is_some() || bundle.pricing_toml.is_some() {
            return Ok(bundle.canteen_rules.unwrap_or_default());
        }
    }
    Ok(BTreeMap::new())
}

/// Issued bundles, newest first: version, time, and which files each carried
/// (`residents`, `menu`, `pricing`, `dishes`, and `own menu: A, B` for
/// canteens' own).
pub fn issued(db: &mut dyn Db) -> Result<Vec<(u64, String, Vec<String>)>> {
    let issued: Vec<(u64, String, String)> = rows::all_with(
        db,
        "SELECT version, issued_at, signed FROM bundles ORDER BY version DESC",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    issued
        .into_iter()
        .map(|(version, at, json)| {
            let b = unpack(&json)?;
            let mut files: Vec<String> = [
                ("residents", b.residents.is_some()),
                ("menu", b.menu_toml.is_some()),
                ("pricing", b.pricing_toml.is_some()),
                ("dishes", b.dishes.is_some()),
            ]
            .into_iter()
            .filter(|&(_, has)| has)
            .map(|(name, _)| name.to_owned())
            .collect();
            if let Some(own) = b.canteen_rules.filter(|r| !r.is_empty()) {
                let names: Vec<&str> = own.keys().map(String::as_str).collect();
                files.push(format!("own menu: {}", names.join(", ")));
            }
            Ok((version, at, files))
        })
        .collect()
}

fn unreadable(e: serde_json::Error) -> OfficeError {
    OfficeError::Store(format!("a stored bundle is unreadable: {e}"))
}

fn unpack(json: &str) -> Result<Bundle> {
    unpack_signed(&serde_json::from_str(json).map_err(unreadable)?)
}

/// The bundle a stored signed bundle carries (the office's own: not verified).
pub(crate) fn unpack_signed(signed: &SignedBundle) -> Result<Bundle> {
    serde_json::from_str(&signed.bundle).map_err(unreadable)
}
