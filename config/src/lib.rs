//! `canteen-config`: the canteen's typed configuration.
//!
//! Three TOML files make a configuration: `canteen.toml` (identity, timezone, age
//! convention, the counter's `[cashier]` rules, the self-service `[kiosk]`, its
//! `[devices]`, the canteen's other terminals, `[peers]`, the resident key
//! cost of a kiosk not enrolled, `[privacy]`, its `[voice]` and `[log]` level), `pricing.toml` (meal periods, tiers, subsidy categories, quota, the `[delivery]` fee)
//! and `menu.toml` (items and their prices). The shipped defaults in
//! `config/defaults/` are embedded in the binary; `--config DIR` overrides them
//! file by file. Loading parses into loose [`raw`] shapes, then [`validate`]
//! checks everything and collects *every* problem, each naming the file, the key
//! path, what is wrong and what is allowed, before a single typed [`Config`] is
//! handed out. Code that holds a `Config` may trust it. [`menu_text`] reads
//! and writes `menu.toml` as written, for an editor (the office's menu form)
//! whose result goes through the same validation; problems of menu items
//! carry a Chinese explanation beside the English one.

mod delivery;
mod devices;
mod dishes_file;
mod error;
mod log;
pub mod menu_text;
mod peers;
mod privacy;
mod raw;
mod source;
mod validate;
mod voice;

use chrono::{FixedOffset, NaiveDateTime};
use std::path::Path;

use canteen_core::cashier::CashierRules;
use canteen_core::{AgeConvention, PricingRules};

pub use devices::{Devices, KioskRules};
pub use dishes_file::{DishesFileError, parse_dishes, read_dishes};
pub use error::{ConfigError, Problem};
pub use log::{LEVELS as LOG_LEVELS, Log};
pub use peers::{DEFAULT_PEER_PORT, Peers};
pub use privacy::Privacy;
pub use source::{BUNDLE_VERSION_FILE, FileOrigin, SourceFile, bundle_version};
pub use voice::Voice;

/// The canteen's identity and local conventions (`canteen.toml`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Canteen {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub timezone: FixedOffset,
    pub age_convention: AgeConvention,
}

/// A complete, validated configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub canteen: Canteen,
    pub pricing: PricingRules,
    /// The counter's rules (`[cashier]` in `canteen.toml`).
    pub cashier: CashierRules,
    /// The self-service kiosk (`[kiosk]`).
    pub kiosk: KioskRules,
    /// Scanners and printer (`[devices]`).
    pub devices: Devices,
    /// The canteen's other terminals (`[peers]`); off by default.
    pub peers: Peers,
    /// The resident key cost when not enrolled (`[privacy]`).
    pub privacy: Privacy,
    /// The kiosk's voice (`[voice]`): on, volume 80, by default.
    pub voice: Voice,
    /// The kiosk's log level (`[log]`): `info` by default; `RUST_LOG` wins.
    pub log: Log,
}

impl Config {
    /// Loads `dir` (files missing there come from the embedded defaults), or the
    /// embedded defaults alone when `dir` is `None`.
    pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
        Self::load_with_origins(dir).map(|(config, _)| config)
    }

    /// Like [`Config::load`], also telling where each file came from.
    pub fn load_with_origins(dir: Option<&Path>) -> Result<(Config, Vec<SourceFile>), ConfigError> {
        let files = source::read_all(dir)?;
        let mut config = validate::config(&files)?;
        if let Some(dir) = dir {
            config.pricing.version = source::bundle_version(dir)?;
        }
        Ok((config, files))
    }

    /// A configuration from texts, e.g. the menu and pricing of one signed
    /// bundle: files not given keep the embedded defaults. The office re-prices
    /// a device's sales with this, from its own copy of the bundle they name.
    pub fn from_texts(texts: &[(&str, &str)]) -> Result<Config, ConfigError> {
        validate::config(&source::from_texts(texts)?)
    }

    /// The embedded shipped defaults. They are validated by the test suite, so
    /// this cannot fail in a released binary.
    pub fn defaults() -> Config {
        Self::load(None).expect("the embedded default configuration is valid (tested)")
    }

    /// Converts an instant to the canteen's local date and time.
    pub fn local_time<Tz: chrono::TimeZone>(&self, at: &chrono::DateTime<Tz>) -> NaiveDateTime {
        at.with_timezone(&self.canteen.timezone).naive_local()
    }
}
