//! The systemd watchdog, without systemd: the test binds its own notify
//! socket (`NOTIFY_SOCKET`, `WATCHDOG_USEC`, as systemd sets them for a
//! `Type=notify` service with `WatchdogSec`), starts `canteen kiosk` on a
//! virtual display (`xvfb-run`, Debian `xvfb`), and reads what it says:
//! `READY=1` once the window is up, then `WATCHDOG=1` about every half
//! timeout. With the test hook `CANTEEN_TEST_FREEZE_EVENT_LOOP_AFTER_SECS`
//! the UI event loop stops answering, and the pings must stop — which is
//! what makes systemd restart a hung kiosk. A kiosk whose database is
//! damaged stays up out of service (no restart loop) and says so.

use std::os::unix::net::UnixDatagram;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const WATCHDOG: Duration = Duration::from_secs(2);

struct Kiosk {
    child: Child,
    _dir: TempDir,
    socket: UnixDatagram,
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        // xvfb-run, Xvfb and the kiosk share the group the test started.
        let _ = Command::new("kill")
            .arg("--")
            .arg(format!("-{}", self.child.id()))
            .status();
        let _ = self.child.wait();
    }
}

fn start(freeze_after: Option<u64>) -> Kiosk {
    start_in(TempDir::new().unwrap(), freeze_after)
}

fn start_in(dir: TempDir, freeze_after: Option<u64>) -> Kiosk {
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    socket
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    // Through `env`, so that only the kiosk gets the socket: Xvfb too says
    // READY=1 to a NOTIFY_SOCKET it inherits.
    let mut cmd = Command::new("xvfb-run");
    cmd.args(["-a", "-s", "-screen 0 1280x800x24", "env"])
        .arg(format!("NOTIFY_SOCKET={}", path.display()))
        .arg(format!("WATCHDOG_USEC={}", WATCHDOG.as_micros()));
    if let Some(secs) = freeze_after {
        cmd.arg(format!("CANTEEN_TEST_FREEZE_EVENT_LOOP_AFTER_SECS={secs}"));
    }
    cmd.arg(env!("CARGO_BIN_EXE_canteen"))
        .args(["kiosk", "--data"])
        .arg(dir.path().join("data"))
        .env_remove("NOTIFY_SOCKET")
        .env_remove("WATCHDOG_USEC")
        .env_remove("WATCHDOG_PID")
        .env_remove("SLINT_BACKEND")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0);
    let child = cmd
        .spawn()
        .expect("xvfb-run (Debian xvfb, installed by scripts/setup)");
    Kiosk {
        child,
        _dir: dir,
        socket,
    }
}

/// The notify messages received until `until`, with when they came.
fn read_until(kiosk: &Kiosk, until: Instant) -> Vec<(Instant, String)> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while Instant::now() < until {
        if let Ok(n) = kiosk.socket.recv(&mut buf) {
            got.push((
                Instant::now(),
                String::from_utf8_lossy(&buf[..n]).into_owned(),
            ));
        }
    }
    got
}

/// Waits (up to a minute: a debug build starts slowly) for READY=1.
fn wait_ready(kiosk: &mut Kiosk) -> Instant {
    wait_ready_saying(kiosk).0
}

/// READY=1 and the status that came with it.
fn wait_ready_saying(kiosk: &mut Kiosk) -> (Instant, String) {
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut buf = [0u8; 4096];
    while Instant::now() < deadline {
        if let Ok(n) = kiosk.socket.recv(&mut buf) {
            let text = String::from_utf8_lossy(&buf[..n]).into_owned();
            if text.lines().any(|l| l == "READY=1") {
                return (Instant::now(), text);
            }
        }
        assert!(
            kiosk.child.try_wait().unwrap().is_none(),
            "the kiosk ended before READY=1"
        );
    }
    panic!("no READY=1 within a minute");
}

fn pings(messages: &[(Instant, String)]) -> Vec<Instant> {
    messages
        .iter()
        .filter(|(_, m)| m.lines().any(|l| l == "WATCHDOG=1"))
        .map(|(t, _)| *t)
        .collect()
}

#[test]
fn a_kiosk_that_answers_feeds_the_watchdog_every_half_timeout() {
    let mut kiosk = start(None);
    let (ready, said) = wait_ready_saying(&mut kiosk);
    assert!(said.contains("STATUS=selling"), "{said}");
    let got = pings(&read_until(&kiosk, ready + WATCHDOG * 3));
    assert!(got.len() >= 4, "pings in 3 timeouts: {}", got.len());
    let mut last = ready;
    for t in got {
        assert!(t - last < WATCHDOG, "a gap of {:?}", t - last);
        last = t;
    }
}

#[test]
fn a_kiosk_whose_event_loop_stops_answering_stops_feeding_the_watchdog() {
    // The freeze comes a few seconds after start; READY comes first.
    let mut kiosk = start(Some(4));
    let ready = wait_ready(&mut kiosk);
    let messages = read_until(&kiosk, ready + Duration::from_secs(4) + WATCHDOG * 4);
    let got = pings(&messages);
    assert!(
        !got.is_empty(),
        "the kiosk fed the watchdog before it froze"
    );
    let last = *got.last().unwrap();
    let silent = Instant::now() - last;
    assert!(
        silent > WATCHDOG * 2,
        "pings went on after the freeze: the last one {silent:?} ago"
    );
    assert!(
        kiosk.child.try_wait().unwrap().is_none(),
        "the frozen kiosk is still running: only the watchdog can tell"
    );
}

#[test]
fn a_kiosk_with_a_damaged_database_stays_up_out_of_service() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let sold = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args([
            "sell",
            "--demo",
            "--item",
            "lunch-set",
            "--tendered",
            "2000",
        ])
        .args(["--at", "2026-11-23T12:00:00+08:00", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(sold.status.success(), "{sold:?}");
    let db = data.join(canteen_ledger::DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    bytes[..4096].fill(0xA5);
    std::fs::write(&db, bytes).unwrap();

    let mut kiosk = start_in(dir, None);
    let (ready, said) = wait_ready_saying(&mut kiosk);
    assert!(said.contains("STATUS=out of service"), "{said}");
    // It keeps feeding the watchdog (its event loop answers) and stays up.
    let got = pings(&read_until(&kiosk, ready + WATCHDOG * 2));
    assert!(!got.is_empty(), "no watchdog pings out of service");
    assert!(
        kiosk.child.try_wait().unwrap().is_none(),
        "it must not exit into a restart loop"
    );
}
