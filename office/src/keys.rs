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
