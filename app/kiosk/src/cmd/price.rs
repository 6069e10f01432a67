//! `canteen price --item ITEM [--id N] [--at T] [--category C]… [--tier T] [--used N]`:
//! prices one item for one diner and prints the breakdown as one JSON object.
//!
//! Without `--id` the diner is anonymous (market price unless `--tier` is given);
//! with it, the age on the sale's local date picks the tier and `--category`
//! stands in for what the residents registry would say.

use canteen_core::{Diner, LineBreakdown, PriceRequest};
use serde_json::json;

use super::common::{self, ConfigArgs};
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The menu item id, e.g. `lunch-set`.
    #[arg(long)]
    pub item: String,
    /// The diner's ID number.
    #[arg(long)]
    pub id: Option<String>,
    /// When the sale happens (RFC 3339); default now.
    #[arg(long)]
    pub at: Option<String>,
    /// A subsidy category of the diner (repeatable), e.g. `dibao`.
    #[arg(long = "category")]
    pub categories: Vec<String>,
    /// A tier chosen by staff, e.g. `child`.
    #[arg(long)]
    pub tier: Option<String>,
    /// Subsidised meals the diner already had this period.
    #[arg(long, default_value_t = 0)]
    pub used: u32,
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = args.config.load()?;
    let at = common::instant(args.at.as_deref(), &config)?;
    let local = at.naive_local();
    for c in &args.categories {
        if config.pricing.category(c).is_none() {
            let known: Vec<&str> = config
                .pricing
                .categories
                .iter()
                .map(|c| c.id.as_str())
                .collect();
            return Err(Refusal::new(
                "unknown_category",
                format!("unknown category `{c}`: use one of {}", known.join(", ")),
            )
            .into());
        }
    }
    let diner = match &args.id {
        Some(number) => {
            let id = common::resident_id(number, local.date())?;
            Diner::resident(
                &id,
                local.date(),
                config.canteen.age_convention,
                args.categories.clone(),
            )
        }
        None => Diner::Anonymous,
    };
    let req = PriceRequest {
        at: local,
        diner: &diner,
        used_in_period: args.used,
        tier_override: args.tier.as_deref(),
    };
    let line = config
        .pricing
        .price(&args.item, &req)
        .map_err(|e| Refusal::new(e.code(), e.to_string()))?;
    print_json(&line_json(&line));
    Ok(Outcome::Done)
}

/// The CLI contract's shape of a priced line.
pub fn line_json(line: &LineBreakdown) -> serde_json::Value {
    json!({
        "item": line.item,
        "period": line.period.as_ref().map(|p| p.as_str()),
        "tier": line.tier,
        "categories": line.categories,
        "market_fen": line.market.fen(),
        "charged_fen": line.charged.fen(),
        "subsidy_fen": line.subsidy.fen(),
        "reason_zh": line.reason_zh,
        "reason_en": line.reason_en,
    })
}
