//! What the office signs and kiosks check offline (ed25519): bundles of
//! residents, menu and pricing, and meal-card QR payloads.
//!
//! A meal card's QR text is `CANTEEN-CARD:2:<card_no>:<born>:<signature>` (the
//! format of `canteen_core::card_qr`, which both builds and reads it), the signature being base64url without
//! padding over `CANTEEN-CARD:2:<card_no>:<born>`, `born` the holder's birth
//! date `YYYY-MM-DD` (a kiosk keeps no birth date, so the card carries what its
//! pricing needs). Format 1 (`CANTEEN-CARD:1:<card_no>`, no birth date) is
//! what cards issued before carry. A
//! [`SignedBundle`] carries the bundle's JSON text and a signature over exactly
//! those bytes, so the kiosk verifies before it parses. Keys are 32-byte seeds;
//! the kiosk is configured with the office's public key (hex).

use std::collections::BTreeMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDate;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The signed text of a card: what its QR carries before the signature —
/// format 2 with the holder's birth date, format 1 without one.
pub fn card_signed_text(card_no: &str, born: Option<NaiveDate>) -> String {
    let born = born.map(|b| b.format("%Y-%m-%d").to_string());
    canteen_core::card_qr::signed_text(card_no, born.as_deref())
}

/// Residents, menu and pricing as the office publishes them.
///
/// Bundle shape 2: the residents are [`KeyedResidents`] — keys and masked
/// forms, never a full ID number or name. Shape 1 carried the registry file
/// itself (`residents_csv`); a shape-1 bundle no longer parses (its unknown
/// field is refused), so a kiosk never applies plaintext residents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Increases with every bundle; a kiosk takes only a newer one.
    pub version: u64,
    pub issued_at: String,
    pub residents: Option<KeyedResidents>,
    pub menu_toml: Option<String>,
    pub pricing_toml: Option<String>,
    /// The day's dishes the office published, every canteen's from the
    /// bundle's date on (each kiosk keeps its own canteen's); `None` leaves a
    /// kiosk's dishes as they were. Absent from bundles without dishes, so
    /// older bundles parse and older kiosks read bundles that carry none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dishes: Option<Vec<canteen_core::DayMenu>>,
    /// Menus and prices of their own, by canteen (the name the office
    /// registered its kiosks under), each replacing `menu_toml` and
    /// `pricing_toml` for that canteen's kiosks; the other canteens run the
    /// shared ones. A bundle carrying menu or pricing carries every override
    /// then in force. Absent when there is none, so such bundles keep the
    /// shape older kiosks parse; the office serves each kiosk
    /// [`Bundle::for_canteen`], which never carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canteen_rules: Option<BTreeMap<String, CanteenRules>>,
}

/// One canteen's own menu and pricing: both files, each a whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanteenRules {
    pub menu_toml: String,
    pub pricing_toml: String,
}

impl Bundle {
    /// The bundle as `canteen`'s kiosks run it: its own menu and pricing
    /// when the bundle carries them, else the shared ones, and no
    /// per-canteen field (the shape every kiosk parses).
    pub fn for_canteen(&self, canteen: &str) -> Bundle {
        let own = self.canteen_rules.as_ref().and_then(|r| r.get(canteen));
        let mut bundle = self.clone();
        bundle.canteen_rules = None;
        if let Some(own) = own {
            bundle.menu_toml = Some(own.menu_toml.clone());
            bundle.pricing_toml = Some(own.pricing_toml.clone());
        }
        bundle
    }
}

/// The residents of a bundle, keyed by the office with its community secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedResidents {
    /// `CommunitySecret::fingerprint` of the secret that keyed the rows: a
    /// kiosk holding another secret cannot find these residents by their ID
    /// card and refuses the rows (enrol it with the office first).
    pub key_fingerprint: String,
    pub rows: Vec<KeyedResident>,
}

