//! `canteen-office screenshots`: over an office with two canteens' lunches,
//! a registry and an admin, one PNG per page, each a real picture (PNG
//! signature, the page's width, not blank); without an admin it refuses and
//! says what to do. The pictures stay in the target directory
//! (`web-screenshots/`) for people to look at.

mod support;

use canteen_office::store::bundles;
use canteen_office::store::users::Role;
use canteen_sync::signing::Bundle;
use support::{batch, chain, office_cli, sale, web};

#[test]
fn every_page_is_photographed() {
    let office = web::start();
    let data = office.dir.path().to_str().unwrap();
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    let _ = std::fs::remove_dir_all(&out);
    let screenshots = |more: &[&str]| {
        let args = [
            "screenshots",
            "--out",
            out.to_str().unwrap(),
            "--data",
            data,
        ];
        office_cli(&[&args[..], more].concat())
    };
    let (code, json) = screenshots(&[]);
    assert_eq!(code, 2, "{json}");
    assert!(
        json.contains("no_admin") && json.contains("user add --role admin"),
        "{json}"
    );

    web::add_user(&office, "王芳", Role::Admin, "correct horse");
    let east = office.add_device("dev-east", "东区食堂");
    let west = office.add_device("dev-west", "西区食堂");
    let resident = "k".repeat(64);
    office.register(&[&resident]);
    let sales = vec![sale("lunch-set", Some(&resident)), sale("lunch-set", None)];
    // East reports 3 sales still waiting and the shipped defaults; a bundle
    // is then issued, so it shows as behind. West is an older kiosk.
    let east_chain = chain("dev-east", "e1", sales);
    let east_batch = support::batch_with_status("dev-east", "e1", &east_chain, 3, 0);
    office.client(&east).push(&east_batch).unwrap();
    let mut conn = office.db();
    let bundle = Bundle {
        version: 1,
        issued_at: web::NOW.into(),
        residents: None,
        menu_toml: None,
        pricing_toml: None,
        canteen_rules: None,
        dishes: None,
    };
    let key = canteen_office::keys::load_or_create(office.dir.path()).unwrap();
    bundles::put(&mut conn, 1, &key.sign_bundle(&bundle), web::NOW).unwrap();
    let sales = vec![sale("lunch-set", None)];
    office
        .client(&west)
        .push(&batch("dev-west", "w1", &chain("dev-west", "w1", sales)))
        .unwrap();

    for lang in ["zh", "en"] {
        let (code, json) = screenshots(&["--now", web::NOW, "--lang", lang]);
        assert_eq!(code, 0, "{json}");
        let pages: serde_json::Value = serde_json::from_str(&json).unwrap();
        let pages = pages["pages"].as_array().unwrap();
        assert_eq!(pages.len(), 12);
        for page in pages {
            check_png(page.as_str().unwrap(), lang);
        }
    }
}

fn check_png(path: &str, lang: &str) {
    assert!(path.ends_with(&format!("-{lang}.png")), "{path}");
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "{path}");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert_eq!(width, 1280, "{path}");
    assert!(
        bytes.len() > 15_000,
        "{path} is {} bytes: blank?",
        bytes.len()
    );
}
