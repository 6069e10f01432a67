//! `canteen-office database copy --to URL`: an office that outgrew its SQLite
//! file moves, every row, into a new PostgreSQL database
//! ([`canteen_office::store::copy`]), then runs every command with
//! `--database URL`. The data directory's keys stay where they are.

use std::collections::BTreeMap;

use canteen_cli::print_json;
use canteen_office::OfficeError;
use canteen_office::store::backend::Database;
use canteen_office::store::copy;
use clap::Subcommand;

use crate::Data;

#[derive(Debug, Subcommand)]
pub(crate) enum DatabaseCommand {
    /// Copy the office's SQLite database, every row, into a new, empty
    /// PostgreSQL database (stop `serve` first); then give every command
    /// `--database URL`.
    Copy {
        /// The PostgreSQL database to fill (`postgres://USER@HOST/DB`):
        /// migrated if new, refused if it holds any row.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        data: Data,
    },
}

pub(crate) fn run(command: DatabaseCommand) -> anyhow::Result<()> {
    let DatabaseCommand::Copy { to, data } = command;
    let target = Database::choose(Some(&to), &data.data);
    if !matches!(target, Database::Postgres(_)) {
        return Err(OfficeError::BadRequest {
            code: "bad_database",
            status: 400,
            message: format!(
                "--to {}: not a PostgreSQL URL; write postgres://USER@HOST:PORT/DATABASE",
                target.shown()
            ),
        }
        .into());
    }
    let source = data.database();
    if let Database::Sqlite(path) = &source
        && !path.is_file()
    {
        return Err(OfficeError::BadRequest {
            code: "no_database",
            status: 404,
            message: format!(
                "{} does not exist: give --data (or --database) the office's SQLite database",
                path.display()
            ),
        }
        .into());
    }
    let copied = copy::copy(&mut source.connect()?, &mut target.connect()?, copy::PAGE)?;
    let rows: u64 = copied.iter().map(|(_, n)| n).sum();
    print_json(&serde_json::json!({
        "from": source.shown(),
        "to": target.shown(),
        "rows": rows,
        "tables": copied.into_iter().collect::<BTreeMap<_, _>>(),
    }));
    Ok(())
}
