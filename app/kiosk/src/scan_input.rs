//! From serial scanner events to what the kiosk window is told: a resident ID
//! becomes a scan (the full number goes only to `Kiosk::scan`, never to a log),
//! a meal-card QR code is checked offline against the office's public key (a
//! card that verifies goes to `Kiosk::scan_card` by its number, with the
//! holder's birth date the card carries; a malformed,
//! forged or altered one — or any card when no key is configured — is refused
//! as an invalid card), any other well-formed or unusable code becomes an
//! unreadable scan (the diner sees "scan again"), a frame the decoder rejected
//! (noise, a partial frame) is ignored, and the scanners' connections are
//! summed up as "at least one scanner is connected" for the status light.

use std::collections::BTreeMap;
use std::sync::Arc;

use canteen_sync::signing::OfficePublicKey;
use canteen_ui::Kiosk;
use chrono::NaiveDate;
use firmware_adapters::scanner::classify::Content;
use firmware_adapters::scanner::{CardPayload, ScanKind, ScannerEvent, ScannerEventKind, classify};

/// What one scanner event asks of the window.
#[derive(Debug, PartialEq, Eq)]
pub enum ScanInput {
    /// Scan this text (a resident ID number, or "" for something unreadable).
    Scan(String),
    /// A meal card whose office signature verified: its card number and the
    /// holder's birth date the card carries (format 2; `None` on an older
    /// card, whose holder is priced without an age).
    Card(String, Option<NaiveDate>),
    /// A meal-card QR code that is malformed, forged or altered, or that
    /// cannot be checked because no office key is configured.
    InvalidCard,
    /// Whether any scanner is connected now.
    Connected(bool),
    Ignore,
}

/// Scanner connections, by configured path, and the key cards are checked with.
#[derive(Default)]
pub struct Scanners {
    connected: BTreeMap<String, bool>,
    key: Option<Arc<OfficePublicKey>>,
}

impl Scanners {
    /// Checks meal cards with the office's public key (none: cards are refused).
    pub fn with_key(key: Option<Arc<OfficePublicKey>>) -> Scanners {
        Scanners {
            connected: BTreeMap::new(),
            key,
        }
    }

    pub fn input(&mut self, event: ScannerEvent) -> ScanInput {
        match event.kind {
            ScannerEventKind::Connected => {
                self.connected.insert(event.scanner, true);
                ScanInput::Connected(true)
            }
            ScannerEventKind::Disconnected { .. } => {
                self.connected.insert(event.scanner, false);
                ScanInput::Connected(self.connected.values().any(|c| *c))
            }
            ScannerEventKind::Scan(c) => match c.content {
                Content::ResidentId(n) => ScanInput::Scan(n.expose().to_owned()),
                Content::MealCard(card) => card_input(&card, self.key.as_deref()),
                // The deliveries staff screen matches it to a roster line.
                Content::DeliveryRoster(text) => ScanInput::Scan(text),
                _ if c.kind == ScanKind::MealCard => ScanInput::InvalidCard,
                _ => ScanInput::Scan(String::new()),
            },
            ScannerEventKind::Rejected(_) => ScanInput::Ignore,
        }
    }
}

/// A well-formed meal card, checked offline with the office's public key.
pub fn card_input(card: &CardPayload, key: Option<&OfficePublicKey>) -> ScanInput {
    match key.map(|k| k.verify_card(&card.signed_text(), &card.signature)) {
        Some(Ok(())) => ScanInput::Card(
            card.card_no.clone(),
            card.born.as_deref().and_then(|b| b.parse().ok()),
        ),
        Some(Err(_)) | None => ScanInput::InvalidCard,
    }
}

/// A line typed into the terminal (the demo's scanner): a meal-card QR text
/// takes the card's way; anything else is scanned as typed.
pub fn from_line(line: &str, key: Option<&OfficePublicKey>) -> ScanInput {
    let c = classify(line.trim());
    match c.content {
        Content::MealCard(card) => card_input(&card, key),
        _ if c.kind == ScanKind::MealCard => ScanInput::InvalidCard,
        _ => ScanInput::Scan(line.to_owned()),
    }
}

/// Tells the window (on the UI thread) what a scanner asked.
pub fn deliver(kiosk: &Kiosk, input: &ScanInput) {
    match input {
        ScanInput::Scan(text) => kiosk.scan(text),
        ScanInput::Card(card_no, born) => kiosk.scan_card(card_no, *born),
        ScanInput::InvalidCard => kiosk.refuse_card(),
        ScanInput::Connected(ok) => kiosk.set_scanner_connected(*ok),
        ScanInput::Ignore => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use firmware_adapters::scanner::ScannerEvent;

    /// A roster line's QR from the serial scanner reaches the window as the
    /// text the deliveries screen matches (not as an unreadable scan).
    #[test]
    fn a_roster_line_scanned_on_the_serial_scanner_reaches_the_window_as_its_text() {
        let text = canteen_core::roster_qr::text("K-01", 902);
        let event = ScannerEvent {
            scanner: "/dev/ttyACM0".into(),
            at: embassy_time::Instant::from_ticks(0),
            kind: ScannerEventKind::Scan(classify(&text)),
        };
        assert_eq!(Scanners::default().input(event), ScanInput::Scan(text));
    }
}
