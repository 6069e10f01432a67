//! `canteen void --seq N --reason TEXT [--at RFC3339] [--data DIR] [--config DIR]`:
//! reads a supervisor's PIN (like `staff add` reads a PIN), appends a record
//! reversing sale N (the sale itself is never changed) and an audit record
//! naming the supervisor, and prints the void as one JSON object. There is no
//! void without a supervisor; voiding a sale twice is refused.

use super::place::Place;

use crate::exit::Outcome;

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
    super::pin::authorised_record(&args.place, |ledger, supervisor, at| {
        ledger.void_authorised(args.seq, &args.reason, supervisor, at)
    })
}
