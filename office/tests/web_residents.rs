//! A clerk's residents work over plain HTTP: import a registry file, search
//! by masked ID number and by full name (shown masked), mark a card lost,
//! suspend and reinstate, reissue a card, and publish the registry: the next
//! signed bundle carries each status, the new card number and not the old
//! one; every change is in the audit log.

mod support;

use canteen_office::store::{audit, bundles, users::Role};
use canteen_sync::signing::Bundle;
use support::web;

const REGISTRY: &str = "姓名,身份证号,饭卡号,状态\r\n王建国,110101194103010021,100001,正常\r\n李四,11010519491231002X,100002,正常\r\n";

fn latest_bundle(office: &support::Office) -> Bundle {
    let mut conn = office.db();
    let signed = bundles::latest(&mut conn).unwrap().expect("a bundle");
    serde_json::from_str(&signed.bundle).unwrap()
}

#[test]
fn a_clerk_changes_residents_and_the_next_bundle_carries_it() {
    let (office, [clerk]) = web::office_with([("clerk", Role::Clerk)]);
    let csrf = clerk.csrf.clone();
    let imported = web::ok_body(clerk.upload(Some(&csrf), REGISTRY.as_bytes()));
    assert!(imported.contains("已导入 2"));

    let html = clerk.html("/residents?q=002X");
    assert!(
        html.contains("李*") && !html.contains("王*国"),
        "by masked ID"
    );
    assert!(
        !html.contains("11010519491231002X"),
        "never the full number"
    );
    let html = clerk.html("/residents?q=%E7%8E%8B%E5%BB%BA%E5%9B%BD");
    // The search box echoes what was typed; the table shows masked forms only.
    let table = &html[html.find("id=\"residents\"").unwrap()..];
    assert!(
        table.contains("王*国") && !table.contains("王建国"),
        "a full name finds its masked form: {table}"
    );
    assert!(!table.contains("李*"), "and only that resident");

    let act = |name: &str, card: &str| {
        let mut r = clerk.post("/residents/change", &[("csrf", &csrf), (name, card)]);
        assert_eq!(r.status(), 200, "{name} {card}");
        r.body_mut().read_to_string().unwrap()
    };
    assert!(act("lost", "100001").contains("100001: 餐卡挂失；"));
    assert!(act("suspend", "100002").contains("100002: 暂停；"));
    let published = clerk.post("/residents/publish", &[("csrf", &csrf)]);
    assert_eq!(published.status(), 200);
    let bundle = latest_bundle(&office);
    let rows = bundle.residents.unwrap().rows;
    let status = |card: &str| {
        rows.iter()
            .find(|r| r.card_no.as_deref() == Some(card))
            .map(|r| r.status.clone())
    };
    assert_eq!(status("100001").as_deref(), Some("lost"));
    assert_eq!(status("100002").as_deref(), Some("suspended"));

    act("reinstate", "100002");
    let page = act("reissue", "100001");
    let new_card = page
        .split("100001 → ")
        .nth(1)
        .and_then(|rest| rest.get(..10))
        .expect("the new card number is shown")
        .to_owned();
    assert!(new_card.bytes().all(|b| b.is_ascii_digit()), "{new_card}");
    clerk.post("/residents/publish", &[("csrf", &csrf)]);
    let next = latest_bundle(&office);
    assert_eq!(next.version, bundle.version + 1);
    let rows = next.residents.unwrap().rows;
    assert!(
        rows.iter().all(|r| r.card_no.as_deref() != Some("100001")),
        "the lost card is gone"
    );
    let reissued = rows
        .iter()
        .find(|r| r.card_no.as_deref() == Some(&new_card))
        .unwrap();
    assert_eq!(reissued.status, "active");
    assert_eq!(
        rows.iter()
            .find(|r| r.card_no.as_deref() == Some("100002"))
            .unwrap()
            .status,
        "active"
    );

    let mut conn = office.db();
    let log: Vec<String> = audit::list(&mut conn)
        .unwrap()
        .into_iter()
        .map(|e| e.what)
        .collect();
    for what in [
        "web: residents import",
        "web: resident 100001 lost",
        "web: resident 100002 suspended",
        "web: resident 100002 active",
        "web: bundle 1 published",
        "web: bundle 2 published",
    ] {
        assert!(log.iter().any(|w| w == what), "{what} in {log:?}");
    }
    assert!(
        log.iter()
            .any(|w| w.starts_with("web: card reissue 100001 -> "))
    );
}

#[test]
fn serve_s_seal_key_is_the_key_the_web_s_registry_import_seals_with() {
    let elsewhere = tempfile::tempdir().unwrap();
    let key = elsewhere.path().join("office.seal");
    let served =
        support::served::Served::start(&[std::ffi::OsStr::new("--seal-key"), key.as_os_str()]);
    let data = served.dir.path();
    let mut conn = support::db::open(data);
    canteen_office::store::users::add(&mut conn, "clerk", Role::Clerk, "clerk pass", web::NOW)
        .unwrap();
    let clerk = web::signed_in(&served.url(), "clerk", "clerk pass");
    let imported = clerk
        .upload(Some(&clerk.csrf), REGISTRY.as_bytes())
        .status();
    assert_eq!(imported, 200);
    assert!(key.is_file(), "the import created the given seal key");
    assert!(
        !canteen_office::seal::default_path(data).exists(),
        "not the default one beside the data directory"
    );
}
