//! `canteen receipt show FILE`: renders an ESC/POS byte stream (a virtual
//! printer's file, a capture) as text, with `[QR …]`, `[RASTER …]`, `[CUT]`
//! and `[DRAWER]` markers.

use std::path::PathBuf;

use firmware_adapters::printer::{decode, render};

use crate::exit::{Outcome, Refusal};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Render an ESC/POS byte stream as text.
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The file holding the ESC/POS bytes.
    pub file: PathBuf,
    /// Characters per line (32 for 58 mm paper, 48 for 80 mm).
    #[arg(long, default_value_t = 32)]
    pub columns: usize,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let Command::Show(args) = cmd;
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            let msg = format!("cannot read {}: {e}", args.file.display());
            return Ok(Outcome::Refused(Refusal::new("unreadable_file", msg)));
        }
    };
    print!("{}", render(&decode(&bytes), args.columns));
    Ok(Outcome::Done)
}
