//! From serial scanner events to what the kiosk window is told: a resident ID
//! becomes a scan (the full number goes only to `Kiosk::scan`, never to a log),
//! any other well-formed or unusable code becomes an unreadable scan (the
//! diner sees "scan again"), a frame the decoder rejected (noise, a partial
//! frame) is ignored, and the scanners' connections are summed up as "at
//! least one scanner is connected" for the status light.

use std::collections::BTreeMap;

use firmware_adapters::scanner::classify::Content;
use firmware_adapters::scanner::{ScannerEvent, ScannerEventKind};

/// What one scanner event asks of the window.
#[derive(Debug, PartialEq, Eq)]
pub enum ScanInput {
    /// Scan this text (a resident ID number, or "" for something unreadable).
    Scan(String),
    /// Whether any scanner is connected now.
    Connected(bool),
    Ignore,
}

/// Scanner connections, by configured path.
#[derive(Debug, Default)]
pub struct Scanners {
    connected: BTreeMap<String, bool>,
}

impl Scanners {
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
                _ => ScanInput::Scan(String::new()),
            },
            ScannerEventKind::Rejected(_) => ScanInput::Ignore,
        }
    }
}
