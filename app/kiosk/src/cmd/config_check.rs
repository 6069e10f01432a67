//! `canteen config check [--config DIR]`: loads and validates a configuration
//! — `canteen.toml`, `pricing.toml`, `menu.toml` and `sync.toml` — and prints a
//! summary, or every problem found in all of them in one run (exit 2).

use canteen_config::{Config, FileOrigin};
use canteen_kiosk::sync_check;
use serde_json::json;

use super::common::ConfigArgs;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let sync_problems = args
        .config
        .dir()
        .map(sync_check::problems)
        .unwrap_or_default();
    let loaded = Config::load_with_origins(args.config.dir());
    let mut problems: Vec<String> = match &loaded {
        Ok(_) => Vec::new(),
        Err(e) => {
            if e.problems.is_empty() {
                vec![e.to_string().trim_end().to_owned()]
            } else {
                e.problems.iter().map(ToString::to_string).collect()
            }
        }
    };
    problems.extend(sync_problems);
    let (config, files) = match loaded {
        Ok(loaded) if problems.is_empty() => loaded,
        _ => {
            // Every problem on its own stderr line, then the JSON refusal.
            for p in &problems {
                eprintln!("{p}");
            }
            let message = match &loaded {
                Err(e) if !e.problems.is_empty() && problems.len() == e.problems.len() => {
                    e.to_string().trim_end().to_owned()
                }
                _ => format!(
                    "{} problem(s) in the configuration:\n{}",
                    problems.len(),
                    problems.join("\n")
                ),
            };
            return Ok(Outcome::Refused(Refusal::new("bad_config", message)));
        }
    };
    let mut origins: serde_json::Map<String, serde_json::Value> = files
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
    let sync = args
        .config
        .dir()
        .map(|d| d.join("sync.toml"))
        .filter(|p| p.exists());
    origins.insert(
        "sync.toml".into(),
        json!(sync.map_or_else(|| "none".to_owned(), |p| p.display().to_string())),
    );
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
