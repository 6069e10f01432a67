//! The device commands through the real `canteen` binary, on real
//! pseudo-terminals: `devices listen`, `devices print-test`, `receipt show`
//! and `sim scanner`.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdout, Command, Output, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use firmware_adapters::sim::{SimPrinterState, SimScanner, VirtualPrinter};
use serde_json::{Value, json};

const ID: &str = "11010519491231002X";

fn canteen() -> Command {
    Command::new(env!("CARGO_BIN_EXE_canteen"))
}

/// Runs `canteen ARGS`, which must exit 0; its output.
fn succeeds(args: &[&str]) -> Output {
    let out = canteen().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Lines of a child's stdout, read on a thread.
fn lines(stdout: ChildStdout) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The next JSON line, within 10 s.
fn next_json(rx: &Receiver<String>) -> Value {
    let line = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("a JSON line from canteen");
    assert!(!line.contains(ID), "full ID number on stdout: {line}");
    serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"))
}

/// A child process killed when the test ends, even by a panic.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn terminate(running: &mut Running) -> i32 {
    let child = &mut running.0;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "canteen did not exit on SIGTERM");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("canteen-devices-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn listen(paths: &[&str]) -> (Running, Receiver<String>) {
    let mut cmd = canteen();
    cmd.args(["devices", "listen"]);
    for p in paths {
        cmd.args(["--scanner", p]);
    }
    let mut child = cmd.stdout(Stdio::piped()).spawn().expect("spawn canteen");
    let rx = lines(child.stdout.take().unwrap());
    (Running(child), rx)
}

#[test]
fn listen_prints_one_json_line_per_event_and_exits_0_on_sigterm() {
    let mut a = SimScanner::new().unwrap();
    let mut b = SimScanner::new().unwrap();
    let (mut child, rx) = listen(&[a.path(), b.path()]);
    let mut connected = vec![next_json(&rx), next_json(&rx)];
    connected.sort_by_key(|v| v["scanner"].as_str().unwrap_or_default().to_owned());
    let mut want = vec![
        json!({"scanner": a.path(), "event": "connected"}),
        json!({"scanner": b.path(), "event": "connected"}),
    ];
    want.sort_by_key(|v| v["scanner"].as_str().unwrap_or_default().to_owned());
    assert_eq!(connected, want);

    a.send_frame(ID).unwrap();
    assert_eq!(
        next_json(&rx),
        json!({"scanner": a.path(), "event": "scan", "kind": "resident_id", "masked": "110***********002X", "valid": true})
    );
    b.send_frame("110105194912310021").unwrap();
    let v = next_json(&rx);
    assert_eq!(
        (
            v["scanner"].as_str(),
            v["kind"].as_str(),
            v["valid"].as_bool()
        ),
        (Some(b.path()), Some("resident_id"), Some(false))
    );
    a.send_frame("CANTEEN-CARD:1:20240001:abcdefghijklmnop")
        .unwrap();
    let v = next_json(&rx);
    assert_eq!(
        (v["kind"].as_str(), v["valid"].as_bool()),
        (Some("meal_card"), Some(true))
    );
    a.send_frame("CANTEEN-RCPT:1:K01:9:0123abcd").unwrap();
    assert_eq!(next_json(&rx)["kind"], "receipt");
    a.send_frame("hello").unwrap();
    assert_eq!(next_json(&rx)["kind"], "unknown");
    a.send_raw(b"AB\x07C\r\n").unwrap();
    assert_eq!(
        next_json(&rx),
        json!({"scanner": a.path(), "event": "rejected", "reason": "control_byte"})
    );

    assert_eq!(terminate(&mut child), 0);
}

