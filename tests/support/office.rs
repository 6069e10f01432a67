//! A community office served in-process on a loopback port from a temporary
//! directory, kiosks registered with it by their own device ids and synced
//! to it, and the bundles it signs.

use std::path::Path;

use canteen_ledger::Ledger;
use canteen_office::store::{self, devices};
use canteen_sync::signing::Bundle;
use tempfile::TempDir;

pub struct Office {
    pub dir: TempDir,
    pub url: String,
}

impl Office {
    /// Serves a fresh office on 127.0.0.1 in a background thread.
    pub fn start() -> Office {
        let dir = TempDir::new().unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let data = dir.path().to_path_buf();
        store::open(&data).unwrap();
        std::thread::spawn(move || canteen_office::server::serve(listener, &data).unwrap());
        Office { dir, url }
    }

    /// Registers the kiosk whose ledger is in `kiosk` at `canteen` (the
    /// office's record of it dates from the test week's Monday); its token.
    pub fn register(&self, kiosk: &Path, canteen: &str) -> String {
        self.register_on(kiosk, canteen, "2026-11-23T00:00:00Z")
    }

    /// [`Office::register`], the office's record dated `at`.
    pub fn register_on(&self, kiosk: &Path, canteen: &str, at: &str) -> String {
        let device_id = Ledger::open(kiosk).unwrap().identity().device_id.clone();
        let mut conn = store::open(self.dir.path()).unwrap();
        let new = devices::NewDevice {
            device_id: Some(&device_id),
            name: canteen,
            canteen,
            operator: "op",
        };
        devices::add(&mut conn, &new, at)
            .unwrap()
            .token
            .expose()
            .to_owned()
    }
}

/// Runs `canteen sync` of the kiosk whose data is in `kiosk` to the office at
/// `url` with `token`; it must succeed.
pub fn sync(kiosk: &Path, url: &str, token: &str) {
    let args = ["sync", "--office", url, "--token", token];
    let (code, out) = super::kiosk_cli::canteen(kiosk, &args);
    assert_eq!(code, 0, "canteen sync: {out}");
}

/// A bundle of `version` issued on the test week's Monday that carries
/// nothing yet: callers fill in what theirs carries (`..bundle(1)`).
pub fn bundle(version: u64) -> Bundle {
    Bundle {
        version,
        issued_at: "2026-11-23T00:00:00Z".into(),
        residents: None,
        menu_toml: None,
        pricing_toml: None,
        canteen_rules: None,
        dishes: None,
    }
}
