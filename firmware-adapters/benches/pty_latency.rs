//! Latency from the last byte of a frame written to a pty to the event on the
//! runner's channel (p50/p99), next to baselines measured in the same run:
//!
//! 1. raw pty: write a frame to the master, read it back from the slave in the
//!    same thread;
//! 2. raw pty + reader thread: a thread blocks on the slave and sends on an
//!    mpsc channel when it sees the terminator (what any runner must pay);
//! 3. the real runner: `SimScanner` → serial runner (decoder, classifier) →
//!    channel.
//!
//! Run with `cargo bench -p firmware-adapters --bench pty_latency`.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use firmware_adapters::scanner::{ScannerConfig, ScannerEventKind, spawn};
use firmware_adapters::sim::SimScanner;
use serialport::{SerialPort, TTYPort};

const N: usize = 2000;
const WARMUP: usize = 100;

fn frame(i: usize) -> String {
    format!("CANTEEN-RCPT:1:K01:{i}:0a1b2c3d\r\n")
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let pct = |p: f64| samples[((samples.len() as f64 - 1.0) * p).round() as usize];
    println!(
        "{name:<44} p50 {:>7.1} µs   p99 {:>7.1} µs   max {:>8.1} µs   (n={})",
        pct(0.50).as_secs_f64() * 1e6,
        pct(0.99).as_secs_f64() * 1e6,
        samples.last().map_or(0.0, |d| d.as_secs_f64() * 1e6),
        samples.len()
    );
}

/// Sends each frame (the warm-up ones first) with `write` in two writes, all
/// but its last byte and then the last byte, and keeps the time from that last
/// write to the moment `seen` (given the frame) returns once it has arrived.
fn timed(mut write: impl FnMut(&[u8]), mut seen: impl FnMut(&str) -> Instant) -> Vec<Duration> {
    let mut out = Vec::new();
    for i in 0..N + WARMUP {
        let f = frame(i);
        let (body, last) = f.as_bytes().split_at(f.len() - 1);
        write(body);
        let t = Instant::now();
        write(last);
        let at = seen(&f);
        if i >= WARMUP {
            out.push(at - t);
        }
    }
    out
}

fn raw_same_thread() -> Vec<Duration> {
    let (mut master, mut slave) = TTYPort::pair().expect("pty");
    slave.set_timeout(Duration::from_secs(5)).expect("timeout");
    let mut buf = [0u8; 256];
    timed(
        |bytes| master.write_all(bytes).expect("write"),
        |f| {
            let mut got = 0;
            while got < f.len() {
                got += slave.read(&mut buf[got..]).expect("read");
            }
            Instant::now()
        },
    )
}

fn raw_thread_channel() -> Vec<Duration> {
    let (mut master, mut slave) = TTYPort::pair().expect("pty");
    slave.set_timeout(Duration::from_secs(5)).expect("timeout");
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 256];
        let mut seen = 0;
        while seen < N + WARMUP {
            let Ok(n) = slave.read(&mut buf) else { return };
            for &b in &buf[..n] {
                if b == b'\n' {
                    seen += 1;
                    let _ = tx.send(Instant::now());
                }
            }
        }
    });
    let out = timed(
        |bytes| master.write_all(bytes).expect("write"),
        |_| rx.recv_timeout(Duration::from_secs(5)).expect("event"),
    );
    let _ = reader.join();
    out
}

fn runner() -> Vec<Duration> {
    let mut sim = SimScanner::new().expect("pty");
    let (tx, rx) = mpsc::channel();
    let handle = spawn(ScannerConfig::new(sim.path()), tx).expect("runner");
    let ev = rx.recv_timeout(Duration::from_secs(5)).expect("connected");
    assert_eq!(ev.kind, ScannerEventKind::Connected);
    let out = timed(
        |bytes| sim.send_raw(bytes).expect("write"),
        |_| {
            let ev = rx.recv_timeout(Duration::from_secs(5)).expect("scan");
            let seen = Instant::now();
            assert!(matches!(ev.kind, ScannerEventKind::Scan(_)), "{ev:?}");
            seen
        },
    );
    handle.join();
    out
}

fn main() {
    println!("pty latency, last byte written → event received ({N} frames each):");
    report(
        "baseline: raw pty write→read (same thread)",
        raw_same_thread(),
    );
    report(
        "baseline: raw pty → reader thread → channel",
        raw_thread_channel(),
    );
    report("runner: pty → decoder+classify → channel", runner());
}
