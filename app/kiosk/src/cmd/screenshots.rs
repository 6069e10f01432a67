//! `canteen screenshots --out DIR [--lang zh|en] [--size WxH] [--config DIR]`:
//! renders every kiosk screen and error state through the software renderer
//! into PNG files named after the state, with the real component and
//! controllers on demo data, so a person can look at every screen.
//! `--matrix` renders Chinese and English at 1024×600 (a 7-inch counter
//! panel, compact theme) and 1280×800 into `DIR/<lang>-<W>x<H>/`.

use std::path::PathBuf;

use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ui::{KioskSettings, Lang};
use serde_json::json;

use crate::cmd::common::{self, ConfigArgs};
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory for the PNG files (created if missing).
    #[arg(long)]
    pub out: PathBuf,
    /// Display language (default zh).
    #[arg(long)]
    pub lang: Option<String>,
    /// Window size in pixels, `WIDTHxHEIGHT` (default 1280x800).
    #[arg(long)]
    pub size: Option<String>,
    /// Both languages at both panel sizes (1024x600, 1280x800), each into
    /// `DIR/<lang>-<WxH>/`; not with --lang or --size.
    #[arg(long)]
    pub matrix: bool,
    #[command(flatten)]
    pub config: ConfigArgs,
}

fn parse_size(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once(['x', 'X'])?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (320..=7680).contains(&w).then_some(())?;
    (240..=4320).contains(&h).then_some((w, h))
}

/// The panel sizes `--matrix` renders: a 7-inch counter board and the 10-inch one.
const MATRIX_SIZES: [(u32, u32); 2] = [(1024, 600), (1280, 800)];

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    if args.matrix && (args.lang.is_some() || args.size.is_some()) {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_matrix",
            "--matrix renders both languages at both sizes: leave out --lang and --size",
        )));
    }
    let lang = common::lang(args.lang.as_deref().unwrap_or("zh"))?;
    let size_arg = args.size.as_deref().unwrap_or("1280x800");
    let Some((width, height)) = parse_size(size_arg) else {
        return Ok(Outcome::Refused(Refusal::new(
            "bad_size",
            format!("--size must be WIDTHxHEIGHT, not {size_arg:?}"),
        )));
    };
    let config = args.config.load()?;
    std::fs::create_dir_all(&args.out)?;
    let settings = canteen_kiosk::settings::kiosk_settings(&config);
    if args.matrix {
        return matrix(&args.out, &config, &settings);
    }
    let back_end = DemoLedger::for_gallery(&config)?;
    let files = canteen_ui::gallery::run_gallery(
        Some(&args.out),
        lang,
        width,
        height,
        settings,
        back_end,
        None,
    )?
    .files;
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

/// Both languages at both [`MATRIX_SIZES`], one gallery after the other on
/// this thread, each into `out/<lang>-<W>x<H>/`.
fn matrix(
    out: &std::path::Path,
    config: &canteen_config::Config,
    settings: &KioskSettings,
) -> anyhow::Result<Outcome> {
    let mut sets = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for (width, height) in MATRIX_SIZES {
            let dir = out.join(format!("{}-{width}x{height}", lang.code()));
            std::fs::create_dir_all(&dir)?;
            let back_end = DemoLedger::for_gallery(config)?;
            let files = canteen_ui::gallery::run_gallery(
                Some(&dir),
                lang,
                width,
                height,
                settings.clone(),
                back_end,
                None,
            )?
            .files;
            let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
            eprintln!("wrote {} screenshots to {}", names.len(), dir.display());
            sets.push(json!({ "lang": lang.code(), "size": format!("{width}x{height}"), "dir": dir.display().to_string(), "files": names }));
        }
    }
    print_json(&json!({ "ok": true, "sets": sets }));
    Ok(Outcome::Done)
}
