//! What a scanned frame is: a resident ID number, a meal card, a receipt, or
//! unknown. Pure.
//!
//! Resident ID numbers (居民身份证号码) are 18 characters (17 digits and an
//! ISO 7064 MOD 11-2 check character, `0`–`9` or `X`) or the legacy 15 digits.
//! Input is normalised first (`canteen_core::resident_id::normalize`):
//! trimmed, full-width digits and `Ｘ`/`x` turned into ASCII digits and `X`. An 18-character number is `valid` when its check
//! character matches; a 15-digit one when it is all digits. This sorts frames
//! and fills the `valid` of `canteen devices`' JSON only: the kiosk reads the
//! number into a `canteen_core::Scan`, validated there once (dates included),
//! and hands that typed value on.
//!
//! Meal-card QR codes are `canteen_core::card_qr`'s format (built and read
//! there); ID numbers are normalised, masked and check-digit tested by
//! `canteen_core::resident_id` — this module only sorts frames by them.
//!
//! Receipt QR codes:
//!
//! ```text
//! CANTEEN-RCPT:1:<device_id>:<seq>:<hash_prefix>
//! ```
//!
//! `device_id` 1–32 characters of `A–Z a–z 0–9 - _`, `seq` the device's sale
//! sequence number (decimal, u64), `hash_prefix` 8–64 lower-case hex digits of
//! the sale's journal hash.
//!
//! A frame with a known prefix but a malformed body is classified by its prefix
//! with `valid == false`.

use canteen_core::resident_id::{check_char, mask, normalize};
use canteen_core::roster_qr::{self, ROSTER_PREFIX};

pub use canteen_core::card_qr::{CARD_PREFIX, CardPayload};

/// The kind of a scan, as named in the JSON CLI contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanKind {
    ResidentId,
    MealCard,
    Receipt,
    /// A line of a printed delivery roster (`canteen_core::roster_qr`).
    DeliveryRoster,
    Unknown,
}

impl ScanKind {
    /// `resident_id`, `meal_card`, `receipt` or `unknown`.
    pub fn code(&self) -> &'static str {
        match self {
            ScanKind::ResidentId => "resident_id",
            ScanKind::MealCard => "meal_card",
            ScanKind::Receipt => "receipt",
            ScanKind::DeliveryRoster => "delivery_roster",
            ScanKind::Unknown => "unknown",
        }
    }
}

/// A normalised resident ID number. `Debug` and `Display` show it masked; only
/// [`IdNumber::expose`] gives the full text (for the lookup, never for logs).
#[derive(Clone, PartialEq, Eq)]
pub struct IdNumber(String);

impl IdNumber {
    /// The full normalised number. Do not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The masked form, e.g. `110***********002X`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
}

impl std::fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl std::fmt::Display for IdNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// A well-formed receipt QR payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptPayload {
    pub version: u8,
    pub device_id: String,
    pub seq: u64,
    pub hash_prefix: String,
}

impl ReceiptPayload {
    /// The QR text for this receipt (the inverse of [`classify`]).
    pub fn to_qr_text(&self) -> String {
        format!(
            "{RCPT_PREFIX}{}:{}:{}:{}",
            self.version, self.device_id, self.seq, self.hash_prefix
        )
    }
}

/// What a well-formed frame holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    ResidentId(IdNumber),
    MealCard(CardPayload),
    Receipt(ReceiptPayload),
    /// A delivery roster line's QR text, as scanned (it names a device and a
    /// sale number, no person).
    DeliveryRoster(String),
    /// Malformed or unknown: nothing usable.
    None,
}

/// The classification of one frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub kind: ScanKind,
    /// Passed this module's checks (see the module docs).
    pub valid: bool,
    /// Safe to show and log.
    pub masked: String,
    pub content: Content,
}

impl Classified {
    /// A frame of `kind` whose body parsed (valid, shown as `shown` gives, its
    /// content made by `content`) or did not (shown as `masked_raw` gives,
    /// nothing usable).
    fn parsed<T>(
        kind: ScanKind,
        parsed: Option<T>,
        shown: impl FnOnce(&T) -> String,
        masked_raw: impl FnOnce() -> String,
        content: impl FnOnce(T) -> Content,
    ) -> Classified {
        match parsed {
            Some(body) => Classified {
                kind,
                valid: true,
                masked: shown(&body),
                content: content(body),
            },
            None => Classified {
                kind,
                valid: false,
                masked: masked_raw(),
                content: Content::None,
            },
        }
    }
}

