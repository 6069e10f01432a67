//! A kiosk's sync tells the office how it stands: after each batch the
//! records still waiting on it and the bundle version its configuration runs
//! (`CONFIG/bundle_version`, 0 = shipped defaults). The kiosk's own sync code
//! (`office_sync::push`) talks real HTTP to an office served in-process; the
//! office's devices page (signed in as a viewer) and `canteen-office device
//! list` then show both, the version marked as behind once a newer bundle is
//! issued, and a kiosk with nothing to send still reports (a status-only
//! batch), so its last sync moves on.

mod support;

use std::time::Duration;

use canteen_config::Config;
use canteen_core::Secret;
use canteen_kiosk::office_sync;
use canteen_ledger::Ledger;
use canteen_office::store::{self, bundles, device_status, users};
use support::lunches::sell;
use support::office::Office;

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// The value of cookie `name` that `response` sets.
fn cookie(response: &ureq::http::Response<ureq::Body>, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .expect("the cookie is set")
        .to_owned()
}

/// The devices page as `viewer` sees it.
fn devices_page(url: &str) -> String {
    let agent = agent();
    let form = agent.get(format!("{url}/login")).call().unwrap();
    let csrf = cookie(&form, "canteen_login_csrf");
    let signed = agent
        .post(format!("{url}/login"))
        .header("cookie", format!("canteen_login_csrf={csrf}"))
        .send_form([
            ("name", "viewer"),
            ("password", "viewer-pass-1"),
            ("csrf", &csrf),
        ])
        .unwrap();
    let session = cookie(&signed, "canteen_session");
    let mut page = agent
        .get(format!("{url}/devices?lang=en"))
        .header("cookie", format!("canteen_session={session}"))
        .call()
        .unwrap();
    assert_eq!(page.status(), 200);
    page.body_mut().read_to_string().unwrap()
}

/// The kiosk's row of the devices page.
fn row<'a>(page: &'a str, device_id: &str) -> &'a str {
    let start = page
        .find(&format!("<tr id=\"device-{device_id}\">"))
        .expect("the kiosk has a row");
    let rest = &page[start..];
    &rest[..rest.find("</tr>").unwrap()]
}

/// The kiosk's line of `canteen-office device list`.
fn listed(office: &Office, device_id: &str) -> serde_json::Value {
    let out = std::process::Command::new(support::bins::canteen_office())
        .args(["device", "list", "--data"])
        .arg(office.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["device_id"] == device_id)
        .expect("the kiosk is listed")
}

#[test]
fn a_kiosk_sync_leaves_its_pending_count_and_bundle_version_on_the_devices_page_and_in_device_list()
{
    let office = Office::start();
    let kiosk = tempfile::tempdir().unwrap();
    let config_dir = tempfile::tempdir().unwrap();
    // What the kiosk writes when it applies a bundle.
    let runs = |version: &str| {
        std::fs::write(
            config_dir.path().join(canteen_config::BUNDLE_VERSION_FILE),
            version,
        )
        .unwrap();
    };
    runs("2");
    let token = office.register(kiosk.path(), "east");
    let mut conn = store::open(office.dir.path()).unwrap();
    users::add(
        &mut conn,
        "viewer",
        users::Role::Viewer,
        "viewer-pass-1",
        "now",
    )
    .unwrap();
    let config = Config::defaults();
    let mut ledger = Ledger::open(kiosk.path()).unwrap();
    let device = ledger.identity().device_id.clone();
    sell(&mut ledger, &config, 20);

    let client = office_sync::client(
        &office.url,
        &Secret::new(token),
        None,
        Duration::from_secs(10),
    )
    .unwrap();
    let tz = config.canteen.timezone;
    // After each acknowledged batch of 7 the office already holds the
    // kiosk's report of what is left: 13, then 6, then 0.
    let mut seen = Vec::new();
    let report = office_sync::push(
        &mut ledger,
        &client,
        Some(config_dir.path()),
        tz,
        7,
        &mut |done, _| {
            if done > 0 {
                let s = device_status::standing(&mut conn, &device).unwrap();
                seen.push((done, s.pending, s.bundle_version));
            }
        },
    )
    .unwrap();
    assert_eq!(report.batches, 3);
    assert_eq!(
        seen,
        [
            (7, Some(13), Some(2)),
            (14, Some(6), Some(2)),
            (20, Some(0), Some(2))
        ]
    );

    // Sales made after the sync are not known to the office until the next.
    sell(&mut ledger, &config, 4);
    let page = devices_page(&office.url);
    let mine = row(&page, &device);
    assert!(mine.contains("<td class=\"num pending\">0</td>"), "{mine}");
    assert!(mine.contains("<td class=\"num bundle\">2</td>"), "{mine}");
    let line = listed(&office, &device);
    assert_eq!(line["pending"], 0);
    assert_eq!(line["bundle_version"], 2);
    assert_eq!(line["bundle_behind"], false);
    assert_eq!(line["records"], 20);

    // A newer bundle is issued: the kiosk (still on 2) is marked behind.
    let key = canteen_office::keys::load_or_create(office.dir.path()).unwrap();
    for version in [1, 2, 3] {
        let signed = key.sign_bundle(&support::office::bundle(version));
        bundles::put(&mut conn, version, &signed, "now").unwrap();
    }
    // Pushing the 4 new sales in one batch reports 0 left and version 2.
    let sync = |ledger: &mut Ledger| {
        office_sync::push(
            ledger,
            &client,
            Some(config_dir.path()),
            tz,
            50,
            &mut |_, _| {},
        )
        .unwrap()
    };
    sync(&mut ledger);
    let page = devices_page(&office.url);
    let mine = row(&page, &device);
    assert!(mine.contains("⚠ 2 behind"), "{mine}");
    let line = listed(&office, &device);
    assert_eq!(
        (line["records"].as_i64(), line["newest_bundle"].as_u64()),
        (Some(24), Some(3))
    );
    assert_eq!(line["bundle_behind"], true);

    // The kiosk takes bundle 3 and has nothing to send: it still reports.
    runs("3");
    let before = device_status::standing(&mut conn, &device)
        .unwrap()
        .reported_at;
    std::thread::sleep(Duration::from_millis(1100));
    let quiet = sync(&mut ledger);
    assert_eq!((quiet.batches, quiet.stored), (0, 0), "nothing was sent");
    let after = device_status::standing(&mut conn, &device).unwrap();
    assert_eq!((after.pending, after.bundle_version), (Some(0), Some(3)));
    assert!(
        after.reported_at > before,
        "the quiet kiosk's report is newer"
    );
    let line = listed(&office, &device);
    assert_eq!(line["bundle_behind"], false);
    assert_eq!(line["last_batch_at"], serde_json::json!(after.reported_at));
    let mine = row(&devices_page(&office.url), &device).to_owned();
    assert!(mine.contains("<td class=\"num bundle\">3</td>"), "{mine}");
}
