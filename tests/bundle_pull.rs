//! `canteen sync` pulls the office's latest signed bundle after pushing: a
//! newer one that verifies with the configured public key is applied —
//! residents into the ledger's registry, menu and pricing into `--config DIR`
//! for the kiosk's next start — and kept in the data directory. A forged
//! bundle, or a signed one whose menu or residents do not validate, fails the
//! run and changes nothing: not the registry, not the configuration files,
//! not the kept bundle. The bundle's residents are the office's keyed rows:
//! the kiosk finds them by ID card and by meal card, and neither its kept
//! bundle nor its database holds a full ID number or name.

mod support;

use std::path::Path;
use std::process::Command;

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_ledger::Ledger;
use canteen_office::keys;
use canteen_office::store::{self, bundles};
use canteen_sync::signing::{Bundle, KeyedResidents, OfficeKey};
use support::office::Office;
use support::office_registry::{adopt_kiosk_secret, keyed};

const DEFAULT_MENU: &str = include_str!("../config/defaults/menu.toml");

/// The shipped menu with the lunch set renamed, so a change is visible.
fn menu(lunch_name: &str) -> String {
    DEFAULT_MENU.replacen(
        "name_zh = \"午餐套餐\"",
        &format!("name_zh = \"{lunch_name}\""),
        1,
    )
}

fn residents(rows: &[(&str, &str, &str)]) -> String {
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    for (id, name, card) in rows {
        csv.push_str(&format!("{id},{name},dibao,{card},active\n"));
    }
    csv
}

fn bundle(version: u64, menu_toml: String, residents: KeyedResidents) -> Bundle {
    Bundle {
        residents: Some(residents),
        menu_toml: Some(menu_toml),
        ..support::office::bundle(version)
    }
}

fn sync(data: &Path, config: &Path, url: &str, token: &str, key: &str) -> bool {
    Command::new(support::bins::canteen())
        .args([
            "sync",
            "--office",
            url,
            "--token",
            token,
            "--office-key",
            key,
            "--data",
        ])
        .arg(data)
        .arg("--config")
        .arg(config)
        .status()
        .unwrap()
        .success()
}

/// Greps every file under `dirs` (database, WAL, kept bundle, keys) for the
/// full ID number and the name in UTF-8 and GB18030.
fn assert_no_plaintext(dirs: &[&Path], id: &str, name: &str) {
    let (gb, _, _) = encoding_rs::GB18030.encode(name);
    let needles: [&[u8]; 3] = [id.as_bytes(), name.as_bytes(), &gb];
    let mut stack: Vec<std::path::PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    let mut files = 0;
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).unwrap();
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} holds a full ID number or name",
                path.display()
            );
        }
    }
    assert!(
        files >= 3,
        "the grep saw the database, its key and the bundle"
    );
}

fn kept_version(data: &Path) -> u64 {
    let text = std::fs::read_to_string(data.join("bundle.json")).unwrap();
    let held: canteen_kiosk::held_bundle::HeldBundle = serde_json::from_str(&text).unwrap();
    held.version
}

fn lunch_name(config: &Path) -> String {
    let config = Config::load(Some(config)).unwrap();
    config.pricing.item("lunch-set").unwrap().name_zh.clone()
}

fn registered(data: &Path, card: &str) -> bool {
    Ledger::open(data)
        .unwrap()
        .resident_by_card(card)
        .unwrap()
        .is_some()
}

#[test]
fn a_verified_newer_bundle_is_applied_and_a_forged_or_invalid_one_changes_nothing() {
    let served = Office::start();
    let mut conn = store::open(served.dir.path()).unwrap();
    let office_key = keys::load_or_create(served.dir.path()).unwrap();
    let public = office_key.public_hex();

    let kiosk = tempfile::tempdir().unwrap();
    let config = support::shipped_config_dir();
    let (kiosk, config) = (kiosk.path(), config.path());
    // Registering opens the kiosk's ledger, which makes its key.
    let token = served.register_on(kiosk, "east", "now");
    // Set up by hand: the office's community secret is the kiosk's key (what
    // enrolment would make it the other way round).
    adopt_kiosk_secret(served.dir.path(), kiosk);
    let office = served.dir.path();
    let run = || sync(kiosk, config, &served.url, &token, &public);

    assert!(run(), "no bundle issued yet is fine");
    assert!(!kiosk.join("bundle.json").exists());
    assert_eq!(lunch_name(config), "午餐套餐");

    let v1 = bundle(
        1,
        menu("午餐套餐甲"),
        keyed(
            office,
            &residents(&[("110101195611230017", "李秀英", "88001234")]),
        ),
    );
    bundles::put(&mut conn, 1, &office_key.sign_bundle(&v1), "now").unwrap();
    assert!(run());
    // Issue #12: nothing in the kiosk's folders names the resident in full.
    assert_no_plaintext(&[kiosk, config], "110101195611230017", "李秀英");
    assert_eq!(kept_version(kiosk), 1);
    assert_eq!(
        lunch_name(config),
        "午餐套餐甲",
        "menu saved for the next start"
    );
    assert!(registered(kiosk, "88001234"), "residents imported");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let by_id = Ledger::open(kiosk)
        .unwrap()
        .resident(&ResidentId::parse("110101195611230017", today).unwrap())
        .unwrap()
        .expect("found by ID card");
    assert_eq!(
        (by_id.masked_id.as_str(), by_id.masked_name.as_str()),
        (canteen_core::resident_id::MASKED_AT_REST, "李*英")
    );
    let menu_file = || std::fs::read_to_string(config.join("menu.toml")).unwrap();
    let applied_menu = menu_file();

    // Each of these fails the run and changes nothing.
    let other = keyed(
        office,
        &residents(&[("110101194103010021", "王建国", "88005678")]),
    );
    let mut plain_row = other.clone();
    plain_row.rows[0].masked_id = "110101194103010021".into();
    let mut foreign = other.clone();
    foreign.key_fingerprint = "00".repeat(32);
    let forged =
        OfficeKey::from_seed([9; 32]).sign_bundle(&bundle(2, menu("午餐乙"), other.clone()));
    let mut altered = office_key.sign_bundle(&bundle(3, menu("午餐丙"), other.clone()));
    altered.bundle = altered.bundle.replace("午餐丙", "午餐丁");
    let bad_menu = office_key.sign_bundle(&bundle(4, "items = [".into(), other.clone()));
    let bad_rows = office_key.sign_bundle(&bundle(5, menu("午餐戊"), plain_row));
    let foreign = office_key.sign_bundle(&bundle(6, menu("午餐己"), foreign));
    for (version, signed, what) in [
        (2, forged, "forged"),
        (3, altered, "altered"),
        (4, bad_menu, "a menu that is not TOML"),
        (5, bad_rows, "a residents row with a full ID number"),
        (
            6,
            foreign,
            "rows keyed with another secret than the kiosk's",
        ),
    ] {
        bundles::put(&mut conn, version, &signed, "now").unwrap();
        assert!(!run(), "{what}: the run fails");
        assert_eq!(kept_version(kiosk), 1, "{what}: the kept bundle stays");
        assert_eq!(menu_file(), applied_menu, "{what}: menu.toml unchanged");
        assert!(!config.join("pricing.toml").exists(), "{what}");
        assert!(!registered(kiosk, "88005678"), "{what}: registry unchanged");
        assert!(registered(kiosk, "88001234"), "{what}");
    }
}