#[test]
fn listen_reports_unplug_and_replug() {
    let dir = temp_dir("replug");
    let link = dir.join("usb-Scanner_CLI-if00");
    let link_s = link.to_str().unwrap().to_owned();
    let first = SimScanner::new().unwrap();
    std::os::unix::fs::symlink(first.path(), &link).unwrap();
    let (mut child, rx) = listen(&[&link_s]);
    assert_eq!(
        next_json(&rx),
        json!({"scanner": link_s, "event": "connected"})
    );
    drop(first);
    std::fs::remove_file(&link).unwrap();
    assert_eq!(
        next_json(&rx),
        json!({"scanner": link_s, "event": "disconnected"})
    );
    let mut second = SimScanner::new().unwrap();
    std::os::unix::fs::symlink(second.path(), &link).unwrap();
    assert_eq!(
        next_json(&rx),
        json!({"scanner": link_s, "event": "connected"})
    );
    second.send_frame("110105491231002").unwrap();
    assert_eq!(next_json(&rx)["kind"], "resident_id");
    assert_eq!(terminate(&mut child), 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn sim_scanner_feeds_listen() {
    let dir = temp_dir("sim");
    let ids = dir.join("ids.txt");
    std::fs::write(&ids, format!("{ID}\r\n\nCANTEEN-RCPT:1:K01:2:0123abcd\n")).unwrap();
    let mut sim = canteen()
        .args([
            "sim",
            "scanner",
            "--ids",
            ids.to_str().unwrap(),
            "--interval-ms",
            "10",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let sim_out = lines(sim.stdout.take().unwrap());
    let mut sim = Running(sim);
    let path = sim_out
        .recv_timeout(Duration::from_secs(10))
        .expect("sim prints its pty path");
    assert!(path.starts_with("/dev/"), "{path}");

    let (mut child, rx) = listen(&[&path]);
    assert_eq!(next_json(&rx)["event"], "connected");
    assert_eq!(next_json(&rx)["masked"], "110***********002X");
    assert_eq!(next_json(&rx)["kind"], "receipt");
    assert_eq!(terminate(&mut child), 0);
    assert_eq!(terminate(&mut sim), 0);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn sim_scanner_sends_stdin_lines() {
    let mut sim = canteen()
        .args(["sim", "scanner"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let sim_out = lines(sim.stdout.take().unwrap());
    let mut sim = Running(sim);
    let path = sim_out.recv_timeout(Duration::from_secs(10)).unwrap();
    let (mut child, rx) = listen(&[&path]);
    assert_eq!(next_json(&rx)["event"], "connected");
    {
        use std::io::Write;
        let stdin = sim.0.stdin.as_mut().unwrap();
        writeln!(stdin, "CANTEEN-CARD:1:20240001:abcdefghijklmnop").unwrap();
        stdin.flush().unwrap();
    }
    assert_eq!(next_json(&rx)["kind"], "meal_card");
    assert_eq!(terminate(&mut child), 0);
    assert_eq!(terminate(&mut sim), 0);
}

#[test]
fn print_test_to_a_file_then_receipt_show() {
    let dir = temp_dir("print");
    let file = dir.join("printer.escpos");
    succeeds(&["devices", "print-test", "--printer", file.to_str().unwrap()]);
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(&[0x1b, b'@']));

    let out = succeeds(&["receipt", "show", file.to_str().unwrap()]);
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "幸福里社区长者食堂",
        "红烧肉 x1",
        "助餐补贴",
        "实付 9.00 元",
        "[QR CANTEEN-RCPT:1:K01:1:0123abcd]",
        "[CUT]",
    ] {
        assert!(text.contains(want), "missing {want:?} in:\n{text}");
    }
    assert!(!text.contains("[DRAWER]"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn print_test_over_a_pty_and_paper_out() {
    let vp = VirtualPrinter::start(SimPrinterState::default()).unwrap();
    succeeds(&["devices", "print-test", "--printer", vp.path(), "--raster"]);
    let lines =
        firmware_adapters::printer::decode(&vp.received_through_cut(Duration::from_secs(5)));
    assert!(
        lines
            .iter()
            .any(|l| matches!(l, firmware_adapters::printer::DecodedLine::Raster { .. }))
    );
    assert!(lines.iter().any(|l| l.text() == Some("幸福里社区长者食堂")));

    vp.set_state(SimPrinterState {
        paper_out: true,
        ..Default::default()
    });
    let out = canteen()
        .args(["devices", "print-test", "--printer", vp.path()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        json!({"error": "printer_paper_out", "message": "打印机缺纸 / printer out of paper"})
    );
}

#[test]
fn receipt_show_missing_file_is_refused() {
    let out = canteen()
        .args(["receipt", "show", "/nonexistent/receipt.bin"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"], "not_found");
}
