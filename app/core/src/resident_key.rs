//! The resident key: how one person is named across the community without
//! their ID number.
//!
//! A resident key is argon2id over the normalised ID number, keyed with a
//! [`CommunitySecret`] (argon2's secret input) at the secret's [`KeyCost`].
//! The office issues one secret (and its cost) to every kiosk of the
//! community at enrolment, so the same person has the same key at every
//! canteen and terminal and the office can link them; without the secret a
//! key says nothing. The derivation is deliberately slow (about 20 ms at
//! [`KeyCost::DEFAULT`]): ID numbers have little entropy once a masked form is
//! known, so a stolen kiosk's keys and secret must still make each guess
//! expensive. This module is the one place that derives keys: the kiosk's
//! ledger and the office's registry both call [`CommunitySecret::key_of`].

use std::fmt;

use argon2::{Algorithm, Argon2, Block, Params, Version};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::ResidentId;

/// 32 secret bytes shared by the kiosks of one community and its office, with
/// the cost of the key derivation (the same everywhere in a community).
#[derive(Clone, PartialEq, Eq)]
pub struct CommunitySecret {
    bytes: [u8; 32],
    cost: KeyCost,
}

/// The argon2id cost of one resident key derivation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyCost {
    /// Memory per derivation, KiB (8 to 1 GiB).
    pub memory_kib: u32,
    /// Passes over that memory (1 to 64).
    pub iterations: u32,
}

impl KeyCost {
    /// The community default: about 20 ms per derivation on the reference
    /// kiosk (see the README's measured costs).
    pub const DEFAULT: KeyCost = KeyCost {
        memory_kib: 19 * 1024,
        iterations: 2,
    };

    /// The cheapest cost argon2 allows: for tests that derive many keys only.
    pub const CHEAP: KeyCost = KeyCost {
        memory_kib: 8,
        iterations: 1,
    };

    /// Checks the bounds, so a typo in a configuration is refused early.
    pub fn check(self) -> Result<KeyCost, BadKeyCost> {
        if (8..=1024 * 1024).contains(&self.memory_kib) && (1..=64).contains(&self.iterations) {
            Ok(self)
        } else {
            Err(BadKeyCost(self))
        }
    }

    fn params(self) -> Params {
        Params::new(self.memory_kib, self.iterations, 1, Some(32))
            .expect("a checked KeyCost is valid argon2 parameters")
    }
}

impl Default for KeyCost {
    fn default() -> KeyCost {
        KeyCost::DEFAULT
    }
}

/// A key cost outside argon2's or this program's bounds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "resident key cost memory_kib = {}, iterations = {} is out of range: memory_kib must be 8 to 1048576 and iterations 1 to 64",
    .0.memory_kib, .0.iterations
)]
pub struct BadKeyCost(pub KeyCost);

/// The argon2 salt: fixed, since the key must be the same at every kiosk; the
/// secret input (the community secret) is what makes it unguessable.
const SALT: &[u8] = b"canteen resident key v2";

/// argon2's working memory for resident keys (19 MiB at the default cost),
/// allocated once and reused by [`CommunitySecret::key_of_in`]. Allocating
/// and freeing it for every key, as [`CommunitySecret::key_of`] must, made
/// glibc's heap grow by about 10 MiB a key when keys were derived in a row
/// on several threads (9.5 GiB peak for 1,000 keys in a registry import).
#[derive(Default)]
pub struct KeyMemory(Vec<Block>);

/// A community secret that is not 64 hex digits.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "a community secret is 64 hex digits (32 bytes); enrol the kiosk again to get the office's"
)]
pub struct BadSecret;

impl CommunitySecret {
    /// A secret at the [`KeyCost::DEFAULT`] cost.
    pub fn from_bytes(bytes: [u8; 32]) -> CommunitySecret {
        CommunitySecret::with_cost(bytes, KeyCost::DEFAULT)
    }

    /// A secret whose keys are derived at `cost` (already [`KeyCost::check`]ed;
    /// an out-of-range cost is clamped into range).
    pub fn with_cost(bytes: [u8; 32], cost: KeyCost) -> CommunitySecret {
        let cost = KeyCost {
            memory_kib: cost.memory_kib.clamp(8, 1024 * 1024),
            iterations: cost.iterations.clamp(1, 64),
        };
        CommunitySecret { bytes, cost }
    }

    /// Parses the hex form (as sent at enrolment and kept in key files), at
    /// the default cost.
    pub fn from_hex(text: &str) -> Result<CommunitySecret, BadSecret> {
        let bytes = hex::decode(text.trim()).map_err(|_| BadSecret)?;
        bytes
            .try_into()
            .map(CommunitySecret::from_bytes)
            .map_err(|_| BadSecret)
    }

