//! `serve --tls-cert/--tls-key` over loopback: a client that trusts the
//! office's certificate syncs; one that trusts only the public roots refuses
//! the connection. The fixture is a self-signed certificate for 127.0.0.1,
//! valid for 100 years, made with `openssl req -x509`.

mod support;

use std::time::Duration;

use canteen_office::server::{Settings, serve_with};
use canteen_office::store::devices;
use canteen_sync::SyncError;
use canteen_sync::client::OfficeClient;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

#[test]
fn https_with_the_office_certificate_and_only_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let new = devices::NewDevice {
        device_id: Some("dev-a"),
        name: "east",
        canteen: "east",
        operator: "op",
    };
    let token = devices::add(&mut support::db::open(dir.path()), &new, "now")
        .unwrap()
        .token
        .expose()
        .to_owned();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let data = dir.path().to_path_buf();
    let settings = Settings {
        database: support::db::url(dir.path()),
        ..Settings::default()
    };
    std::thread::spawn(move || {
        let cert = format!("{FIXTURES}/office-test-cert.pem");
        let key = format!("{FIXTURES}/office-test-key.pem");
        let tls = canteen_office::tls::acceptor(cert.as_ref(), key.as_ref()).unwrap();
        serve_with(listener, &data, settings, Some(tls)).unwrap()
    });
    let ca = std::fs::read(format!("{FIXTURES}/office-test-cert.pem")).unwrap();
    let trusted =
        OfficeClient::with_private_ca(&url, &token, Duration::from_secs(10), &ca).unwrap();
    assert_eq!(trusted.high_water("dev-a", "e1").unwrap().seq, 0);

    let public_roots = OfficeClient::new(&url, &token, Duration::from_secs(10));
    assert!(matches!(
        public_roots.high_water("dev-a", "e1"),
        Err(SyncError::Network(_))
    ));
    assert!(
        OfficeClient::with_private_ca(&url, &token, Duration::from_secs(1), b"not pem").is_err()
    );
}
