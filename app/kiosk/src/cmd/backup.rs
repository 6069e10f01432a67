//! `canteen backup --to FILE [--data DIR]`: an online backup of the sales
//! database (the resident key file is not included: it is `CONFIG/resident.key` on an
//! appliance, `DATA/resident.key` in the demo — keep it separately), checked
//! with `integrity_check` and a full journal verification before it replaces FILE.

use std::path::PathBuf;

use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write the backup.
    #[arg(long)]
    pub to: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let ledger = args.data.open()?;
    let report = ledger.backup(&args.to).map_err(ledger_error)?;
    print_json(&serde_json::to_value(&report)?);
    Ok(Outcome::Done)
}
