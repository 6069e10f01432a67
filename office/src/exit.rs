//! How `canteen-office` fails: every failure is one `{"error","message"}`
//! object on stdout with exit 2 (usage, refusal) or 1 (internal): I/O and
//! SQLite faults classified (`not_found`, `disk_full`, `database_busy`), clap's
//! parse errors as `usage` (`--help` and `--version` as usual), and a panic in
//! the same shape.

use std::io::Write;
use std::process::ExitCode;

use canteen_office::OfficeError;

/// The code, message and exit status of a failed command.
pub(crate) fn classify(e: &anyhow::Error) -> (String, String, u8) {
    let text = format!("{e:#}");
    let io_kind = e
        .chain()
        .find_map(|c| c.downcast_ref::<std::io::Error>())
        .map(|io| (io.kind(), io.raw_os_error()));
    let sqlite = e.chain().find_map(|c| {
        c.downcast_ref::<rusqlite::Error>()
            .and_then(rusqlite::Error::sqlite_error_code)
    });
    let store_text = e
        .chain()
        .find_map(|c| match c.downcast_ref::<OfficeError>() {
            Some(OfficeError::Store(t)) => Some(t.as_str()),
            _ => None,
        });
    use rusqlite::ErrorCode::{DatabaseBusy, DatabaseLocked, DiskFull};
    let busy = matches!(sqlite, Some(DatabaseBusy | DatabaseLocked))
        || store_text.is_some_and(|t| t.contains("database is locked"));
    let full = matches!(sqlite, Some(DiskFull))
        || store_text.is_some_and(|t| t.contains("disk is full"))
        || matches!(
            io_kind,
            Some((std::io::ErrorKind::StorageFull, _)) | Some((_, Some(28)))
        );
    if let Some(o) = e.downcast_ref::<OfficeError>()
        && o.status() < 500
    {
        (o.body().error, text, 2)
    } else if full {
        (
            "disk_full".into(),
            format!("{text}: the disk is full; free some space (or write elsewhere) and run again"),
            1,
        )
    } else if busy {
        (
            "database_busy".into(),
            format!(
                "{text}: the office database is in use by another program (is `canteen-office serve` busy?); wait and run again"
            ),
            1,
        )
    } else if matches!(io_kind, Some((std::io::ErrorKind::NotFound, _))) {
        (
            "not_found".into(),
            format!("{text}: check the path and run again"),
            2,
        )
    } else {
        ("failed".into(), text, 1)
    }
}

/// Prints `{"error","message"}` on stdout (a closed stdout is ignored) and
/// the message on stderr.
pub(crate) fn emit(code: &str, message: &str, status: u8) -> ExitCode {
    let line = serde_json::json!({ "error": code, "message": message });
    let _ = writeln!(std::io::stdout(), "{line}");
    let _ = writeln!(std::io::stderr(), "error: {message}");
    ExitCode::from(status)
}

/// A parse error as a `usage` refusal (exit 2); `--help`/`--version` as usual.
pub(crate) fn usage(e: &clap::Error) -> ExitCode {
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

/// A panic prints the contract's shape (exit 1 by `main`'s `catch_unwind`).
pub(crate) fn install_panic_hook() {
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
            &format!("internal fault{at}: {what}; please report this with the command you ran"),
            1,
        );
    }));
}
