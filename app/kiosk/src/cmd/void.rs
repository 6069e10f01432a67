//! `canteen void --seq N --reason TEXT [--at RFC3339] [--data DIR] [--config DIR]`:
//! appends a record reversing sale N (the sale itself is never changed) and
//! prints it as one JSON object. Voiding a sale twice is refused. With
//! `--supervisor-pin-stdin` a supervisor's PIN is read (like `staff add` reads a
//! PIN) and the void is followed by an audit record naming them; the cashier
//! screens always void that way.

use std::path::PathBuf;

use super::common;
use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sequence number of the sale (on its receipt).
    #[arg(long)]
    pub seq: u64,
    /// Why the sale is voided.
    #[arg(long)]
    pub reason: String,
    /// When the void happens (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// Read a supervisor's PIN and record them as authorising the void.
    #[arg(long)]
    pub supervisor_pin_stdin: bool,
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration directory (for the canteen's timezone).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = common::load_config(args.config.as_deref())?;
    let at = common::instant(args.at.as_deref(), &config)?;
    let mut ledger = args.data.open()?;
    let void = if args.supervisor_pin_stdin {
        let pin = super::pin::read("Supervisor PIN: ")?;
        let supervisor = ledger
            .authorise_supervisor(&pin, at)
            .map_err(ledger_error)?;
        ledger.void_authorised(args.seq, &args.reason, &supervisor, at)
    } else {
        ledger.void(args.seq, &args.reason, at)
    }
    .map_err(ledger_error)?;
    print_json(&serde_json::to_value(&void)?);
    Ok(Outcome::Done)
}
