//! Registering a kiosk's diners at the office, so that the office can re-derive
//! their subsidised sales: the office is given the kiosk's resident-key secret
//! as its community secret (what enrolment does) and imports their ID numbers;
//! and the keyed rows such an import gives a bundle.

use std::path::Path;

use canteen_office::keys;
use canteen_office::seal::{self, SealKey};
use canteen_office::store::db::Db;
use canteen_office::store::{self, registry};
use canteen_sync::signing::{KeyedResident, KeyedResidents};
use chrono::NaiveDate;

/// Makes `office_dir`'s community secret the one of the kiosk in `kiosk_dir`
/// and registers `ids` (no categories, active) in the office's registry.
pub fn register_at_office(office_dir: &Path, kiosk_dir: &Path, ids: &[&str]) {
    register_in(
        &mut store::open(office_dir).unwrap(),
        office_dir,
        kiosk_dir,
        ids,
    );
}

/// [`register_at_office`] into the office database `db` (SQLite or
/// PostgreSQL) of the office whose files are in `office_dir`.
pub fn register_in(db: &mut dyn Db, office_dir: &Path, kiosk_dir: &Path, ids: &[&str]) {
    adopt_kiosk_secret(office_dir, kiosk_dir);
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    for id in ids {
        csv.push_str(&format!("{id},测试,,,\n"));
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    import(db, office_dir, &csv, today, "2026-12-01T00:00:00Z");
}

/// Makes `office_dir`'s community secret the resident-key secret of the
/// kiosk in `kiosk_dir` (what enrolment makes the other way round).
pub fn adopt_kiosk_secret(office_dir: &Path, kiosk_dir: &Path) {
    let secret = std::fs::read(kiosk_dir.join("resident.key")).unwrap();
    std::fs::write(office_dir.join(keys::COMMUNITY_FILE), hex::encode(secret)).unwrap();
}

/// The office's keyed rows of the registry file `csv`: its registry import
/// on the test week's Monday, under its community secret.
pub fn keyed(office_dir: &Path, csv: &str) -> KeyedResidents {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    KeyedResidents {
        key_fingerprint: keys::community_secret(office_dir).unwrap().fingerprint(),
        rows: import(
            &mut store::open(office_dir).unwrap(),
            office_dir,
            csv,
            today,
            "now",
        ),
    }
}

/// Imports `csv` into the office's registry (in `db`) on `today`, stamped `at`.
fn import(
    db: &mut dyn Db,
    office_dir: &Path,
    csv: &str,
    today: NaiveDate,
    at: &str,
) -> Vec<KeyedResident> {
    let secret = keys::community_secret(office_dir).unwrap();
    let seal = SealKey::open(&seal::default_path(office_dir), office_dir, db, true).unwrap();
    registry::import_csv(db, csv, &secret, &seal, today, at).unwrap()
}
