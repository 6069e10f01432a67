//! One-step enrolment of a kiosk. `device add` without a device id issues an
//! enrolment code: 12 characters of an alphabet with no look-alikes, shown as
//! `ABCD-EFGH-JKLM` (typed back in any case, with or without the dashes),
//! stored only as its SHA-256, usable once before its expiry. The kiosk sends
//! the code with its own ledger device id to `POST /v1/enroll`; [`enrol`]
//! registers it under that id with a new token and marks the code used, in one
//! transaction. Every time is passed in by the caller (`now`), so expiry is
//! tested without touching the clock.

use crate::params;
use crate::store::db::{Db, Row};
use canteen_core::Secret;
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::devices::{random_hex, token_hash};
use super::rows;
use crate::error::{OfficeError, Result};

/// The characters of a code: no I, L, O, U, 0 or 1 to misread.
pub const CODE_ALPHABET: &[u8; 30] = b"ABCDEFGHJKMNPQRSTVWXYZ23456789";

/// Characters in a code (about 59 bits).
pub const CODE_LEN: usize = 12;

/// How long a code is valid when `device add` is not told otherwise.
pub const DEFAULT_VALID_HOURS: u32 = 72;

/// What `device add` prints for a kiosk to enrol: the only time the code is shown.
#[derive(Debug, Serialize)]
pub struct Issued {
    /// Provisional: the device takes the kiosk's own id when it enrols.
    pub device_id: String,
    pub enroll_code: String,
    pub expires_at: String,
}

/// Who the kiosk to enrol is, for reports.
pub struct Pending<'a> {
    pub name: &'a str,
    pub canteen: &'a str,
    pub operator: &'a str,
}

/// A kiosk just enrolled: its id (the kiosk's own), canteen and new token.
pub struct Enrolled {
    pub device_id: String,
    pub canteen: String,
    pub token: Secret,
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn code_hash(normalised: &str) -> [u8; 32] {
    Sha256::digest(normalised.as_bytes()).into()
}

/// A random code, normalised (no dashes).
fn new_code() -> Result<String> {
    let mut code = String::with_capacity(CODE_LEN);
    while code.len() < CODE_LEN {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| OfficeError::Io(std::io::Error::other(e)))?;
        // 240 = 8 × 30: taking bytes below it keeps every character equally likely.
        for b in bytes.into_iter().filter(|&b| b < 240) {
            if code.len() < CODE_LEN {
                code.push(char::from(CODE_ALPHABET[usize::from(b % 30)]));
            }
        }
    }
    Ok(code)
}

/// `ABCDEFGHJKMN` as shown: `ABCD-EFGH-JKMN`.
pub fn display(normalised: &str) -> String {
    let chars: Vec<char> = normalised.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// A code as typed, upper-cased without dashes or spaces; `None` when it
/// cannot be a code (wrong length or a character outside the alphabet).
pub fn normalise(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !matches!(c, '-' | ' '))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

/// Issues a code for a kiosk to enrol, valid until `now + valid_for`.
pub fn issue(
    db: &mut dyn Db,
    who: &Pending<'_>,
    now: DateTime<Utc>,
    valid_for: Duration,
) -> Result<Issued> {
    let code = new_code()?;
    let pending_id = format!("dev-{}", random_hex(6)?);
    let expires_at = rfc3339(now + valid_for);
    db.execute(
        "INSERT INTO enrol_codes (code_sha256, pending_id, name, canteen, operator, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            &code_hash(&code),
            &pending_id,
            who.name,
            who.canteen,
            who.operator,
            rfc3339(now),
            &expires_at,
        ],
    )?;
    Ok(Issued {
        device_id: pending_id,
        enroll_code: display(&code),
        expires_at,
    })
}

fn refused(status: u16, code: &'static str, message: String) -> OfficeError {
    OfficeError::BadRequest {
        code,
        status,
        message,
    }
}

const ASK_AGAIN: &str =
    "ask the community office for a new code (`canteen-office device add --name … --canteen …`)";

