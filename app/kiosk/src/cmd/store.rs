//! Opening the ledger for a command (`--data DIR`), and turning ledger errors
//! into the CLI contract: refusals (bad input, nothing written) exit 2 with their
//! code; faults of the store (corruption, a newer schema, a missing key file …)
//! exit 1 with the ledger's display-ready message. Also what the staff
//! commands share on an open ledger: a staff member by name, a listing
//! printed as JSON.

use std::path::{Path, PathBuf};

use canteen_ledger::{KeyPlace, Ledger, LedgerError};
use serde::Serialize;

use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// The data directory: the sales database (and, without `--config`, the
    /// resident key file).
    #[arg(long, default_value = "./data")]
    pub data: PathBuf,
}

impl DataArgs {
    pub fn open(&self) -> anyhow::Result<Ledger> {
        Ledger::open(&self.data).map_err(ledger_error)
    }

    /// Opens the ledger with the resident key file in `config` (the
    /// configuration directory, when given) and a new key at its `[privacy]`
    /// cost; a key file moved there from the data directory is logged.
    pub fn open_in(&self, config: Option<&Path>) -> anyhow::Result<Ledger> {
        open_with_keys(&self.data, config)
    }

    /// Opens the ledger, asks it one question and prints the answer as JSON
    /// (the listing commands: `staff list`, `shift status`).
    pub fn print<T: Serialize>(
        &self,
        ask: impl FnOnce(&Ledger) -> Result<T, LedgerError>,
    ) -> anyhow::Result<Outcome> {
        let ledger = self.open()?;
        print_json(&serde_json::to_value(ask(&ledger).map_err(ledger_error)?)?);
        Ok(Outcome::Done)
    }
}

/// Opens the ledger in `data` with its key file in the configuration
/// directory `config` (see [`DataArgs::open_in`]).
pub fn open_with_keys(data: &Path, config: Option<&Path>) -> anyhow::Result<Ledger> {
    let keys = KeyPlace {
        dir: config.map(Path::to_path_buf),
        new_cost: super::common::load_config(config)?.privacy.key_cost,
    };
    let ledger = Ledger::open_with(data, &keys).map_err(ledger_error)?;
    if let Some(from) = ledger.key_moved_from() {
        tracing::info!(
            "moved the resident key file from {} to {} (keys are kept in the configuration directory)",
            from.display(),
            ledger.key_dir().display()
        );
    }
    if ledger.token_moved() {
        tracing::info!(
            "moved the office token out of the data folder into {} (secrets are kept in the configuration directory)",
            ledger
                .key_dir()
                .join(canteen_ledger::token_file::TOKEN_FILE)
                .display()
        );
    }
    Ok(ledger)
}

/// The id of the staff member named `who` (name or number); one the ledger
/// does not know is its `unknown_staff` refusal.
pub fn staff_id(ledger: &Ledger, who: &str) -> anyhow::Result<u64> {
    match ledger.staff(who).map_err(ledger_error)? {
        Some(s) => Ok(s.id),
        None => Err(ledger_error(LedgerError::UnknownStaff(who.to_owned()))),
    }
}

/// A ledger error as the command's error: a [`Refusal`] when it has a code.
pub fn ledger_error(e: LedgerError) -> anyhow::Error {
    match e.code() {
        Some(code) => Refusal::new(code, e.to_string()).into(),
        None => anyhow::Error::new(e),
    }
}
