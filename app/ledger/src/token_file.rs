//! The office token — the secret a kiosk syncs with — kept in `office.token`
//! beside the resident key ([`crate::keyring`]: the configuration directory
//! on an appliance), not in the data folder: mode 0600, owned by the user
//! running the kiosk, checked at every open like the key file
//! ([`keyring::check_private`], [`LedgerError::KeyFileExposed`]). The data
//! folder then holds no secret: a copy of it (or of its backups) cannot sync
//! as the kiosk.
//!
//! The database keeps only the token's SHA-256 (`office_token_sha256` in
//! `meta`; the token is 256 random bits, so the hash tells nothing of it): a
//! missing or foreign token file is refused with a clear error
//! ([`LedgerError::OfficeTokenMissing`]) instead of failing at the office.
//!
//! A token kept in `meta` by an older version is moved at the first open:
//! written to the file (0600, fsync'd, renamed into place, the directory
//! fsync'd), then its row deleted with `secure_delete` on, so its bytes are
//! zeroed in the database file. Enrolment stages the new token as
//! `office.token.new`, commits its hash with the rest of the link, then
//! renames it into place; a crash in between is finished at the next open (a
//! staged token whose hash the database holds is installed, any other dropped).

use std::fs;
use std::io::ErrorKind;
use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

use crate::error::{LedgerError, Result};
use crate::identity::meta;
use crate::keyring;

pub const TOKEN_FILE: &str = "office.token";

/// A token waiting for its enrolment's commit.
pub const STAGED_TOKEN_FILE: &str = "office.token.new";

/// The `meta` row holding the token's SHA-256 (hex).
pub(crate) const HASH_KEY: &str = "office_token_sha256";

/// The `meta` row an older version kept the token itself in.
const OLD_KEY: &str = "office_token";

pub(crate) fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// At open: moves a token kept in `meta` into `dir`, finishes or drops a
/// staged one, and checks the file's permissions. True when a token was moved.
pub(crate) fn settle(conn: &Connection, dir: &Path) -> Result<bool> {
    let moved = match meta(conn, OLD_KEY)? {
        Some(token) => {
            keyring::write_private(dir, TOKEN_FILE, token.as_bytes())?;
            conn.execute_batch("PRAGMA secure_delete = ON")?;
            let tx = conn.unchecked_transaction()?;
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (HASH_KEY, hash(&token)),
            )?;
            tx.execute("DELETE FROM meta WHERE key = ?1", [OLD_KEY])?;
            tx.commit()?;
            conn.execute_batch("PRAGMA secure_delete = OFF")?;
            true
        }
        None => false,
    };
    match fs::read_to_string(dir.join(STAGED_TOKEN_FILE)) {
        Err(e) if e.kind() == ErrorKind::NotFound => {}
        Err(e) => return Err(e.into()),
        Ok(staged) if meta(conn, HASH_KEY)?.as_deref() == Some(hash(&staged).as_str()) => {
            install(dir)?
        }
        Ok(_) => unstage(dir),
    }
    if dir.join(TOKEN_FILE).exists() {
        keyring::check_private(&dir.join(TOKEN_FILE))?;
    }
    Ok(moved)
}

/// The token of an enrolled kiosk, read from `dir` and checked against the
/// hash the database holds.
pub(crate) fn read(conn: &Connection, dir: &Path) -> Result<String> {
    let path = dir.join(TOKEN_FILE);
    let missing = || LedgerError::OfficeTokenMissing(path.display().to_string());
    let token = match fs::read_to_string(&path) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Err(missing()),
        Err(e) => return Err(e.into()),
        Ok(token) => token,
    };
    keyring::check_private(&path)?;
    match meta(conn, HASH_KEY)? {
        Some(h) if h == hash(&token) => Ok(token),
        _ => Err(missing()),
    }
}

/// Writes `token` as the staged token (0600, fsync'd). Nothing uses it until
/// [`install`].
pub(crate) fn stage(dir: &Path, token: &str) -> Result<()> {
    keyring::write_private(dir, STAGED_TOKEN_FILE, token.as_bytes())
}

/// Renames the staged token into place and fsyncs the directory.
pub(crate) fn install(dir: &Path) -> Result<()> {
    keyring::install_staged(dir, STAGED_TOKEN_FILE, TOKEN_FILE)
}

/// Drops a staged token whose enrolment did not commit.
pub(crate) fn unstage(dir: &Path) {
    keyring::drop_staged(dir, STAGED_TOKEN_FILE);
}
