//! `canteen enroll --office URL --code CODE [--office-ca PEM] [--data DIR] [--config DIR]`:
//! binds this kiosk to the community office with the one-time code printed by
//! `canteen-office device add` (see `canteen_kiosk::enrolment`). Prints
//! `{"device_id","canteen","office","residents_dropped"}`; then a bare
//! `canteen sync` and `canteen kiosk` sync with that office.
//!
//! A bad URL or a code the office refuses (unknown, used, expired) exits 2, an
//! unreachable office 1, each with `{"error","message"}` and nothing changed.

use std::path::PathBuf;
use std::time::Duration;

use canteen_kiosk::enrolment::{self, EnrolError};
use serde_json::json;

use super::place::Dirs;
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The office's base URL, e.g. https://office.example:8443.
    #[arg(long)]
    pub office: String,
    /// The enrolment code from `canteen-office device add` (e.g. ABCD-EFGH-JKLM).
    #[arg(long)]
    pub code: String,
    /// PEM certificate to trust for an office with its own CA (kept for sync).
    #[arg(long)]
    pub office_ca: Option<PathBuf>,
    /// The data and configuration directories (the configuration is checked
    /// to be valid before enrolling).
    #[command(flatten)]
    pub dirs: Dirs,
    /// Deadline of the request, in milliseconds.
    #[arg(long, default_value_t = 15_000)]
    pub timeout_ms: u64,
}

/// The refusal codes the office may send for a code or device id.
fn refusal_code(code: &str) -> &'static str {
    match code {
        "bad_enroll_code" => "bad_enroll_code",
        "enroll_code_expired" => "enroll_code_expired",
        "device_exists" => "device_exists",
        "bad_device_id" => "bad_device_id",
        _ => "enroll_refused",
    }
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    args.dirs.config()?;
    // Checked before the data folder is touched.
    enrolment::office_url(&args.office).map_err(|e| Refusal::new("bad_url", e.to_string()))?;
    let mut ledger = args.dirs.open()?;
    let timeout = Duration::from_millis(args.timeout_ms);
    match enrolment::enrol(
        &mut ledger,
        &args.office,
        &args.code,
        args.office_ca.as_deref(),
        timeout,
    ) {
        Ok(enrolled) => {
            print_json(&serde_json::to_value(&enrolled)?);
            Ok(Outcome::Done)
        }
        Err(e) => {
            let refused = match &e {
                EnrolError::BadUrl(_) => Some("bad_url"),
                EnrolError::Refused { code, .. } => Some(refusal_code(code)),
                EnrolError::Setup(_) => Some("bad_config"),
                _ => None,
            };
            if let Some(code) = refused {
                return Ok(Refusal::new(code, e.to_string()).into());
            }
            let code = match e {
                EnrolError::Unreachable(_) => "office_unreachable",
                EnrolError::BadAnswer(_) => "bad_answer",
                _ => "failed",
            };
            print_json(&json!({ "error": code, "message": e.to_string() }));
            eprintln!("error: {e}");
            Ok(Outcome::Status(1))
        }
    }
}
