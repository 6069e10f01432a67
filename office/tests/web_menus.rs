//! Menus and pricing over plain HTTP: a viewer reads the texts the kiosks
//! get but cannot publish; an admin's broken menu is refused with the
//! problem named (file and key) and nothing issued; a good one becomes the
//! next signed bundle, which the office's own re-pricing then uses.

mod support;

use canteen_office::store::{self, audit, bundles, rules, users::Role};
use canteen_sync::signing::Bundle;
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
