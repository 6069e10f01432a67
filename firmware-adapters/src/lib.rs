//! Device adapters for the canteen kiosk: barcode/QR scanners and the ESC/POS
//! receipt printer.
//!
//! The protocol logic is sans-IO: [`scanner::decoder`], [`scanner::classify`],
//! [`printer::escpos`], [`printer::decode`] and [`printer::status`] take bytes
//! (and `embassy_time::Instant`s where time matters) and return values, so they
//! are tested with byte fixtures and could run on a microcontroller. The I/O
//! lives in [`scanner::runner`] (a thread per serial scanner, with hot-plug
//! recovery), [`printer::output`] (serial port or file sink) and [`sim`]
//! (pseudo-terminal simulators for development without hardware).
//!
//! This crate depends on no other crate of the workspace.

pub mod printer;
pub mod scanner;
pub mod sim;
