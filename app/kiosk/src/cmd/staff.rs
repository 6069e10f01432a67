//! `canteen staff add --name NAME --role cashier|supervisor [--data DIR]` adds a
//! staff member; the PIN (4–8 digits) is read without echo from the terminal, or
//! as one line from stdin when stdin is not a terminal (twice on a terminal, to
//! confirm). `canteen staff list` prints every staff member as JSON — never the
//! PIN or its hash.

use super::place::Place;
use super::store::DataArgs;

use canteen_core::cashier::Role;
use canteen_ledger::Ledger;
use clap::Subcommand;

use super::pin;
use super::store::ledger_error;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add a staff member (PIN read without echo, or from stdin).
    Add(AddArgs),
    /// List staff members (JSON).
    List(ListArgs),
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Cashier,
    Supervisor,
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    #[arg(long)]
    pub name: String,
    #[arg(long, value_enum)]
    pub role: RoleArg,
    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Add(args) => add(args),
        Command::List(args) => args.data.print(Ledger::list_staff),
    }
}

fn add(args: AddArgs) -> anyhow::Result<Outcome> {
    let config = args.place.config()?;
    let at = args.place.at(&config)?;
    let role = match args.role {
        RoleArg::Cashier => Role::Cashier,
        RoleArg::Supervisor => Role::Supervisor,
    };
    let pin = pin::read("PIN (4–8 digits): ")?;
    if std::io::IsTerminal::is_terminal(&std::io::stdin()) && pin::read("PIN again: ")? != pin {
        return Err(Refusal::new("pin_mismatch", "the two PINs differ; nothing was added").into());
    }
    let mut ledger = args.place.open()?;
    let staff = ledger
        .add_staff(&args.name, role, &pin, at)
        .map_err(ledger_error)?;
    print_json(&serde_json::to_value(&staff)?);
    Ok(Outcome::Done)
}
