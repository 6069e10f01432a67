//! Kiosk UI benchmark (`cargo bench --workspace --bench kiosk_ui`): start-up
//! to the first rendered frame, resident memory with the UI up, and the time
//! from a scan to the priced screen being rendered, through the software
//! renderer at 1280×800 with the real component, controller and worker over
//! the demo on the real ledger (`canteen_kiosk::demo_ledger`, opened in a
//! temporary folder before the clock starts).
//! Each figure is printed next to a baseline measured in the same run
//! (re-rendering an unchanged welcome screen). Numbers only; nothing asserted.

use std::time::{Duration, Instant};

use canteen_core::session::Event;
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ui::screenshot::{OffscreenPlatform, render_rgb};
use canteen_ui::slint::ComponentHandle;
use canteen_ui::{Delivery, KioskSettings, KioskWindow, Lang};
use chrono::NaiveDate;

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(str::to_owned)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let config = canteen_config::Config::defaults();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    let demo = DemoLedger::open(&config, day).expect("demo ledger");
    let t0 = Instant::now();
    let rss_before = rss_kib();
    let window = OffscreenPlatform::install(1280, 800).expect("platform");
    let settings = KioskSettings::new(
        &config.canteen.name_zh,
        &config.canteen.name_en,
        config.pricing.clone(),
        config.canteen.age_convention,
    );
    let ui = KioskWindow::new().expect("window");
    let clock = Box::new(move || day.and_hms_opt(12, 0, 0).expect("time"));
    let kiosk = canteen_ui::init(
        &ui,
        settings,
        Box::new(demo.service.clone()),
        Lang::Zh,
        clock,
        Delivery::Manual,
    );
    ui.show().expect("show");
    let _ = render_rgb(&window);
    let startup = t0.elapsed();
    let rss_up = rss_kib();

    let runs = 30;
    let mut baseline = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let _ = render_rgb(&window);
        baseline.push(t.elapsed());
    }
    let number = demo.number("65").expect("demo");
    let mut scan_to_priced = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        kiosk.scan(&number);
        kiosk.pump_one();
        let _ = render_rgb(&window);
        scan_to_priced.push(t.elapsed());
        assert_eq!(kiosk.stage().name(), "priced");
        kiosk.handle(Event::Cancel);
        let _ = render_rgb(&window);
    }
    println!("kiosk UI benchmark (software renderer, 1280x800, {runs} runs, medians)");
    println!(
        "  start-up to first rendered frame: {:>8.1} ms",
        startup.as_secs_f64() * 1e3
    );
    println!(
        "  RSS with the UI up:               {:>8} KiB (before the UI: {rss_before} KiB)",
        rss_up
    );
    println!(
        "  scan event to priced screen:      {:>8.2} ms",
        median(scan_to_priced).as_secs_f64() * 1e3
    );
    println!(
        "  baseline: full redraw, no change: {:>8.2} ms",
        median(baseline).as_secs_f64() * 1e3
    );
}
