//! `canteen config check [--config DIR]`: loads and validates a configuration and
//! prints a summary, or every problem found (exit 2).

use std::path::PathBuf;

use canteen_config::{Config, FileOrigin};
use serde_json::json;

use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Configuration directory (default: the shipped defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let (config, files) = match Config::load_with_origins(args.config.as_deref()) {
        Ok(loaded) => loaded,
        Err(e) => {
            // Every problem on its own stderr line, then the JSON refusal.
            for p in &e.problems {
                eprintln!("{p}");
            }
            return Ok(Outcome::Refused(Refusal::new(
                "bad_config",
                e.to_string().trim_end().to_owned(),
            )));
        }
    };
    let origins: serde_json::Map<String, serde_json::Value> = files
        .iter()
        .map(|f| {
            let origin = match &f.origin {
                FileOrigin::Embedded => "embedded default".to_owned(),
                FileOrigin::Directory(p) => p.display().to_string(),
                FileOrigin::Given => "given".to_owned(),
            };
            (f.name.to_owned(), json!(origin))
        })
        .collect();
    let p = &config.pricing;
    print_json(&json!({
        "ok": true,
        "canteen": config.canteen.id,
        "files": origins,
        "periods": p.periods.all().len(),
        "tiers": p.tiers.len(),
        "categories": p.categories.len(),
        "items": p.items.len(),
        "peers": config.peers.peers.len(),
    }));
    eprintln!(
        "configuration OK: {} items, {} meal periods, {} tiers",
        p.items.len(),
        p.periods.all().len(),
        p.tiers.len()
    );
    Ok(Outcome::Done)
}
