//! Enrolment in the ledger: the office link and the community secret are
//! stored in one transaction that drops the residents keyed with the old
//! secret; the key file then holds the secret (0600) and survives a reopen; a
//! crash between the commit and the key file's rename is finished at the next
//! open, and a staged key that never committed is dropped.

mod common;

use std::os::unix::fs::PermissionsExt;

use canteen_core::{CommunitySecret, KeyCost};
use canteen_ledger::keyring::{KEY_FILE, STAGED_FILE};
use canteen_ledger::{Ledger, OfficeLink};
use common::*;
use tempfile::TempDir;

fn link() -> OfficeLink {
    OfficeLink {
        office: "http://office.example:8443".into(),
        token: canteen_core::Secret::new("t0ken"),
        office_key: "ab".repeat(32),
        canteen: "east".into(),
        office_ca: None,
    }
}

fn register(ledger: &mut Ledger, number: &str) {
    let csv = ledger.read_residents_csv(
        format!("id_number,name,categories,card_no,status\n{number},张小明,,C9,\n").as_bytes(),
        at(LUNCH).date_naive(),
        &[],
    );
    assert!(csv.bad.is_empty());
    ledger
        .import_residents(&csv.good, at(LUNCH), &mut || {})
        .unwrap();
}

#[test]
fn enrolment_switches_to_the_community_secret_and_drops_old_residents() {
    let (dir, mut ledger) = fresh();
    assert_eq!(ledger.office_link().unwrap(), None);
    let number = id_number(AGE70, "021");
    register(&mut ledger, &number);
    let id = parse_id(&number, LUNCH);
    assert!(ledger.resident(&id).unwrap().is_some());

    let secret = CommunitySecret::from_bytes([9; 32]);
    assert_eq!(ledger.enrol(&link(), &secret).unwrap(), 1);
    assert_eq!(ledger.office_link().unwrap(), Some(link()));
    assert!(
        ledger.resident(&id).unwrap().is_none(),
        "keyed with the old secret"
    );
    let key_file = dir.path().join(KEY_FILE);
    assert_eq!(std::fs::read(&key_file).unwrap(), [9; 32]);
    assert_eq!(
        std::fs::metadata(&key_file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(!dir.path().join(STAGED_FILE).exists());

    // Residents imported now are keyed with the community secret, here and
    // after a reopen.
    register(&mut ledger, &number);
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&number)).unwrap();
    drop(ledger);
    let ledger = open(dir.path());
    let found = ledger.resident(&id).unwrap().unwrap();
    assert_eq!(found.resident_key, secret.key_of(&id));
    assert_eq!(ledger.sale(sale.seq).unwrap().unwrap().seq, sale.seq);
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn a_crash_between_commit_and_rename_is_finished_at_the_next_open() {
    let dir = TempDir::new().unwrap();
    drop(open(dir.path()));
    let secret = CommunitySecret::from_bytes([5; 32]);
    // The state a crash after the commit leaves: the database names the new
    // key, the file still holds the old one, the new one is staged.
    std::fs::write(dir.path().join(STAGED_FILE), secret.as_bytes()).unwrap();
    raw(dir.path())
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'resident_key_fingerprint'",
            [secret.fingerprint()],
        )
        .unwrap();
    drop(open(dir.path()));
    assert_eq!(std::fs::read(dir.path().join(KEY_FILE)).unwrap(), [5; 32]);
    assert!(!dir.path().join(STAGED_FILE).exists());

    // A staged key the database does not name never committed: dropped, and
    // the installed key stays.
    std::fs::write(dir.path().join(STAGED_FILE), [6u8; 32]).unwrap();
    drop(open(dir.path()));
    assert_eq!(std::fs::read(dir.path().join(KEY_FILE)).unwrap(), [5; 32]);
    assert!(!dir.path().join(STAGED_FILE).exists());
}

#[test]
fn the_office_cost_is_kept_and_a_changed_cost_is_refused_not_silently_used() {
    let (dir, mut ledger) = fresh();
    let number = id_number(AGE70, "021");
    let id = parse_id(&number, LUNCH);
    let secret = CommunitySecret::from_bytes([9; 32]).at_cost(KeyCost::CHEAP);
    ledger.enrol(&link(), &secret).unwrap();
    register(&mut ledger, &number);
    drop(ledger);
    let ledger = open(dir.path());
    assert_eq!(
        ledger.resident(&id).unwrap().unwrap().resident_key,
        secret.key_of(&id),
        "keys derived at the office's cost after a reopen"
    );
    drop(ledger);
    // The cost edited behind the ledger's back: refused, not every resident
    // silently unknown.
    raw(dir.path())
        .execute(
            "UPDATE meta SET value = '64:1' WHERE key = 'resident_key_cost'",
            [],
        )
        .unwrap();
    assert!(Ledger::open(dir.path()).is_err());
}

#[test]
fn residents_keyed_by_the_old_hmac_are_dropped_at_open_with_the_kept_bundle() {
    let (dir, mut ledger) = fresh();
    let number = id_number(AGE70, "021");
    register(&mut ledger, &number);
    drop(ledger);
    // What a kiosk before argon2id left: the HMAC-era fingerprint and a
    // kept bundle.
    let key: [u8; 32] = std::fs::read(dir.path().join(KEY_FILE))
        .unwrap()
        .try_into()
        .unwrap();
    let legacy = CommunitySecret::from_bytes(key).legacy_fingerprint();
    raw(dir.path())
        .execute(
            "UPDATE meta SET value = ?1 WHERE key = 'resident_key_fingerprint'",
            [legacy],
        )
        .unwrap();
    std::fs::write(dir.path().join("bundle.json"), "{}").unwrap();
    let ledger = open(dir.path());
    assert!(
        ledger
            .resident(&parse_id(&number, LUNCH))
            .unwrap()
            .is_none()
    );
    assert!(!dir.path().join("bundle.json").exists());
    assert_eq!(
        ledger.resident_key_fingerprint(),
        CommunitySecret::from_bytes(key).fingerprint()
    );
}
