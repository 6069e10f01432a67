//! Opening the ledger for a command (`--data DIR`), and turning ledger errors
//! into the CLI contract: refusals (bad input, nothing written) exit 2 with their
//! code; faults of the store (corruption, a newer schema, a missing key file …)
//! exit 1 with the ledger's display-ready message.

use std::path::PathBuf;

use canteen_ledger::{Ledger, LedgerError};

use crate::exit::Refusal;

#[derive(Debug, Clone, clap::Args)]
pub struct DataArgs {
    /// The data directory: the sales database and the resident key file.
    #[arg(long, default_value = "./data")]
    pub data: PathBuf,
}

impl DataArgs {
    pub fn open(&self) -> anyhow::Result<Ledger> {
        Ledger::open(&self.data).map_err(ledger_error)
    }
}

/// A ledger error as the command's error: a [`Refusal`] when it has a code.
pub fn ledger_error(e: LedgerError) -> anyhow::Error {
    match e.code() {
        Some(code) => Refusal::new(code, e.to_string()).into(),
        None => anyhow::Error::new(e),
    }
}
