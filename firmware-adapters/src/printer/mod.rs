//! The ESC/POS receipt printer.
//!
//! [`escpos`] builds a [`Document`] and encodes it (pure), [`decode`] turns an
//! ESC/POS byte stream back into readable lines (the virtual printer's view and
//! the basis of golden tests), [`status`] interprets `DLE EOT` replies (pure),
//! and [`output`] sends bytes to a serial port or a file.

pub mod decode;
pub mod escpos;
pub mod output;
pub mod status;

pub use decode::{DecodedLine, decode, render};
pub use escpos::{Align, Block, Document, EncodeOptions, QrMode, TextStyle, encode, sanitize};
pub use output::{Printer, PrinterError};
pub use status::{PrinterStatus, StatusQuery};
