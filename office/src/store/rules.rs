//! The pricing and menu a device held, as the office itself issued them.
//!
//! Version 0 is the shipped defaults (the office's own embedded copy); any
//! other version must be a bundle this office issued, and its menu and
//! pricing are those of the newest bundle up to that version that carried
//! each file (a bundle of residents only keeps the menu and pricing before it).

use std::collections::HashMap;

use canteen_config::Config;
use canteen_sync::signing::{Bundle, SignedBundle};
use rusqlite::Connection;

use crate::error::{OfficeError, Result};

/// Configurations by bundle version, built once per batch.
#[derive(Default)]
pub struct RulesCache(HashMap<u64, Option<Config>>);

impl RulesCache {
    /// The configuration of `version`, or `None` when this office never issued
    /// it (or issued files that do not make a valid configuration).
    pub fn get(&mut self, conn: &Connection, version: u64) -> Result<Option<&Config>> {
        if !self.0.contains_key(&version) {
            let config = load(conn, version)?;
            self.0.insert(version, config);
        }
        Ok(self.0[&version].as_ref())
    }
}

/// The configuration of the newest bundle this office issued (the shipped
/// defaults when it issued none, or none valid): what names the claim's
/// periods, tiers and categories, and which categories a registry may give.
pub fn latest(conn: &Connection) -> Result<Config> {
    let newest: Option<u64> =
        conn.query_row("SELECT max(version) FROM bundles", [], |r| r.get(0))?;
    Ok(match newest {
        Some(v) => load(conn, v)?,
        None => None,
    }
    .unwrap_or_else(Config::defaults))
}

fn load(conn: &Connection, version: u64) -> Result<Option<Config>> {
    if version == 0 {
        // Parsed and validated once per process, not once per batch.
        static SHIPPED: std::sync::OnceLock<Config> = std::sync::OnceLock::new();
        return Ok(Some(SHIPPED.get_or_init(Config::defaults).clone()));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT version, signed FROM bundles WHERE version <= ?1 ORDER BY version DESC",
    )?;
    let bundles = stmt
        .query_map([version], |r| {
            Ok((r.get::<_, u64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if bundles.first().is_none_or(|(v, _)| *v != version) {
        return Ok(None);
    }
    let (mut menu, mut pricing) = (None, None);
    for (_, json) in bundles {
        let bundle = unpack(&json)?;
        menu = menu.or(bundle.menu_toml);
        pricing = pricing.or(bundle.pricing_toml);
        if menu.is_some() && pricing.is_some() {
            break;
        }
    }
    let texts: Vec<(&str, &str)> = [("menu.toml", &menu), ("pricing.toml", &pricing)]
        .into_iter()
        .filter_map(|(name, text)| text.as_deref().map(|t| (name, t)))
        .collect();
    Ok(Config::from_texts(&texts).ok().map(|mut c| {
        c.pricing.version = version;
        c
    }))
}

fn unpack(json: &str) -> Result<Bundle> {
    let unreadable =
        |e: serde_json::Error| OfficeError::Store(format!("a stored bundle is unreadable: {e}"));
    let signed: SignedBundle = serde_json::from_str(json).map_err(unreadable)?;
    serde_json::from_str(&signed.bundle).map_err(unreadable)
}
