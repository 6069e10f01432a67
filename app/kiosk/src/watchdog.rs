//! The systemd notify protocol for `canteen kiosk` run as a `Type=notify`
//! service (`packaging/systemd/canteen-kiosk.service`): `READY=1` once the
//! window is up, then `WATCHDOG=1` every half `WatchdogSec` — sent from a
//! timer of the UI event loop, and only while the sale path's worker has
//! answered a recent ping, so systemd restarts a kiosk whose screen or sale
//! path hangs. Without `NOTIFY_SOCKET` (not run by systemd) nothing is sent.

use std::time::Duration;

use sd_notify::NotifyState;

/// What systemd asked of this process through the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Watchdog {
    /// `WATCHDOG_USEC`, when it is meant for this process.
    timeout: Option<Duration>,
}

impl Watchdog {
    /// Reads `WATCHDOG_USEC` (and `WATCHDOG_PID`, which must name this
    /// process when it is set, as `sd_watchdog_enabled(3)` says).
    pub fn from_env() -> Watchdog {
        let usec = std::env::var("WATCHDOG_USEC")
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .filter(|&u| u > 0);
        let ours = std::env::var("WATCHDOG_PID")
            .ok()
            .is_none_or(|p| p.parse::<u32>().ok() == Some(std::process::id()));
        Watchdog {
            timeout: usec.filter(|_| ours).map(Duration::from_micros),
        }
    }

    /// How long systemd waits for a ping before it restarts the kiosk.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// How often to ping: half the timeout, as systemd recommends.
    pub fn interval(&self) -> Option<Duration> {
        self.timeout.map(|t| t / 2)
    }

    /// `READY=1`: the window is up and the kiosk sells.
    pub fn ready(&self, status: &str) {
        send(&[NotifyState::Ready, NotifyState::Status(status)]);
    }

    /// `WATCHDOG=1`: the event loop and the sale path both answer.
    pub fn feed(&self) {
        send(&[NotifyState::Watchdog]);
    }

    /// `STATUS=…` for `systemctl status`.
    pub fn status(&self, status: &str) {
        send(&[NotifyState::Status(status)]);
    }

    /// `STOPPING=1` when the window closes.
    pub fn stopping(&self) {
        send(&[NotifyState::Stopping]);
    }
}

fn send(states: &[NotifyState<'_>]) {
    // No NOTIFY_SOCKET: a no-op. A socket that went away must not stop a sale.
    if let Err(e) = sd_notify::notify(false, states) {
        tracing::warn!(error = %e, "systemd notify failed");
    }
}
