//! `canteen card top-up --card NO --amount FEN --staff NAME` pays cash onto a
//! meal card (a journal record with the staff member; the cash counts towards
//! the open shift's expected cash) and prints the new balance;
//! `canteen card balance --card NO` prints a card's balance (JSON).

use super::place::Place;
use super::store::{DataArgs, staff_id};

use canteen_core::Money;
use clap::Subcommand;
use serde_json::json;

use super::store::ledger_error;
use crate::exit::{Outcome, print_json};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Cash in at the counter onto a meal card.
    TopUp(TopUpArgs),
    /// A meal card's balance.
    Balance(BalanceArgs),
}

#[derive(Debug, clap::Args)]
pub struct TopUpArgs {
    #[arg(long)]
    pub card: String,
    /// The cash paid in, in fen.
    #[arg(long = "amount")]
    pub amount_fen: i64,
    /// The staff member taking the cash (name or number).
    #[arg(long)]
    pub staff: String,
    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, clap::Args)]
pub struct BalanceArgs {
    #[arg(long)]
    pub card: String,
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::TopUp(args) => args.place.write(|l| {
            let staff = staff_id(&l.ledger, &args.staff)?;
            let amount = Money::from_fen(args.amount_fen);
            l.ledger
                .top_up_card(&args.card, amount, staff, l.at)
                .map_err(ledger_error)
        }),
        Command::Balance(args) => {
            let ledger = args.data.open()?;
            let balance = ledger.card_balance(&args.card).map_err(ledger_error)?;
            print_json(
                &json!({ "card_no": args.card.trim(), "balance_fen": balance.fen(), "balance": balance.to_string() }),
            );
            Ok(Outcome::Done)
        }
    }
}
