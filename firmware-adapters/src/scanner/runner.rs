//! The serial runner: one thread per scanner that only moves bytes.
//!
//! It opens the configured path (prefer a stable `/dev/serial/by-id/…` link),
//! reports [`ScannerEventKind::Connected`], feeds what it reads into a
//! [`Decoder`], classifies frames, and sends [`ScannerEvent`]s into a
//! `std::sync::mpsc::Sender` shared by all scanners. When the device goes away
//! (a read returns 0 bytes, EIO, or a hang-up) it closes the port, reports
//! [`ScannerEventKind::Disconnected`], waits (exponential backoff), and reopens
//! the same path. While the device is absent the thread sleeps: it never spins.
//! Blocking reads use a short timeout so inter-character timeouts and a stop
//! request are noticed promptly.

use std::io::{self, Read};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration as StdDuration;

use embassy_time::Instant;

use super::classify::{Classified, classify};
use super::decoder::{Decoder, DecoderConfig, DecoderEvent, Rejection};

/// Serial parity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parity {
    #[default]
    None,
    Odd,
    Even,
}

/// Reconnect delays: `initial`, doubling up to `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub initial: StdDuration,
    pub max: StdDuration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            initial: StdDuration::from_millis(100),
            max: StdDuration::from_secs(2),
        }
    }
}

/// One scanner's settings.
#[derive(Debug, Clone)]
pub struct ScannerConfig {
    /// Device path; also the scanner's name in events.
    pub path: String,
    pub baud: u32,
    pub parity: Parity,
    pub decoder: DecoderConfig,
    pub backoff: Backoff,
    /// Longest blocking read; bounds how late a stop or a frame timeout is seen.
    pub read_timeout: StdDuration,
}

impl ScannerConfig {
    /// 9600 8N1, default framing and backoff.
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            baud: 9600,
            parity: Parity::None,
            decoder: DecoderConfig::default(),
            backoff: Backoff::default(),
            read_timeout: StdDuration::from_millis(100),
        }
    }
}

/// What happened on one scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannerEventKind {
    Connected,
    /// The port closed; `reason` is a short technical description.
    Disconnected {
        reason: String,
    },
    Scan(Classified),
    Rejected(Rejection),
}

/// An event tagged with the scanner (its configured path) and the time it was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerEvent {
    pub scanner: String,
    pub at: Instant,
    pub kind: ScannerEventKind,
}

/// A stop request that sleeping threads wake up for.
#[derive(Debug, Default)]
struct Stop {
    stopped: Mutex<bool>,
    cond: Condvar,
}

impl Stop {
    fn is_set(&self) -> bool {
        self.stopped.lock().map(|g| *g).unwrap_or(true)
    }

    fn set(&self) {
        if let Ok(mut g) = self.stopped.lock() {
            *g = true;
        }
        self.cond.notify_all();
    }

    /// Sleeps up to `d`; returns true if stop was requested.
    fn sleep(&self, d: StdDuration) -> bool {
        let Ok(guard) = self.stopped.lock() else {
            return true;
        };
        match self.cond.wait_timeout_while(guard, d, |stopped| !*stopped) {
            Ok((g, _)) => *g,
            Err(_) => true,
        }
    }
}

/// A running scanner thread.
#[derive(Debug)]
pub struct RunnerHandle {
    stop: Arc<Stop>,
    thread: Option<JoinHandle<()>>,
}

impl RunnerHandle {
    /// Asks the thread to stop (it notices within `read_timeout`).
    pub fn stop(&self) {
        self.stop.set();
    }

    /// True once the thread has ended (stopped, or its receiver was dropped).
    pub fn is_finished(&self) -> bool {
        self.thread.as_ref().is_none_or(JoinHandle::is_finished)
    }

    /// Stops the thread and waits for it.
    pub fn join(mut self) {
        self.stop.set();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for RunnerHandle {
    fn drop(&mut self) {
        self.stop.set();
    }
}

/// Starts a runner thread for `config`, sending its events to `tx`. The
/// thread ends when stopped or when the receiver is gone.
pub fn spawn(config: ScannerConfig, tx: Sender<ScannerEvent>) -> io::Result<RunnerHandle> {
    let stop = Arc::new(Stop::default());
    let thread_stop = Arc::clone(&stop);
    let thread = std::thread::Builder::new()
        .name(format!("scanner {}", config.path))
        .spawn(move || run(&config, &tx, &thread_stop))?;
    Ok(RunnerHandle {
        stop,
        thread: Some(thread),
    })
}

/// Why a connected session ended.
enum End {
    Stopped,
    ReceiverGone,
    Lost { reason: String, got_data: bool },
}

fn run(config: &ScannerConfig, tx: &Sender<ScannerEvent>, stop: &Stop) {
    let mut decoder = Decoder::new(config.decoder.clone());
    let mut backoff = config.backoff.initial;
    let send = |kind| {
        tx.send(ScannerEvent {
            scanner: config.path.clone(),
            at: Instant::now(),
            kind,
        })
        .is_ok()
    };
    while !stop.is_set() {
        let port = match open(config) {
            Ok(port) => port,
            Err(_) => {
                if stop.sleep(backoff) {
                    return;
                }
                backoff = (backoff * 2).min(config.backoff.max);
                continue;
            }
        };
        if !send(ScannerEventKind::Connected) {
            return;
        }
        decoder.reset();
        match session(port, &mut decoder, &send, stop) {
            End::Stopped | End::ReceiverGone => return,
            End::Lost { reason, got_data } => {
                if !send(ScannerEventKind::Disconnected { reason }) {
                    return;
                }
                if got_data {
                    backoff = config.backoff.initial;
                }
                if stop.sleep(backoff) {
                    return;
                }
                backoff = (backoff * 2).min(config.backoff.max);
            }
        }
    }
}

fn open(config: &ScannerConfig) -> serialport::Result<serialport::TTYPort> {
    let parity = match config.parity {
        Parity::None => serialport::Parity::None,
        Parity::Odd => serialport::Parity::Odd,
        Parity::Even => serialport::Parity::Even,
    };
    serialport::new(&config.path, config.baud)
        .parity(parity)
        .data_bits(serialport::DataBits::Eight)
        .stop_bits(serialport::StopBits::One)
        .flow_control(serialport::FlowControl::None)
        .timeout(config.read_timeout)
        .open_native()
}

fn session(
    mut port: serialport::TTYPort,
    decoder: &mut Decoder,
    send: &impl Fn(ScannerEventKind) -> bool,
    stop: &Stop,
) -> End {
    let mut buf = [0u8; 256];
    let mut got_data = false;
    let forward = |ev: DecoderEvent| {
        send(match ev {
            DecoderEvent::Frame(f) => ScannerEventKind::Scan(classify(&f.payload)),
            DecoderEvent::Rejected(r) => ScannerEventKind::Rejected(r),
        })
    };
    loop {
        if stop.is_set() {
            return End::Stopped;
        }
        match port.read(&mut buf) {
            Ok(0) => {
                return End::Lost {
                    reason: "end of file".into(),
                    got_data,
                };
            }
            Ok(n) => {
                got_data = true;
                for ev in decoder.feed(&buf[..n], Instant::now()) {
                    if !forward(ev) {
                        return End::ReceiverGone;
                    }
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut
                        | io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                ) =>
            {
                if let Some(ev) = decoder.poll_timeout(Instant::now()) {
                    if !forward(ev) {
                        return End::ReceiverGone;
                    }
                }
            }
            Err(e) => {
                return End::Lost {
                    reason: e.to_string(),
                    got_data,
                };
            }
        }
    }
}
