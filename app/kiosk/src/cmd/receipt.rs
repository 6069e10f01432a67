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
    if !(16..=96).contains(&args.columns) {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_columns",
            format!(
                "--columns {} is not a paper width: use 32 (58 mm) or 48 (80 mm)",
                args.columns
            ),
        )));
    }
    let bytes = match std::fs::read(&args.file) {
        Ok(b) => b,
        Err(e) => {
            let msg = format!("cannot read {}: {e}", args.file.display());
            let code = match e.kind() {
                std::io::ErrorKind::NotFound => "not_found",
                _ => "unreadable_file",
            };
            return Ok(Outcome::Refused(Refusal::new(code, msg)));
        }
    };
    print!("{}", render(&decode(&bytes), args.columns));
    Ok(Outcome::Done)
}
