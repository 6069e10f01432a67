//! Pieces several commands share: the plain `--config DIR` flag and loading
//! the configuration, reading languages, times and dates from arguments,
//! validating an ID number, and printing a document, each turning bad input
//! into a [`Refusal`] that says what was wrong and what to do.

use std::path::{Path, PathBuf};

use canteen_config::Config;
use canteen_core::Lang;
use canteen_core::ResidentId;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use firmware_adapters::printer::{Document, EncodeOptions, Printer};

use crate::exit::Refusal;

/// `--config DIR` for the commands that only load the configuration from it
/// (the staff and sales commands' `--config` also holds the resident key file:
/// see [`super::place::Place`]).
#[derive(Debug, Default, Clone, clap::Args)]
pub struct ConfigArgs {
    /// Configuration directory (default: the shipped defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

impl ConfigArgs {
    pub fn dir(&self) -> Option<&Path> {
        self.config.as_deref()
    }

    /// [`load_config`] of this directory.
    pub fn load(&self) -> Result<Config, Refusal> {
        load_config(self.dir())
    }
}

/// Prints `doc` on the printer device or file at `path`; a failure is the
/// `print_failed` refusal, `failed` being what to say before the path and
/// after the error (what was done anyway, what to do).
pub fn print_document(
    path: &Path,
    config: &Config,
    doc: &Document,
    (before, after): (&str, &str),
) -> Result<(), Refusal> {
    Printer::open(path, config.devices.baud)
        .and_then(|mut p| p.print(doc, &EncodeOptions::default()))
        .map_err(|e| {
            let message = format!("{before} {}: {e}{after}", path.display());
            Refusal::new("print_failed", message)
        })
}

/// Loads `--config DIR`, or the embedded defaults without it, and applies its
/// `[log] level` (unless `RUST_LOG` is set).
pub fn load_config(dir: Option<&Path>) -> Result<Config, Refusal> {
    let config = Config::load(dir)
        .map_err(|e| Refusal::new("bad_config", e.to_string().trim_end().to_owned()))?;
    canteen_cli::logs::use_configured_level(config.log.level);
    Ok(config)
}

/// The instant of `--at` (RFC 3339), or now; expressed in the canteen's timezone.
pub fn instant(at: Option<&str>, config: &Config) -> Result<DateTime<FixedOffset>, Refusal> {
    let tz = config.canteen.timezone;
    match at {
        None => Ok(Utc::now().with_timezone(&tz)),
        Some(text) => DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&tz)).map_err(|e| {
            Refusal::new("bad_time", format!("--at `{text}` is not an RFC 3339 time ({e}): write e.g. 2026-11-23T12:00:00+08:00"))
        }),
    }
}

/// A `--lang` argument: `zh` or `en`.
pub fn lang(text: &str) -> Result<Lang, Refusal> {
    Lang::parse(text)
        .ok_or_else(|| Refusal::new("bad_lang", format!("--lang must be zh or en, not {text:?}")))
}

/// A `YYYY-MM-DD` date argument.
pub fn date(flag: &str, text: &str) -> Result<NaiveDate, Refusal> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        Refusal::new(
            "bad_date",
            format!("{flag} `{text}` is not a date: write YYYY-MM-DD, e.g. 2026-11-23"),
        )
    })
}

/// Validates an ID number as of the local date `today`.
pub fn resident_id(text: &str, today: NaiveDate) -> Result<ResidentId, Refusal> {
    // The message never repeats the number: it may be a real person's ID.
    ResidentId::parse(text, today).map_err(|e| {
        Refusal::new(
            "invalid_id",
            format!("invalid ID number ({}): {e}", e.code()),
        )
    })
}
