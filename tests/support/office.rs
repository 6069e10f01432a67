//! A community office served in-process on a loopback port from a temporary
//! directory, and kiosks registered with it by their own device ids.

use std::path::Path;

use canteen_ledger::Ledger;
use canteen_office::store::{self, devices};
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
        let device_id = Ledger::open(kiosk).unwrap().identity().device_id.clone();
        let conn = store::open(self.dir.path()).unwrap();
        let new = devices::NewDevice {
            device_id: Some(&device_id),
            name: canteen,
            canteen,
            operator: "op",
        };
        devices::add(&conn, &new, "2026-11-23T00:00:00Z")
            .unwrap()
            .token
    }
}
