//! A simulated scanner on a pseudo-terminal: frames written to the master end
//! arrive at the slave path, which a runner opens like `/dev/ttyACM0`.
//!
//! The simulator keeps its own handle on the slave open, so the pty stays up
//! (and buffers frames) while no reader has it open. Dropping the simulator
//! closes both ends: readers see a hang-up, as on a USB unplug.

use std::fs::File;
use std::io::{self, Write};

/// A pty that behaves like a serial scanner.
#[derive(Debug)]
pub struct SimScanner {
    master: File,
    _slave: File,
    path: String,
}

impl SimScanner {
    /// Creates a new pty pair.
    pub fn new() -> io::Result<Self> {
        let (master, slave, path) = super::pty()?;
        Ok(Self {
            master,
            _slave: slave,
            path,
        })
    }

    /// The slave path to open as the scanner (`/dev/pts/N`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Sends one frame: `payload` followed by CR LF.
    pub fn send_frame(&mut self, payload: &str) -> io::Result<()> {
        self.send_raw(payload.as_bytes())?;
        self.send_raw(b"\r\n")
    }

    /// Sends bytes exactly as given.
    pub fn send_raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.master.write_all(bytes)?;
        self.master.flush()
    }
}
