//! How `canteen-office` fails: every failure is one `{"error","message"}`
//! object on stdout with exit 2 (usage, refusal) or 1 (internal): I/O and
//! SQLite faults classified (`not_found`, `disk_full`, `database_busy`), clap's
//! parse errors as `usage` (`--help` and `--version` as usual), and a panic in
//! the same shape.

use canteen_cli::IoCause;
pub(crate) use canteen_cli::{emit, usage};

use canteen_office::OfficeError;

/// The code, message and exit status of a failed command.
pub(crate) fn classify(e: &anyhow::Error) -> (String, String, u8) {
    let text = canteen_cli::chain_text(e.chain());
    let io = canteen_cli::io_cause(e.chain());
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
        || io == Some(IoCause::DiskFull);
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
    } else if io == Some(IoCause::NotFound) {
        (
            "not_found".into(),
            format!("{text}: check the path and run again"),
            2,
        )
    } else {
        ("failed".into(), text, 1)
    }
}

/// A panic prints the contract's shape (exit 1 by `main`'s `catch_unwind`).
pub(crate) fn install_panic_hook() {
    canteen_cli::install_panic_hook("please report this with the command you ran");
}
