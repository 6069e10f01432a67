//! `canteen menu today set --period P --file dishes.toml` (a supervisor's
//! PIN on stdin or typed): this kiosk's own dishes for today's period, which
//! win over the office's for the day; `canteen menu today show [--period P]`:
//! what the welcome screen shows now (or for that period). JSON output.

use canteen_config::DishesFileError;
use canteen_core::TagCatalog;
use serde_json::json;

use super::place::Place;
use super::store::ledger_error;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Today's dishes of a meal period at this kiosk.
    #[command(subcommand)]
    Today(Today),
}

#[derive(Debug, clap::Subcommand)]
pub enum Today {
    /// Set today's dishes for a period from a dishes.toml ([[dishes]] with
    /// name_zh, name_en, tags, photo); a supervisor's PIN on stdin or typed.
    Set {
        /// The meal period's id, e.g. lunch.
        #[arg(long)]
        period: String,
        #[arg(long)]
        file: std::path::PathBuf,
        #[command(flatten)]
        place: Place,
    },
    /// The dishes shown today (for --period, else the period in progress).
    Show {
        #[arg(long)]
        period: Option<String>,
        #[command(flatten)]
        place: Place,
    },
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let Command::Today(today) = cmd;
    match today {
        Today::Set {
            period,
            file,
            place,
        } => set(&period, &file, &place),
        Today::Show { period, place } => show(period, &place),
    }
}

fn known_period(config: &canteen_config::Config, period: &str) -> Result<(), Refusal> {
    let periods = &config.pricing.periods;
    if periods.get(period).is_some() {
        return Ok(());
    }
    let known: Vec<&str> = periods.all().iter().map(|p| p.id.as_str()).collect();
    Err(Refusal::new(
        "unknown_period",
        format!(
            "`{period}` is not a meal period of this canteen; use one of: {}",
            known.join(", ")
        ),
    ))
}

fn set(period: &str, file: &std::path::Path, place: &Place) -> anyhow::Result<Outcome> {
    let config = place.config()?;
    known_period(&config, period)?;
    let dishes = match canteen_config::read_dishes(file, &TagCatalog::shipped()) {
        Ok(dishes) => dishes,
        Err(DishesFileError::Read { path, source }) => {
            return Err(anyhow::Error::new(source)
                .context(format!("cannot read the dishes file {}", path.display())));
        }
        Err(e) => return Err(Refusal::new("bad_dishes", e.to_string()).into()),
    };
    let at = place.at(&config)?;
    let mut ledger = place.open()?;
    let supervisor = super::pin::supervisor(
        &mut ledger,
        "today's dishes are set by a supervisor: pipe or type a supervisor's PIN",
        &config,
    )?;
    let by = supervisor.supervisor().name.clone();
    ledger
        .set_local_dishes(at.date_naive(), period, &dishes, &by, at)
        .map_err(ledger_error)?;
    print_json(&json!({
        "date": at.date_naive(),
        "period": period,
        "dishes": dishes.len(),
        "source": "local",
        "by": by,
    }));
    Ok(Outcome::Done)
}

fn show(period: Option<String>, place: &Place) -> anyhow::Result<Outcome> {
    let config = place.config()?;
    let at = place.at(&config)?;
    let period = match period {
        Some(p) => {
            known_period(&config, &p)?;
            p
        }
        None => match config.pricing.periods.at(at.time()) {
            Some(p) => p.id.as_str().to_owned(),
            None => {
                return Err(Refusal::new(
                    "no_period",
                    "no meal period is in progress now: give --period (e.g. --period lunch)",
                )
                .into());
            }
        },
    };
    let ledger = place.open()?;
    let shown = ledger
        .dishes_for(at.date_naive(), &period)
        .map_err(ledger_error)?;
    print_json(&json!({
        "date": at.date_naive(),
        "period": period,
        "menu": shown,
    }));
    Ok(Outcome::Done)
}