/// One resident as a kiosk keeps them: no full ID number, no full name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyedResident {
    /// `CommunitySecret::key_of` the ID number (hex).
    pub resident_key: String,
    /// `ResidentId::masked_at_rest` (all `*`): the kiosk stores it beside the
    /// key, so it shows no digit that would narrow a stolen kiosk's guesses.
    /// (Bundles from offices before this change carry `110***********002X`;
    /// the kiosk stores the at-rest form whatever the row says.)
    pub masked_id: String,
    /// `canteen_core::mask_name`, e.g. `张*明`.
    pub masked_name: String,
    pub categories: Vec<String>,
    pub card_no: Option<String>,
    /// The registry file's `status` (`active`, `suspended`, `lost`,
    /// `card_suspended`).
    pub status: String,
    /// The resident's standing order for delivered meals, if they get them
    /// (absent from older offices' bundles, which still parse).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<canteen_core::StandingOrder>,
}

/// A bundle's JSON text and the office's signature over those bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedBundle {
    pub bundle: String,
    pub signature: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error(
        "the office public key is not 64 hex digits of a valid key; check the kiosk configuration"
    )]
    BadKey,
    #[error("the signature is not valid: forged or altered; do not accept it")]
    Forged,
    #[error("the signed bundle is not a bundle: {0}")]
    BadBundle(String),
}

/// The office's signing key.
pub struct OfficeKey(SigningKey);

impl OfficeKey {
    pub fn from_seed(seed: [u8; 32]) -> OfficeKey {
        OfficeKey(SigningKey::from_bytes(&seed))
    }

    /// The public key kiosks are configured with (hex).
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().to_bytes())
    }

    fn sign(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.0.sign(message).to_bytes())
    }

    /// The QR text of a format-1 meal card (no birth date: its holder is
    /// priced without an age), as cards were issued before format 2.
    pub fn card_qr_text(&self, card_no: &str) -> String {
        self.holder_card_qr_text(card_no, None)
    }

    /// The QR text of a meal card carrying its holder's birth date (format 2;
    /// format 1 without one).
    pub fn holder_card_qr_text(&self, card_no: &str, born: Option<NaiveDate>) -> String {
        let signed = card_signed_text(card_no, born);
        let signature = self.sign(signed.as_bytes());
        format!("{signed}:{signature}")
    }

    pub fn sign_bundle(&self, bundle: &Bundle) -> SignedBundle {
        self.sign_bundle_text(serde_json::to_string(bundle).expect("a bundle always serialises"))
    }

    /// Signs a bundle's JSON text as it is (tests of bundles that do not parse).
    pub fn sign_bundle_text(&self, text: String) -> SignedBundle {
        SignedBundle {
            signature: self.sign(text.as_bytes()),
            bundle: text,
        }
    }
}

/// The office's public key, as configured on a kiosk.
pub struct OfficePublicKey(VerifyingKey);

impl OfficePublicKey {
    pub fn from_hex(text: &str) -> Result<OfficePublicKey, SignatureError> {
        let mut bytes = [0u8; 32];
        hex::decode_to_slice(text.trim(), &mut bytes).map_err(|_| SignatureError::BadKey)?;
        VerifyingKey::from_bytes(&bytes)
            .map(OfficePublicKey)
            .map_err(|_| SignatureError::BadKey)
    }

    fn check(&self, message: &[u8], signature: &str) -> Result<(), SignatureError> {
        let bytes: [u8; 64] = URL_SAFE_NO_PAD
            .decode(signature)
            .ok()
            .and_then(|b| b.try_into().ok())
            .ok_or(SignatureError::Forged)?;
        self.0
            .verify_strict(message, &Signature::from_bytes(&bytes))
            .map_err(|_| SignatureError::Forged)
    }

    /// Checks a card's signature (`signed_text` and `signature` as the scanner
    /// classifier split them).
    pub fn verify_card(&self, signed_text: &str, signature: &str) -> Result<(), SignatureError> {
        self.check(signed_text.as_bytes(), signature)
    }

