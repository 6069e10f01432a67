//! The resident key: how one person is named across the community without
//! their ID number.
//!
//! A resident key is HMAC-SHA256 over the normalised ID number, keyed with a
//! [`CommunitySecret`]. The office issues one secret to every kiosk of the
//! community at enrolment, so the same person has the same key at every
//! canteen and terminal and the office can link them; without the secret a
//! key says nothing. This module is the one place that derives keys: the
//! kiosk's ledger and the office's registry both call [`CommunitySecret::key_of`].

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::ResidentId;

/// 32 secret bytes shared by the kiosks of one community and its office.
#[derive(Clone, PartialEq, Eq)]
pub struct CommunitySecret([u8; 32]);

/// A community secret that is not 64 hex digits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "a community secret is 64 hex digits (32 bytes); enrol the kiosk again to get the office's"
)]
pub struct BadSecret;

impl CommunitySecret {
    pub fn from_bytes(bytes: [u8; 32]) -> CommunitySecret {
        CommunitySecret(bytes)
    }

    /// Parses the hex form (as sent at enrolment and kept in key files).
    pub fn from_hex(text: &str) -> Result<CommunitySecret, BadSecret> {
        let bytes = hex::decode(text.trim()).map_err(|_| BadSecret)?;
        bytes.try_into().map(CommunitySecret).map_err(|_| BadSecret)
    }

    /// The hex form, for the enrolment answer and key files only.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The resident key of an ID number: HMAC-SHA256 of its normalised form, hex.
    pub fn key_of(&self, id: &ResidentId) -> String {
        hex::encode(self.mac(id.expose().as_bytes()))
    }

    /// A fingerprint that tells secrets apart without revealing them (an HMAC
    /// of a fixed label): kept beside data keyed with the secret, so a replaced
    /// secret is refused instead of silently making every resident unknown.
    pub fn fingerprint(&self) -> String {
        hex::encode(self.mac(b"canteen resident key fingerprint"))
    }

    fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as KeyInit>::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

/// Never prints the secret.
impl fmt::Debug for CommunitySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CommunitySecret({})", &self.fingerprint()[..8])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_secret_gives_one_key_per_person_and_another_secret_another() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let id = ResidentId::parse("11010519491231002X", today).unwrap();
        let a = CommunitySecret::from_bytes([7; 32]);
        let b = CommunitySecret::from_bytes([8; 32]);
        assert_eq!(a.key_of(&id), a.clone().key_of(&id));
        assert_ne!(a.key_of(&id), b.key_of(&id));
        assert_eq!(a.key_of(&id).len(), 64);
    }

    #[test]
    fn hex_round_trips_and_garbage_is_refused() {
        let a = CommunitySecret::from_bytes([0xab; 32]);
        assert_eq!(CommunitySecret::from_hex(&a.to_hex()), Ok(a.clone()));
        assert_eq!(CommunitySecret::from_hex("abc"), Err(BadSecret));
        assert_eq!(CommunitySecret::from_hex(&"zz".repeat(32)), Err(BadSecret));
        assert!(!format!("{a:?}").contains(&a.to_hex()));
    }
}
