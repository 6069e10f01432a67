//! `canteen sell --item ITEM [--item ITEM]… [--id NUMBER] [--pay cash|card|mobile|free]
//! [--tendered FEN] [--ref TEXT] [--tier TIER] [--at RFC3339] [--demo] [--data DIR] [--config DIR]`:
//! commits one sale, then prints it as one JSON object.
//!
//! Overrides are controlled: outside `--demo`, a tier chosen by staff (`--tier`)
//! or a sale time other than now (`--at` more than [`CLOCK_TOLERANCE`] from the
//! machine's clock) needs a supervisor's PIN, read as `canteen void` reads it and
//! checked with the ledger's lockout on the machine's clock (never on `--at`);
//! a `sale_override` audit record naming the supervisor and what was overridden
//! is written in the sale's own transaction. Without a PIN the sale is refused
//! (`supervisor_required`) and nothing is written.
//!
//! Nothing is printed about the sale until its transaction has committed. Without
//! `--pay` the sale is free (which only a zero total can be), or cash when
//! `--tendered` is given. A card payment uses the card registered for `--id`.
//!
//! In training (`canteen training on`) the sale goes to the practice copy,
//! its JSON says `"training": true`, and its receipt (`--receipt FILE`) says
//! 培训 — 非正式交易 / TRAINING — NOT A SALE.

use super::common;
use super::place::Place;

use canteen_core::cashier::AuditAction;
use canteen_core::{Money, PaymentChoice};
use canteen_ledger::{CounterNote, Ledger, SaleRequest};
use chrono::{DateTime, FixedOffset, TimeDelta};

use super::store::ledger_error;
use crate::exit::{Outcome, Refusal, print_json};
use canteen_kiosk::receipt::{self, ReceiptHeader};

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
    /// Cash handed over, in fen (0 or more).
    #[arg(long, value_parser = clap::value_parser!(i64).range(0..))]
    pub tendered: Option<i64>,
    /// The mobile payment's transaction reference.
    #[arg(long = "ref")]
    pub reference: Option<String>,
    /// A tier chosen by staff, e.g. `child`.
    #[arg(long)]
    pub tier: Option<String>,
    /// Demo and testing: `--tier` and `--at` without a supervisor's PIN.
    #[arg(long)]
    pub demo: bool,
    /// Also print the receipt to this printer device or file (ESC/POS).
    #[arg(long)]
    pub receipt: Option<std::path::PathBuf>,
    #[command(flatten)]
    pub place: Place,
}

/// How far `--at` may be from the machine's clock and still count as now.
pub const CLOCK_TOLERANCE: TimeDelta = TimeDelta::minutes(5);

/// What in a sale request needs a supervisor, described for the audit record;
/// empty when nothing does.
fn overrides(
    tier: Option<&str>,
    at: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(tier) = tier {
        found.push(format!("tier {tier}"));
    }
    if (at - now).abs() > CLOCK_TOLERANCE {
        found.push(format!(
            "time {} (clock {})",
            at.to_rfc3339(),
            now.to_rfc3339()
        ));
    }
    found
}

/// The supervisor's audit note for `overridden`, or a refusal; `None` when
/// nothing needs one. Lockouts count on the machine's clock.
fn authorise(
    ledger: &mut Ledger,
    overridden: &[String],
    config: &canteen_config::Config,
) -> anyhow::Result<Option<CounterNote>> {
    if overridden.is_empty() {
        return Ok(None);
    }
    let what = overridden.join("; ");
    let missing = format!(
        "{what} needs a supervisor: pipe or type a supervisor's PIN (or use --demo to try it out)"
    );
    let supervisor = super::pin::supervisor(ledger, &missing, config)?;
    let s = supervisor.supervisor();
    Ok(Some(CounterNote {
        staff_id: s.id,
        action: AuditAction::SaleOverride,
        detail: format!("{what}; authorised by {}", s.name),
    }))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.place.config()?;
    let now = common::instant(None, &config)?;
    let at = args.place.at(&config)?;
    let overridden = if args.demo {
        Vec::new()
    } else {
        overrides(args.tier.as_deref(), at, now)
    };
    let id = args
        .id
        .as_deref()
        .map(|n| common::resident_id(n, at.date_naive()))
        .transpose()?;
    let real = args.place.open()?;
    let (mut ledger, training) = match real.training().map_err(ledger_error)? {
        Some(copy) => (copy, true),
        None => (real, false),
    };
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
    let notes: Vec<CounterNote> = authorise(&mut ledger, &overridden, &config)?
        .into_iter()
        .collect();
    let sale = ledger
        .sell_at_counter(
            &SaleRequest {
                rules: &config.pricing,
                age_convention: config.canteen.age_convention,
                at,
                items: args.items,
                companion_items: Vec::new(),
                expected_total: None,
                id: id.as_ref(),
                tier_override: args.tier.as_deref(),
                payment,
            },
            None,
            &notes,
        )
        .map_err(ledger_error)?;
    tracing::info!(seq = sale.seq, training, "sale committed");
    if let Some(path) = &args.receipt {
        let header = ReceiptHeader::of(&config).in_training(training);
        let doc = receipt::document(&header, &ledger.identity().device_id, &sale, false);
        let failed = "the sale is committed, but its receipt did not print to";
        common::print_document(path, &config, &doc, (failed, ""))?;
    }
    let mut json = serde_json::to_value(&sale)?;
    if training {
        json["training"] = true.into();
    }
    print_json(&json);
    Ok(Outcome::Done)
}
