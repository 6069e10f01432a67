//! What `canteen kiosk` needs to run unattended on a board: the Slint backend
//! chosen at run time (both are compiled in: winit on a desktop, linuxkms when
//! no display server runs), the systemd watchdog fed from the UI event loop
//! while the sale path answers (`canteen_kiosk::watchdog`), the out-of-service
//! window of a kiosk whose database is damaged, and one clearly named test
//! hook that freezes the event loop so a test can watch the watchdog stop.

use std::path::Path;
use std::time::{Duration, Instant};

use canteen_core::session::{ErrorKind, Stage};
use canteen_kiosk::watchdog::Watchdog;
use canteen_ui::slint::{self, ComponentHandle};
use canteen_ui::{Kiosk, KioskSettings, KioskWindow, Lang};

use crate::exit::Outcome;

/// Test hook, never set on an appliance: after this many seconds the UI event
/// loop blocks for good, as a hung kiosk would (`app/kiosk/tests/watchdog.rs`).
pub const FREEZE_ENV: &str = "CANTEEN_TEST_FREEZE_EVENT_LOOP_AFTER_SECS";

/// Picks the Slint backend before the first window: the operator's
/// `SLINT_BACKEND` if set, else winit when a display server runs (`DISPLAY`
/// or `WAYLAND_DISPLAY`), else linuxkms (a board booted without a desktop).
pub fn select_backend() {
    if std::env::var_os("SLINT_BACKEND").is_some() {
        return;
    }
    let display = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    let name = if display { "winit" } else { "linuxkms" };
    match slint::BackendSelector::new()
        .backend_name(name.into())
        .select()
    {
        Ok(()) => tracing::info!(backend = name, "display backend selected"),
        Err(e) => {
            tracing::warn!("the {name} display backend is not available ({e}); trying the others")
        }
    }
}

/// Feeds the systemd watchdog from the event loop, every half `WatchdogSec`,
/// while the worker (the sale path) has answered within `WatchdogSec`; asks it
/// again each time. `None` when systemd set no watchdog.
pub fn start_watchdog(kiosk: &Kiosk, dog: Watchdog) -> Option<slint::Timer> {
    let (Some(interval), Some(timeout)) = (dog.interval(), dog.timeout()) else {
        return None;
    };
    let heartbeat = kiosk.worker_heartbeat();
    let kiosk = kiosk.clone();
    let timer = slint::Timer::default();
    timer.start(slint::TimerMode::Repeated, interval, move || {
        if heartbeat.answered_within(Instant::now(), timeout) {
            dog.feed();
        } else {
            tracing::error!(
                "the sale path has not answered for {} s: watchdog not fed, systemd will restart the kiosk",
                timeout.as_secs()
            );
        }
        kiosk.ping_worker();
    });
    Some(timer)
}

/// Tells systemd the window is up once the event loop runs, and arms the
/// test-only freeze ([`FREEZE_ENV`]).
pub fn when_running(dog: Watchdog, status: &'static str) {
    slint::Timer::single_shot(Duration::ZERO, move || dog.ready(status));
    if let Some(secs) = std::env::var(FREEZE_ENV)
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        tracing::warn!("{FREEZE_ENV}={secs}: the event loop freezes after {secs} s (a test hook)");
        slint::Timer::single_shot(Duration::from_secs(secs), || {
            loop {
                std::thread::park();
            }
        });
    }
}

/// The window of a kiosk whose sales database is damaged: it sells nothing,
/// says so, and tells the operator how to restore the last backup. It stays
/// up (and feeds the watchdog) so systemd does not restart it in a loop.
pub fn out_of_service(
    settings: &KioskSettings,
    lang: Lang,
    data: &Path,
    fullscreen: bool,
    why: &str,
) -> anyhow::Result<Outcome> {
    tracing::error!(
        "{why} — the kiosk is out of service; run `canteen status --data {}` and restore the last backup with `canteen backup --restore FILE --data {}`",
        data.display(),
        data.display()
    );
    select_backend();
    let ui = KioskWindow::new()?;
    canteen_ui::lang::select(lang);
    canteen_ui::view::show_stage(&ui, settings, lang, &Stage::Error(ErrorKind::Database));
    ui.global::<canteen_ui::ErrorAdapter<'_>>().set_advice(
        format!(
            "销售数据库已损坏，暂停售餐。管理员：运行 canteen status 查看，再用 canteen backup --restore 恢复最近的备份。\nThe sales database is damaged; no sales. Operator: run `canteen status`, then `canteen backup --restore FILE` with the last backup (data folder {}).",
            data.display()
        )
        .into(),
    );
    let dog = Watchdog::from_env();
    // No worker to ask: the event loop alone answers for this window.
    let _feeding = dog.interval().map(|every| {
        let t = slint::Timer::default();
        t.start(slint::TimerMode::Repeated, every, move || dog.feed());
        t
    });
    when_running(dog, "out of service: the sales database is damaged");
    if fullscreen {
        ui.window().set_fullscreen(true);
    }
    ui.run()?;
    dog.stopping();
    Ok(Outcome::Status(1))
}
