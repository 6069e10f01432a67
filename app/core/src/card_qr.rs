//! The meal-card QR payload: the one place its text is built and read.
//!
//! ```text
//! CANTEEN-CARD:2:<card_no>:<born>:<signature>
//! CANTEEN-CARD:1:<card_no>:<signature>
//! ```
//!
//! `2` (or `1`) is the format version, `card_no` 6–20 ASCII digits, `born` the
//! holder's birth date `YYYY-MM-DD` (format 2 only: a kiosk keeps no birth
//! date, so a card sale takes the holder's age from the card), `signature`
//! 16–128 base64url characters without padding (`A–Z a–z 0–9 - _`), made by
//! the office over everything before the last `:` ([`signed_text`]). Format 1
//! cards (no birth date) are still read: their holder is priced without an
//! age. Only the shape is checked here (the date's digits, not the calendar);
//! the signature is verified where the office key is known.

/// What every meal-card QR text starts with.
pub const CARD_PREFIX: &str = "CANTEEN-CARD:";

/// The text a card's signature covers: format 2 with the holder's birth date
/// (`YYYY-MM-DD`), format 1 without one.
pub fn signed_text(card_no: &str, born: Option<&str>) -> String {
    match born {
        Some(born) => format!("{CARD_PREFIX}2:{card_no}:{born}"),
        None => format!("{CARD_PREFIX}1:{card_no}"),
    }
}

/// A well-formed meal-card QR payload (signature not yet verified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPayload {
    pub version: u8,
    pub card_no: String,
    /// The holder's birth date as printed in a format-2 card (`YYYY-MM-DD`).
    pub born: Option<String>,
    pub signature: String,
}

impl CardPayload {
    /// The payload of `body`, the text after [`CARD_PREFIX`]; `None` when it
    /// is not well-formed.
    pub fn parse(body: &str) -> Option<CardPayload> {
        let parts: Vec<&str> = body.split(':').collect();
        let (version, card_no, born, signature) = match parts[..] {
            ["1", card_no, signature] => (1, card_no, None, signature),
            ["2", card_no, born, signature] if born_ok(born) => (2, card_no, Some(born), signature),
            _ => return None,
        };
        let card_ok =
            (6..=20).contains(&card_no.len()) && card_no.bytes().all(|b| b.is_ascii_digit());
        let sig_ok = (16..=128).contains(&signature.len())
            && signature
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        (card_ok && sig_ok).then(|| CardPayload {
            version,
            card_no: card_no.to_owned(),
            born: born.map(str::to_owned),
            signature: signature.to_owned(),
        })
    }

    /// The text the signature covers ([`signed_text`] of this card).
    pub fn signed_text(&self) -> String {
        signed_text(&self.card_no, self.born.as_deref())
    }
}

/// `YYYY-MM-DD` in shape (digits and dashes; the calendar is checked by
/// whoever turns it into a date).
fn born_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parsed_card_signs_the_text_it_was_built_from() {
        let body = "2:20240001:1941-03-01:abcDEF0123456789-_xyz";
        let card = CardPayload::parse(body).unwrap();
        assert_eq!(
            card.signed_text(),
            signed_text("20240001", Some("1941-03-01"))
        );
        assert_eq!(
            format!("{}:{}", card.signed_text(), card.signature),
            format!("{CARD_PREFIX}{body}")
        );
        let old = CardPayload::parse("1:20240001:abcDEF0123456789-_xyz").unwrap();
        assert_eq!(old.signed_text(), "CANTEEN-CARD:1:20240001");
    }

    #[test]
    fn malformed_bodies_are_refused() {
        for bad in [
            "2:20240001:1941-3-01:abcDEF0123456789-_xyz",
            "1:12345:abcDEF0123456789-_xyz",
            "1:20240001:short",
            "3:20240001:abcDEF0123456789-_xyz",
            "1:2024000a:abcDEF0123456789-_xyz",
        ] {
            assert_eq!(CardPayload::parse(bad), None, "{bad}");
        }
    }
}
