//! Barcode / QR scanners on serial lines (USB CDC-ACM or RS-232).
//!
//! [`decoder`] turns bytes into frames (pure), [`classify`] says what a frame
//! is (pure; masked for display by core's `mask`), and [`runner`] moves
//! bytes from a serial port into the decoder on its own thread, reconnecting
//! after hot unplug.

pub mod classify;
pub mod decoder;
pub mod runner;

pub use classify::{CardPayload, Classified, IdNumber, ReceiptPayload, ScanKind, classify};
pub use decoder::{Decoder, DecoderConfig, DecoderEvent, Frame, Rejection};
pub use runner::{
    Backoff, Parity, RunnerHandle, ScannerConfig, ScannerEvent, ScannerEventKind, spawn,
};
