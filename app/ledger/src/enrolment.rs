//! The kiosk's enrolment with the community office, kept as rows of `meta`
//! (no schema change): the office URL, the office's public key, the canteen
//! the office registered the kiosk at, and optionally the office's CA file;
//! the device token — a secret — in `office.token` beside the resident key,
//! not in the data folder ([`crate::token_file`]). [`Ledger::enrol`](crate::Ledger::enrol) stores them and
//! switches the resident keyring to the office's community secret in one
//! transaction (see [`crate::keyring`] for how the key file follows).
//!
//! Residents already in the registry were keyed with the old secret and could
//! never be found again: the same transaction drops them, and the next sync's
//! bundle imports them again. Sales already recorded keep the keys they were
//! recorded with (the journal is append-only), so the office links only sales
//! made after enrolment across canteens, and this period's quota starts afresh.

use std::path::Path;

use canteen_core::{CommunitySecret, Secret};
use rusqlite::Connection;

use crate::error::Result;
use crate::identity::meta;
use crate::keyring;
use crate::token_file;
use crate::write_tx::WriteTx;

/// Where the office is and how this kiosk talks to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeLink {
    /// Base URL, e.g. `https://office.example:8443`.
    pub office: String,
    /// This device's bearer token (its `Debug` never shows it).
    pub token: Secret,
    /// The office's ed25519 public key (hex).
    pub office_key: String,
    /// The canteen the office registered this kiosk at.
    pub canteen: String,
    /// A PEM file to trust for the office's certificate, if it has its own CA.
    pub office_ca: Option<String>,
}

const KEYS: [&str; 4] = ["office_url", "office_key", "office_canteen", "office_ca"];

/// The link of an enrolled kiosk (its token read from `dir`), or `None`.
pub(crate) fn load(conn: &Connection, dir: &Path) -> Result<Option<OfficeLink>> {
    let (Some(office), Some(office_key), Some(canteen)) = (
        meta(conn, KEYS[0])?,
        meta(conn, KEYS[1])?,
        meta(conn, KEYS[2])?,
    ) else {
        return Ok(None);
    };
    Ok(Some(OfficeLink {
        office,
        token: Secret::new(token_file::read(conn, dir)?),
        office_key,
        canteen,
        office_ca: meta(conn, KEYS[3])?,
    }))
}

/// Stores `link` (its token's hash; the token itself in `dir`), the
/// fingerprint of `secret` and drops the residents in one IMMEDIATE
/// transaction, with the key and token files staged before and installed
/// after it; the number of residents dropped. Nothing changes if it fails before
/// the commit.
pub(crate) fn enrol(
    conn: &mut Connection,
    dir: &Path,
    link: &OfficeLink,
    secret: &CommunitySecret,
) -> Result<u64> {
    keyring::stage(dir, secret)?;
    token_file::stage(dir, link.token.expose())?;
    let committed = (|| -> Result<u64> {
        let tx = WriteTx::begin(conn)?;
        let token_hash = token_file::hash(link.token.expose());
        let values = [
            Some(link.office.as_str()),
            Some(link.office_key.as_str()),
            Some(link.canteen.as_str()),
            link.office_ca.as_deref(),
        ];
        for (key, value) in KEYS.iter().zip(values) {
            match value {
                Some(v) => tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, v),
                )?,
                None => tx.execute("DELETE FROM meta WHERE key = ?1", [key])?,
            };
        }
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (token_file::HASH_KEY, &token_hash),
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('resident_key_fingerprint', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [secret.fingerprint()],
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (keyring::COST_KEY, keyring::format_cost(secret.cost())),
        )?;
        let dropped = tx.execute("DELETE FROM residents", [])?;
        tx.commit()?;
        Ok(dropped as u64)
    })();
    match committed {
        Ok(dropped) => {
            keyring::install(dir)?;
            token_file::install(dir)?;
            Ok(dropped)
        }
        Err(e) => {
            keyring::unstage(dir);
            token_file::unstage(dir);
            Err(e)
        }
    }
}
