//! Where receipts go: a serial port (with `DLE EOT` status checks before each
//! job) or a file / pseudo-terminal for development (no status; a file is
//! appended to, like paper coming out of a printer).
//!
//! Errors are [`PrinterError`], whose messages are short and display-ready in
//! Chinese and English, for the kiosk to show as they are.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::time::Duration;

use serialport::{ClearBuffer, SerialPort, TTYPort};
use thiserror::Error;

use super::escpos::{Document, EncodeError, EncodeOptions, encode};
use super::status::{PrinterStatus, StatusQuery};

/// Why printing did not (or may not) happen.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PrinterError {
    #[error("打印机缺纸 / printer out of paper")]
    PaperOut,
    #[error("打印机盖未关 / printer cover open")]
    CoverOpen,
    #[error("打印机离线 / printer offline")]
    Offline,
    #[error("打印机状态异常 / unexpected printer status byte {0:#04x}")]
    BadStatus(u8),
    #[error("打印内容有误 / {0}")]
    Encode(#[from] EncodeError),
    #[error("打印机连接错误 / printer I/O error: {0}")]
    Io(String),
}

impl From<io::Error> for PrinterError {
    fn from(e: io::Error) -> Self {
        PrinterError::Io(e.to_string())
    }
}

impl From<serialport::Error> for PrinterError {
    fn from(e: serialport::Error) -> Self {
        PrinterError::Io(e.to_string())
    }
}

enum Sink {
    Serial(Box<TTYPort>),
    File(File),
}

/// An open printer.
pub struct Printer {
    sink: Sink,
    check_status: bool,
}

impl std::fmt::Debug for Printer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.sink {
            Sink::Serial(_) => "serial",
            Sink::File(_) => "file",
        };
        f.debug_struct("Printer")
            .field("sink", &kind)
            .field("check_status", &self.check_status)
            .finish()
    }
}

impl Printer {
    /// A character device (serial port, pty) is opened as serial at `baud`
    /// with status checks; anything else as a file appended to.
    pub fn open(path: &Path, baud: u32) -> Result<Self, PrinterError> {
        match std::fs::metadata(path) {
            Ok(m) if m.file_type().is_char_device() => Self::open_serial(path, baud),
            _ => Self::open_file(path),
        }
    }

    /// Opens a serial printer (8N1, no flow control), with status checks.
    pub fn open_serial(path: &Path, baud: u32) -> Result<Self, PrinterError> {
        let port = serialport::new(path.to_string_lossy(), baud)
            .timeout(Duration::from_millis(500))
            .open_native()?;
        Ok(Self {
            sink: Sink::Serial(Box::new(port)),
            check_status: true,
        })
    }

    /// Opens (creating) a file to append ESC/POS bytes to.
    pub fn open_file(path: &Path) -> Result<Self, PrinterError> {
        let file = OpenOptions::new().create(true).append(true).open(path)?;
        Ok(Self {
            sink: Sink::File(file),
            check_status: false,
        })
    }

    /// Turns the status check before each job on or off (a pty with nothing
    /// answering `DLE EOT` would otherwise look offline).
    pub fn with_status_check(mut self, on: bool) -> Self {
        self.check_status = on;
        self
    }

    /// Asks a serial printer for its status; `None` for a file. No reply
    /// within the timeout means offline.
    pub fn status(&mut self) -> Result<Option<PrinterStatus>, PrinterError> {
        let Sink::Serial(port) = &mut self.sink else {
            return Ok(None);
        };
        port.clear(ClearBuffer::Input)?;
        let mut status = PrinterStatus::default();
        for query in [StatusQuery::Printer, StatusQuery::PaperSensor] {
            let byte = ask(port, query)?;
            status.apply(query, byte)?;
            if query == StatusQuery::Printer && status.offline {
                let cause = ask(port, StatusQuery::OfflineCause)?;
                status.apply(StatusQuery::OfflineCause, cause)?;
            }
        }
        Ok(Some(status))
    }

    /// Sends raw ESC/POS bytes, after a status check if enabled.
    pub fn print_bytes(&mut self, bytes: &[u8]) -> Result<(), PrinterError> {
        if self.check_status {
            if let Some(status) = self.status()? {
                status.check()?;
            }
        }
        match &mut self.sink {
            Sink::Serial(port) => {
                port.write_all(bytes)?;
                port.flush()?;
            }
            Sink::File(file) => {
                file.write_all(bytes)?;
                file.flush()?;
            }
        }
        Ok(())
    }

    /// Encodes and prints a document.
    pub fn print(&mut self, doc: &Document, opts: &EncodeOptions) -> Result<(), PrinterError> {
        let bytes = encode(doc, opts)?;
        self.print_bytes(&bytes)
    }
}

fn ask(port: &mut TTYPort, query: StatusQuery) -> Result<u8, PrinterError> {
    port.write_all(&query.bytes())?;
    port.flush()?;
    let mut byte = [0u8; 1];
    match port.read(&mut byte) {
        Ok(1) => Ok(byte[0]),
        Ok(_) => Err(PrinterError::Offline),
        Err(e) if e.kind() == io::ErrorKind::TimedOut => Err(PrinterError::Offline),
        Err(e) => Err(e.into()),
    }
}
