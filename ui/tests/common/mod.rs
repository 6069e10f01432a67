//! Shared set-up for the headless UI tests: the shipped default configuration,
//! a clock pinned to a weekday lunch and the demo residents in memory; finding
//! and tapping controls by accessible label is `canteen_ui::testing`.

#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use canteen_ui::KioskSettings;
use canteen_ui::memory::{DemoResident, MemoryService};
use canteen_ui::testing::Headless;
use chrono::{NaiveDate, NaiveDateTime};

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
    pub screen: Headless,
    pub service: Arc<Mutex<MemoryService>>,
    pub demo: Vec<DemoResident>,
}

/// The window, controller and label helpers (`scan`, `tap`, `shows`, …).
impl std::ops::Deref for Rig {
    type Target = Headless;
    fn deref(&self) -> &Headless {
        &self.screen
    }
}

impl Rig {
    pub fn new() -> Rig {
        Rig::with_settings(settings())
    }

    /// A rig over other settings (e.g. pricing with another cashier-only tier).
    pub fn with_settings(settings: KioskSettings) -> Rig {
        let (service, demo) = MemoryService::with_demo_residents(lunch().date());
        let service = Arc::new(Mutex::new(service));
        let screen = Headless::new(settings, Box::new(service.clone()), lunch);
        Rig {
            screen,
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
}
