//! Publishing the office's registry as the next signed bundle: every
//! imported resident with the status a clerk last gave them (masked forms and
//! keys only), version one above the newest issued, menu and pricing left as
//! the bundles before it set them. Kiosks pull it on their next sync.

use std::path::Path;

use canteen_sync::signing::{Bundle, KeyedResidents};
use rusqlite::Connection;

use crate::error::Result;
use crate::keys;
use crate::store::{bundles, resident_status};

/// Signs and stores the registry as the next bundle at `now`; its version
/// and how many residents it carries.
pub fn registry_bundle(conn: &Connection, data_dir: &Path, now: &str) -> Result<(u64, usize)> {
    let newest: Option<u64> =
        conn.query_row("SELECT max(version) FROM bundles", [], |r| r.get(0))?;
    let version = newest.unwrap_or(0) + 1;
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
    };
    let signed = keys::load_or_create(data_dir)?.sign_bundle(&bundle);
    bundles::put(conn, version, &signed, now)?;
    Ok((version, count))
}
