//! Shared set-up for the headless UI tests: the shipped default configuration,
//! a clock pinned to a weekday lunch, the demo residents in memory, and helpers
//! that find controls by accessible label and tap them.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use canteen_ui::memory::{DemoResident, MemoryService};
use canteen_ui::{Delivery, Kiosk, KioskSettings, KioskWindow, Lang};
use chrono::{NaiveDate, NaiveDateTime};
use i_slint_backend_testing::ElementHandle;

pub fn lunch() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 23)
        .unwrap()
        .and_hms_opt(12, 0, 0)
        .unwrap()
}

pub fn settings() -> KioskSettings {
    let config = canteen_config::Config::defaults();
    KioskSettings::new(
        &config.canteen.name_zh,
        &config.canteen.name_en,
        config.pricing,
        config.canteen.age_convention,
    )
}

pub struct Rig {
    pub ui: KioskWindow,
    pub kiosk: Kiosk,
    pub service: Arc<Mutex<MemoryService>>,
    pub demo: Vec<DemoResident>,
}

impl Rig {
    pub fn new() -> Rig {
        i_slint_backend_testing::init_no_event_loop();
        let (service, demo) = MemoryService::with_demo_residents(lunch().date());
        let service = Arc::new(Mutex::new(service));
        let ui = KioskWindow::new().expect("window");
        let kiosk = canteen_ui::init(
            &ui,
            settings(),
            Box::new(service.clone()),
            Lang::Zh,
            Box::new(lunch),
            Delivery::Manual,
        );
        Rig {
            ui,
            kiosk,
            service,
            demo,
        }
    }

    /// The demo number whose description starts with `prefix` (e.g. "92").
    pub fn number(&self, prefix: &str) -> String {
        self.demo
            .iter()
            .find(|d| d.description.starts_with(prefix))
            .expect("demo resident")
            .number
            .clone()
    }

    /// Scans and waits for the worker's answer.
    pub fn scan(&self, text: &str) {
        self.kiosk.scan(text);
        assert!(self.kiosk.pump_one(), "worker answered the scan");
    }

    pub fn find(&self, label: &str) -> Vec<ElementHandle> {
        ElementHandle::find_by_accessible_label(&self.ui, label).collect()
    }

    pub fn shows(&self, label: &str) -> bool {
        !self.find(label).is_empty()
    }

    /// Taps the control labelled `label` (exactly one must be on screen).
    pub fn tap(&self, label: &str) {
        let found = self.find(label);
        assert_eq!(found.len(), 1, "exactly one control labelled {label:?}");
        found[0].invoke_accessible_default_action();
    }

    /// Waits for the commit's replies (printer state, then the session event).
    pub fn await_commit(&self) {
        assert!(self.kiosk.pump_one());
        assert!(self.kiosk.pump_one());
    }

    pub fn stage(&self) -> &'static str {
        self.kiosk.stage().name()
    }
}
