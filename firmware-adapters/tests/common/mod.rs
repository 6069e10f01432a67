//! Helpers shared by the pseudo-terminal tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use firmware_adapters::scanner::{Backoff, ScannerConfig, ScannerEvent, ScannerEventKind};

/// Waits for the first event matching `pred`, returning it and the events skipped.
pub fn wait_for(
    rx: &Receiver<ScannerEvent>,
    what: &str,
    pred: impl Fn(&ScannerEvent) -> bool,
) -> (ScannerEvent, Vec<ScannerEvent>) {
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut skipped = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ev) if pred(&ev) => return (ev, skipped),
            Ok(ev) => skipped.push(ev),
            Err(e) => panic!("no {what} event ({e}); got {skipped:?}"),
        }
    }
}

pub fn is_connected(ev: &ScannerEvent) -> bool {
    ev.kind == ScannerEventKind::Connected
}

pub fn is_disconnected(ev: &ScannerEvent) -> bool {
    matches!(ev.kind, ScannerEventKind::Disconnected { .. })
}

/// A fresh, empty temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fw-adapters-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// A scanner config with fast backoff for tests.
pub fn fast_config(path: &str) -> ScannerConfig {
    let mut c = ScannerConfig::new(path);
    c.backoff = Backoff {
        initial: Duration::from_millis(20),
        max: Duration::from_millis(200),
    };
    c
}

/// Nanoseconds of CPU used so far by this process's threads whose name starts with `prefix`.
pub fn thread_cpu_ns(prefix: &str) -> u64 {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task")
        .expect("/proc/self/task")
        .flatten()
    {
        let comm = std::fs::read_to_string(task.path().join("comm")).unwrap_or_default();
        if comm.starts_with(prefix) {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            total += stat
                .split_whitespace()
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
        }
    }
    total
}
