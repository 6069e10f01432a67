//! Issued bundles: stored once per version, the latest served to kiosks —
//! to each as its canteen runs it ([`latest_for`]).

use crate::params;
use crate::store::db::Db;
use canteen_sync::signing::{OfficeKey, SignedBundle};

use crate::error::{OfficeError, Result};

/// Stores a signed bundle under its version; a version is issued only once.
pub fn put(db: &mut dyn Db, version: u64, signed: &SignedBundle, now: &str) -> Result<()> {
    let json = serde_json::to_string(signed).expect("a signed bundle always serialises");
    let inserted = db.execute(
        "INSERT INTO bundles (version, signed, issued_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
        params![version, json, now],
    )?;
    if inserted == 0 {
        return Err(OfficeError::BadRequest {
            code: "bundle_exists",
            status: 409,
            message: format!("bundle version {version} was already issued; use a higher version"),
        });
    }
    Ok(())
}

/// The newest bundle, if any was issued.
pub fn latest(db: &mut dyn Db) -> Result<Option<SignedBundle>> {
    let json: Option<String> = db
        .query_opt(
            "SELECT signed FROM bundles ORDER BY version DESC LIMIT 1",
            &[],
        )?
        .map(|r| r.get(0))
        .transpose()?;
    json.map(|j| {
        serde_json::from_str(&j)
            .map_err(|e| OfficeError::Store(format!("a stored bundle is unreadable: {e}")))
    })
    .transpose()
}

/// The newest bundle as `canteen`'s kiosks get it: stored as issued when it
/// carries no canteen's own menu, else [`Bundle::for_canteen`] signed anew
/// with `key` (same version; the canteen's own menu and pricing, or the shared
/// ones, and no per-canteen field, so every kiosk parses it).
///
/// [`Bundle::for_canteen`]: canteen_sync::signing::Bundle::for_canteen
pub fn latest_for(
    db: &mut dyn Db,
    canteen: Option<&str>,
    key: impl FnOnce() -> Result<OfficeKey>,
) -> Result<Option<SignedBundle>> {
    let Some(signed) = latest(db)? else {
        return Ok(None);
    };
    let bundle = super::rules::unpack_signed(&signed)?;
    if bundle.canteen_rules.is_none() {
        return Ok(Some(signed));
    }
    Ok(Some(key()?.sign_bundle(
        &bundle.for_canteen(canteen.unwrap_or_default()),
    )))
}

/// The newest version issued (0 when none: kiosks run the shipped defaults).
pub fn newest_version(db: &mut dyn Db) -> Result<u64> {
    let newest: Option<u64> = db
        .query_one("SELECT max(version) FROM bundles", &[])?
        .get(0)?;
    Ok(newest.unwrap_or(0))
}

/// One above the newest version issued (1 for the first bundle).
pub fn next_version(db: &mut dyn Db) -> Result<u64> {
    Ok(newest_version(db)? + 1)
}
