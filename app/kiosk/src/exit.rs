//! How commands end: success, a refusal the caller must handle (exit 2 with a JSON
//! error object), or an unexpected failure (exit 1, the same JSON shape with a
//! message that says what to do). Argument errors, missing files, a full disk,
//! a locked database and even a panic all end in that shape.

use std::io::Write;
use std::process::ExitCode;

use canteen_ledger::{Environment, LedgerError};

/// A refusal with a stable machine-readable code and a human message.
///
/// Printed as `{"error": code, "message": message}` on stdout, and the message on
/// stderr, with exit status 2. This is the CLI contract's shape for bad input.
/// Commands may return it directly (`Outcome::Refused`) or raise it with `?`
/// through `anyhow`; [`finish`] recognises both.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

/// The outcome of a command.
pub enum Outcome {
    /// Printed what it had to; exit 0.
    Done,
    /// Exit with this status, having printed what it had to (e.g. `journal verify` → 1).
    Status(u8),
    /// Bad input: print the refusal, exit 2.
    Refused(Refusal),
}

impl From<Refusal> for Outcome {
    fn from(r: Refusal) -> Self {
        Outcome::Refused(r)
    }
}

/// Prints a JSON value as one line on stdout.
pub fn print_json(value: &serde_json::Value) {
    // A closed stdout (`| head`) is not a reason to panic.
    let _ = writeln!(std::io::stdout(), "{value}");
}

/// Turns a command's result into the process exit code.
pub fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Status(code)) => ExitCode::from(code),
        Ok(Outcome::Refused(r)) => refuse(&r),
        Err(e) => match e.downcast_ref::<Refusal>() {
            Some(r) => refuse(r),
            None => fault(&e),
        },
    }
}

/// An error that is not a [`Refusal`]: a missing file is the caller's
/// (exit 2 `not_found`); a full disk, a locked database or anything else is
/// the machine's (exit 1).
fn fault(e: &anyhow::Error) -> ExitCode {
    let text = format!("{e:#}");
    let (code, message, status) = match environment(e) {
        Some(Cause::NotFound) => (
            "not_found",
            format!("{text}: check the path and run again"),
            2,
        ),
        Some(Cause::DiskFull) => (
            "disk_full",
            format!(
                "{text}: the disk is full; free some space (or write elsewhere) and run again. Nothing was changed."
            ),
            1,
        ),
        Some(Cause::Busy) => (
            "database_busy",
            format!(
                "{text}: the sales database is in use by another program (is the kiosk or another command running?); wait for it to finish and run again"
            ),
            1,
        ),
        None => ("internal", text, 1),
    };
    emit(code, &message, status)
}

enum Cause {
    NotFound,
    DiskFull,
    Busy,
}

/// What in `e`'s chain the operator can act on.
fn environment(e: &anyhow::Error) -> Option<Cause> {
    e.chain().find_map(|cause| {
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            return match io.kind() {
                std::io::ErrorKind::NotFound => Some(Cause::NotFound),
                std::io::ErrorKind::StorageFull => Some(Cause::DiskFull),
                _ if io.raw_os_error() == Some(28) => Some(Cause::DiskFull),
                _ => None,
            };
        }
        match cause.downcast_ref::<LedgerError>()?.environment()? {
            Environment::DiskFull => Some(Cause::DiskFull),
            Environment::Busy => Some(Cause::Busy),
        }
    })
}

fn refuse(r: &Refusal) -> ExitCode {
    emit(r.code, &r.message, 2)
}

/// Prints `{"error","message"}` on stdout (ignoring a closed stdout) and the
/// message on stderr.
fn emit(code: &str, message: &str, status: u8) -> ExitCode {
    let line = serde_json::json!({ "error": code, "message": message });
    let _ = writeln!(std::io::stdout(), "{line}");
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(status)
}

/// A command-line parse error as the contract's shape: `--help` and
/// `--version` print as clap prints them (exit 0); a missing subcommand
/// prints its help on stderr as before, and like every other parse error a
/// `usage` refusal (exit 2).
pub fn usage(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind::{
        DisplayHelp, DisplayHelpOnMissingArgumentOrSubcommand, DisplayVersion,
    };
    match e.kind() {
        DisplayHelp | DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            emit(
                "usage",
                "a subcommand is missing: see the help above (or --help)",
                2,
            )
        }
        _ => {
            let text = e.render().to_string();
            let text = text.trim().trim_start_matches("error: ");
            let message = text
                .split("\n\nFor more information")
                .next()
                .unwrap_or(text);
            emit(
                "usage",
                &format!("{}. See --help.", message.trim_end_matches('.')),
                2,
            )
        }
    }
}

/// Makes a panic end in the contract's shape (exit 1 by [`catch_panic`]):
/// the JSON on stdout and a short line on stderr, not the default panic text.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        emit(
            "internal",
            &format!(
                "internal fault{at}: {what}; nothing more was done. Please report this with the command you ran"
            ),
            1,
        );
    }));
}

/// Runs `f`; a panic (already reported by the hook) exits 1.
pub fn catch_panic(f: impl FnOnce() -> ExitCode) -> ExitCode {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(ExitCode::from(1))
}
