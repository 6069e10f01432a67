//! `canteen speech --state STATE [--lang zh|en] --out FILE.wav` and
//! `canteen speech --all --out DIR`: what the kiosk says on a screen state,
//! synthesised with eSpeak NG into a WAV file. The states are the
//! screenshots' (`canteen_ui::gallery` walks them with the real controller
//! on demo data), so what is written is what the kiosk would say there.

use std::path::{Path, PathBuf};

use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_kiosk::voice::voice_lang;
use canteen_ui::Lang;
use canteen_ui::gallery::Spoken;
use canteen_voice::{Espeak, Synth};
use serde_json::{Value, json};

use crate::cmd::common::{self, ConfigArgs};
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The screen state, as `canteen screenshots` names its files (`priced-age85`).
    #[arg(long, conflicts_with = "all", required_unless_present = "all")]
    pub state: Option<String>,
    /// Every state the kiosk speaks on, in Chinese and English, into the directory `--out`.
    #[arg(long)]
    pub all: bool,
    /// Language of the speech (with `--state`).
    #[arg(long, default_value = "zh")]
    pub lang: String,
    /// The WAV file to write (with `--all`: a directory, created if missing).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub config: ConfigArgs,
}

fn text_in(s: &Spoken, lang: Lang) -> Option<&str> {
    match lang {
        Lang::Zh => s.zh.as_deref(),
        Lang::En => s.en.as_deref(),
    }
}

fn write(synth: &Espeak, state: &str, lang: Lang, text: &str, out: &Path) -> anyhow::Result<Value> {
    let pcm = synth.synthesise(text, voice_lang(lang))?;
    pcm.write_wav(out)?;
    Ok(json!({
        "state": state,
        "lang": lang.code(),
        "text": text,
        "out": out.display().to_string(),
        "duration_ms": pcm.duration_ms(),
    }))
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let lang = common::lang(&args.lang)?;
    let config = args.config.load()?;
    let settings = canteen_kiosk::settings::kiosk_settings(&config);
    let back_end = DemoLedger::for_gallery(&config)?;
    let run = canteen_ui::gallery::run_gallery(None, lang, 1280, 800, settings, back_end, None)?;
    let synth = Espeak::default();
    if args.all {
        std::fs::create_dir_all(&args.out)?;
        let mut files = Vec::new();
        for s in run.spoken.iter().filter(|s| s.zh.is_some()) {
            for lang in [Lang::Zh, Lang::En] {
                let Some(text) = text_in(s, lang) else {
                    continue;
                };
                let out = args.out.join(format!("{}.{}.wav", s.state, lang.code()));
                files.push(write(&synth, &s.state, lang, text, &out)?);
            }
        }
        eprintln!(
            "wrote {} speech files to {}",
            files.len(),
            args.out.display()
        );
        print_json(&json!({ "ok": true, "files": files }));
        return Ok(Outcome::Done);
    }
    let state = args.state.unwrap_or_default();
    let Some(found) = run.spoken.iter().find(|s| s.state == state) else {
        let names: Vec<&str> = run.spoken.iter().map(|s| s.state.as_str()).collect();
        return Ok(Outcome::Refused(Refusal::new(
            "bad_state",
            format!(
                "no screen state {state:?}; the states are those of `canteen screenshots`: {}",
                names.join(", ")
            ),
        )));
    };
    let Some(text) = text_in(found, lang) else {
        return Ok(Outcome::Refused(Refusal::new(
            "silent_state",
            format!(
                "the kiosk says nothing on {state:?} (staff screens and the short committing screen are silent); pick a diner's screen such as priced-age85"
            ),
        )));
    };
    if let Some(dir) = args.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    print_json(&write(&synth, &state, lang, text, &args.out)?);
    Ok(Outcome::Done)
}
