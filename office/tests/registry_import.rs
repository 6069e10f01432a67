//! A registry import is written as it is read and stays all or nothing, on
//! a SQLite file and on a real PostgreSQL server the test starts: a bad row
//! after more good rows than a chunk holds writes nothing and is named by its
//! line; a resident named twice ends as the later row says, and a card
//! already printed keeps its mark only while its number stays the same.

use std::io::Cursor;

use canteen_core::{CommunitySecret, KeyCost};
use canteen_office::export::registry_file::RegistryFileError;
use canteen_office::seal::SealKey;
use canteen_office::store::backend::{Database, Store};
use canteen_office::store::registry::{self, Card};
use canteen_office::store::registry_import::{self, CHUNK};
use canteen_pgtest::{Durability, PgServer};
use chrono::NaiveDate;

/// Valid ID numbers, one per day from 1 January 1940.
fn id_number(i: usize) -> String {
    let day = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap() + chrono::Days::new(i as u64);
    let first17 = format!("110105{}123", day.format("%Y%m%d"));
    let check = canteen_core::resident_id::check_char(first17.as_bytes().try_into().unwrap());
    format!("{first17}{}", char::from(check))
}

/// Imports `text` into each store (its files in `dir`).
fn import(store: &Store, dir: &std::path::Path, text: &str) -> Result<usize, RegistryFileError> {
    let secret = CommunitySecret::with_cost([3; 32], KeyCost::CHEAP);
    let today = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    store
        .run(|db| {
            let seal = SealKey::open(&dir.with_extension("seal.key"), dir, db, true)?;
            let file = Cursor::new(text.as_bytes());
            registry_import::import_file(db, file, today, &[], &secret, &seal, "now")
        })
        .unwrap()
}

fn held(store: &Store) -> i64 {
    store
        .run(|db| db.query_one("SELECT count(*) FROM registry", &[])?.get(0))
        .unwrap()
}

#[test]
fn imports_stream_all_or_nothing_on_both_databases() {
    let pg = PgServer::start(Durability::Test).unwrap();
    // Both data directories in one temporary folder, with their seal keys
    // beside them.
    let folder = tempfile::tempdir().unwrap();
    let (sqlite_dir, pg_dir) = (folder.path().join("sqlite"), folder.path().join("pg"));
    for (dir, database) in [
        (&sqlite_dir, Database::choose(None, &sqlite_dir)),
        (&pg_dir, Database::choose(Some(&pg.url()), &pg_dir)),
    ] {
        std::fs::create_dir(dir).unwrap();
        let store = Store::open(&database).unwrap();
        let good = 2 * CHUNK + 200;
        let mut text = String::from("id_number,name,categories,card_no,status\n");
        for i in 0..good {
            text.push_str(&format!("{},张三,,,\n", id_number(i)));
        }
        let bad = id_number(good).replace("110105", "110106");
        let with_bad = format!("{text}{bad},李四,,,\n{},王五,,,\n", id_number(good + 1));
        let err = import(&store, dir, &with_bad).unwrap_err();
        let lines: Vec<usize> = err.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [good + 2], "{database:?}: {err}");
        assert!(
            !err.to_string().contains(&bad),
            "no ID number in the message"
        );
        assert_eq!(held(&store), 0, "{database:?}: nothing written");
        assert_eq!(import(&store, dir, &text), Ok(good), "{database:?}");
        assert_eq!(held(&store), good as i64, "{database:?}");

        let (a, b) = (id_number(5000), id_number(5001));
        let first =
            format!("id_number,name,categories,card_no,status\n{a},甲,,100001,\n{b},乙,,200001,\n");
        assert_eq!(import(&store, dir, &first), Ok(2));
        let printed = |no: &str| Card {
            card_no: no.into(),
            masked_name: String::new(),
            born: None,
        };
        let cards = [printed("100001"), printed("200001")];
        store
            .run(|db| registry::mark_printed(db, &cards, "then"))
            .unwrap();
        let again = format!(
            "id_number,name,categories,card_no,status\n{a},甲,,100001,\n{b},乙,,200001,\n{b},乙,,200002,\n"
        );
        assert_eq!(import(&store, dir, &again), Ok(3));
        let unprinted: Vec<String> = store
            .run(|db| registry::unprinted_cards(db))
            .unwrap()
            .into_iter()
            .map(|c| c.card_no)
            .collect();
        assert_eq!(unprinted, ["200002"], "{database:?}");
        assert_eq!(held(&store), good as i64 + 2, "{database:?}");
    }
}
