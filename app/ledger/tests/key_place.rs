//! Issue #12: the community secret out of the data folder. With a
//! [`KeyPlace`] (the kiosk's `--config DIR`) the resident key file lives in
//! the configuration directory: an old `DATA/resident.key` moves there at the
//! first open, the database remembers where it went, a file that group or
//! others may read (or not a regular file, or another user's) is refused with
//! the command that fixes it, and a new key takes the configured cost.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use canteen_core::KeyCost;
use canteen_ledger::keyring::KEY_FILE;
use canteen_ledger::{KeyPlace, Ledger, LedgerError};
use common::*;
use tempfile::TempDir;

fn place(dir: &Path, cost: KeyCost) -> KeyPlace {
    KeyPlace {
        dir: Some(dir.to_path_buf()),
        new_cost: cost,
    }
}

fn import_one(ledger: &mut Ledger, number: &str) {
    import_residents(
        ledger,
        &format!("id_number,name,categories,card_no,status\n{number},王五,dibao,C51,\n"),
    );
}

#[test]
fn an_old_data_folders_key_moves_to_the_configuration_directory_once() {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let number = id_number(AGE70, "051");
    {
        let mut ledger = open(data.path());
        import_one(&mut ledger, &number);
        assert_eq!(ledger.key_dir(), data.path(), "the demo keeps it in DATA");
    }
    let before = fs::read(data.path().join(KEY_FILE)).unwrap();

    let ledger = Ledger::open_with(data.path(), &place(config.path(), KeyCost::CHEAP)).unwrap();
    assert_eq!(
        ledger.key_moved_from(),
        Some(data.path().join(KEY_FILE).as_path())
    );
    assert!(!data.path().join(KEY_FILE).exists(), "gone from DATA");
    let moved = config.path().join(KEY_FILE);
    assert_eq!(fs::read(&moved).unwrap(), before, "the same secret");
    assert_eq!(
        fs::metadata(&moved).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let who = parse_id(&number, LUNCH);
    assert!(ledger.resident(&who).unwrap().is_some(), "still found");
    assert_eq!(
        ledger.key_cost(),
        KeyCost::DEFAULT,
        "an existing key keeps its cost"
    );
    drop(ledger);

    // Commands given only `--data` find it where the database remembers.
    let again = open(data.path());
    assert_eq!(again.key_moved_from(), None);
    assert!(again.resident(&who).unwrap().is_some());
}

#[test]
fn a_key_file_others_may_read_or_that_is_no_regular_file_is_refused_with_the_fix() {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let keys = place(config.path(), KeyCost::CHEAP);
    drop(Ledger::open_with(data.path(), &keys).unwrap());
    let key = config.path().join(KEY_FILE);
    assert!(key.exists() && !data.path().join(KEY_FILE).exists());

    fs::set_permissions(&key, fs::Permissions::from_mode(0o640)).unwrap();
    let err = Ledger::open_with(data.path(), &keys).err().unwrap();
    assert!(matches!(err, LedgerError::KeyFileExposed { .. }), "{err}");
    assert_eq!(err.code(), Some("key_file_exposed"));
    let text = err.to_string();
    assert!(
        text.contains(&format!("chmod 600 {}", key.display())) && text.contains("0640"),
        "{text}"
    );
    // Only --data: the remembered place is checked too.
    assert!(Ledger::open(data.path()).is_err());
    fs::set_permissions(&key, fs::Permissions::from_mode(0o600)).unwrap();
    assert!(Ledger::open_with(data.path(), &keys).is_ok());

    // A symbolic link to the key is not the key.
    let real = config.path().join("real.key");
    fs::rename(&key, &real).unwrap();
    std::os::unix::fs::symlink(&real, &key).unwrap();
    let err = Ledger::open_with(data.path(), &keys).err().unwrap();
    assert!(err.to_string().contains("not a regular file"), "{err}");
    fs::remove_file(&key).unwrap();
    fs::rename(&real, &key).unwrap();

    // Another user's file, when we may give it away (as root).
    let me = fs::metadata("/proc/self").map(|m| std::os::unix::fs::MetadataExt::uid(&m));
    if me.as_ref().is_ok_and(|uid| *uid == 0) {
        std::os::unix::fs::chown(&key, Some(1), None).unwrap();
        let err = Ledger::open_with(data.path(), &keys).err().unwrap();
        assert!(
            err.to_string()
                .contains(&format!("chown 0 {}", key.display())),
            "{err}"
        );
        std::os::unix::fs::chown(&key, Some(0), None).unwrap();
    }
    assert!(Ledger::open_with(data.path(), &keys).is_ok());
}

#[test]
fn a_new_key_takes_the_configured_cost_and_keeps_it() {
    let (data, config) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let cost = KeyCost {
        memory_kib: 64,
        iterations: 1,
    };
    let ledger = Ledger::open_with(data.path(), &place(config.path(), cost)).unwrap();
    assert_eq!(ledger.key_cost(), cost);
    drop(ledger);
    let reopened = Ledger::open_with(data.path(), &place(config.path(), KeyCost::CHEAP)).unwrap();
    assert_eq!(reopened.key_cost(), cost, "fixed when the key was made");
}
