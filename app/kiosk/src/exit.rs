//! How commands end: success, a refusal the caller must handle (exit 2 with a JSON
//! error object), or an unexpected failure (exit 1, the same JSON shape with a
//! message that says what to do). Argument errors, missing files, a full disk,
//! a locked database and even a panic all end in that shape.

use std::process::ExitCode;

use canteen_cli::{IoCause, emit};

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

pub use canteen_cli::{catch_panic, print_json, usage};

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
    let text = canteen_cli::chain_text(e.chain());
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
    match canteen_cli::io_cause(e.chain()) {
        Some(IoCause::NotFound) => return Some(Cause::NotFound),
        Some(IoCause::DiskFull) => return Some(Cause::DiskFull),
        None => {}
    }
    e.chain().find_map(
        |cause| match cause.downcast_ref::<LedgerError>()?.environment()? {
            Environment::DiskFull => Some(Cause::DiskFull),
            Environment::Busy => Some(Cause::Busy),
        },
    )
}

fn refuse(r: &Refusal) -> ExitCode {
    emit(r.code, &r.message, 2)
}

/// Makes a panic end in the contract's shape (exit 1 by [`catch_panic`]).
pub fn install_panic_hook() {
    canteen_cli::install_panic_hook(
        "nothing more was done. Please report this with the command you ran",
    );
}
