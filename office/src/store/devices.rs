//! Registered devices and their tokens. A token is 32 random bytes shown once
//! (hex) at registration; only its SHA-256 is stored, and a request's token is
//! looked up by that hash.

use crate::params;
use crate::store::db::Db;
use crate::store::rows;
use canteen_core::Secret;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::error::{OfficeError, Result};

/// What `device add` prints: the only time the token is shown.
#[derive(Debug, Serialize)]
pub struct Registered {
    pub device_id: String,
    pub token: Secret,
}

/// Who a device is, for reports.
pub struct NewDevice<'a> {
    /// The kiosk's own device id (from its ledger), or `None` for a new random one.
    pub device_id: Option<&'a str>,
    pub name: &'a str,
    pub canteen: &'a str,
    pub operator: &'a str,
}

pub(crate) fn random_hex(len: usize) -> Result<String> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
    Ok(hex::encode(bytes))
}

pub(crate) fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Registers a device and issues its token.
pub fn add(db: &mut dyn Db, new: &NewDevice<'_>, now: &str) -> Result<Registered> {
    let device_id = match new.device_id {
        Some(id) if canteen_sync::validate::is_identifier(id) => id.to_owned(),
        Some(_) => {
            return Err(OfficeError::BadRequest {
                code: "bad_device_id",
                status: 400,
                message: "a device id is 1–64 characters of A–Z a–z 0–9 - _".into(),
            });
        }
        None => format!("dev-{}", random_hex(6)?),
    };
    let token = random_hex(32)?;
    let inserted = db.execute(
        "INSERT INTO devices (device_id, name, canteen, operator, token_sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![
            &device_id,
            new.name,
            new.canteen,
            new.operator,
            &token_hash(&token),
            now
        ],
    )?;
    if inserted == 0 {
        return Err(OfficeError::DeviceExists(device_id));
    }
    Ok(Registered {
        device_id,
        token: Secret::new(token),
    })
}

/// The device a bearer token belongs to (never a revoked one).
pub fn authenticate(db: &mut dyn Db, token: &str) -> Result<String> {
    rows::first(
        db,
        "SELECT device_id FROM devices WHERE token_sha256 = ?1 AND revoked_at IS NULL",
        params![&token_hash(token)],
    )?
    .ok_or(OfficeError::Unauthorized)
}

/// The canteen `device_id` is registered at, if the office knows it.
pub fn canteen_of(db: &mut dyn Db, device_id: &str) -> Result<Option<String>> {
    rows::first(
        db,
        "SELECT canteen FROM devices WHERE device_id = ?1",
        params![device_id],
    )
}

/// The canteens of the registered devices, each once, in order.
pub fn canteens(db: &mut dyn Db) -> Result<Vec<String>> {
    rows::column(
        db,
        "SELECT DISTINCT canteen FROM devices ORDER BY canteen",
        &[],
    )
}

/// Revokes `device_id` at `now`: its token is refused from the next request
/// on; its records stay. False when no such device holds a token.
pub fn revoke(db: &mut dyn Db, device_id: &str, now: &str) -> Result<bool> {
    let changed = db.execute(
        "UPDATE devices SET revoked_at = ?2 WHERE device_id = ?1 AND revoked_at IS NULL",
        params![device_id, now],
    )?;
    Ok(changed == 1)
}
