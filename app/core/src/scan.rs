//! A scan, typed once where it is read: a serial scanner's frame, a line typed
//! at the demo's terminal, or an ID number typed on the counter's keypad
//! becomes a [`Scan`] there, with its ID number validated by
//! [`ResidentId::parse`] that one time. From then on it travels typed — to
//! the kiosk's controller, cashier mode and the worker — and nothing parses it
//! again: a sale looks its diner up by the [`ResidentId`] it carries, a
//! refusal names the [`IdError`] found when it was read.
//!
//! `Debug` never shows a full ID number: a [`ResidentId`] prints masked, and
//! the text of a scan that is not an ID number prints masked too (it may be a
//! mistyped ID number).

use std::fmt;

use chrono::NaiveDate;

use crate::resident_id::{IdError, ResidentId, mask};

/// What was scanned or typed.
#[derive(Clone, PartialEq, Eq)]
pub enum Scan {
    /// A resident ID number that passed [`ResidentId::parse`].
    Resident(ResidentId),
    /// Anything else: why it is not an ID number (what a refusal tells), and
    /// the text as read — a delivery roster line's QR text, a plain card
    /// number typed at the demo's terminal, or nothing (an unreadable frame).
    Other { not_id: IdError, text: String },
}

impl Scan {
    /// Reads `text` (as scanned or typed) with `today` the local date against
    /// which an ID number's birth date must not lie in the future.
    pub fn read(text: &str, today: NaiveDate) -> Scan {
        match ResidentId::parse(text, today) {
            Ok(id) => Scan::Resident(id),
            Err(not_id) => Scan::Other {
                not_id,
                text: text.to_owned(),
            },
        }
    }

    /// A frame that carried nothing usable (an unknown or malformed code, a
    /// receipt's QR): no text at all, so too short for an ID number.
    pub fn unreadable() -> Scan {
        Scan::Other {
            not_id: IdError::BadLength,
            text: String::new(),
        }
    }

    /// The resident ID number, or why the scan is not one.
    pub fn resident(&self) -> Result<&ResidentId, IdError> {
        match self {
            Scan::Resident(id) => Ok(id),
            Scan::Other { not_id, .. } => Err(*not_id),
        }
    }

    /// The text a screen matches a scan against (the top-up screen's card
    /// number, the deliveries screen's roster line): an ID number as
    /// normalised, anything else as read. Not for logs.
    pub fn text(&self) -> &str {
        match self {
            Scan::Resident(id) => id.expose(),
            Scan::Other { text, .. } => text,
        }
    }
}

impl fmt::Debug for Scan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scan::Resident(id) => f.debug_tuple("Resident").field(id).finish(),
            Scan::Other { not_id, text } => f
                .debug_struct("Other")
                .field("not_id", not_id)
                .field("text", &mask(text))
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    // A syntactically valid test number (check character computed, not a real person).
    const ID: &str = "11010519491231002X";

    #[test]
    fn an_id_number_is_validated_once_when_read() {
        let scan = Scan::read(" １１０１０５１９４９１２３１００２ｘ ", today());
        assert_eq!(
            scan.resident(),
            Ok(&ResidentId::parse(ID, today()).unwrap())
        );
        assert_eq!(scan.text(), ID);
        assert_eq!(format!("{scan:?}").matches("110***********002X").count(), 1);
        assert!(!format!("{scan:?}").contains(ID));
    }

    #[test]
    fn anything_else_keeps_its_text_and_why_it_is_no_id_number() {
        let scan = Scan::read("110105194912310021", today());
        assert_eq!(scan.resident(), Err(IdError::BadCheck));
        assert_eq!(scan.text(), "110105194912310021");
        assert!(!format!("{scan:?}").contains("110105194912310021"));
        let roster = crate::roster_qr::text("K-01", 902);
        assert_eq!(Scan::read(&roster, today()).text(), roster);
        assert_eq!(
            Scan::unreadable().resident(),
            Scan::read("", today()).resident()
        );
        assert_eq!(Scan::unreadable().text(), "");
    }
}