    /// The version of a bundle this key signed, read without the rest of its
    /// shape (a kiosk's kept bundle may be of an older shape).
    pub fn verified_version(&self, signed: &SignedBundle) -> Result<u64, SignatureError> {
        #[derive(Deserialize)]
        struct Version {
            version: u64,
        }
        self.check(signed.bundle.as_bytes(), &signed.signature)?;
        serde_json::from_str::<Version>(&signed.bundle)
            .map(|v| v.version)
            .map_err(|e| SignatureError::BadBundle(e.to_string()))
    }

    /// Checks a bundle's signature, then reads it.
    pub fn verify_bundle(&self, signed: &SignedBundle) -> Result<Bundle, SignatureError> {
        self.check(signed.bundle.as_bytes(), &signed.signature)?;
        serde_json::from_str(&signed.bundle).map_err(|e| SignatureError::BadBundle(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> (OfficeKey, OfficePublicKey) {
        let key = OfficeKey::from_seed([7; 32]);
        let public = OfficePublicKey::from_hex(&key.public_hex()).unwrap();
        (key, public)
    }

    /// A bundle of `version` issued at `issued_at` carrying nothing; a test
    /// fills in what it is about.
    fn empty_bundle(version: u64, issued_at: &str) -> Bundle {
        Bundle {
            version,
            issued_at: issued_at.into(),
            residents: None,
            menu_toml: None,
            pricing_toml: None,
            dishes: None,
            canteen_rules: None,
        }
    }

    fn split(qr: &str) -> (&str, &str) {
        qr.rsplit_once(':').unwrap()
    }

    #[test]
    fn a_card_signed_by_the_office_verifies_and_a_forged_or_altered_one_does_not() {
        let (key, public) = keys();
        let qr = key.card_qr_text("12345678");
        let (text, sig) = split(&qr);
        assert_eq!(public.verify_card(text, sig), Ok(()));
        // another card number under the same signature
        assert_eq!(
            public.verify_card(&card_signed_text("12345679", None), sig),
            Err(SignatureError::Forged)
        );
        // signed by someone else's key
        let forger = OfficeKey::from_seed([8; 32]).card_qr_text("12345678");
        assert_eq!(
            public.verify_card(text, split(&forger).1),
            Err(SignatureError::Forged)
        );
        // garbage, truncated, oversized signatures
        for sig in ["", "!!!", &sig[..sig.len() - 1], &format!("{sig}AAAA")] {
            assert_eq!(public.verify_card(text, sig), Err(SignatureError::Forged));
        }
    }

    #[test]
    fn a_cards_birth_date_is_signed_with_it() {
        let (key, public) = keys();
        let born = NaiveDate::from_ymd_opt(1941, 3, 1);
        let qr = key.holder_card_qr_text("12345678", born);
        let (text, sig) = split(&qr);
        assert_eq!(text, "CANTEEN-CARD:2:12345678:1941-03-01");
        assert_eq!(public.verify_card(text, sig), Ok(()));
        // A younger holder's date under the same signature is refused.
        let younger = card_signed_text("12345678", NaiveDate::from_ymd_opt(1971, 3, 1));
        assert_eq!(
            public.verify_card(&younger, sig),
            Err(SignatureError::Forged)
        );
    }

    #[test]
    fn a_bundle_verifies_only_as_signed() {
        let (key, public) = keys();
        let bundle = Bundle {
            residents: Some(KeyedResidents {
                key_fingerprint: "ab".repeat(32),
                rows: vec![KeyedResident {
                    resident_key: "cd".repeat(32),
                    masked_id: "110***********002X".into(),
                    masked_name: "张*".into(),
                    categories: vec!["dibao".into()],
                    card_no: Some("88001234".into()),
                    status: "active".into(),
                    delivery: None,
                }],
            }),
            menu_toml: Some("[[items]]\nid = \"lunch-set\"\n".into()),
            ..empty_bundle(3, "2026-11-23T00:00:00Z")
        };
        let signed = key.sign_bundle(&bundle);
        assert_eq!(public.verify_bundle(&signed), Ok(bundle.clone()));
        let mut altered = signed.clone();
        altered.bundle = altered.bundle.replace("\"version\":3", "\"version\":4");
        assert_eq!(public.verify_bundle(&altered), Err(SignatureError::Forged));
        let forged =
            OfficeKey::from_seed([8; 32]).sign_bundle(&public.verify_bundle(&signed).unwrap());
        assert_eq!(public.verify_bundle(&forged), Err(SignatureError::Forged));
        assert!(OfficePublicKey::from_hex("zz").is_err());
        // A shape-1 bundle (the registry file in clear) is not a bundle.
        let old = key.sign_bundle_text(
            signed
                .bundle
                .replace("\"residents\":", "\"residents_csv\":"),
        );
        assert!(matches!(
            public.verify_bundle(&old),
            Err(SignatureError::BadBundle(_))
        ));
        // ... though a kiosk still reads the version it holds.
        assert_eq!(public.verified_version(&old), Ok(3));
    }

    #[test]
    fn a_canteen_with_its_own_menu_gets_it_and_the_others_the_shared_one_in_the_old_shape() {
        let (key, public) = keys();
        let shared = Bundle {
            menu_toml: Some("shared menu".into()),
            pricing_toml: Some("shared pricing".into()),
            ..empty_bundle(5, "2026-11-23T00:00:00Z")
        };
        // No override: the field is not written, so older kiosks parse it.
        let text = key.sign_bundle(&shared).bundle;
        assert!(!text.contains("canteen_rules"), "{text}");
        let own = CanteenRules {
            menu_toml: "west menu".into(),
            pricing_toml: "west pricing".into(),
        };
        let bundle = Bundle {
            canteen_rules: Some(BTreeMap::from([("west".to_owned(), own)])),
            ..shared.clone()
        };
        let signed = key.sign_bundle(&bundle);
        assert_eq!(public.verify_bundle(&signed), Ok(bundle.clone()));
        let west = bundle.for_canteen("west");
        assert_eq!(
            (west.menu_toml.as_deref(), west.pricing_toml.as_deref()),
            (Some("west menu"), Some("west pricing"))
        );
        assert_eq!(west.canteen_rules, None);
        assert_eq!(bundle.for_canteen("east"), shared);
        assert!(
            !serde_json::to_string(&west)
                .unwrap()
                .contains("canteen_rules")
        );
        // A bundle of residents only stays one for every canteen.
        let residents_only = Bundle {
            menu_toml: None,
            pricing_toml: None,
            canteen_rules: None,
            ..shared
        };
        assert_eq!(residents_only.for_canteen("west"), residents_only);
    }

    #[test]
    fn a_bundle_carries_dishes_and_one_without_them_still_parses() {
        let (key, public) = keys();
        let menu = canteen_core::DayMenu {
            canteen: "c1".into(),
            date: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            period: "lunch".into(),
            version: 2,
            dishes: vec![canteen_core::Dish {
                name_zh: "清蒸豆腐".into(),
                name_en: "Steamed tofu".into(),
                tags: vec!["low-oil".into(), "soft".into()],
                photo_hex: None,
            }],
        };
        let with = Bundle {
            dishes: Some(vec![menu]),
            ..empty_bundle(5, "2026-12-06T00:00:00Z")
        };
        let signed = key.sign_bundle(&with);
        assert_eq!(public.verify_bundle(&signed), Ok(with.clone()));
        // A bundle as offices wrote them before dishes: no `dishes` key.
        let without = Bundle {
            dishes: None,
            ..with
        };
        let text = key.sign_bundle(&without);
        assert!(!text.bundle.contains("dishes"));
        let older = key.sign_bundle_text(
            r#"{"version":4,"issued_at":"x","residents":null,"menu_toml":null,"pricing_toml":null}"#
                .into(),
        );
        assert_eq!(public.verify_bundle(&older).unwrap().dishes, None);
    }
}
