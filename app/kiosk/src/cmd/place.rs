//! `--data` and `--config` ([`Dirs`]: which ledger, under which
//! configuration), which every command on the ledger takes, and `--at`
//! ([`Place`]: when the action happens), which the staff and sales commands
//! add. Loading them in one place keeps the commands' order the same
//! everywhere: the configuration first (its timezone reads `--at`, its `[log]`
//! level applies), then the ledger with its key file in the configuration
//! directory.

use std::path::{Path, PathBuf};

use canteen_config::Config;
use canteen_ledger::Ledger;
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::common;
use super::store::DataArgs;
use crate::exit::{Outcome, Refusal, print_json};

/// This kiosk's data directory and configuration directory.
#[derive(Debug, Clone, clap::Args)]
pub struct Dirs {
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration directory (default: the shipped defaults); it also holds
    /// the resident key file.
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl Dirs {
    pub fn config_dir(&self) -> Option<&Path> {
        self.config.as_deref()
    }

    pub fn config(&self) -> Result<Config, Refusal> {
        common::load_config(self.config_dir())
    }

    /// The ledger, with its resident key file in the configuration directory.
    pub fn open(&self) -> anyhow::Result<Ledger> {
        self.data.open_in(self.config_dir())
    }
}

#[derive(Debug, Clone, clap::Args)]
pub struct Place {
    /// When it happens (RFC 3339, e.g. 2026-11-23T12:00:00+08:00); default now.
    #[arg(long)]
    pub at: Option<String>,
    #[command(flatten)]
    pub dirs: Dirs,
}

impl Place {
    pub fn config(&self) -> Result<Config, Refusal> {
        self.dirs.config()
    }

    /// `--at` (or now) in the canteen's timezone.
    pub fn at(&self, config: &Config) -> Result<DateTime<FixedOffset>, Refusal> {
        common::instant(self.at.as_deref(), config)
    }

    /// The ledger, with its resident key file in the configuration directory.
    pub fn open(&self) -> anyhow::Result<Ledger> {
        self.dirs.open()
    }

    /// All three in that order: the configuration, `--at` read in its
    /// timezone, then the ledger.
    pub fn load(&self) -> anyhow::Result<Loaded> {
        let config = self.config()?;
        let at = self.at(&config)?;
        let ledger = self.open()?;
        Ok(Loaded { config, at, ledger })
    }

    /// The shape of the commands that write: [`Self::load`], then `write`
    /// makes its record, which is printed as one JSON object.
    pub fn write<T: Serialize>(
        &self,
        write: impl FnOnce(&mut Loaded) -> anyhow::Result<T>,
    ) -> anyhow::Result<Outcome> {
        let record = write(&mut self.load()?)?;
        print_json(&serde_json::to_value(&record)?);
        Ok(Outcome::Done)
    }
}

/// What [`Place::load`] opens for a staff or sales command.
pub struct Loaded {
    pub config: Config,
    pub at: DateTime<FixedOffset>,
    pub ledger: Ledger,
}
