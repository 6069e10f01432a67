//! Sealing what the office must keep in full: the ID numbers and names the
//! civil-affairs claim needs are stored only as ChaCha20-Poly1305 ciphertext
//! (a random 96-bit nonce per value, the resident key as associated data, so
//! a sealed value moved to another resident's row does not open), under a key
//! kept in a file OUTSIDE the data directory (`--seal-key`), 32 random bytes
//! as hex, mode 0600.
//!
//! The key file is created (0600) by the first command that imports
//! residents; a key file readable by group or others, a key file inside the
//! data directory, a missing key where sealed data exists, or a key that does
//! not open the stored values (checked against a fingerprint kept in the
//! database) is refused with what to do.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::store::db::Db;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

use crate::error::{OfficeError, Result};
use crate::store::seal_fingerprint;

/// The seal key's default file: next to (never inside) the data directory,
/// `<data>.seal.key` (`./office-data.seal.key` for the default `--data`).
pub fn default_path(data_dir: &Path) -> PathBuf {
    let mut name = data_dir
        .file_name()
        .map_or_else(|| "office-data".into(), |n| n.to_os_string());
    name.push(".seal.key");
    data_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from(&name), |p| p.join(&name))
}

/// The key that seals and opens ID numbers and names.
pub struct SealKey(ChaCha20Poly1305);

fn refuse(message: String) -> OfficeError {
    OfficeError::BadRequest {
        code: "seal_key",
        status: 400,
        message,
    }
}

impl SealKey {
    /// Loads the key at `path` for the store in `data_dir`, creating it (0600)
    /// when `create` and no sealed data exists yet; checks its mode, its place
    /// and its fingerprint.
    pub fn open(path: &Path, data_dir: &Path, db: &mut dyn Db, create: bool) -> Result<SealKey> {
        let inside = |p: &Path| {
            let abs = |q: &Path| std::path::absolute(q).unwrap_or_else(|_| q.to_path_buf());
            abs(p).starts_with(abs(data_dir))
        };
        if inside(path) {
            return Err(refuse(format!(
                "the seal key {} is inside the data directory {}; keep it outside (e.g. --seal-key {})",
                path.display(),
                data_dir.display(),
                default_path(data_dir).display()
            )));
        }
        let stored = seal_fingerprint::stored(db)?;
        if !path.exists() {
            if stored.is_some() || !create {
                return Err(refuse(format!(
                    "the seal key {} is missing{}; restore it from where the office keeps it (pass --seal-key FILE)",
                    path.display(),
                    if stored.is_some() {
                        " but the office holds sealed ID numbers and names"
                    } else {
                        ""
                    }
                )));
            }
            create_key(path)?;
        }
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(refuse(format!(
                "the seal key {} is readable by others (mode {mode:o}); run `chmod 600 {}` and try again",
                path.display(),
                path.display()
            )));
        }
        let text = std::fs::read_to_string(path)?;
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| {
            refuse(format!(
                "the seal key {} is not 64 hex digits",
                path.display()
            ))
        })?;
        let key = SealKey(ChaCha20Poly1305::new(Key::from_slice(&bytes)));
        let fingerprint = key.fingerprint();
        match stored {
            Some(s) if s != fingerprint => Err(refuse(format!(
                "the seal key {} is not the key that sealed this office's ID numbers and names; pass the right --seal-key FILE",
                path.display()
            ))),
            Some(_) => Ok(key),
            None => {
                seal_fingerprint::record(db, &fingerprint)?;
                match seal_fingerprint::stored(db)? {
                    Some(s) if s == fingerprint => Ok(key),
                    _ => Err(refuse(format!(
                        "the seal key {} is not the key that sealed this office's ID numbers and names; pass the right --seal-key FILE",
                        path.display()
                    ))),
                }
            }
        }
    }

    /// A fingerprint of the key: a fixed label sealed with a zero nonce.
    fn fingerprint(&self) -> String {
        let tag = self
            .0
            .encrypt(
                Nonce::from_slice(&[0; 12]),
                b"canteen-office seal key".as_slice(),
            )
            .expect("sealing a label cannot fail");
        hex::encode(&tag[tag.len() - 16..])
    }

    /// Seals `plain` for the resident `aad` (their key): hex of nonce ‖ ciphertext.
    pub fn seal(&self, plain: &str, aad: &str) -> Result<String> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        let sealed = self
            .0
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plain.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| OfficeError::Store("sealing failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// Opens a value sealed for `aad`.
    pub fn open_value(&self, sealed: &str, aad: &str) -> Result<String> {
        let broken =
            || OfficeError::Store("a sealed registry value does not open with this key".into());
        let bytes = hex::decode(sealed).map_err(|_| broken())?;
        if bytes.len() < 12 {
            return Err(broken());
        }
        let (nonce, ct) = bytes.split_at(12);
        let plain = self
            .0
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| broken())?;
        String::from_utf8(plain).map_err(|_| broken())
    }
}

fn create_key(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(hex::encode(bytes).as_bytes())?;
            file.sync_all()?;
            Ok(())
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_opens_only_for_its_resident_and_never_reads_as_its_plaintext() {
        let data = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let mut conn = crate::store::open(data.path()).unwrap();
        let path = outside.path().join("seal.key");
        assert!(
            SealKey::open(&path, data.path(), &mut conn, false).is_err(),
            "not created unasked"
        );
        let key = SealKey::open(&path, data.path(), &mut conn, true).unwrap();
        let a = key.seal("11010519491231002X", "key-a").unwrap();
        let b = key.seal("11010519491231002X", "key-a").unwrap();
        assert_ne!(a, b, "a random nonce per value");
        assert!(!a.contains("1101051949"));
        assert_eq!(key.open_value(&a, "key-a").unwrap(), "11010519491231002X");
        assert!(
            key.open_value(&a, "key-b").is_err(),
            "moved to another resident"
        );
        let mut altered = a.clone();
        altered.replace_range(30..31, if &a[30..31] == "0" { "1" } else { "0" });
        assert!(key.open_value(&altered, "key-a").is_err());
    }
}
