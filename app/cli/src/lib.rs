//! The command-line contract shared by `canteen` and `canteen-office`: every
//! failure ends as one `{"error","message"}` object on stdout (the message
//! also on stderr) with exit 2 (usage, refusal: the caller can fix it) or 1
//! (internal: the machine's fault). Parse errors from clap become `usage`,
//! `--help` and `--version` print as clap prints them, and a panic ends in
//! the same shape. What a failure *means* (which error is a refusal, which a
//! full disk) stays with each binary; this crate only owns the shape, so the
//! two binaries cannot drift apart.

pub mod logs;
pub mod secret;

use std::io::Write;
use std::process::ExitCode;

/// Prints a JSON value as one line on stdout; a closed stdout (`| head`) is
/// not a reason to panic.
pub fn print_json(value: &serde_json::Value) {
    let _ = writeln!(std::io::stdout(), "{value}");
}

/// Prints `{"error","message"}` on stdout and the message on stderr, and
/// returns `status` as the exit code.
pub fn emit(code: &str, message: &str, status: u8) -> ExitCode {
    print_json(&serde_json::json!({ "error": code, "message": message }));
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(status)
}

/// A command-line parse error in the contract's shape: `--help` and
/// `--version` print as clap prints them (exit 0); a missing subcommand
/// prints its help on stderr and, like every other parse error, is a `usage`
/// refusal (exit 2).
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
/// `internal` with where it happened and `advice` (what was or was not done,
/// whom to tell), not the default panic text.
pub fn install_panic_hook(advice: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
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
            &format!("internal fault{at}: {what}; {advice}"),
            1,
        );
    }));
}

/// Runs `f`; a panic (already reported by the hook) exits 1.
pub fn catch_panic(f: impl FnOnce() -> ExitCode) -> ExitCode {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(ExitCode::from(1))
}

/// What an I/O error in a failure's chain tells the operator to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoCause {
    /// A file or folder named on the command line is not there (exit 2).
    NotFound,
    /// The disk is full (exit 1).
    DiskFull,
}

/// The first I/O error in `chain` (an error and its sources, as
/// `anyhow::Error::chain` yields them) the operator can act on.
pub fn io_cause<'a>(
    chain: impl IntoIterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> Option<IoCause> {
    chain.into_iter().find_map(|cause| {
        let io = cause.downcast_ref::<std::io::Error>()?;
        match io.kind() {
            std::io::ErrorKind::NotFound => Some(IoCause::NotFound),
            std::io::ErrorKind::StorageFull => Some(IoCause::DiskFull),
            _ if io.raw_os_error() == Some(28) => Some(IoCause::DiskFull),
            _ => None,
        }
    })
}

/// A failure's text for the operator: each error of `chain` (as
/// `anyhow::Error::chain` yields them) after the one before, joined by ": ",
/// leaving out an error whose text the one before already ends with (an
/// error that shows its source, as `#[error("file error: {0}")]` does).
pub fn chain_text<'a>(
    chain: impl IntoIterator<Item = &'a (dyn std::error::Error + 'static)>,
) -> String {
    let mut text = String::new();
    let mut last = String::new();
    for cause in chain {
        let this = cause.to_string();
        if !last.ends_with(&this) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&this);
        }
        last = this;
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_the_error_already_shows_is_said_once() {
        /// An error saying `what`, then its source when `shows`.
        #[derive(Debug)]
        struct Wrap(std::io::Error, &'static str, bool);
        impl std::fmt::Display for Wrap {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self.2 {
                    true => write!(f, "{}: {}", self.1, self.0),
                    false => f.write_str(self.1),
                }
            }
        }
        impl std::error::Error for Wrap {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let text = |what, shows| {
            let e = Wrap(
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
                what,
                shows,
            );
            chain_text([&e as &(dyn std::error::Error + 'static), &e.0])
        };
        assert_eq!(text("file error", true), "file error: no such file");
        assert_eq!(
            text("cannot write card.png", false),
            "cannot write card.png: no such file"
        );
    }

    #[test]
    fn an_io_error_deep_in_a_chain_is_found() {
        #[derive(Debug)]
        struct Wrap(std::io::Error);
        impl std::fmt::Display for Wrap {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("writing the report")
            }
        }
        impl std::error::Error for Wrap {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let full = Wrap(std::io::Error::from_raw_os_error(28));
        let chain = [&full as &(dyn std::error::Error + 'static), &full.0];
        assert_eq!(io_cause(chain), Some(IoCause::DiskFull));
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            io_cause([&missing as &dyn std::error::Error]),
            Some(IoCause::NotFound)
        );
        let other = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(io_cause([&other as &dyn std::error::Error]), None);
    }
}
