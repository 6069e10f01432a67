//! Schema v14: the registry's masked IDs become the at-rest form (all `*`),
//! so nothing the kiosk keeps beside a resident key shows a digit of the ID
//! number (issue #12: a thief knowing the county and the age band would
//! otherwise need only ~3,650 guesses). What the kiosk writes from now on —
//! residents, sales, audit details — carries no digit either.

mod common;

use std::fs;

use canteen_core::resident_id::MASKED_AT_REST;
use canteen_ledger::{DB_FILE, SCHEMA_VERSION};
use common::*;
use tempfile::TempDir;

fn import(ledger: &mut canteen_ledger::Ledger, ids: &[&str]) {
    let csv = format!(
        "id_number,name,categories,card_no,status\n{},王五,dibao,C41,\n{},赵六,,C42,\n",
        ids[0], ids[1]
    );
    import_residents(ledger, &csv);
}

fn masked_ids(dir: &std::path::Path) -> Vec<String> {
    column(dir, "SELECT masked_id FROM residents ORDER BY card_no")
}

#[test]
fn a_v13_registry_is_masked_again_and_its_old_masks_leave_the_file() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (id_number(AGE70, "041"), id_number(AGE85, "042"));
    let screen: Vec<String> = [&a, &b]
        .iter()
        .map(|n| parse_id(n, LUNCH).masked())
        .collect();
    {
        let mut ledger = open(dir.path());
        import(&mut ledger, &[&a, &b]);
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(&a)).unwrap();
    }
    // As v13 kept them: the screen's form, first 3 and last 4 shown.
    {
        let conn = raw(dir.path());
        for (card, masked) in ["C41", "C42"].iter().zip(&screen) {
            conn.execute(
                "UPDATE residents SET masked_id = ?2 WHERE card_no = ?1",
                (card, masked),
            )
            .unwrap();
        }
        // Without what versions after 14 added (v15: deliveries, v16: the
        // day's dishes), which the reopening migrates again.
        conn.execute_batch(
            "DROP TABLE day_dishes;
             DROP INDEX journal_deliveries; DROP TABLE delivery_orders;
             ALTER TABLE journal DROP COLUMN delivery_route;
             PRAGMA user_version = 13",
        )
        .unwrap();
    }
    let db = fs::read(dir.path().join(DB_FILE)).unwrap();
    assert!(contains(&db, screen[0].as_bytes()), "the v13 file has them");

    let mut ledger = open(dir.path());
    assert_eq!(masked_ids(dir.path()), [MASKED_AT_REST, MASKED_AT_REST]);
    assert!(ledger.verify().unwrap().is_ok(), "the journal is untouched");
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&b)).unwrap();
    assert_eq!(sale.masked_id.as_deref(), Some(MASKED_AT_REST));
    let found = ledger.resident(&parse_id(&b, LUNCH)).unwrap();
    assert_eq!(
        found.map(|r| (r.card_no, r.masked_id)),
        Some((Some("C42".to_owned()), MASKED_AT_REST.to_owned())),
        "still found by their key"
    );
    drop(ledger);
    let version = user_version(&raw(dir.path()));
    assert_eq!(version, SCHEMA_VERSION, "migrated to the current schema");
    for name in [DB_FILE.to_owned(), format!("{DB_FILE}-wal")] {
        let Ok(bytes) = fs::read(dir.path().join(&name)) else {
            continue;
        };
        for masked in &screen {
            assert!(!contains(&bytes, masked.as_bytes()), "{masked} in {name}");
        }
    }
}

#[test]
fn residents_sales_and_audits_are_stored_without_a_digit() {
    let dir = TempDir::new().unwrap();
    let (a, b) = (id_number(AGE70, "051"), id_number(AGE85, "052"));
    let mut ledger = open(dir.path());
    import(&mut ledger, &[&a, &b]);
    // A card moved to another resident is audited, naming both by their mask.
    let moved = format!("id_number,name,categories,card_no,status\n{b},赵六,,C41,\n");
    let parsed = ledger.read_residents_csv(moved.as_bytes(), at(LUNCH).date_naive(), &[]);
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    let counts = ledger
        .import_residents(&parsed.good, at(LUNCH), &mut || {})
        .unwrap();
    assert_eq!(counts.moved, 1);
    sell(&mut ledger, LUNCH, &["lunch-set"], Some(&a)).unwrap();

    let resident = ledger.resident(&parse_id(&a, LUNCH)).unwrap().unwrap();
    assert_eq!(resident.masked_id, MASKED_AT_REST);
    let conn = raw(dir.path());
    let stored: Vec<String> = conn
        .prepare(
            "SELECT masked_id FROM residents
             UNION ALL SELECT masked_id FROM journal WHERE masked_id IS NOT NULL",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(stored.len(), 3, "{stored:?}");
    assert!(stored.iter().all(|m| m == MASKED_AT_REST), "{stored:?}");
    drop(conn);
    drop(ledger);
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        for id in [&a, &b] {
            let masked = parse_id(id, LUNCH).masked();
            assert!(
                !contains(&bytes, masked.as_bytes()),
                "{masked} in {}",
                path.display()
            );
        }
    }
}
