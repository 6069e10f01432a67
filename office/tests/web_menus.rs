//! Menus and pricing over plain HTTP: a viewer reads the texts the kiosks
//! get but cannot publish; an admin's broken menu is refused with the
//! problem named (file and key) and nothing issued; a good one becomes the
//! next signed bundle, which the office's own re-pricing then uses. The
//! menu form shows the check's message beside the one bad field, publishes
//! nothing until it is fixed, then the next bundle; the page shows which
//! bundle each kiosk runs.

mod support;

use canteen_office::store::{self, audit, bundles, rules, users::Role};
use canteen_sync::signing::Bundle;
use canteen_sync::wire::DeviceStatus;
use support::web::{self, sign_in};

#[test]
fn an_admin_publishes_a_checked_menu_and_a_viewer_cannot() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "admin pass");
    web::add_user(&office, "viewer", Role::Viewer, "viewer pass");
    let conn = store::open(office.dir.path()).unwrap();
    let (menu, pricing) = rules::latest_texts(&conn).unwrap();
    assert!(
        menu.contains("lunch-set") && pricing.contains("[["),
        "the shipped texts"
    );

    let (_, viewer) = sign_in(&office.url, "viewer", "viewer pass");
    let viewer = viewer.unwrap();
    let mut page = viewer.get("/menus");
    let html = page.body_mut().read_to_string().unwrap();
    assert!(
        html.contains("lunch-set") && html.contains("readonly") && !html.contains("publish-rules")
    );
    let refused = viewer.post(
        "/menus",
        &[
            ("csrf", &viewer.csrf),
            ("menu", &menu),
            ("pricing", &pricing),
        ],
    );
    assert_eq!(refused.status(), 403);

    let (_, admin) = sign_in(&office.url, "admin", "admin pass");
    let admin = admin.unwrap();
    let broken = menu.replace("market = \"15.00\"", "market = \"fifteen\"");
    let mut answer = admin.post(
        "/menus",
        &[
            ("csrf", &admin.csrf),
            ("menu", &broken),
            ("pricing", &pricing),
        ],
    );
    assert_eq!(answer.status(), 200);
    let html = answer.body_mut().read_to_string().unwrap();
    let problems = &html[html.find("id=\"problems\"").expect("problems shown")..];
    assert!(
        problems.contains("menu.toml") && problems.contains("market"),
        "{problems}"
    );
    assert!(html.contains("fifteen"), "the edited text is kept");
    assert!(bundles::latest(&conn).unwrap().is_none(), "nothing issued");

    let cheaper = menu.replacen("age80 = \"10.00\"", "age80 = \"9.00\"", 1);
    assert_ne!(cheaper, menu);
    let mut answer = admin.post(
        "/menus",
        &[
            ("csrf", &admin.csrf),
            ("menu", &cheaper),
            ("pricing", &pricing),
        ],
    );
    assert_eq!(answer.status(), 200);
    assert!(
        answer
            .body_mut()
            .read_to_string()
            .unwrap()
            .contains("签名包版本 1")
    );
    let signed = bundles::latest(&conn).unwrap().unwrap();
    let bundle: Bundle = serde_json::from_str(&signed.bundle).unwrap();
    assert_eq!(bundle.version, 1);
    assert_eq!(bundle.menu_toml.as_deref(), Some(cheaper.as_str()));
    assert!(bundle.residents.is_none(), "residents left as they were");
    let latest = rules::latest(&conn).unwrap();
    let lunch = latest
        .pricing
        .items
        .iter()
        .find(|i| i.id == "lunch-set")
        .unwrap();
    assert!(format!("{lunch:?}").contains("900"), "{lunch:?}");
    assert!(
        audit::list(&conn)
            .unwrap()
            .iter()
            .any(|e| e.what == "web: menu and pricing bundle 1 published" && e.who == "admin")
    );
}

/// The form's error message for field `name`, if shown.
fn field_error<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let at = html.find(&format!("data-for=\"{name}\">"))?;
    let text = &html[at..];
    let text = &text[text.find('>')? + 1..];
    Some(&text[..text.find('<')?])
}

#[test]
fn the_menu_form_explains_a_bad_field_beside_it_and_publishes_only_when_all_is_good() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "admin pass");
    let token = office.add_device("dev-east", "east");
    let conn = store::open(office.dir.path()).unwrap();
    // The kiosk reports with a (status-only) batch that it runs the defaults.
    let mut report = support::batch("dev-east", "e1", &[]);
    report.device_status = Some(DeviceStatus {
        pending: 0,
        bundle_version: 0,
    });
    office.client(&token).push(&report).unwrap();
    let (_, admin) = sign_in(&office.url, "admin", "admin pass");
    let admin = admin.unwrap();
    let html = admin.get("/menus").body_mut().read_to_string().unwrap();
    let runs = &html[html.find("id=\"runs-dev-east\"").expect("the kiosk's row")..];
    assert!(runs[..runs.find("</tr>").unwrap()].contains("<td class=\"num\">0</td>"));

    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", admin.csrf.as_str())];
        all.extend_from_slice(fields);
        let mut answer = admin.post("/menus/form", &all);
        assert_eq!(answer.status(), 200);
        answer.body_mut().read_to_string().unwrap()
    };
    let lunch = [
        ("items[1].name_zh", "午餐套餐"),
        ("items[1].name_en", "Lunch set"),
        ("items[1].market", "15.00"),
        ("items[1].subsidised", "1"),
        ("items[1].periods", "lunch"),
        ("items[1].tier_prices.age90", "0.00"),
        ("items[1].tier_prices.age60", "12.00"),
        ("items[1].tier_prices.child", "9.00"),
    ];
    let mut bad = vec![("base", "0"), ("items[1].tier_prices.age80", "9,50")];
    bad.extend_from_slice(&lunch);
    let html = post(&bad);
    let zh = field_error(&html, "items[1].tier_prices.age80").expect("the field's message");
    assert!(
        zh.contains("“9,50”不是金额") && zh.contains("12.00"),
        "{zh}"
    );
    assert!(html.contains("value=\"9,50\""), "the typed value is kept");
    assert_eq!(
        field_error(&html, "items[1].market"),
        None,
        "only the bad field"
    );
    assert_eq!(
        bundles::newest_version(&conn).unwrap(),
        0,
        "nothing published"
    );

    let mut good = vec![("base", "0"), ("items[1].tier_prices.age80", "9.50")];
    good.extend_from_slice(&lunch);
    let html = post(&good);
    assert!(html.contains("签名包版本 1"), "published");
    assert!(!html.contains("class=\"field-error\""));
    let signed = bundles::latest(&conn).unwrap().unwrap();
    let bundle: Bundle = serde_json::from_str(&signed.bundle).unwrap();
    assert_eq!(bundle.version, 1);
    // The kiosks' own check reads the published text: the new price is there.
    let config =
        canteen_config::Config::from_texts(&[("menu.toml", bundle.menu_toml.as_deref().unwrap())])
            .unwrap();
    let item = |id: &str| {
        config
            .pricing
            .items
            .iter()
            .find(|i| i.id == id)
            .unwrap()
            .clone()
    };
    assert_eq!(item("lunch-set").tier_prices["age80"].fen(), 950);
    assert_eq!(
        item("soup").market.fen(),
        300,
        "items not posted keep theirs"
    );
    let page = admin
        .get("/menus?lang=en")
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(page.contains("⚠ 0 behind 1"), "the kiosk still runs 0");
    assert!(
        audit::list(&conn)
            .unwrap()
            .iter()
            .any(|e| e.what == "web: menu and pricing bundle 1 published (form)")
    );
}
