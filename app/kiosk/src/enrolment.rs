//! `canteen enroll`: binding a kiosk to the community office with a one-time
//! code from `canteen-office device add`, and where sync settings come from
//! afterwards.
//!
//! [`enrol`] sends the ledger's own device id and the code to the office
//! (`canteen_sync`'s client), checks the answer, then has the ledger store the
//! office URL, token, public key and canteen and switch resident keys to the
//! office's community secret in one transaction
//! ([`canteen_ledger::Ledger::enrol`]). A bad URL, an unreachable office or a
//! refused code changes nothing. The kept bundle (`DATA/bundle.json`) is
//! removed first, so the next sync imports the office's residents again under
//! the new keys (removing it alone is harmless: the same bundle is re-applied).
//!
//! Settings: command-line flags win over `CONFIG/sync.toml`, which wins over
//! the enrolment stored in the ledger ([`with_enrolment`]), so after
//! `canteen enroll` a bare `canteen sync` and `canteen kiosk` need nothing else.

use std::path::{Path, PathBuf};
use std::time::Duration;

use canteen_core::{CommunitySecret, Secret};
use canteen_ledger::{Ledger, LedgerError, OfficeLink};
use canteen_sync::SyncError;
use canteen_sync::signing::OfficePublicKey;
use canteen_sync::wire::EnrollRequest;

use crate::office_sync::{self, BUNDLE_FILE, SyncFile, SyncSetupError};

/// Why a kiosk was not enrolled; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum EnrolError {
    #[error(
        "`{0}` is not an office URL: write it as the office gave it, e.g. https://office.example:8443"
    )]
    BadUrl(String),
    #[error("the office refused the enrolment: {message}")]
    Refused { code: String, message: String },
    #[error(
        "the office could not be reached ({0}); check the URL and the network, then run `canteen enroll` again with the same code"
    )]
    Unreachable(String),
    #[error("the office's answer is not usable ({0}); check the office URL and ask the office")]
    BadAnswer(String),
    #[error(transparent)]
    Setup(#[from] SyncSetupError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("the kept bundle could not be removed: {0}")]
    Io(#[from] std::io::Error),
}

/// What `canteen enroll` prints.
#[derive(Debug, serde::Serialize)]
pub struct Enrolled {
    pub device_id: String,
    pub canteen: String,
    pub office: String,
    /// Residents keyed with the old secret, dropped (the next sync's bundle
    /// brings them back).
    pub residents_dropped: u64,
}

/// `url` without a trailing `/`, when it is an `http://` or `https://` URL
/// with a host.
pub fn office_url(url: &str) -> Result<String, EnrolError> {
    let trimmed = url.trim().trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match host {
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with(':')
                && !rest.contains(char::is_whitespace) =>
        {
            Ok(trimmed.to_owned())
        }
        _ => Err(EnrolError::BadUrl(url.to_owned())),
    }
}

/// Enrols the kiosk of `ledger` with `office` using `code`; `ca` is a PEM file
/// to trust for an office with its own certificate authority.
pub fn enrol(
    ledger: &mut Ledger,
    office: &str,
    code: &str,
    ca: Option<&Path>,
    timeout: Duration,
) -> Result<Enrolled, EnrolError> {
    let office = office_url(office)?;
    let ca: Option<PathBuf> =
        ca.map(std::fs::canonicalize)
            .transpose()
            .map_err(|e| SyncSetupError::Ca {
                path: ca.unwrap_or(Path::new("")).to_owned(),
                message: e.to_string(),
            })?;
    let client = office_sync::client(&office, &Secret::new(""), ca.as_deref(), timeout)?;
    let device_id = ledger.identity().device_id.clone();
    let answer = client
        .enroll(&EnrollRequest {
            code: code.to_owned(),
            device_id: device_id.clone(),
        })
        .map_err(|e| match e {
            SyncError::Refused { status, body } if status < 500 => EnrolError::Refused {
                code: body.error,
                message: body.message,
            },
            SyncError::Network(m) => EnrolError::Unreachable(m),
            other => EnrolError::BadAnswer(other.to_string()),
        })?;
    let cost = answer
        .key_cost
        .check()
        .map_err(|e| EnrolError::BadAnswer(e.to_string()))?;
    let secret = CommunitySecret::from_hex(answer.community_secret.expose())
        .map_err(|e| EnrolError::BadAnswer(e.to_string()))?
        .at_cost(cost);
    OfficePublicKey::from_hex(&answer.office_public_key)
        .map_err(|e| EnrolError::BadAnswer(e.to_string()))?;
    if answer.device_id != device_id {
        return Err(EnrolError::BadAnswer(format!(
            "the office registered device `{}`, not this kiosk's `{device_id}`",
            answer.device_id
        )));
    }
    match std::fs::remove_file(ledger.data_dir().join(BUNDLE_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
        _ => {}
    }
    let link = OfficeLink {
        office: office.clone(),
        token: answer.token,
        office_key: answer.office_public_key,
        canteen: answer.canteen.clone(),
        office_ca: ca.map(|p| p.display().to_string()),
    };
    let residents_dropped = ledger.enrol(&link, &secret)?;
    Ok(Enrolled {
        device_id,
        canteen: answer.canteen,
        office,
        residents_dropped,
    })
}

/// `file` (from `sync.toml`) with what it leaves out taken from the ledger's
/// enrolment: `office`, `token`, `office_key` and `office_ca`.
pub fn with_enrolment(file: SyncFile, link: Option<&OfficeLink>) -> SyncFile {
    let Some(link) = link else {
        return file;
    };
    SyncFile {
        office: file.office.or_else(|| Some(link.office.clone())),
        token: file.token.or_else(|| Some(link.token.clone())),
        office_key: file.office_key.or_else(|| Some(link.office_key.clone())),
        office_ca: file
            .office_ca
            .or_else(|| link.office_ca.as_ref().map(PathBuf::from)),
        nightly: file.nightly,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn office_urls_are_http_or_https_with_a_host() {
        assert_eq!(
            office_url("https://office.example:8443/").unwrap(),
            "https://office.example:8443"
        );
        assert_eq!(
            office_url("http://127.0.0.1:9").unwrap(),
            "http://127.0.0.1:9"
        );
        for bad in [
            "office.example",
            "ftp://x",
            "https://",
            "http://:80",
            "http://a b",
        ] {
            assert!(
                matches!(office_url(bad), Err(EnrolError::BadUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn flags_and_sync_toml_win_over_the_enrolment() {
        let link = OfficeLink {
            office: "https://enrolled".into(),
            token: canteen_core::Secret::new("enrolled-token"),
            office_key: "key".into(),
            canteen: "east".into(),
            office_ca: None,
        };
        let file = SyncFile {
            office: Some("https://from-file".into()),
            ..SyncFile::default()
        };
        let merged = with_enrolment(file, Some(&link));
        assert_eq!(merged.office.as_deref(), Some("https://from-file"));
        assert_eq!(
            merged.token.as_ref().map(canteen_core::Secret::expose),
            Some("enrolled-token")
        );
        assert_eq!(merged.office_key.as_deref(), Some("key"));
        let none = with_enrolment(SyncFile::default(), None);
        assert!(none.office.is_none() && none.token.is_none());
    }
}
