//! Simulators for development and tests without hardware, over real
//! pseudo-terminals: a [`scanner::SimScanner`] whose pty path the kiosk opens
//! like a serial scanner, and a [`printer::VirtualPrinter`] that records the
//! ESC/POS stream written to its pty and answers `DLE EOT` status queries.

pub mod printer;
pub mod scanner;

use std::fs::File;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};

use serialport::{SerialPort, TTYPort};

pub use printer::{SimPrinterState, VirtualPrinter};
pub use scanner::SimScanner;

/// A raw-mode pty: (master, a holder of the slave end, the slave path). Both
/// files are close-on-exec: `TTYPort::pair()` opens its descriptors without
/// `O_CLOEXEC`, so a child process spawned later (a test starting `canteen`)
/// would inherit the master and keep the device "plugged in" after the
/// simulator drops it.
pub(crate) fn pty() -> io::Result<(File, File, String)> {
    let (master, slave) = TTYPort::pair().map_err(io::Error::from)?;
    let path = slave
        .name()
        .ok_or_else(|| io::Error::other("pty without a name"))?;
    Ok((cloexec(master)?, cloexec(slave)?, path))
}

/// Replaces a port's descriptor by a close-on-exec duplicate.
fn cloexec(port: TTYPort) -> io::Result<File> {
    #[allow(unsafe_code)]
    // SAFETY: `port` owns this open descriptor and is alive for the whole
    // borrow, which ends once the duplicate (F_DUPFD_CLOEXEC) exists.
    let dup = unsafe { BorrowedFd::borrow_raw(port.as_raw_fd()) }.try_clone_to_owned()?;
    drop(port);
    Ok(File::from(dup))
}
