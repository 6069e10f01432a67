//! `canteen void --seq N --reason TEXT [--at RFC3339] [--data DIR] [--config DIR]`:
//! reads a supervisor's PIN (like `staff add` reads a PIN), appends a record
//! reversing sale N (the sale itself is never changed) and an audit record
//! naming the supervisor, and prints the void as one JSON object. There is no
//! void without a supervisor; voiding a sale twice is refused.

use super::place::Place;

use super::store::ledger_error;
use crate::exit::{Outcome, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sequence number of the sale (on its receipt).
    #[arg(long)]
    pub seq: u64,
    /// Why the sale is voided.
    #[arg(long)]
    pub reason: String,
    #[command(flatten)]
    pub place: Place,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.place.config()?;
    let at = args.place.at(&config)?;
    let mut ledger = args.place.open()?;
    let supervisor = super::pin::supervisor_for(&mut ledger, &config)?;
    let void = ledger
        .void_authorised(args.seq, &args.reason, &supervisor, at)
        .map_err(ledger_error)?;
    print_json(&serde_json::to_value(&void)?);
    Ok(Outcome::Done)
}
