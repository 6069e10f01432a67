//! `canteen-office menu dishes set|history`: the day's dishes of a canteen
//! for one date and meal period, read from a `dishes.toml`, checked, stored
//! as the menu's next version and carried to the kiosks by the next signed
//! bundle; and every version published, newest first. JSON output.

use std::path::PathBuf;

use canteen_cli::print_json;
use canteen_config::DishesFileError;
use canteen_core::TagCatalog;
use canteen_office::OfficeError;
use canteen_office::publish;
use canteen_office::store::{audit, dishes};
use chrono::NaiveDate;
use clap::Subcommand;

use crate::Data;

#[derive(Debug, Subcommand)]
pub(crate) enum MenuCommand {
    /// The day's dishes with diet tags (shown on the kiosks' welcome screen).
    #[command(subcommand)]
    Dishes(DishesCommand),
}

#[derive(Debug, Subcommand)]
pub(crate) enum DishesCommand {
    /// Publish a canteen's dishes for one date and meal period from a
    /// dishes.toml ([[dishes]] with name_zh, name_en, tags, photo): the next
    /// version of that menu, in a new signed bundle.
    Set {
        /// The canteen as `device add --canteen` named it.
        #[arg(long)]
        canteen: String,
        /// The date served, YYYY-MM-DD.
        #[arg(long)]
        date: NaiveDate,
        /// The meal period's id, e.g. lunch.
        #[arg(long)]
        period: String,
        /// The dishes file.
        #[arg(long)]
        file: PathBuf,
        /// Who publishes it.
        #[arg(long, default_value = "office")]
        by: String,
        #[command(flatten)]
        data: Data,
    },
    /// Every published version, newest first, one JSON object a line.
    History {
        #[arg(long)]
        canteen: Option<String>,
        #[arg(long)]
        date: Option<NaiveDate>,
        #[command(flatten)]
        data: Data,
    },
}

pub(crate) fn run(cmd: MenuCommand) -> anyhow::Result<()> {
    let MenuCommand::Dishes(cmd) = cmd;
    match cmd {
        DishesCommand::Set {
            canteen,
            date,
            period,
            file,
            by,
            data,
        } => {
            let dishes = match canteen_config::read_dishes(&file, &TagCatalog::shipped()) {
                Ok(dishes) => dishes,
                Err(DishesFileError::Read { path, source }) => {
                    return Err(anyhow::Error::new(source)
                        .context(format!("cannot read the dishes file {}", path.display())));
                }
                Err(e) => {
                    return Err(OfficeError::BadRequest {
                        code: "bad_dishes",
                        status: 400,
                        message: e.to_string(),
                    }
                    .into());
                }
            };
            let mut conn = data.open()?;
            let now = chrono::Utc::now();
            let menu = dishes::NewMenu {
                canteen: &canteen,
                date,
                period: &period,
                dishes: &dishes,
                entered_by: &by,
            };
            let published = publish::dishes_bundle(
                &mut conn,
                &data.data,
                &menu,
                now.date_naive(),
                &now.to_rfc3339(),
            )?;
            let what = published.audit_text(&menu);
            audit::record(
                &mut conn,
                &now.to_rfc3339(),
                audit::CONSOLE,
                &what,
                dishes.len() as u64,
            )?;
            print_json(&serde_json::json!({
                "canteen": canteen,
                "date": date,
                "period": period,
                "dishes": dishes.len(),
                "version": published.version,
                "bundle_version": published.bundle_version,
            }));
        }
        DishesCommand::History {
            canteen,
            date,
            data,
        } => {
            let mut conn = data.open()?;
            for version in dishes::history(&mut conn, canteen.as_deref(), date)? {
                print_json(&serde_json::to_value(&version)?);
            }
        }
    }
    Ok(())
}
