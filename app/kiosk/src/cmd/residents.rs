//! `canteen residents import FILE.csv [--skip-bad] [--data DIR] [--config DIR]`:
//! validates every row first (ID number, name, categories known to the pricing
//! configuration, card number, status; no duplicates) and reports every bad row
//! with its line number. Imports nothing while any row is bad, unless
//! `--skip-bad`; then imports the good rows in one transaction, with a progress
//! bar on a terminal, and prints the counts. A row whose meal card is held by
//! another resident is a bad row unless `--move-cards`; with it the card moves,
//! each move audited (`card_moved`), and `moved` counts them.

use std::fs::File;
use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;
use indicatif::ProgressBar;
use serde_json::json;

use super::common;
use super::place::Dirs;
use super::store::ledger_error;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import the registry CSV (`id_number,name,categories,card_no,status`).
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Import the good rows even if some are bad.
    #[arg(long)]
    pub skip_bad: bool,
    /// Move a meal card held by another resident to the row's resident
    /// (each move is audited); without it such a row is bad.
    #[arg(long)]
    pub move_cards: bool,
    /// The data and configuration directories (the configuration gives the
    /// known categories and the timezone).
    #[command(flatten)]
    pub dirs: Dirs,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let Command::Import(args) = cmd;
    let config = args.dirs.config()?;
    let now = common::instant(None, &config)?;
    let file =
        File::open(&args.file).with_context(|| format!("cannot open {}", args.file.display()))?;
    let mut ledger = args.dirs.open()?;
    let known = config.pricing.category_ids();
    let mut csv = ledger.read_residents_csv(file, now.date_naive(), &known);
    if !args.move_cards {
        ledger.refuse_card_moves(&mut csv).map_err(ledger_error)?;
    }
    for bad in &csv.bad {
        eprintln!("line {}: {}", bad.line, bad.reason);
    }
    if !csv.bad.is_empty() && !args.skip_bad {
        let rows: Vec<String> = csv
            .bad
            .iter()
            .map(|b| format!("line {}: {}", b.line, b.reason))
            .collect();
        let message = format!(
            "{} bad rows, nothing imported (fix them, or use --skip-bad to import the {} good rows): {}",
            csv.bad.len(),
            csv.good.len(),
            rows.join("; ")
        );
        return Err(Refusal::new("bad_rows", message).into());
    }
    let bar = ProgressBar::new(csv.good.len() as u64);
    let counts = ledger
        .import_residents(&csv.good, now, &mut || bar.inc(1))
        .map_err(ledger_error)?;
    bar.finish_and_clear();
    print_json(
        &json!({ "added": counts.added, "updated": counts.updated, "moved": counts.moved, "skipped": csv.bad.len(), "bad": csv.bad }),
    );
    Ok(Outcome::Done)
}
