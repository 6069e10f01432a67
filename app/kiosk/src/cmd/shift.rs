//! `canteen shift open --staff NAME --float FEN` opens a cash shift with the
//! counted float; `canteen shift close --staff NAME --counted FEN
//! [--supervisor-pin-stdin]` closes it and prints expected, counted and the
//! difference (JSON). A difference above `[cashier] shift_difference_limit`
//! is refused (exit 2, `supervisor_required`) unless a supervisor's PIN is given
//! (read like `staff add` reads a PIN). `canteen shift status` is the shift so far.

use super::place::Place;
use super::store::DataArgs;

use canteen_core::Money;
use clap::Subcommand;

use super::store::ledger_error;
use super::{common, pin};
use crate::exit::{Outcome, print_json};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a shift with the counted float (fen).
    Open(OpenArgs),
    /// Close the open shift with the counted cash (fen).
    Close(CloseArgs),
    /// The open shift so far (JSON; `null` when none is open).
    Status(StatusArgs),
}

#[derive(Debug, clap::Args)]
pub struct OpenArgs {
    /// The staff member's name (or number).
    #[arg(long)]
    pub staff: String,
    /// The counted float, in fen.
    #[arg(long = "float")]
    pub float_fen: i64,
    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, clap::Args)]
pub struct CloseArgs {
    #[arg(long)]
    pub staff: String,
    /// The counted cash in the drawer, in fen.
    #[arg(long = "counted")]
    pub counted_fen: i64,
    /// Read a supervisor's PIN (stdin, or without echo on a terminal).
    #[arg(long)]
    pub supervisor_pin_stdin: bool,
    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub data: DataArgs,
}

fn staff_id(ledger: &canteen_ledger::Ledger, who: &str) -> anyhow::Result<u64> {
    match ledger.staff(who).map_err(ledger_error)? {
        Some(s) => Ok(s.id),
        None => Err(ledger_error(canteen_ledger::LedgerError::UnknownStaff(
            who.to_owned(),
        ))),
    }
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Open(args) => {
            let config = args.place.config()?;
            let at = args.place.at(&config)?;
            let mut ledger = args.place.open()?;
            let id = staff_id(&ledger, &args.staff)?;
            let shift = ledger
                .open_shift(id, Money::from_fen(args.float_fen), at)
                .map_err(ledger_error)?;
            print_json(&serde_json::to_value(&shift)?);
        }
        Command::Close(args) => {
            let config = args.place.config()?;
            let at = args.place.at(&config)?;
            let mut ledger = args.place.open()?;
            let id = staff_id(&ledger, &args.staff)?;
            let supervisor = match args.supervisor_pin_stdin {
                true => Some(
                    ledger
                        // Lockouts count on the machine's clock, never on `--at`.
                        .authorise_supervisor(
                            &pin::read("Supervisor PIN: ")?,
                            common::instant(None, &config)?,
                            &config.cashier,
                        )
                        .map_err(ledger_error)?,
                ),
                false => None,
            };
            let counted = Money::from_fen(args.counted_fen);
            let shift = ledger
                .close_shift(id, counted, supervisor.as_ref(), at, &config.cashier)
                .map_err(ledger_error)?;
            print_json(&serde_json::to_value(&shift)?);
        }
        Command::Status(args) => {
            let ledger = args.data.open()?;
            print_json(&serde_json::to_value(
                ledger.current_shift().map_err(ledger_error)?,
            )?);
        }
    }
    Ok(Outcome::Done)
}
