//! Headless chromium over a page saved on disk, as the office runs it: the
//! `screenshots` command photographs its web pages with it, and the tests
//! print the card sheet to PDF with it. The flags every run needs (headless,
//! no sandbox, no GPU) and the page's `file://` address are written here
//! once; a run that cannot start or does not succeed is an error that says
//! what to do.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// Why a chromium run failed.
#[derive(Debug, thiserror::Error)]
pub enum ChromiumError {
    #[error("cannot run {program} ({source}): install Debian's chromium (scripts/setup)")]
    Start {
        program: String,
        source: std::io::Error,
    },
    #[error("{program} could not render {page}: {stderr}")]
    Failed {
        program: String,
        page: String,
        stderr: String,
    },
}

/// Runs headless `program` (e.g. `chromium`) over the page file `page` with
/// the job's own `flags` (`--screenshot=…`, `--print-to-pdf=…`, …).
pub fn render(program: &str, page: &Path, flags: &[OsString]) -> Result<(), ChromiumError> {
    let run = Command::new(program)
        .args(["--headless", "--no-sandbox", "--disable-gpu"])
        .args(flags)
        .arg(format!("file://{}", page.display()))
        .output()
        .map_err(|source| ChromiumError::Start {
            program: program.to_owned(),
            source,
        })?;
    if run.status.success() {
        Ok(())
    } else {
        Err(ChromiumError::Failed {
            program: program.to_owned(),
            page: page.display().to_string(),
            stderr: String::from_utf8_lossy(&run.stderr).into_owned(),
        })
    }
}