    /// The same secret at another cost.
    pub fn at_cost(self, cost: KeyCost) -> CommunitySecret {
        CommunitySecret::with_cost(self.bytes, cost)
    }

    /// The hex form, for the enrolment answer and key files only.
    pub fn to_hex(&self) -> String {
        hex::encode(self.bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.bytes
    }

    pub fn cost(&self) -> KeyCost {
        self.cost
    }

    /// The resident key of an ID number: argon2id of its normalised form with
    /// the secret as argon2's secret input, at the secret's cost; hex.
    pub fn key_of(&self, id: &ResidentId) -> String {
        self.key_of_in(id, &mut KeyMemory::default())
    }

    /// [`CommunitySecret::key_of`] in `memory`, reused from one key to the
    /// next: what derives many keys in a row (a registry import).
    pub fn key_of_in(&self, id: &ResidentId, memory: &mut KeyMemory) -> String {
        let params = self.cost.params();
        if memory.0.len() != params.block_count() {
            memory.0 = vec![Block::default(); params.block_count()];
        }
        let argon =
            Argon2::new_with_secret(&self.bytes, Algorithm::Argon2id, Version::V0x13, params)
                .expect("a 32-byte secret is within argon2's limit");
        let mut out = [0u8; 32];
        argon
            .hash_password_into_with_memory(
                id.expose().as_bytes(),
                SALT,
                &mut out,
                &mut memory.0[..],
            )
            .expect("the salt and output lengths are fixed and valid");
        hex::encode(out)
    }

    /// A fingerprint that tells secrets apart without revealing them (an HMAC
    /// of a fixed label and the cost): kept beside data keyed with the secret,
    /// so a replaced secret or cost is refused instead of silently making
    /// every resident unknown.
    pub fn fingerprint(&self) -> String {
        let label = format!(
            "canteen resident key fingerprint v2 argon2id m={} t={}",
            self.cost.memory_kib, self.cost.iterations
        );
        hex::encode(self.mac(label.as_bytes()))
    }

    /// The fingerprint the HMAC-keyed registry (before argon2id) stored: a
    /// database holding it has residents keyed the old way.
    pub fn legacy_fingerprint(&self) -> String {
        hex::encode(self.mac(b"canteen resident key fingerprint"))
    }

    fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.bytes)
            .expect("HMAC takes any key length");
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
    fn keys_derived_in_reused_memory_are_the_keys_at_every_cost() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let ids = ["11010519491231002X", "110101194103010021"]
            .map(|t| ResidentId::parse(t, today).unwrap());
        let mut memory = KeyMemory::default();
        for cost in [KeyCost::CHEAP, KeyCost::DEFAULT, KeyCost::CHEAP] {
            let secret = CommunitySecret::with_cost([7; 32], cost);
            for id in &ids {
                assert_eq!(secret.key_of_in(id, &mut memory), secret.key_of(id));
            }
        }
    }

    #[test]
    fn one_secret_gives_one_key_per_person_and_another_secret_another() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let id = ResidentId::parse("11010519491231002X", today).unwrap();
        let a = CommunitySecret::from_bytes([7; 32]);
        let b = CommunitySecret::from_bytes([8; 32]);
        assert_eq!(a.key_of(&id), a.clone().key_of(&id));
        assert_ne!(a.key_of(&id), b.key_of(&id));
        assert_eq!(a.key_of(&id).len(), 64);
        // The cost is part of the key and of the fingerprint.
        let cheap = a.clone().at_cost(KeyCost::CHEAP);
        assert_ne!(cheap.key_of(&id), a.key_of(&id));
        assert_ne!(cheap.fingerprint(), a.fingerprint());
        assert_ne!(a.fingerprint(), a.legacy_fingerprint());
    }

    #[test]
    fn the_default_cost_is_deliberately_slow() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let id = ResidentId::parse("11010519491231002X", today).unwrap();
        let a = CommunitySecret::from_bytes([7; 32]);
        let started = std::time::Instant::now();
        a.key_of(&id);
        // Even an optimised build on a fast machine spends milliseconds.
        assert!(started.elapsed() >= std::time::Duration::from_millis(3));
    }

    #[test]
    fn costs_out_of_range_are_refused() {
        assert!(KeyCost::DEFAULT.check().is_ok());
        assert!(KeyCost::CHEAP.check().is_ok());
        let zero = KeyCost {
            memory_kib: 4,
            iterations: 1,
        };
        assert_eq!(zero.check(), Err(BadKeyCost(zero)));
        let many = KeyCost {
            memory_kib: 64,
            iterations: 0,
        };
        assert!(many.check().is_err());
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
