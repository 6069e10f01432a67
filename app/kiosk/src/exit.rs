//! How commands end: success, a refusal the caller must handle (exit 2 with a JSON
//! error object), or an unexpected failure (exit 1).

use std::process::ExitCode;

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
    println!("{value}");
}

/// Turns a command's result into the process exit code.
pub fn finish(result: anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::Status(code)) => ExitCode::from(code),
        Ok(Outcome::Refused(r)) => refuse(&r),
        Err(e) => match e.downcast_ref::<Refusal>() {
            Some(r) => refuse(r),
            None => {
                eprintln!("error: {e:#}");
                ExitCode::from(1)
            }
        },
    }
}

fn refuse(r: &Refusal) -> ExitCode {
    print_json(&serde_json::json!({ "error": r.code, "message": r.message }));
    eprintln!("error: {}", r.message);
    ExitCode::from(2)
}
