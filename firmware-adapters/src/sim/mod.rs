//! Simulators for development and tests without hardware, over real
//! pseudo-terminals: a [`scanner::SimScanner`] whose pty path the kiosk opens
//! like a serial scanner, and a [`printer::VirtualPrinter`] that records the
//! ESC/POS stream written to its pty and answers `DLE EOT` status queries.

pub mod printer;
pub mod scanner;

pub use printer::{SimPrinterState, VirtualPrinter};
pub use scanner::SimScanner;
