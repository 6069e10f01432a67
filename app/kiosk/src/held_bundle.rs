//! The kept bundle, `DATA/bundle.json`: only the version and signature of the
//! last bundle applied, enough for "is the office's bundle newer?", so the
//! residents list (names and ID numbers) never stays in the data folder.

use std::path::Path;

use canteen_sync::signing::{OfficePublicKey, SignedBundle};

use crate::office_sync::{self, BUNDLE_FILE, BundleError};

/// What the kiosk keeps of the last bundle applied, in `DATA/bundle.json`:
/// its version and the office's signature, never its contents (the residents
/// list names people; the registry keeps only keys and masked forms).
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct HeldBundle {
    pub version: u64,
    pub signature: String,
}

/// The version of the bundle held in `path` (0 when none). A whole signed
/// bundle kept by an older kiosk is verified, then rewritten as a
/// [`HeldBundle`] so its residents list does not stay on disk.
pub(crate) fn held_version(key: &OfficePublicKey, data: &Path) -> Result<u64, BundleError> {
    let text = match std::fs::read_to_string(data.join(BUNDLE_FILE)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e.into()),
    };
    if let Ok(held) = serde_json::from_str::<HeldBundle>(&text) {
        return Ok(held.version);
    }
    let signed = serde_json::from_str::<SignedBundle>(&text)?;
    // It may be of an older shape: only its (signed) version matters.
    let version = key.verified_version(&signed)?;
    keep(data, version, &signed)?;
    Ok(version)
}

pub(crate) fn keep(data: &Path, version: u64, signed: &SignedBundle) -> Result<(), BundleError> {
    let held = HeldBundle {
        version,
        signature: signed.signature.clone(),
    };
    office_sync::write_atomically(data, BUNDLE_FILE, &serde_json::to_vec(&held)?)?;
    Ok(())
}