/// Uses `typed` to enrol the kiosk whose ledger device id is `device_id`, at
/// `now`: registers the device with a new token and marks the code used, in
/// one IMMEDIATE transaction. Refused (nothing written): an unknown or used
/// code (403 `bad_enroll_code`), an expired one (410 `enroll_code_expired`),
/// an id that is not an identifier (400 `bad_device_id`) or already belongs
/// to a registered device (409 `device_exists`).
pub fn enrol(
    db: &mut dyn Db,
    typed: &str,
    device_id: &str,
    now: DateTime<Utc>,
) -> Result<Enrolled> {
    if !canteen_sync::validate::is_identifier(device_id) {
        return Err(refused(
            400,
            "bad_device_id",
            "a device id is 1–64 characters of A–Z a–z 0–9 - _".into(),
        ));
    }
    let unknown = || {
        refused(
            403,
            "bad_enroll_code",
            format!(
                "this enrolment code is not known to the office (check how it was typed); {ASK_AGAIN}"
            ),
        )
    };
    let code = normalise(typed).ok_or_else(unknown)?;
    let mut tx = db.begin()?;
    let found = tx.query_opt(
        "SELECT name, canteen, operator, expires_at, used_at FROM enrol_codes WHERE code_sha256 = ?1",
        params![&code_hash(&code)],
    )?;
    let found = found.ok_or_else(unknown)?;
    let (name, canteen, operator): (String, String, String) =
        (found.get(0)?, found.get(1)?, found.get(2)?);
    let (expires_at, used_at): (String, Option<String>) = (found.get(3)?, found.get(4)?);
    if used_at.is_some() {
        return Err(refused(
            403,
            "bad_enroll_code",
            format!(
                "this enrolment code was already used; a code enrols one kiosk once: {ASK_AGAIN}"
            ),
        ));
    }
    let expiry = DateTime::parse_from_rfc3339(&expires_at)
        .map_err(|e| OfficeError::Store(format!("enrol_codes.expires_at `{expires_at}`: {e}")))?;
    if now >= expiry {
        return Err(refused(
            410,
            "enroll_code_expired",
            format!("this enrolment code expired at {expires_at}; {ASK_AGAIN}"),
        ));
    }
    let taken: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM devices WHERE device_id = ?1)",
            params![device_id],
        )?
        .get(0)?;
    if taken {
        return Err(refused(
            409,
            "device_exists",
            format!(
                "device `{device_id}` is already registered at the office; a kiosk is enrolled once (to move it, the office registers it again under a new data folder)"
            ),
        ));
    }
    let token = random_hex(32)?;
    let at = rfc3339(now);
    tx.execute(
        "INSERT INTO devices (device_id, name, canteen, operator, token_sha256, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            device_id,
            &name,
            &canteen,
            &operator,
            &token_hash(&token),
            &at
        ],
    )?;
    tx.execute(
        "UPDATE enrol_codes SET used_at = ?1, device_id = ?2 WHERE code_sha256 = ?3",
        params![&at, device_id, &code_hash(&code)],
    )?;
    tx.commit()?;
    Ok(Enrolled {
        device_id: device_id.to_owned(),
        canteen,
        token: Secret::new(token),
    })
}

/// Where a device or its enrolment code stands (`device list`'s `state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceState {
    /// It holds a token.
    Enrolled,
    /// Its token is refused.
    Revoked,
    /// A code waits to be used.
    Pending,
    /// Its code expired unused.
    Expired,
}

/// One line of `device list`: never a token or a code.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Listed {
    pub device_id: String,
    pub name: String,
    pub canteen: String,
    pub operator: String,
    pub state: DeviceState,
    pub created_at: String,
    /// When a pending code expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// When the office last received a batch from it (records, or a
    /// status-only batch from a kiosk with nothing to send).
    pub last_batch_at: Option<String>,
}

/// Registered devices, then codes not yet used, as of `now`.
pub fn list(db: &mut dyn Db, now: DateTime<Utc>) -> Result<Vec<Listed>> {
    let mut out: Vec<Listed> = rows::all_with(
        db,
        "SELECT d.device_id, d.name, d.canteen, d.operator, d.created_at,
                (SELECT max(t) FROM (
                    SELECT received_at AS t FROM records r WHERE r.device_id = d.device_id
                    UNION ALL
                    SELECT reported_at FROM device_status s WHERE s.device_id = d.device_id) AS times),
                d.revoked_at IS NOT NULL
         FROM devices d ORDER BY d.canteen, d.name, d.device_id",
        &[],
        |r| {
            let revoked: bool = r.get(6)?;
            let state = if revoked {
                DeviceState::Revoked
            } else {
                DeviceState::Enrolled
            };
            listed(r, state, None, r.get(5)?)
        },
    )?;
    let pending: Vec<Listed> = rows::all_with(
        db,
        "SELECT pending_id, name, canteen, operator, created_at, expires_at
         FROM enrol_codes WHERE used_at IS NULL ORDER BY canteen, name, pending_id",
        &[],
        |r| {
            let expires_at: String = r.get(5)?;
            let expired = DateTime::parse_from_rfc3339(&expires_at).is_ok_and(|t| now >= t);
            let state = if expired {
                DeviceState::Expired
            } else {
                DeviceState::Pending
            };
            listed(r, state, Some(expires_at), None)
        },
    )?;
    out.extend(pending);
    Ok(out)
}

/// A device or code of [`list`]: its id, name, canteen, operator and
/// creation time are the row's first five columns.
fn listed(
    r: &Row,
    state: DeviceState,
    expires_at: Option<String>,
    last_batch_at: Option<String>,
) -> Result<Listed> {
    Ok(Listed {
        device_id: r.get(0)?,
        name: r.get(1)?,
        canteen: r.get(2)?,
        operator: r.get(3)?,
        state,
        created_at: r.get(4)?,
        expires_at,
        last_batch_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_typable_and_read_back_in_any_case_with_or_without_dashes() {
        let code = new_code().unwrap();
        assert_eq!(code.len(), CODE_LEN);
        let shown = display(&code);
        assert_eq!(shown.len(), 14);
        assert_eq!(normalise(&shown).as_deref(), Some(code.as_str()));
        assert_eq!(
            normalise(&shown.to_ascii_lowercase()).as_deref(),
            Some(code.as_str())
        );
        assert_eq!(normalise("ABCD-EFGH-JKL"), None, "too short");
        assert_eq!(
            normalise("ABCD-EFGH-JKL0"),
            None,
            "0 is not in the alphabet"
        );
    }
}
