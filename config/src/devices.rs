//! The self-service kiosk's own settings and its devices (`[kiosk]` and
//! `[devices]` in `canteen.toml`): the idle timeout back to the welcome screen,
//! the scanners' serial paths and baud rate, and the receipt printer's path.
//! Both sections are optional: a file written before them gets the defaults
//! (30 seconds; no scanners, 9600 baud, no printer).

use std::path::PathBuf;

use crate::error::Problems;
use crate::raw::{DevicesSection, KioskSection};

/// `[kiosk]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskRules {
    /// Back to the welcome screen after this many seconds without a touch.
    pub idle_seconds: u32,
}

impl Default for KioskRules {
    fn default() -> Self {
        KioskRules { idle_seconds: 30 }
    }
}

/// `[devices]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Devices {
    /// Serial scanners (prefer `/dev/serial/by-id/…`); several may be listed.
    pub scanners: Vec<PathBuf>,
    pub baud: u32,
    /// The receipt printer's serial port or file; `None`: no printer.
    pub printer: Option<PathBuf>,
}

impl Default for Devices {
    fn default() -> Self {
        Devices {
            scanners: Vec::new(),
            baud: 9600,
            printer: None,
        }
    }
}

const BAUDS: [u32; 8] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

pub(crate) fn kiosk(raw: Option<&KioskSection>, problems: &mut Vec<crate::Problem>) -> KioskRules {
    let Some(k) = raw else {
        return KioskRules::default();
    };
    let mut p = Problems::new("canteen.toml");
    if !(10..=600).contains(&k.idle_seconds) {
        p.add("kiosk.idle_seconds", format!("{} is out of range: the kiosk returns to the welcome screen after 10 to 600 seconds", k.idle_seconds));
    }
    problems.append(&mut p.found);
    KioskRules {
        idle_seconds: k.idle_seconds,
    }
}

pub(crate) fn devices(raw: Option<&DevicesSection>, problems: &mut Vec<crate::Problem>) -> Devices {
    let Some(d) = raw else {
        return Devices::default();
    };
    let mut p = Problems::new("canteen.toml");
    for (i, s) in d.scanners.iter().enumerate() {
        if s.trim().is_empty() || s.chars().any(char::is_control) {
            p.add(format!("devices.scanners[{i}]"), "is empty or holds control characters: write a serial port path such as \"/dev/serial/by-id/usb-…\"");
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in &d.scanners {
        if !seen.insert(s) {
            p.add(
                "devices.scanners",
                format!("`{s}` is listed twice: list each scanner once"),
            );
        }
    }
    if !BAUDS.contains(&d.baud) {
        p.add(
            "devices.baud",
            format!(
                "{} is not a standard baud rate: use one of {BAUDS:?} (scanners usually 9600)",
                d.baud
            ),
        );
    }
    if d.printer.chars().any(char::is_control) {
        p.add(
            "devices.printer",
            "holds control characters: write a serial port or file path, or \"\" for no printer",
        );
    }
    problems.append(&mut p.found);
    Devices {
        scanners: d.scanners.iter().map(PathBuf::from).collect(),
        baud: d.baud,
        printer: (!d.printer.trim().is_empty()).then(|| PathBuf::from(d.printer.trim())),
    }
}
