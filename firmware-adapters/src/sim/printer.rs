//! A virtual receipt printer on a pseudo-terminal: a thread records every byte
//! written to the slave path and answers `DLE EOT n` queries from a settable
//! state (paper out, offline, cover open), so the status path is exercised over
//! a real pty. Decode the recording with [`crate::printer::decode`].

use std::fs::File;
use std::io::{self, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::printer::escpos::{DLE, EOT};
use crate::printer::{DecodedLine, decode};

/// The condition the virtual printer reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SimPrinterState {
    pub paper_out: bool,
    pub offline: bool,
    pub cover_open: bool,
    /// Stay silent to status queries (a printer that is switched off).
    pub mute: bool,
}

impl SimPrinterState {
    /// The reply byte to `DLE EOT n`.
    fn reply(&self, n: u8) -> u8 {
        let mut b = 0x12;
        match n {
            1 if self.offline || self.paper_out || self.cover_open => b |= 0x08,
            2 => {
                if self.cover_open {
                    b |= 0x04;
                }
                if self.paper_out {
                    b |= 0x20;
                }
            }
            4 if self.paper_out => b |= 0x6c,
            _ => {}
        }
        b
    }
}

#[derive(Debug, Default)]
struct Shared {
    state: Mutex<SimPrinterState>,
    received: Mutex<Vec<u8>>,
    stop: AtomicBool,
}

/// A running virtual printer.
#[derive(Debug)]
pub struct VirtualPrinter {
    path: String,
    shared: Arc<Shared>,
    /// Our handle on the slave end: keeps the pty up, and wakes the recorder on drop.
    slave: File,
    thread: Option<JoinHandle<()>>,
}

impl VirtualPrinter {
    /// Creates the pty and starts recording.
    pub fn start(state: SimPrinterState) -> io::Result<Self> {
        let (master, slave, path) = super::pty()?;
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            ..Shared::default()
        });
        let t_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("virtual printer".into())
            .spawn(move || record(master, &t_shared))?;
        Ok(Self {
            path,
            shared,
            slave,
            thread: Some(thread),
        })
    }

    /// The slave path to open as the printer.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Changes what the printer reports from now on.
    pub fn set_state(&self, state: SimPrinterState) {
        if let Ok(mut s) = self.shared.state.lock() {
            *s = state;
        }
    }

    /// Every byte received so far, status queries included.
    pub fn received(&self) -> Vec<u8> {
        self.shared
            .received
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }

    /// Waits until a paper cut has arrived (the recorder thread reads the pty
    /// after the writer returns), or `timeout` has passed; then returns every
    /// byte received so far, as [`Self::received`] does.
    pub fn received_through_cut(&self, timeout: Duration) -> Vec<u8> {
        let deadline = Instant::now() + timeout;
        loop {
            let bytes = self.received();
            if decode(&bytes).contains(&DecodedLine::Cut) || Instant::now() > deadline {
                return bytes;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for VirtualPrinter {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // A byte from the slave side wakes the recorder's blocking read.
        let _ = self.slave.write_all(&[0]);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn record(mut master: File, shared: &Shared) {
    let mut buf = [0u8; 4096];
    // The last two bytes seen, to spot `DLE EOT n` split across reads.
    let mut tail: [u8; 2] = [0, 0];
    loop {
        let n = match master.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        };
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        // Recorded before any reply, so a writer that has seen the reply also
        // finds its query in `received`.
        if let Ok(mut r) = shared.received.lock() {
            r.extend_from_slice(&buf[..n]);
        }
        for &b in &buf[..n] {
            if tail == [DLE, EOT] && matches!(b, 1..=4) {
                let reply = shared
                    .state
                    .lock()
                    .map(|s| (!s.mute).then(|| s.reply(b)))
                    .unwrap_or(None);
                if let Some(r) = reply {
                    let _ = master.write_all(&[r]).and_then(|()| master.flush());
                }
            }
            tail = [tail[1], b];
        }
    }
}
