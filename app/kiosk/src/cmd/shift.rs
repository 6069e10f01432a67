//! `canteen shift open --staff NAME --float FEN` opens a cash shift with the
//! counted float; `canteen shift close --staff NAME --counted FEN
//! [--supervisor-pin-stdin]` closes it and prints expected, counted and the
//! difference (JSON). A difference above `[cashier] shift_difference_limit`
//! is refused (exit 2, `supervisor_required`) unless a supervisor's PIN is given
//! (read like `staff add` reads a PIN). `canteen shift status` is the shift so far.

use super::place::Place;
use super::store::{DataArgs, staff_id};

use canteen_core::Money;
use canteen_ledger::Ledger;
use clap::Subcommand;

use super::pin;
use super::store::ledger_error;
use crate::exit::Outcome;

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

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Open(args) => args.place.write(|l| {
            let id = staff_id(&l.ledger, &args.staff)?;
            let float = Money::from_fen(args.float_fen);
            l.ledger.open_shift(id, float, l.at).map_err(ledger_error)
        }),
        Command::Close(args) => args.place.write(|l| {
            let id = staff_id(&l.ledger, &args.staff)?;
            let supervisor = match args.supervisor_pin_stdin {
                true => Some(pin::supervisor_for(&mut l.ledger, &l.config)?),
                false => None,
            };
            let counted = Money::from_fen(args.counted_fen);
            l.ledger
                .close_shift(id, counted, supervisor.as_ref(), l.at, &l.config.cashier)
                .map_err(ledger_error)
        }),
        Command::Status(args) => args.data.print(Ledger::current_shift),
    }
}
