//! `canteen screenshots --out DIR [--lang zh|en] [--size WxH] [--config DIR]`:
//! renders every kiosk screen and error state through the software renderer
//! into PNG files named after the state, with the real component and
//! controllers on demo data, so a person can look at every screen.

use std::path::PathBuf;

use canteen_ui::{KioskSettings, Lang};
use serde_json::json;

use crate::cmd::common::load_config;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory for the PNG files (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Display language.
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// Window size in pixels, `WIDTHxHEIGHT`.
    #[arg(long, default_value = "1280x800")]
    pub size: String,
    /// Configuration directory (default: the shipped defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (320..=7680).contains(&w).then_some(())?;
    (240..=4320).contains(&h).then_some((w, h))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let Some(lang) = Lang::parse(&args.lang) else {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_lang",
            format!("--lang must be zh or en, not {:?}", args.lang),
        )));
    };
    let Some((width, height)) = parse_size(&args.size) else {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_size",
            format!("--size must be WIDTHxHEIGHT, not {:?}", args.size),
        )));
    };
    let config = match load_config(args.config.as_deref()) {
        Ok(c) => c,
        Err(refusal) => return Ok(Outcome::Refused(refusal)),
    };
    std::fs::create_dir_all(&args.out)?;
    let settings = settings(&config);
    let files = canteen_ui::gallery::render_gallery(&args.out, lang, width, height, settings)?;
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    eprintln!(
        "wrote {} screenshots to {}",
        names.len(),
        args.out.display()
    );
    print_json(
        &json!({ "ok": true, "lang": lang.code(), "size": format!("{width}x{height}"), "files": names }),
    );
    Ok(Outcome::Done)
}

/// The kiosk's settings from the configuration, as the gallery runs them
/// (also for `canteen speech`).
pub fn settings(config: &canteen_config::Config) -> KioskSettings {
    let mut settings = KioskSettings::new(
        &config.canteen.name_zh,
        &config.canteen.name_en,
        config.pricing.clone(),
        config.canteen.age_convention,
    );
    settings.cashier = config.cashier.clone();
    settings
}
