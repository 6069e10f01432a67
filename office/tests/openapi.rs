//! `openapi.json` beside the office code stays true: every route the router
//! serves is described with the same method and path and vice versa, the wire
//! helpers build the described paths, and the error codes the office can send
//! are the ones listed.

use std::collections::BTreeSet;

use canteen_office::server::ROUTES;
use canteen_sync::wire::{ENROLL_PATH, batches_path, bundle_path, high_water_path};
use serde_json::Value;

fn spec() -> Value {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn every_route_is_described_and_every_description_is_a_route() {
    let spec = spec();
    let described: BTreeSet<(String, String)> = spec["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(described, served);
}

#[test]
fn the_client_builds_the_described_paths() {
    assert_eq!(batches_path("{device_id}"), ROUTES[0].1);
    assert_eq!(high_water_path("{device_id}", "{db_epoch}"), ROUTES[1].1);
    assert_eq!(bundle_path("{device_id}"), ROUTES[2].1);
    assert_eq!(ENROLL_PATH, ROUTES[3].1);
}

#[test]
fn every_error_code_is_listed() {
    let spec = spec();
    let listed: BTreeSet<&str> =
        spec["components"]["schemas"]["Error"]["properties"]["error"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
    use canteen_office::OfficeError as E;
    let errors = [
        E::Unauthorized,
        E::Forbidden,
        E::Conflict { seq: 1 },
        E::ChainBreak {
            seq: 1,
            reason: String::new(),
        },
        E::Store(String::new()),
    ];
    for e in errors {
        assert!(
            listed.contains(e.body().error.as_str()),
            "{} is not listed",
            e.body().error
        );
    }
    for code in [
        "bad_batch",
        "unsupported_version",
        "too_large",
        "bad_request",
        "bad_device_id",
        "bad_enroll_code",
        "enroll_code_expired",
        "device_exists",
    ] {
        assert!(listed.contains(code));
    }
}

#[test]
fn a_batch_and_its_device_status_have_the_described_fields() {
    use canteen_sync::wire::{Batch, DeviceStatus, WIRE_VERSION};
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let batch = Batch {
        wire_version: WIRE_VERSION,
        device_id: "dev-a".into(),
        db_epoch: "e1".into(),
        records: Vec::new(),
        device_status: Some(DeviceStatus {
            pending: 4,
            bundle_version: 2,
        }),
    };
    let sent = serde_json::to_value(&batch).unwrap();
    assert_eq!(keys(&sent), keys(&schemas["Batch"]["properties"]));
    assert_eq!(
        keys(&sent["device_status"]),
        keys(&schemas["DeviceStatus"]["properties"])
    );
    let required: BTreeSet<String> = schemas["Batch"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert!(
        !required.contains("device_status"),
        "an older kiosk sends none"
    );
}
