//! `canteen delivery roster --date D --period P [--print] [--printer PATH]`
//! and `canteen delivery confirm --seq N --delivered|--not-delivered
//! [--reason TEXT]` (both with `--at`, `--data`, `--config`): meals delivered
//! to the housebound.
//!
//! `roster` on the date of `--at` (default now, which must fall within the
//! period) prepares the period's delivery sales from the standing orders in
//! one transaction — once: running it again sells nothing twice — and prints
//! the roster as JSON; for an earlier date it only shows the roster. With
//! `--print` the roster goes to the receipt printer (`[devices] printer`, or
//! `--printer PATH`, e.g. a file), grouped by route with masked names.
//! `confirm` records a delivery as delivered (an audit record that syncs) or
//! not delivered (the sale is voided through the normal void record, which
//! frees its quota; a reason is required). In training both use the practice
//! copy, like `canteen sell`.

use std::path::PathBuf;

use canteen_kiosk::delivery_sheet;
use canteen_kiosk::receipt::ReceiptHeader;
use canteen_ledger::Ledger;

use super::common;
use super::place::Place;
use super::store::ledger_error;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Prepare (once) and show a period's delivery roster (JSON); --print prints it.
    Roster(RosterArgs),
    /// Confirm one delivery as delivered or not delivered (JSON).
    Confirm(ConfirmArgs),
}

#[derive(Debug, clap::Args)]
pub struct RosterArgs {
    /// The date of the roster (YYYY-MM-DD): today prepares it.
    #[arg(long)]
    pub date: String,
    /// The meal period's id, e.g. `lunch`.
    #[arg(long)]
    pub period: String,
    /// Also print the roster on the receipt printer.
    #[arg(long)]
    pub print: bool,
    /// The printer device or file for --print (default `[devices] printer`).
    #[arg(long)]
    pub printer: Option<PathBuf>,
    #[command(flatten)]
    pub place: Place,
}

#[derive(Debug, clap::Args)]
#[group(id = "outcome", required = true, multiple = false, args = ["delivered", "not_delivered"])]
pub struct ConfirmArgs {
    /// The delivery's sale number (on its roster line and in its QR code).
    #[arg(long)]
    pub seq: u64,
    /// The meal was delivered.
    #[arg(long)]
    pub delivered: bool,
    /// The meal was not delivered: its sale is voided.
    #[arg(long)]
    pub not_delivered: bool,
    /// Why (required when not delivered), e.g. 家中无人.
    #[arg(long, default_value = "")]
    pub reason: String,
    #[command(flatten)]
    pub place: Place,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Roster(args) => roster(args),
        Command::Confirm(args) => confirm(args),
    }
}

/// The ledger sales go to: the practice copy while training is on.
fn selling_ledger(place: &Place) -> anyhow::Result<(Ledger, bool)> {
    let real = place.open()?;
    Ok(match real.training().map_err(ledger_error)? {
        Some(copy) => (copy, true),
        None => (real, false),
    })
}

fn roster(args: RosterArgs) -> anyhow::Result<Outcome> {
    let config = args.place.config()?;
    let at = args.place.at(&config)?;
    let date = common::date("--date", &args.date)?;
    let Some(period) = config.pricing.periods.get(&args.period) else {
        return Err(ledger_error(canteen_ledger::LedgerError::UnknownPeriod(
            args.period.clone(),
        )));
    };
    let printer = match (args.print, &args.printer, &config.devices.printer) {
        (_, Some(path), _) => Some(path.clone()),
        (true, None, Some(configured)) => Some(configured.clone()),
        (true, None, None) => {
            return Err(Refusal::new(
                "no_printer",
                "--print needs a receipt printer: set [devices] printer in canteen.toml, or give --printer PATH",
            )
            .into());
        }
        (false, None, _) => None,
    };
    let today = at.date_naive();
    if date > today {
        return Err(Refusal::new(
            "future_day",
            format!("{date} is after today ({today}): a roster is prepared on its own day"),
        )
        .into());
    }
    let (mut ledger, training) = selling_ledger(&args.place)?;
    let roster = if date == today {
        ledger
            .prepare_deliveries(&config.pricing, &args.period, at)
            .map_err(ledger_error)?
    } else {
        ledger
            .delivery_roster(date, &args.period)
            .map_err(ledger_error)?
    };
    tracing::info!(
        prepared = roster.prepared,
        lines = roster.lines.len(),
        "delivery roster"
    );
    if let Some(path) = &printer {
        let header = ReceiptHeader::of(&config).in_training(training);
        let doc = delivery_sheet::document(
            &header,
            &ledger.identity().device_id,
            &roster,
            &period.name_zh,
        );
        let failed = (
            "the roster is prepared, but it did not print to",
            "; run the command again to print it",
        );
        common::print_document(path, &config, &doc, failed)?;
    }
    let mut json = serde_json::to_value(&roster)?;
    json["printed"] = printer.is_some().into();
    if training {
        json["training"] = true.into();
    }
    print_json(&json);
    Ok(Outcome::Done)
}

fn confirm(args: ConfirmArgs) -> anyhow::Result<Outcome> {
    let config = args.place.config()?;
    let at = args.place.at(&config)?;
    let (mut ledger, training) = selling_ledger(&args.place)?;
    let outcome = ledger
        .confirm_delivery(args.seq, args.delivered, &args.reason, at)
        .map_err(ledger_error)?;
    let mut json = serde_json::to_value(&outcome)?;
    if training {
        json["training"] = true.into();
    }
    print_json(&json);
    Ok(Outcome::Done)
}
