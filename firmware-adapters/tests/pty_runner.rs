//! Scanner runners on real pseudo-terminals: frames cross a pty, several
//! scanners share one channel, and an unplugged device is recovered from.

mod common;

use std::sync::mpsc;

use common::{fast_config, is_connected, is_disconnected, temp_dir, wait_for};
use firmware_adapters::scanner::{Rejection, ScanKind, ScannerEventKind, spawn};
use firmware_adapters::sim::SimScanner;

fn scan_kind(ev: &firmware_adapters::scanner::ScannerEvent) -> Option<(ScanKind, bool, String)> {
    match &ev.kind {
        ScannerEventKind::Scan(c) => Some((c.kind, c.valid, c.masked.clone())),
        _ => None,
    }
}

#[test]
fn frames_cross_a_real_pty() {
    let mut sim = SimScanner::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let runner = spawn(fast_config(sim.path()), tx).unwrap();
    let (ev, _) = wait_for(&rx, "connected", is_connected);
    assert_eq!(ev.scanner, sim.path());

    sim.send_frame("11010519491231002X").unwrap();
    let (ev, skipped) = wait_for(&rx, "scan", |e| scan_kind(e).is_some());
    assert!(skipped.is_empty(), "{skipped:?}");
    assert_eq!(
        scan_kind(&ev),
        Some((ScanKind::ResidentId, true, "110***********002X".into()))
    );
    assert!(!format!("{ev:?}").contains("11010519491231002X"));

    // Split writes, a control byte, then a meal card with a bare LF.
    sim.send_raw(b"CANTEEN-CARD:1:2024").unwrap();
    sim.send_raw(b"0001:abcdefghijklmnop\r").unwrap();
    let (ev, _) = wait_for(&rx, "card", |e| scan_kind(e).is_some());
    assert_eq!(
        scan_kind(&ev).map(|k| (k.0, k.1)),
        Some((ScanKind::MealCard, true))
    );

    sim.send_raw(b"AB\x1bpC\r\n").unwrap();
    let (ev, _) = wait_for(&rx, "rejected", |e| {
        matches!(e.kind, ScannerEventKind::Rejected(_))
    });
    assert_eq!(
        ev.kind,
        ScannerEventKind::Rejected(Rejection::ControlByte(0x1b))
    );
    runner.join();
}

#[test]
fn partial_frame_times_out_on_a_quiet_line() {
    let mut sim = SimScanner::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let mut cfg = fast_config(sim.path());
    cfg.decoder.inter_char_timeout = embassy_time::Duration::from_millis(150);
    let runner = spawn(cfg, tx).unwrap();
    wait_for(&rx, "connected", is_connected);
    sim.send_raw(b"110105").unwrap();
    let (ev, skipped) = wait_for(&rx, "timeout", |e| {
        matches!(e.kind, ScannerEventKind::Rejected(_))
    });
    assert_eq!(ev.kind, ScannerEventKind::Rejected(Rejection::Timeout));
    assert!(skipped.is_empty(), "{skipped:?}");
    runner.join();
}

#[test]
fn several_scanners_feed_one_channel() {
    let mut a = SimScanner::new().unwrap();
    let mut b = SimScanner::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let ra = spawn(fast_config(a.path()), tx.clone()).unwrap();
    let rb = spawn(fast_config(b.path()), tx).unwrap();
    wait_for(&rx, "connected a", |e| {
        is_connected(e) && e.scanner == a.path()
    });
    // b may have connected already; wait only if not.
    a.send_frame("CANTEEN-RCPT:1:K01:7:0123abcd").unwrap();
    b.send_frame("110105491231002").unwrap();
    let mut got = Vec::new();
    while got.len() < 2 {
        let (ev, _) = wait_for(&rx, "scan", |e| scan_kind(e).is_some());
        got.push((ev.scanner.clone(), scan_kind(&ev).map(|k| k.0.code())));
    }
    got.sort();
    let mut want = vec![
        (a.path().to_owned(), Some("receipt")),
        (b.path().to_owned(), Some("resident_id")),
    ];
    want.sort();
    assert_eq!(got, want);
    ra.join();
    rb.join();
}

#[test]
fn unplug_and_replug_at_the_same_path_is_recovered() {
    let dir = temp_dir("replug");
    let link = dir.join("usb-Scanner_0001-if00");
    let link_str = link.to_str().unwrap().to_owned();

    let mut first = SimScanner::new().unwrap();
    std::os::unix::fs::symlink(first.path(), &link).unwrap();
    let (tx, rx) = mpsc::channel();
    let runner = spawn(fast_config(&link_str), tx).unwrap();
    let (ev, _) = wait_for(&rx, "connected", is_connected);
    assert_eq!(ev.scanner, link_str);
    first.send_frame("CANTEEN-RCPT:1:K01:1:0123abcd").unwrap();
    wait_for(&rx, "first scan", |e| scan_kind(e).is_some());

    // Unplug: the device and its by-id link vanish.
    drop(first);
    std::fs::remove_file(&link).unwrap();
    let (ev, skipped) = wait_for(&rx, "disconnected", is_disconnected);
    assert_eq!(ev.scanner, link_str);
    assert!(skipped.is_empty(), "{skipped:?}");
    // Absent for a while: retries fail quietly, nothing is reported.
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(rx.try_recv().is_err());

    // Replug: a new device (another pty) behind the same stable path.
    let mut second = SimScanner::new().unwrap();
    std::os::unix::fs::symlink(second.path(), &link).unwrap();
    let (ev, skipped) = wait_for(&rx, "reconnected", is_connected);
    assert_eq!(ev.scanner, link_str);
    assert!(skipped.is_empty(), "{skipped:?}");
    // The same receipt again is reported: the repeat memory was reset with the device.
    second.send_frame("CANTEEN-RCPT:1:K01:1:0123abcd").unwrap();
    let (ev, _) = wait_for(&rx, "scan after replug", |e| scan_kind(e).is_some());
    assert_eq!(scan_kind(&ev).map(|k| k.0), Some(ScanKind::Receipt));
    runner.join();
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn runner_ends_when_the_receiver_is_dropped() {
    let sim = SimScanner::new().unwrap();
    let (tx, rx) = mpsc::channel();
    let runner = spawn(fast_config(sim.path()), tx).unwrap();
    wait_for(&rx, "connected", is_connected);
    drop(rx);
    drop(sim); // the hang-up makes the runner try to report, and notice
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while !runner.is_finished() {
        assert!(
            std::time::Instant::now() < deadline,
            "runner thread still alive"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}
