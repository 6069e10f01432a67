//! `canteen sync` pulls the office's latest signed bundle after pushing: a
//! newer one that verifies with the configured public key is kept in the data
//! directory; a forged one fails the run and leaves the kept bundle untouched.

use std::path::Path;
use std::process::Command;

use canteen_office::keys;
use canteen_office::store::{self, bundles, devices};
use canteen_sync::signing::{Bundle, OfficeKey, SignedBundle};

fn bundle(version: u64) -> Bundle {
    Bundle {
        version,
        issued_at: "2026-11-23T00:00:00Z".into(),
        residents_csv: None,
        menu_toml: Some(format!("# menu v{version}\n")),
        pricing_toml: None,
    }
}

fn sync(data: &Path, url: &str, token: &str, key: &str) -> bool {
    Command::new(env!("CARGO_BIN_EXE_canteen"))
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
        .status()
        .unwrap()
        .success()
}

fn kept(data: &Path) -> String {
    let text = std::fs::read_to_string(data.join("bundle.json")).unwrap();
    serde_json::from_str::<SignedBundle>(&text).unwrap().bundle
}

#[test]
fn a_verified_newer_bundle_is_kept_and_a_forged_one_is_refused() {
    let office_dir = tempfile::tempdir().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let data = office_dir.path().to_path_buf();
    let conn = store::open(&data).unwrap();
    std::thread::spawn(move || canteen_office::server::serve(listener, &data).unwrap());
    let office_key = keys::load_or_create(office_dir.path()).unwrap();
    let public = office_key.public_hex();

    let kiosk = tempfile::tempdir().unwrap();
    let id = canteen_ledger::Ledger::open(kiosk.path())
        .unwrap()
        .identity()
        .device_id
        .clone();
    let new = devices::NewDevice {
        device_id: Some(&id),
        name: "east",
        canteen: "east",
        operator: "op",
    };
    let token = devices::add(&conn, &new, "now").unwrap().token;

    assert!(
        sync(kiosk.path(), &url, &token, &public),
        "no bundle issued yet is fine"
    );
    assert!(!kiosk.path().join("bundle.json").exists());

    bundles::put(&conn, 1, &office_key.sign_bundle(&bundle(1)), "now").unwrap();
    assert!(sync(kiosk.path(), &url, &token, &public));
    assert!(kept(kiosk.path()).contains("menu v1"));

    let forged = OfficeKey::from_seed([9; 32]).sign_bundle(&bundle(2));
    bundles::put(&conn, 2, &forged, "now").unwrap();
    assert!(
        !sync(kiosk.path(), &url, &token, &public),
        "a forged bundle fails the run"
    );
    assert!(
        kept(kiosk.path()).contains("menu v1"),
        "and changes nothing"
    );
}
