//! `canteen sell --item ITEM [--item ITEM]… [--id NUMBER] [--pay cash|card|mobile|free]
//! [--tendered FEN] [--ref TEXT] [--tier TIER] [--at RFC3339] [--data DIR] [--config DIR]`:
//! commits one sale, then prints it as one JSON object.
//!
//! Nothing is printed about the sale until its transaction has committed. Without
//! `--pay` the sale is free (which only a zero total can be), or cash when
//! `--tendered` is given. A card payment uses the card registered for `--id`.

use std::path::PathBuf;

use canteen_core::{Money, PaymentChoice};
use canteen_ledger::SaleRequest;

use super::common;
use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Pay {
    Cash,
    Card,
    Mobile,
    Free,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A menu item id, one line each (repeatable), e.g. `lunch-set`.
    #[arg(long = "item", required = true)]
    pub items: Vec<String>,
    /// The diner's ID number.
    #[arg(long)]
    pub id: Option<String>,
    /// How the diner pays.
    #[arg(long, value_enum)]
    pub pay: Option<Pay>,
    /// Cash handed over, in fen.
    #[arg(long)]
    pub tendered: Option<i64>,
    /// The mobile payment's transaction reference.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// A tier chosen by staff, e.g. `child`.
    #[arg(long)]
    pub tier: Option<String>,
    /// When the sale happens (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration directory (default: the shipped defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = common::load_config(args.config.as_deref())?;
    let at = common::instant(args.at.as_deref(), &config)?;
    let id = args
        .id
        .as_deref()
        .map(|n| common::resident_id(n, at.date_naive()))
        .transpose()?;
    let mut ledger = args.data.open()?;
    let payment = match (args.pay, args.tendered) {
        (Some(Pay::Cash) | None, Some(fen)) => PaymentChoice::Cash {
            tendered: Money::from_fen(fen),
        },
        (Some(Pay::Cash), None) => {
            return Err(Refusal::new(
                "missing_tendered",
                "cash needs --tendered FEN: the amount handed over, in fen",
            )
            .into());
        }
        (Some(Pay::Card), _) => {
            let registered = match &id {
                Some(id) => ledger
                    .resident(id)
                    .map_err(ledger_error)?
                    .and_then(|r| r.card_no),
                None => None,
            };
            PaymentChoice::Card {
                card_no: registered.unwrap_or_default(),
            }
        }
        (Some(Pay::Mobile), _) => PaymentChoice::Mobile {
            reference: args.reference.clone().unwrap_or_default(),
        },
        (Some(Pay::Free) | None, _) => PaymentChoice::Free,
    };
    let sale = ledger
        .sell(&SaleRequest {
            rules: &config.pricing,
            age_convention: config.canteen.age_convention,
            at,
            items: args.items,
            companion_items: Vec::new(),
            expected_total: None,
            id: id.as_ref(),
            tier_override: args.tier.as_deref(),
            payment,
        })
        .map_err(ledger_error)?;
    print_json(&serde_json::to_value(&sale)?);
    Ok(Outcome::Done)
}
