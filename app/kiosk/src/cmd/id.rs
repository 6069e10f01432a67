//! `canteen id NUMBER [--on DATE]`: what an ID number says, as one JSON object.
//!
//! Valid: exit 0 with kind, birth date, sex, age on `--on` (default today in the
//! canteen's timezone) and the masked form, also as `normalized`. Invalid: exit
//! 2 with the error code. The full number is printed (as `normalized`) only with
//! `--reveal` and only to a terminal, so it never lands in a log or a pipe.

use std::io::IsTerminal;

use canteen_core::{ResidentId, age_on};
use serde_json::json;

use super::common;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ID number (18 characters, or 15 digits for an old card).
    pub number: String,
    /// The date to compute the age on (YYYY-MM-DD); default today.
    #[arg(long)]
    pub on: Option<String>,
    /// Print the full number as `normalized` (only when stdout is a terminal).
    #[arg(long)]
    pub reveal: bool,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.reveal && !std::io::stdout().is_terminal() {
        return Err(Refusal::new(
            "reveal_not_terminal",
            "--reveal prints the full ID number only to a terminal, never to a pipe or a file; run it on a terminal, or drop --reveal for the masked form",
        )
        .into());
    }
    let config = common::load_config(None)?;
    let on = match &args.on {
        Some(text) => common::date("--on", text)?,
        None => common::instant(None, &config)?.date_naive(),
    };
    match ResidentId::parse(&args.number, on) {
        Ok(id) => {
            let age = id
                .birth_date()
                .and_then(|b| age_on(b, on, config.canteen.age_convention));
            print_json(&json!({
                "valid": true,
                "normalized": if args.reveal { id.expose().to_owned() } else { id.masked() },
                "kind": id.kind().as_str(),
                "birth_date": id.birth_date().map(|d| d.format("%Y-%m-%d").to_string()),
                "sex": id.sex().map(|s| s.as_str()),
                "age": age,
                "masked": id.masked(),
            }));
            Ok(Outcome::Done)
        }
        Err(e) => {
            // The contract's shape, and `valid` as before; never the number.
            print_json(&json!({
                "valid": false,
                "error": e.code(),
                "message": format!("invalid ID number: {e}"),
            }));
            eprintln!("invalid ID number: {e}");
            Ok(Outcome::Status(2))
        }
    }
}
