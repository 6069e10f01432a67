//! Publishing the next signed bundle, version one above the newest issued:
//! the office's registry (every imported resident with the status a clerk
//! last gave them; masked forms and keys only; menu and pricing left as the
//! bundles before it set them), or an admin's menu and pricing, validated
//! first by the kiosks' own configuration checks (residents left as before).
//! Kiosks pull it on their next sync.

use std::path::Path;

use canteen_config::{Config, ConfigError};
use canteen_sync::signing::{Bundle, KeyedResidents};
use rusqlite::Connection;

use crate::error::Result;
use crate::keys;
use crate::store::{bundles, resident_status};

/// Signs and stores the registry as the next bundle at `now`; its version
/// and how many residents it carries.
pub fn registry_bundle(conn: &Connection, data_dir: &Path, now: &str) -> Result<(u64, usize)> {
    let version = bundles::next_version(conn)?;
    let rows = resident_status::bundle_rows(conn)?;
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
        dishes: None,
    };
    sign_and_store(conn, data_dir, &bundle)?;
    Ok((version, count))
}

/// Checks `menu` and `pricing` (the texts of `menu.toml` and `pricing.toml`)
/// as a kiosk would; when they are good, signs and stores them as the next
/// bundle at `now` and returns its version, else every problem.
pub fn rules_bundle(
    conn: &Connection,
    data_dir: &Path,
    menu: &str,
    pricing: &str,
    now: &str,
) -> Result<std::result::Result<u64, ConfigError>> {
    if let Err(problems) = Config::from_texts(&[("menu.toml", menu), ("pricing.toml", pricing)]) {
        return Ok(Err(problems));
    }
    let version = bundles::next_version(conn)?;
    let bundle = Bundle {
        version,
        issued_at: now.to_owned(),
        residents: None,
        menu_toml: Some(menu.to_owned()),
        pricing_toml: Some(pricing.to_owned()),
        dishes: None,
    };
    sign_and_store(conn, data_dir, &bundle)?;
    Ok(Ok(version))
}

fn sign_and_store(conn: &Connection, data_dir: &Path, bundle: &Bundle) -> Result<()> {
    let signed = keys::load_or_create(data_dir)?.sign_bundle(bundle);
    bundles::put(conn, bundle.version, &signed, &bundle.issued_at)
}
