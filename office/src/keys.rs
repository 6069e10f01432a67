//! The office's ed25519 signing key: a 32-byte seed in `office.key` (hex) in
//! the data directory, created on first use readable by the owner only. Keep
//! it out of backups that leave the office; kiosks hold only the public key.

use std::io::Write;
use std::path::Path;

use canteen_sync::signing::OfficeKey;

use crate::error::{OfficeError, Result};

pub const KEY_FILE: &str = "office.key";

/// Loads the signing key in `data_dir`, creating it if there is none.
pub fn load_or_create(data_dir: &Path) -> Result<OfficeKey> {
    let path = data_dir.join(KEY_FILE);
    if !path.exists() {
        std::fs::create_dir_all(data_dir)?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode_owner_only()
            .open(&path)?;
        file.write_all(hex::encode(seed).as_bytes())?;
        file.sync_all()?;
    }
    let text = std::fs::read_to_string(&path)?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed)
        .map_err(|_| OfficeError::Store(format!("{} is not a 64-hex-digit key", path.display())))?;
    Ok(OfficeKey::from_seed(seed))
}

trait OwnerOnly {
    fn mode_owner_only(&mut self) -> &mut Self;
}

impl OwnerOnly for std::fs::OpenOptions {
    fn mode_owner_only(&mut self) -> &mut Self {
        use std::os::unix::fs::OpenOptionsExt;
        self.mode(0o600)
    }
}

/// The community secret in the data directory: 32 random bytes in
/// `community.key`, created on first use readable by the owner only. Every
/// enrolled kiosk derives resident keys with it, so one person has one key
/// across the community; the office keys its registry with it.
pub const COMMUNITY_KEY_FILE: &str = "community.key";

/// Loads the community secret in `data_dir`, creating it if there is none.
pub fn community_secret(data_dir: &Path) -> Result<canteen_core::CommunitySecret> {
    let path = data_dir.join(COMMUNITY_KEY_FILE);
    if !path.exists() {
        std::fs::create_dir_all(data_dir)?;
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode_owner_only()
            .open(&path)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
    }
    let bytes: [u8; 32] = std::fs::read(&path)?.try_into().map_err(|_| {
        OfficeError::Store(format!(
            "{} is not a 32-byte community secret; restore it from the office's backup",
            path.display()
        ))
    })?;
    Ok(canteen_core::CommunitySecret::from_bytes(bytes))
}
