//! The office's two secrets, each 32 random bytes (hex) in a file of the data
//! directory, created on first use readable by the owner only: the ed25519
//! signing key's seed in `office.key` (kiosks hold only its public key) and the
//! community secret in `community.key`, which every kiosk receives at
//! enrolment so a resident has one key at every canteen and terminal. Keep both
//! out of backups that leave the office.

use std::io::{ErrorKind, Write};
use std::path::Path;

use canteen_core::CommunitySecret;
use canteen_sync::signing::OfficeKey;

use crate::error::{OfficeError, Result};

pub const KEY_FILE: &str = "office.key";

/// The community secret's file.
pub const COMMUNITY_FILE: &str = "community.key";

/// Loads the signing key in `data_dir`, creating it if there is none.
pub fn load_or_create(data_dir: &Path) -> Result<OfficeKey> {
    Ok(OfficeKey::from_seed(load_or_create_bytes(
        data_dir, KEY_FILE,
    )?))
}

/// Loads the community secret in `data_dir`, creating it if there is none.
pub fn community_secret(data_dir: &Path) -> Result<CommunitySecret> {
    Ok(CommunitySecret::from_bytes(load_or_create_bytes(
        data_dir,
        COMMUNITY_FILE,
    )?))
}

/// 32 bytes kept as hex in `data_dir/name`: written to a temporary file
/// (mode 0600), synced, then hard-linked into place, so two processes starting
/// at once agree on one value and none reads a half-written file.
fn load_or_create_bytes(data_dir: &Path, name: &str) -> Result<[u8; 32]> {
    let path = data_dir.join(name);
    if !path.exists() {
        std::fs::create_dir_all(data_dir)?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        // A name of its own, so no other writer (process or thread) shares it.
        let mut tag = [0u8; 8];
        getrandom::fill(&mut tag).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        let tmp = data_dir.join(format!(".{name}.{}", hex::encode(tag)));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode_owner_only()
            .open(&tmp)?;
        file.write_all(hex::encode(seed).as_bytes())?;
        file.sync_all()?;
        let linked = std::fs::hard_link(&tmp, &path);
        std::fs::remove_file(&tmp)?;
        match linked {
            Ok(()) => std::fs::File::open(data_dir)?.sync_all()?,
            // Another process created it first: use theirs.
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e.into()),
        }
    }
    let text = std::fs::read_to_string(&path)?;
    let mut seed = [0u8; 32];
    hex::decode_to_slice(text.trim(), &mut seed)
        .map_err(|_| OfficeError::Store(format!("{} is not a 64-hex-digit key", path.display())))?;
    Ok(seed)
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
