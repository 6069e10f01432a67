//! Online backup: SQLite's backup API into a temporary file beside the target,
//! switched to a self-contained rollback journal, checked (`integrity_check` and
//! a full journal verification), fsynced, renamed into place, and the directory
//! fsynced. A backup that does not check out is removed and the previous file at
//! the target is left as it was. The resident key file is not in the backup.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;
use serde::Serialize;

use crate::connection::integrity_check;
use crate::error::{LedgerError, Result};
use crate::identity::random_hex;
use crate::verify::verify;

#[derive(Clone, Debug, Serialize)]
pub struct BackupReport {
    pub path: PathBuf,
    pub records: u64,
    pub head: String,
    pub bytes: u64,
}

pub(crate) fn backup(conn: &Connection, to: &Path) -> Result<BackupReport> {
    let dir = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = to
        .file_name()
        .ok_or_else(|| LedgerError::BackupFailed(format!("{} is not a file name", to.display())))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        random_hex(6)?
    ));
    let result = write_and_check(conn, &tmp);
    let report = match result {
        Ok(r) => r,
        Err(e) => {
            // Only our own temporary file; the target is untouched.
            let _ = fs::remove_file(&tmp);
            return Err(e);
        }
    };
    File::open(&tmp)?.sync_all()?;
    fs::rename(&tmp, to)?;
    File::open(&dir)?.sync_all()?;
    Ok(BackupReport {
        path: to.to_path_buf(),
        bytes: fs::metadata(to)?.len(),
        ..report
    })
}

fn write_and_check(conn: &Connection, tmp: &Path) -> Result<BackupReport> {
    {
        let mut dst = Connection::open(tmp)?;
        Backup::new(conn, &mut dst)?.run_to_completion(1024, Duration::ZERO, None)?;
        let mode: String =
            dst.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(LedgerError::BackupFailed(format!(
                "journal mode stayed {mode}"
            )));
        }
    }
    let check = Connection::open(tmp)?;
    integrity_check(&check).map_err(|e| LedgerError::BackupFailed(e.to_string()))?;
    let head = verify(&check)?.map_err(|e| LedgerError::BackupFailed(e.to_string()))?;
    Ok(BackupReport {
        path: tmp.to_path_buf(),
        records: head.records,
        head: hex::encode(head.head.hash),
        bytes: 0,
    })
}
