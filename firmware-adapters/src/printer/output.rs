//! Where receipts go: a serial port (with `DLE EOT` status checks before each
//! job) or a file / pseudo-terminal for development (no status; a file is
//! appended to, like paper coming out of a printer).
//!
//! A printer is unplugged, switched off and plugged back in during a working
//! day. A [`Printer`] keeps its path: after an I/O error or a printer that
//! stopped answering, it closes the port, and the next job opens the path
//! again. [`Printer::attach`] makes one that is not there yet.
//!
//! Errors are [`PrinterError`], whose messages are short and display-ready in
//! Chinese and English, for the kiosk to show as they are.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
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

/// A receipt printer at a path, connected while it answers.
pub struct Printer {
    path: PathBuf,
    baud: u32,
    /// `None` after the connection was lost (or never made): the next job
    /// opens the path again.
    sink: Option<Sink>,
    /// Serial or file, once known: a serial printer unplugged is reopened as
    /// serial, never replaced by a file created at its path.
    serial: Option<bool>,
    /// Status checks before each job; by default on for serial, off for files.
    check_status: Option<bool>,
}

impl std::fmt::Debug for Printer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.sink {
            Some(Sink::Serial(_)) => "serial",
            Some(Sink::File(_)) => "file",
            None => "not connected",
        };
        f.debug_struct("Printer")
            .field("path", &self.path)
            .field("sink", &kind)
            .field("check_status", &self.check_status)
            .finish()
    }
}

impl Printer {
    /// A character device (serial port, pty) is opened as serial at `baud`
    /// with status checks; anything else as a file appended to.
    pub fn open(path: &Path, baud: u32) -> Result<Self, PrinterError> {
        let serial = std::fs::metadata(path).is_ok_and(|m| m.file_type().is_char_device());
        Self::opened(path, baud, serial)
    }

    /// Opens a serial printer (8N1, no flow control), with status checks.
    pub fn open_serial(path: &Path, baud: u32) -> Result<Self, PrinterError> {
        Self::opened(path, baud, true)
    }

    /// Opens (creating) a file to append ESC/POS bytes to.
    pub fn open_file(path: &Path) -> Result<Self, PrinterError> {
        Self::opened(path, 0, false)
    }

    /// The printer at `path`, which need not be there yet (a serial printer
    /// not plugged in): each job tries to open it until it answers. A path
    /// that does not exist is reported as not connected, never created.
    pub fn attach(path: &Path, baud: u32) -> Self {
        Self {
            path: path.to_owned(),
            baud,
            sink: None,
            serial: None,
            check_status: None,
        }
    }

    fn opened(path: &Path, baud: u32, serial: bool) -> Result<Self, PrinterError> {
        let mut printer = Self::attach(path, baud);
        printer.serial = Some(serial);
        printer.connect()?;
        Ok(printer)
    }

    /// Turns the status check before each job on or off (a pty with nothing
    /// answering `DLE EOT` would otherwise look offline).
    pub fn with_status_check(mut self, on: bool) -> Self {
        self.check_status = Some(on);
        self
    }

    /// Asks a serial printer for its status; `None` for a file. No reply
    /// within the timeout means offline.
    pub fn status(&mut self) -> Result<Option<PrinterStatus>, PrinterError> {
        let result = self.connect().and_then(|sink| match sink {
            Sink::Serial(port) => query_status(port).map(Some),
            Sink::File(_) => Ok(None),
        });
        self.keep(result)
    }

    /// Sends raw ESC/POS bytes, after a status check if enabled.
    pub fn print_bytes(&mut self, bytes: &[u8]) -> Result<(), PrinterError> {
        let check = self.check_status;
        let result = self.connect().and_then(|sink| {
            match sink {
                Sink::Serial(port) => {
                    if check.unwrap_or(true) {
                        query_status(port)?.check()?;
                    }
                    port.write_all(bytes)?;
                    port.flush()?;
                }
                Sink::File(file) => {
                    file.write_all(bytes)?;
                    file.flush()?;
                }
            }
            Ok(())
        });
        self.keep(result)
    }

    /// Encodes and prints a document.
    pub fn print(&mut self, doc: &Document, opts: &EncodeOptions) -> Result<(), PrinterError> {
        let bytes = encode(doc, opts)?;
        self.print_bytes(&bytes)
    }

    /// The open sink, opening the path first if the connection was lost.
    fn connect(&mut self) -> Result<&mut Sink, PrinterError> {
        if self.sink.is_none() {
            let serial = match self.serial {
                Some(serial) => serial,
                None => std::fs::metadata(&self.path)
                    .map_err(|e| PrinterError::Io(format!("{}: {e}", self.path.display())))?
                    .file_type()
                    .is_char_device(),
            };
            let sink = if serial {
                serial_sink(&self.path, self.baud)?
            } else {
                file_sink(&self.path)?
            };
            self.serial = Some(serial);
            self.sink = Some(sink);
        }
        Ok(self.sink.as_mut().expect("connected just above"))
    }

    /// Closes the port when `result` says the connection was lost, so the next
    /// job opens the path again (a printer plugged back in or switched on).
    fn keep<T>(&mut self, result: Result<T, PrinterError>) -> Result<T, PrinterError> {
        if matches!(result, Err(PrinterError::Io(_) | PrinterError::Offline)) {
            self.sink = None;
        }
        result
    }
}

fn serial_sink(path: &Path, baud: u32) -> Result<Sink, PrinterError> {
    let port = serialport::new(path.to_string_lossy(), baud)
        .timeout(Duration::from_millis(500))
        .open_native()?;
    Ok(Sink::Serial(Box::new(port)))
}

fn file_sink(path: &Path) -> Result<Sink, PrinterError> {
    let file = OpenOptions::new().create(true).append(true).open(path)?;
    Ok(Sink::File(file))
}

fn query_status(port: &mut TTYPort) -> Result<PrinterStatus, PrinterError> {
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
    Ok(status)
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
