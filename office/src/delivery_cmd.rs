//! `canteen-office residents delivery set|clear` and `canteen-office report
//! delivery --month YYYY-MM`: standing orders for meals delivered to the
//! housebound (carried to kiosks with the residents of the next bundle), and
//! the monthly report per volunteer route (CSV, like every `report`).

use std::path::PathBuf;

use canteen_cli::print_json;
use canteen_core::ResidentId;
use canteen_office::OfficeError;
use canteen_office::keys;
use canteen_office::report::{self, Dates, Month};
use canteen_office::store::{audit, delivery, rules};
use clap::Subcommand;

use crate::Data;

#[derive(Debug, Subcommand)]
pub(crate) enum DeliveryCommand {
    /// Set (or replace) a registered resident's standing order.
    Set {
        /// The resident's ID number (keyed at once; never stored in clear).
        #[arg(long)]
        id: String,
        /// The address line the volunteer needs (printed on the roster only).
        #[arg(long)]
        address: String,
        /// The volunteer route or building, e.g. 3号楼.
        #[arg(long)]
        route: String,
        /// A note for the kitchen and the volunteer, e.g. 软食.
        #[arg(long, default_value = "")]
        note: String,
        /// Meal period ids, comma-separated, e.g. lunch or lunch,dinner.
        #[arg(long, value_delimiter = ',', required = true)]
        periods: Vec<String>,
        /// Meals each period (1–9).
        #[arg(long, default_value_t = 1)]
        meals: u32,
        #[command(flatten)]
        data: Data,
    },
    /// Remove a resident's standing order.
    Clear {
        #[arg(long)]
        id: String,
        #[command(flatten)]
        data: Data,
    },
}

/// `report delivery`'s arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct ReportArgs {
    /// YYYY-MM.
    #[arg(long, value_parser = Month::parse)]
    month: Month,
    /// Write here instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    data: Data,
}

/// The resident key of an ID number typed on the command line.
fn key_of(data: &Data, id: &str) -> anyhow::Result<String> {
    let today = chrono::Utc::now().date_naive();
    let id = ResidentId::parse(id, today).map_err(|e| OfficeError::BadRequest {
        code: "bad_id",
        status: 400,
        message: format!("--id is not a valid ID number: {e}"),
    })?;
    Ok(keys::community_secret(&data.data)?.key_of(&id))
}

pub(crate) fn run(cmd: DeliveryCommand) -> anyhow::Result<()> {
    match cmd {
        DeliveryCommand::Set {
            id,
            address,
            route,
            note,
            periods,
            meals,
            data,
        } => {
            let key = key_of(&data, &id)?;
            let mut conn = data.open()?;
            let config = rules::latest(&mut conn)?;
            let order = canteen_core::StandingOrder {
                address,
                route,
                note,
                tier: None,
                periods,
                meals,
            };
            let now = chrono::Utc::now().to_rfc3339();
            delivery::set(&mut conn, &config, &key, &order, &now)?;
            let what = format!("delivery order set for resident {key}");
            audit::record(&mut conn, &now, audit::CONSOLE, &what, 1)?;
            print_json(&serde_json::json!({
                "resident_key": key,
                "route": order.route,
                "periods": order.periods,
                "meals": order.meals,
                "next": "issue a bundle with the residents to carry it to the kiosks",
            }));
        }
        DeliveryCommand::Clear { id, data } => {
            let key = key_of(&data, &id)?;
            let mut conn = data.open()?;
            let cleared = delivery::clear(&mut conn, &key)?;
            if cleared {
                let what = format!("delivery order cleared for resident {key}");
                let now = chrono::Utc::now().to_rfc3339();
                audit::record(&mut conn, &now, audit::CONSOLE, &what, 1)?;
            }
            print_json(&serde_json::json!({ "resident_key": key, "cleared": cleared }));
        }
    }
    Ok(())
}

pub(crate) fn report(args: ReportArgs) -> anyhow::Result<()> {
    let dates = Dates {
        from: args.month.first,
        to: args.month.last(),
    };
    let rows = report::delivery(&mut args.data.open()?, dates)?;
    crate::export_cmd::write_csv(args.out.as_deref(), &rows)
}