pub const RCPT_PREFIX: &str = "CANTEEN-RCPT:";

/// Classifies one frame payload.
pub fn classify(payload: &str) -> Classified {
    let trimmed = payload.trim();
    if let Some(body) = trimmed.strip_prefix(CARD_PREFIX) {
        return Classified::parsed(
            ScanKind::MealCard,
            CardPayload::parse(body),
            |c| format!("{CARD_PREFIX}{}:{}", c.version, mask(&c.card_no)),
            || format!("{CARD_PREFIX}{}", mask(body)),
            Content::MealCard,
        );
    }
    if let Some(body) = trimmed.strip_prefix(RCPT_PREFIX) {
        return Classified::parsed(
            ScanKind::Receipt,
            parse_receipt(body),
            ReceiptPayload::to_qr_text,
            || format!("{RCPT_PREFIX}{}", mask(body)),
            Content::Receipt,
        );
    }
    if trimmed.starts_with(ROSTER_PREFIX) {
        let roster = roster_qr::parse(trimmed).map(|_| trimmed.to_owned());
        return Classified::parsed(
            ScanKind::DeliveryRoster,
            roster,
            String::clone,
            || mask(trimmed),
            Content::DeliveryRoster,
        );
    }
    let id = normalize(trimmed);
    if looks_like_id(&id) {
        let valid = id_valid(&id);
        let id = IdNumber(id);
        return Classified {
            kind: ScanKind::ResidentId,
            valid,
            masked: id.masked(),
            content: Content::ResidentId(id),
        };
    }
    Classified {
        kind: ScanKind::Unknown,
        valid: false,
        masked: mask(trimmed),
        content: Content::None,
    }
}

fn parse_receipt(body: &str) -> Option<ReceiptPayload> {
    let mut parts = body.split(':');
    let (version, device_id, seq, hash) =
        (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || version != "1" {
        return None;
    }
    let device_ok = (1..=32).contains(&device_id.len())
        && device_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let seq_ok = (1..=20).contains(&seq.len()) && seq.bytes().all(|b| b.is_ascii_digit());
    let hash_ok = (8..=64).contains(&hash.len())
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if !(device_ok && seq_ok && hash_ok) {
        return None;
    }
    Some(ReceiptPayload {
        version: 1,
        device_id: device_id.to_owned(),
        seq: seq.parse().ok()?,
        hash_prefix: hash.to_owned(),
    })
}

fn looks_like_id(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        15 => b.iter().all(u8::is_ascii_digit),
        18 => b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X'),
        _ => false,
    }
}

