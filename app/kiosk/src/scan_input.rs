//! From serial scanner events to what the kiosk window is told: a resident ID
//! becomes a typed [`Scan`], its number validated here, once, by
//! `canteen_core::scan` on the kiosk's date (it travels typed to the worker and
//! never to a log),
//! a meal-card QR code is checked offline against the office's public key (a
//! card that verifies goes to `Kiosk::scan_card` by its number, with the
//! holder's birth date the card carries; a malformed,
//! forged or altered one — or any card when no key is configured — is refused
//! as an invalid card), a delivery roster line's QR keeps its text (the
//! deliveries screen matches it), any other well-formed or unusable code becomes
//! an unreadable scan (the diner sees "scan again"), a frame the decoder rejected
//! (noise, a partial frame) is ignored, and the scanners' connections are
//! summed up as "at least one scanner is connected" for the status light.

use std::collections::BTreeMap;
use std::sync::Arc;

use canteen_core::Scan;
use canteen_sync::signing::OfficePublicKey;
use canteen_ui::Kiosk;
use chrono::NaiveDate;
use firmware_adapters::scanner::classify::Content;
use firmware_adapters::scanner::{CardPayload, ScanKind, ScannerEvent, ScannerEventKind, classify};

/// What one scanner event asks of the window.
#[derive(Debug, PartialEq, Eq)]
pub enum ScanInput {
    /// A scan, typed where it was read: a resident ID number (validated), a
    /// roster line's text, or [`Scan::unreadable`].
    Scan(Scan),
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

/// The local date an ID number is read on (its birth date must not lie
/// after it): the kiosk's clock.
pub type Today = Arc<dyn Fn() -> NaiveDate + Send + Sync>;

/// Scanner connections, by configured path, the key cards are checked with,
/// and the date ID numbers are read on.
pub struct Scanners {
    connected: BTreeMap<String, bool>,
    key: Option<Arc<OfficePublicKey>>,
    today: Today,
}

impl Default for Scanners {
    fn default() -> Scanners {
        Scanners::with_key(None)
    }
}

impl Scanners {
    /// Checks meal cards with the office's public key (none: cards are
    /// refused); reads ID numbers on the system's local date until
    /// [`Scanners::reading_on`] gives the kiosk's clock.
    pub fn with_key(key: Option<Arc<OfficePublicKey>>) -> Scanners {
        Scanners {
            connected: BTreeMap::new(),
            key,
            today: Arc::new(system_today),
        }
    }

    /// Reads ID numbers on the date `today` gives (the kiosk's clock).
    pub fn reading_on(mut self, today: Today) -> Scanners {
        self.today = today;
        self
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
                Content::ResidentId(n) => ScanInput::Scan(Scan::read(n.expose(), (self.today)())),
                Content::MealCard(card) => card_input(&card, self.key.as_deref()),
                // The deliveries staff screen matches it to a roster line.
                Content::DeliveryRoster(text) => ScanInput::Scan(Scan::read(&text, (self.today)())),
                _ if c.kind == ScanKind::MealCard => ScanInput::InvalidCard,
                _ => ScanInput::Scan(Scan::unreadable()),
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

/// A line typed into the terminal (the demo's scanner), read on the system's
/// local date: as [`from_line_on`].
pub fn from_line(line: &str, key: Option<&OfficePublicKey>) -> ScanInput {
    from_line_on(line, key, system_today())
}

/// A line typed into the terminal, read on local date `today`: a meal-card QR
/// text takes the card's way; anything else is scanned as typed.
pub fn from_line_on(line: &str, key: Option<&OfficePublicKey>, today: NaiveDate) -> ScanInput {
    let c = classify(line.trim());
    match c.content {
        Content::MealCard(card) => card_input(&card, key),
        _ if c.kind == ScanKind::MealCard => ScanInput::InvalidCard,
        _ => ScanInput::Scan(Scan::read(line, today)),
    }
}

/// The system's local date (a scanner not told the kiosk's clock).
fn system_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Tells the window (on the UI thread) what a scanner asked.
pub fn deliver(kiosk: &Kiosk, input: &ScanInput) {
    match input {
        ScanInput::Scan(scan) => kiosk.scanned(scan.clone()),
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
        let ScanInput::Scan(scan) = Scanners::default().input(event) else {
            panic!("a roster line is a scan");
        };
        assert_eq!(scan.text(), text);
    }

    /// An ID number is read once, on the kiosk's date: a number born after
    /// that date is refused there, with why, and carries no text to re-parse.
    #[test]
    fn an_id_number_from_the_serial_scanner_is_read_on_the_kiosks_date() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        // Born 2026-11-20 (check character computed; not a real person).
        let first17 = *b"11010520261120002";
        let mut number = first17.to_vec();
        number.push(canteen_core::resident_id::check_char(&first17));
        let number = String::from_utf8(number).unwrap();
        let event = || ScannerEvent {
            scanner: "/dev/ttyACM0".into(),
            at: embassy_time::Instant::from_ticks(0),
            kind: ScannerEventKind::Scan(classify(&number)),
        };
        let read_on = |d| {
            let today: Today = Arc::new(move || day(d));
            match Scanners::default().reading_on(today).input(event()) {
                ScanInput::Scan(scan) => scan,
                other => panic!("{other:?}"),
            }
        };
        let id = canteen_core::ResidentId::parse(&number, day(23)).unwrap();
        assert_eq!(read_on(23), Scan::Resident(id));
        assert_eq!(
            read_on(19).resident(),
            Err(canteen_core::IdError::BadBirthDate)
        );
        let unknown = ScannerEvent {
            kind: ScannerEventKind::Scan(classify("not an id")),
            ..event()
        };
        assert_eq!(
            Scanners::default().input(unknown),
            ScanInput::Scan(Scan::unreadable())
        );
    }
}
