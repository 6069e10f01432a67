//! Registering a kiosk's diners at the office, so that the office can re-derive
//! their subsidised sales: the office is given the kiosk's resident-key secret
//! as its community secret (what enrolment does) and imports their ID numbers.

use std::path::Path;

use canteen_office::keys;
use canteen_office::seal::{self, SealKey};
use canteen_office::store::{self, registry};

/// Makes `office_dir`'s community secret the one of the kiosk in `kiosk_dir`
/// and registers `ids` (no categories, active) in the office's registry.
pub fn register_at_office(office_dir: &Path, kiosk_dir: &Path, ids: &[&str]) {
    let secret = std::fs::read(kiosk_dir.join("resident.key")).unwrap();
    std::fs::write(office_dir.join(keys::COMMUNITY_FILE), hex::encode(secret)).unwrap();
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    for id in ids {
        csv.push_str(&format!("{id},测试,,,\n"));
    }
    let secret = keys::community_secret(office_dir).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    let mut conn = store::open(office_dir).unwrap();
    let seal = SealKey::open(&seal::default_path(office_dir), office_dir, &conn, true).unwrap();
    registry::import_csv(
        &mut conn,
        &csv,
        &secret,
        &seal,
        today,
        "2026-12-01T00:00:00Z",
    )
    .unwrap();
}