/// ISO 7064 MOD 11-2 for 18 characters; all digits for 15. Expects `looks_like_id`.
fn id_valid(s: &str) -> bool {
    let b = s.as_bytes();
    match <&[u8; 17]>::try_from(&b[..b.len().min(17)]) {
        Ok(first17) if b.len() == 18 => check_char(first17) == b[17],
        _ => b.len() == 15,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A syntactically valid test number (check character computed, not a real person).
    const ID: &str = "11010519491231002X";

    #[test]
    fn valid_18_digit_id() {
        let c = classify(ID);
        assert_eq!(c.kind, ScanKind::ResidentId);
        assert!(c.valid);
        assert_eq!(c.masked, "110***********002X");
        assert_eq!(c.content, Content::ResidentId(IdNumber(ID.to_owned())));
    }

    #[test]
    fn wrong_check_character_is_invalid_id() {
        let c = classify("110105194912310021");
        assert_eq!(c.kind, ScanKind::ResidentId);
        assert!(!c.valid);
    }

    #[test]
    fn normalises_full_width_and_lower_x() {
        let c = classify(" １１０１０５１９４９１２３１００２ｘ ");
        assert_eq!(c.kind, ScanKind::ResidentId);
        assert!(c.valid);
        let c = classify("11010519491231002x");
        assert!(c.valid);
        assert_eq!(c.masked, "110***********002X");
    }

    #[test]
    fn legacy_15_digit_id() {
        let c = classify("110105491231002");
        assert_eq!((c.kind, c.valid), (ScanKind::ResidentId, true));
    }

    #[test]
    fn x_only_allowed_last() {
        assert_eq!(classify("1101051949123100X2").kind, ScanKind::Unknown);
        assert_eq!(classify("11010549123100X").kind, ScanKind::Unknown);
        assert_eq!(classify("1101051949123100").kind, ScanKind::Unknown);
    }

    #[test]
    fn debug_never_shows_the_full_id() {
        let c = classify(ID);
        let dbg = format!("{c:?}");
        assert!(!dbg.contains(ID), "{dbg}");
        assert!(dbg.contains("110***********002X"));
    }

    #[test]
    fn meal_cards_with_and_without_the_holders_birth_date() {
        let v1 = "CANTEEN-CARD:1:20240001:abcDEF0123456789-_xyz";
        let v2 = "CANTEEN-CARD:2:20240001:1941-03-01:abcDEF0123456789-_xyz";
        for (text, masked, born, signed) in [
            (
                v1,
                "CANTEEN-CARD:1:********",
                None,
                "CANTEEN-CARD:1:20240001",
            ),
            (
                v2,
                "CANTEEN-CARD:2:********",
                Some("1941-03-01"),
                "CANTEEN-CARD:2:20240001:1941-03-01",
            ),
        ] {
            let c = classify(text);
            assert_eq!((c.kind, c.valid), (ScanKind::MealCard, true), "{text}");
            assert_eq!(c.masked, masked);
            let Content::MealCard(card) = c.content else {
                panic!("not a card: {:?}", c.content)
            };
            let read = (card.card_no.as_str(), card.born.as_deref());
            assert_eq!(read, ("20240001", born));
            assert_eq!(card.signed_text(), signed);
        }
    }

    #[test]
    fn malformed_meal_cards_and_receipts_are_invalid_and_hold_nothing() {
        let cards = [
            "CANTEEN-CARD:",
            "CANTEEN-CARD:2:20240001:abcDEF0123456789",
            "CANTEEN-CARD:1:2024:abcDEF0123456789",
            "CANTEEN-CARD:1:2024000A:abcDEF0123456789",
            "CANTEEN-CARD:1:20240001:short",
            "CANTEEN-CARD:1:20240001:abcDEF0123456789=",
            "CANTEEN-CARD:1:20240001:abcDEF0123456789:extra",
            "CANTEEN-CARD:1:20240001:1941-03-01:abcDEF0123456789",
            "CANTEEN-CARD:2:20240001:abcDEF0123456789",
            "CANTEEN-CARD:2:20240001:19410301:abcDEF0123456789",
            "CANTEEN-CARD:2:20240001:1941-3-01:abcDEF0123456789",
            "CANTEEN-CARD:3:20240001:1941-03-01:abcDEF0123456789",
        ];
        let cards = cards.map(|bad| (bad, ScanKind::MealCard));
        let receipts = [
            "CANTEEN-RCPT:1:K-01:42:DEADBEEF",
            "CANTEEN-RCPT:1:K-01:-1:deadbeef",
            "CANTEEN-RCPT:1::42:deadbeef",
            "CANTEEN-RCPT:1:K 01:42:deadbeef",
            "CANTEEN-RCPT:1:K-01:99999999999999999999:deadbeef",
            "CANTEEN-RCPT:1:K-01:42",
        ]
        .map(|bad| (bad, ScanKind::Receipt));
        for (bad, kind) in cards.into_iter().chain(receipts) {
            let c = classify(bad);
            assert_eq!((c.kind, c.valid), (kind, false), "{bad}");
            assert_eq!(c.content, Content::None, "{bad}");
        }
    }

    #[test]
    fn receipt_round_trips() {
        let r = ReceiptPayload {
            version: 1,
            device_id: "K-01".into(),
            seq: 42,
            hash_prefix: "deadbeef".into(),
        };
        let c = classify(&r.to_qr_text());
        assert_eq!((c.kind, c.valid), (ScanKind::Receipt, true));
        assert_eq!(c.masked, "CANTEEN-RCPT:1:K-01:42:deadbeef");
        assert_eq!(c.content, Content::Receipt(r));
    }

    #[test]
    fn a_delivery_roster_line_is_its_own_kind_and_keeps_its_text() {
        let text = canteen_core::roster_qr::text("K-01", 902);
        let c = classify(&format!(" {text}\r"));
        assert_eq!((c.kind, c.valid), (ScanKind::DeliveryRoster, true));
        assert_eq!(c.content, Content::DeliveryRoster(text));
        let bad = classify("CANTEEN-DELIVERY:1:K-01:");
        assert_eq!((bad.kind, bad.valid), (ScanKind::DeliveryRoster, false));
        assert_eq!(bad.content, Content::None);
    }

    #[test]
    fn unknown_is_masked() {
        let c = classify("hello world 123");
        assert_eq!((c.kind, c.valid), (ScanKind::Unknown, false));
        assert_eq!(c.masked, "hel******** 123");
    }
}
