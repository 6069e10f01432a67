//! While its device is absent the runner sleeps between reopen attempts: its
//! thread's CPU time over a second and a half stays far below a busy loop.
//! (A property, not a speed goal; in its own test binary so no other runner
//! threads are counted.)

mod common;

use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{fast_config, is_connected, is_disconnected, temp_dir, thread_cpu_ns, wait_for};
use firmware_adapters::scanner::spawn;
use firmware_adapters::sim::SimScanner;

#[test]
fn cpu_stays_idle_while_the_device_is_absent() {
    let dir = temp_dir("idle");
    let link = dir.join("usb-Scanner_idle");
    let sim = SimScanner::new().unwrap();
    std::os::unix::fs::symlink(sim.path(), &link).unwrap();
    let (tx, rx) = mpsc::channel();
    let runner = spawn(fast_config(link.to_str().unwrap()), tx).unwrap();
    wait_for(&rx, "connected", is_connected);
    // Unplug, but leave the link dangling: every reopen attempt fails.
    drop(sim);
    wait_for(&rx, "disconnected", is_disconnected);

    let cpu_before = thread_cpu_ns("scanner ");
    let wall = Instant::now();
    std::thread::sleep(Duration::from_millis(1500));
    let cpu = thread_cpu_ns("scanner ") - cpu_before;
    let wall_ns = wall.elapsed().as_nanos() as u64;
    assert!(cpu_before > 0, "runner thread not found in /proc/self/task");
    assert!(
        cpu * 20 < wall_ns,
        "runner used {cpu} ns of CPU in {wall_ns} ns while the device was absent"
    );
    assert!(rx.try_recv().is_err(), "events while absent");
    runner.join();
    let _ = std::fs::remove_dir_all(dir);
}
