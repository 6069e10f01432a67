//! Checking a backup file and restoring it. [`check_backup`] runs the checks
//! a fresh backup passed (`integrity_check` and a full journal verification)
//! on any file. [`restore`] refuses a backup that fails them, then opens a
//! copy of it beside the data directory's key file as the ledger would (key
//! fingerprint, migrations of an older backup), and only then moves the
//! current database (with its WAL) aside into `damaged-<stamp>/` — never
//! deleting it — and renames the checked copy into place.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};
use serde::Serialize;

use crate::backup::BackupReport;
use crate::connection::integrity_check;
use crate::error::{LedgerError, Result};
use crate::identity::random_hex;
use crate::keyring::KEY_FILE;
use crate::verify::verify;
use crate::{DB_FILE, Ledger};

/// What a restore did.
#[derive(Clone, Debug, Serialize)]
pub struct RestoreReport {
    pub restored: PathBuf,
    pub records: u64,
    pub head: String,
    /// Where the database it replaced went (none when there was none).
    pub moved_aside: Option<PathBuf>,
}

/// Checks the backup at `path` read-only: a [`LedgerError::BackupInvalid`]
/// when it is not a database, fails `integrity_check`, or its chain breaks.
pub fn check_backup(path: &Path) -> Result<BackupReport> {
    let invalid = |why: String| LedgerError::BackupInvalid {
        path: path.display().to_string(),
        why,
    };
    let bytes = fs::metadata(path)
        .map_err(|e| invalid(e.to_string()))?
        .len();
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| invalid(e.to_string()))?;
    integrity_check(&conn).map_err(|e| invalid(e.to_string()))?;
    let head = verify(&conn)
        .map_err(|e| invalid(e.to_string()))?
        .map_err(|e| invalid(e.to_string()))?;
    Ok(BackupReport {
        path: path.to_path_buf(),
        records: head.records,
        head: hex::encode(head.head.hash),
        bytes,
    })
}

/// Puts the backup at `backup` in place of the database in `data_dir` once it
/// checks out; `stamp` names the folder the old database is moved into.
/// Nobody may have the ledger open meanwhile (stop the kiosk first).
pub fn restore(data_dir: &Path, backup: &Path, stamp: &str) -> Result<RestoreReport> {
    let checked = check_backup(backup)?;
    fs::create_dir_all(data_dir)?;
    let staging = data_dir.join(format!(".restore-{}", random_hex(6)?));
    fs::create_dir(&staging)?;
    let staged = stage(data_dir, backup, &staging);
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    let db = data_dir.join(DB_FILE);
    let moved_aside = if db.exists() {
        let aside = data_dir.join(format!("damaged-{stamp}"));
        fs::create_dir_all(&aside)?;
        for suffix in ["", "-wal", "-shm"] {
            let from = data_dir.join(format!("{DB_FILE}{suffix}"));
            if from.exists() {
                fs::rename(&from, aside.join(format!("{DB_FILE}{suffix}")))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    fs::rename(staging.join(DB_FILE), &db)?;
    let key = data_dir.join(KEY_FILE);
    if !key.exists() && staging.join(KEY_FILE).exists() {
        fs::rename(staging.join(KEY_FILE), &key)?;
    }
    fs::remove_dir_all(&staging)?;
    fs::File::open(data_dir)?.sync_all()?;
    Ok(RestoreReport {
        restored: backup.to_path_buf(),
        records: checked.records,
        head: checked.head,
        moved_aside,
    })
}

/// A copy of the backup, opened as a ledger beside a copy of the data
/// directory's key file: the fingerprint must match and migrations run here.
fn stage(data_dir: &Path, backup: &Path, staging: &Path) -> Result<()> {
    fs::copy(backup, staging.join(DB_FILE))?;
    if data_dir.join(KEY_FILE).exists() {
        fs::copy(data_dir.join(KEY_FILE), staging.join(KEY_FILE))?;
    }
    let ledger = Ledger::open(staging)?;
    drop(ledger);
    fs::File::open(staging.join(DB_FILE))?.sync_all()?;
    Ok(())
}
