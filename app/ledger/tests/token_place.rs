//! Issue #12: the office token out of the data folder. An enrolled kiosk's
//! token is kept in `office.token` beside the resident key (the configuration
//! directory on an appliance), 0600; the database holds only its SHA-256. A
//! token an older version kept in `meta` moves there at the first open and
//! leaves no byte in the database file; a token file others may read is
//! refused with the command that fixes it; a missing or foreign one is a
//! clear error; a crash between the enrolment's commit and the rename is
//! finished at the next open.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use canteen_core::{CommunitySecret, KeyCost};
use canteen_ledger::token_file::{STAGED_TOKEN_FILE, TOKEN_FILE};
use canteen_ledger::{DB_FILE, KeyPlace, Ledger, LedgerError, OfficeLink};
use common::*;
use tempfile::TempDir;

const TOKEN: &str = "9f1c2e7a55d04b1e8c3a6f0d2b4e7c91a8d5f3e2c1b0a9f8e7d6c5b4a3928170";

fn link(token: &str) -> OfficeLink {
    OfficeLink {
        office: "http://office.example:8443".into(),
        token: canteen_core::Secret::new(token),
        office_key: "ab".repeat(32),
        canteen: "east".into(),
        office_ca: None,
    }
}

fn open_in(data: &Path, config: &Path) -> Result<Ledger, LedgerError> {
    Ledger::open_with(
        data,
        &KeyPlace {
            dir: Some(config.to_path_buf()),
            new_cost: KeyCost::CHEAP,
        },
    )
}

/// A data folder and a configuration directory of a kiosk enrolled with
/// [`TOKEN`] (its ledger closed again).
fn enrolled() -> (TempDir, TempDir) {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let mut ledger = open_in(data.path(), config.path()).unwrap();
    ledger
        .enrol(&link(TOKEN), &CommunitySecret::from_bytes([5; 32]))
        .unwrap();
    drop(ledger);
    (data, config)
}

/// No file of the data folder holds the token.
fn data_folder_clean(data: &Path) {
    for entry in fs::read_dir(data).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        assert!(!contains(&bytes, TOKEN.as_bytes()), "{}", path.display());
    }
}

#[test]
fn an_enrolled_kiosks_token_is_kept_in_the_configuration_directory() {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let secret = CommunitySecret::from_bytes([5; 32]);
    {
        let mut ledger = open_in(data.path(), config.path()).unwrap();
        ledger.enrol(&link(TOKEN), &secret).unwrap();
        assert_eq!(ledger.office_link().unwrap().unwrap().token.expose(), TOKEN);
    }
    let file = config.path().join(TOKEN_FILE);
    assert_eq!(fs::read_to_string(&file).unwrap(), TOKEN);
    assert_eq!(
        fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!config.path().join(STAGED_TOKEN_FILE).exists());
    data_folder_clean(data.path());
    let ledger = open_in(data.path(), config.path()).unwrap();
    assert!(!ledger.token_moved());
    assert_eq!(ledger.office_link().unwrap().unwrap().token.expose(), TOKEN);
}

#[test]
fn a_token_kept_in_the_database_moves_out_once_and_leaves_no_byte_behind() {
    let (data, config) = enrolled();
    // As an older version kept it: the token itself in `meta`, no file.
    fs::remove_file(config.path().join(TOKEN_FILE)).unwrap();
    {
        let conn = raw(data.path());
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('office_token', ?1)",
            [TOKEN],
        )
        .unwrap();
        conn.execute("DELETE FROM meta WHERE key = 'office_token_sha256'", [])
            .unwrap();
    }
    assert!(contains(
        &fs::read(data.path().join(DB_FILE)).unwrap(),
        TOKEN.as_bytes()
    ));

    let ledger = open_in(data.path(), config.path()).unwrap();
    assert!(ledger.token_moved());
    assert_eq!(ledger.office_link().unwrap().unwrap().token.expose(), TOKEN);
    drop(ledger);
    assert_eq!(
        fs::read_to_string(config.path().join(TOKEN_FILE)).unwrap(),
        TOKEN
    );
    data_folder_clean(data.path());
    let ledger = open_in(data.path(), config.path()).unwrap();
    assert!(!ledger.token_moved(), "moved once");
}

#[test]
fn a_readable_missing_or_foreign_token_file_is_refused_clearly() {
    let (data, config) = enrolled();
    let file = config.path().join(TOKEN_FILE);
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    let err = open_in(data.path(), config.path()).err().unwrap();
    assert_eq!(err.code(), Some("key_file_exposed"), "{err}");
    assert!(
        err.to_string()
            .contains(&format!("chmod 600 {}", file.display()))
    );
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();

    fs::write(&file, "someone-elses-token").unwrap();
    let ledger = open_in(data.path(), config.path()).unwrap();
    let err = ledger.office_link().unwrap_err();
    assert_eq!(err.code(), Some("office_token_missing"), "{err}");
    assert!(err.to_string().contains("canteen enroll"), "{err}");
    fs::remove_file(&file).unwrap();
    let err = ledger.office_link().unwrap_err();
    assert_eq!(err.code(), Some("office_token_missing"), "{err}");
}

#[test]
fn a_crash_between_commit_and_rename_is_finished_and_an_uncommitted_token_dropped() {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    {
        let mut ledger = open_in(data.path(), config.path()).unwrap();
        ledger
            .enrol(&link("old-token"), &CommunitySecret::from_bytes([5; 32]))
            .unwrap();
    }
    // The state a crash after a re-enrolment's commit leaves: the database
    // holds the new token's hash, the file the old token, the new one staged.
    let staged = config.path().join(STAGED_TOKEN_FILE);
    fs::write(&staged, TOKEN).unwrap();
    fs::set_permissions(&staged, fs::Permissions::from_mode(0o600)).unwrap();
    let hash: String = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(TOKEN.as_bytes()))
    };
    raw(data.path())
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'office_token_sha256'",
            [hash],
        )
        .unwrap();
    let ledger = open_in(data.path(), config.path()).unwrap();
    assert_eq!(ledger.office_link().unwrap().unwrap().token.expose(), TOKEN);
    assert!(!staged.exists());
    drop(ledger);

    // A staged token the database does not name never committed: dropped.
    fs::write(&staged, "never-committed").unwrap();
    let ledger = open_in(data.path(), config.path()).unwrap();
    assert!(!staged.exists());
    assert_eq!(ledger.office_link().unwrap().unwrap().token.expose(), TOKEN);
}
