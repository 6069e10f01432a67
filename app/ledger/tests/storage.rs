//! Storage: pragmas, migrations from a frozen v1 schema, a newer schema refused,
//! corruption stops selling and moves nothing, the resident key file, backups,
//! and no ID number or name in plaintext anywhere in the database files.

mod common;

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::PermissionsExt;

use canteen_ledger::{DB_FILE, Ledger, LedgerError, SCHEMA_VERSION};
use common::*;
use tempfile::TempDir;

#[test]
fn every_connection_has_the_required_pragmas() {
    let dir = TempDir::new().unwrap();
    let conn = canteen_ledger::connection::open(&dir.path().join(DB_FILE)).unwrap();
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    let sync: i64 = conn
        .pragma_query_value(None, "synchronous", |r| r.get(0))
        .unwrap();
    let fk: i64 = conn
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
}

#[test]
fn a_v1_database_upgrades_and_keeps_its_journal_sound() {
    let dir = TempDir::new().unwrap();
    {
        let conn = raw(dir.path());
        conn.execute_batch(include_str!("fixtures/v1_schema.sql"))
            .unwrap();
        conn.execute_batch("PRAGMA user_version = 1").unwrap();
        assert!(
            conn.prepare("SELECT * FROM residents").is_err(),
            "v1 has no registry"
        );
    }
    let mut ledger = open(dir.path());
    sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    drop(ledger);
    let conn = raw(dir.path());
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let residents: i64 = conn
        .query_row("SELECT count(*) FROM residents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(residents, 0);
    drop(conn);
    let ledger = open(dir.path());
    assert_eq!(ledger.verify().unwrap().unwrap().records, 1);
}

#[test]
fn a_v2_database_upgrades_to_the_counter_tables_and_keeps_its_journal_sound() {
    let dir = TempDir::new().unwrap();
    {
        let conn = raw(dir.path());
        conn.execute_batch(include_str!("fixtures/v1_schema.sql"))
            .unwrap();
        conn.execute_batch(include_str!("fixtures/v2_residents.sql"))
            .unwrap();
        conn.execute_batch("PRAGMA user_version = 2").unwrap();
        assert!(
            conn.prepare("SELECT * FROM audit").is_err(),
            "v2 has no audit records"
        );
    }
    let mut ledger = open(dir.path());
    sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    ledger
        .add_staff(
            "li",
            canteen_core::cashier::Role::Cashier,
            "1234",
            at(LUNCH),
        )
        .unwrap();
    drop(ledger);
    let conn = raw(dir.path());
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let audits: i64 = conn
        .query_row("SELECT count(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    assert_eq!(audits, 1, "adding staff is audited");
    drop(conn);
    let ledger = open(dir.path());
    assert_eq!(ledger.verify().unwrap().unwrap().records, 2);
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    drop(open(dir.path()));
    raw(dir.path())
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Ledger::open(dir.path()).err().unwrap();
    assert!(
        matches!(err, LedgerError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer than this program"));
    let version: i64 = raw(dir.path())
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn a_corrupt_database_stops_selling_and_nothing_is_moved() {
    let dir = TempDir::new().unwrap();
    {
        let mut ledger = open(dir.path());
        for _ in 0..200 {
            sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
        }
    }
    let path = dir.path().join(DB_FILE);
    let len = fs::metadata(&path).unwrap().len();
    let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(4096 * 2)).unwrap();
    file.write_all(&vec![0xA5; 4096 * 3]).unwrap();
    drop(file);
    let err = Ledger::open(dir.path())
        .err()
        .expect("a damaged file must not open for selling");
    assert!(matches!(err, LedgerError::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("do not delete any files"));
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        len,
        "the file is left where and as it was"
    );
}

#[test]
fn the_resident_key_is_private_and_must_not_go_missing() {
    let dir = TempDir::new().unwrap();
    let mut ledger = open(dir.path());
    sell(
        &mut ledger,
        LUNCH,
        &["lunch-set"],
        Some(&id_number(AGE70, "123")),
    )
    .unwrap();
    drop(ledger);
    let key = dir.path().join(canteen_ledger::keyring::KEY_FILE);
    assert_eq!(
        fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(fs::read(&key).unwrap().len(), 32);
    fs::rename(&key, dir.path().join("elsewhere")).unwrap();
    assert!(matches!(
        Ledger::open(dir.path()),
        Err(LedgerError::ResidentKeyMismatch(_))
    ));
    assert!(
        !key.exists(),
        "no new key is made for a database that had one"
    );
    fs::write(&key, [7u8; 32]).unwrap();
    assert!(matches!(
        Ledger::open(dir.path()),
        Err(LedgerError::ResidentKeyMismatch(_))
    ));
}

#[test]
fn a_backup_is_complete_checked_and_restorable_with_the_key() {
    let dir = TempDir::new().unwrap();
    let mut ledger = open(dir.path());
    for n in 0..20 {
        sell(
            &mut ledger,
            LUNCH,
            &["lunch-set"],
            Some(&id_number(AGE85, &format!("{n:03}"))),
        )
        .unwrap();
    }
    let head = ledger.verify().unwrap().unwrap();
    let out = TempDir::new().unwrap();
    let report = ledger
        .backup(&out.path().join("canteen-backup.db"))
        .unwrap();
    assert_eq!(report.records, 20);
    assert_eq!(report.head, hex::encode(head.head.hash));
    let files: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        files,
        ["canteen-backup.db"],
        "no temporary file and no key beside the backup"
    );

    let restored = TempDir::new().unwrap();
    fs::copy(
        out.path().join("canteen-backup.db"),
        restored.path().join(DB_FILE),
    )
    .unwrap();
    let key = canteen_ledger::keyring::KEY_FILE;
    fs::copy(dir.path().join(key), restored.path().join(key)).unwrap();
    let mut restored = open(restored.path());
    assert_eq!(restored.verify().unwrap().unwrap(), head);
    let again = sell(
        &mut restored,
        "2026-11-23T12:10:00+08:00",
        &["lunch-set"],
        Some(&id_number(AGE85, "000")),
    )
    .unwrap();
    assert_eq!(again.total_fen, 1500, "the quota survives the restore");
}

#[test]
fn no_id_number_or_name_in_plaintext_in_the_database_or_its_wal() {
    let dir = TempDir::new().unwrap();
    let ids: Vec<String> = (0..10)
        .map(|n| id_number(AGE70, &format!("{:03}", 100 + n)))
        .collect();
    let csv = format!(
        "id_number,name,categories,card_no,status\n{},王小明,dibao,C001,active\n",
        ids[0]
    );
    let mut ledger = open(dir.path());
    let parsed =
        ledger.read_residents_csv(csv.as_bytes(), at(LUNCH).date_naive(), &["dibao".into()]);
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    ledger
        .import_residents(&parsed.good, at(LUNCH), &mut || {})
        .unwrap();
    for id in &ids {
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(id)).unwrap();
    }
    // Looked at while the ledger is open, so the -wal file still holds the pages.
    let wal = dir.path().join(format!("{DB_FILE}-wal"));
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    let mut checked = 0;
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == canteen_ledger::keyring::KEY_FILE {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        for id in &ids {
            for needle in [id.as_str(), &id[..17], &id[6..14]] {
                assert!(
                    !contains(&bytes, needle.as_bytes()),
                    "{needle} in {}",
                    path.display()
                );
            }
        }
        assert!(!contains(&bytes, "王小明".as_bytes()));
        checked += 1;
    }
    assert!(checked >= 2, "the database and its -wal file");
    let masked = &ledger.resident(&parse_id(&ids[0], LUNCH)).unwrap().unwrap();
    assert_eq!(
        (masked.masked_name.as_str(), masked.masked_id.len()),
        ("王*明", 18)
    );
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
