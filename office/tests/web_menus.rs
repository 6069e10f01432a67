//! Menus and pricing over plain HTTP: a viewer reads the texts the kiosks
//! get but cannot publish; an admin's broken menu is refused with the
//! problem named (file and key) and nothing issued; a good one becomes the
//! next signed bundle, which the office's own re-pricing then uses. The
//! menu form shows the check's message beside the one bad field, publishes
//! nothing until it is fixed, then the next bundle; the page shows which
//! bundle each kiosk runs.

mod support;

use canteen_office::store::{audit, bundles, rules, users::Role};
use canteen_sync::signing::Bundle;
use support::web;

#[test]
fn an_admin_publishes_a_checked_menu_and_a_viewer_cannot() {
    let (office, [admin, viewer]) =
        web::office_with([("admin", Role::Admin), ("viewer", Role::Viewer)]);
    let mut conn = office.db();
    let (menu, pricing) = rules::latest_texts(&mut conn).unwrap();
    assert!(
        menu.contains("lunch-set") && pricing.contains("[["),
        "the shipped texts"
    );

    // Both texts posted as typed, with the session's CSRF token.
    let publish_texts = |session: &web::Session, menu: &str| {
        let fields = [
            ("csrf", session.csrf.as_str()),
            ("menu", menu),
            ("pricing", pricing.as_str()),
        ];
        session.post("/menus", &fields)
    };
    let html = viewer.html("/menus");
    assert!(
        html.contains("lunch-set") && html.contains("readonly") && !html.contains("publish-rules")
    );
    let refused = publish_texts(&viewer, &menu);
    assert_eq!(refused.status(), 403);

    let broken = menu.replace("market = \"15.00\"", "market = \"fifteen\"");
    let html = web::ok_body(publish_texts(&admin, &broken));
    let problems = &html[html.find("id=\"problems\"").expect("problems shown")..];
    assert!(
        problems.contains("menu.toml") && problems.contains("market"),
        "{problems}"
    );
    assert!(html.contains("fifteen"), "the edited text is kept");
    assert!(
        bundles::latest(&mut conn).unwrap().is_none(),
        "nothing issued"
    );

    let cheaper = menu.replacen("age80 = \"10.00\"", "age80 = \"9.00\"", 1);
    assert_ne!(cheaper, menu);
    assert!(web::ok_body(publish_texts(&admin, &cheaper)).contains("签名包版本 1"));
    let signed = bundles::latest(&mut conn).unwrap().unwrap();
    let bundle: Bundle = serde_json::from_str(&signed.bundle).unwrap();
    assert_eq!(bundle.version, 1);
    assert_eq!(bundle.menu_toml.as_deref(), Some(cheaper.as_str()));
    assert!(bundle.residents.is_none(), "residents left as they were");
    let latest = rules::latest(&mut conn).unwrap();
    let lunch = support::menu_item(&latest, "lunch-set");
    assert!(format!("{lunch:?}").contains("900"), "{lunch:?}");
    assert!(audited(
        &mut conn,
        "admin",
        "web: menu and pricing bundle 1 published"
    ));
}

/// The menu form's fields of the lunch set (item 1) with `market` and the
/// 80–89 tier's price `age80`, the other prices as shipped.
fn lunch_fields<'a>(market: &'a str, age80: &'a str) -> [(&'static str, &'a str); 9] {
    [
        ("items[1].name_zh", "午餐套餐"),
        ("items[1].name_en", "Lunch set"),
        ("items[1].market", market),
        ("items[1].subsidised", "1"),
        ("items[1].periods", "lunch"),
        ("items[1].tier_prices.age90", "0.00"),
        ("items[1].tier_prices.age80", age80),
        ("items[1].tier_prices.age60", "12.00"),
        ("items[1].tier_prices.child", "9.00"),
    ]
}

/// Whether the audit log holds `what`, done by `who`.
fn audited(conn: &mut dyn canteen_office::store::db::Db, who: &str, what: &str) -> bool {
    let log = audit::list(conn).unwrap();
    log.iter().any(|e| e.what == what && e.who == who)
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
    let (office, [admin]) = web::office_with([("admin", Role::Admin)]);
    let token = office.add_device("dev-east", "east");
    let mut conn = office.db();
    // The kiosk reports with a (status-only) batch that it runs the defaults.
    let report = support::batch_with_status("dev-east", "e1", &[], 0, 0);
    office.client(&token).push(&report).unwrap();
    let html = admin.html("/menus");
    assert_part_has(
        &html,
        "id=\"runs-dev-east\"",
        "</tr>",
        &["<td class=\"num\">0</td>"],
    );

    let post = |fields: &[(&str, &str)]| {
        let mut all = vec![("csrf", admin.csrf.as_str())];
        all.extend_from_slice(fields);
        web::ok_body(admin.post("/menus/form", &all))
    };
    let mut bad = vec![("base", "0")];
    bad.extend(lunch_fields("15.00", "9,50"));
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
        bundles::newest_version(&mut conn).unwrap(),
        0,
        "nothing published"
    );

    let mut good = vec![("base", "0")];
    good.extend(lunch_fields("15.00", "9.50"));
    let html = post(&good);
    assert!(html.contains("签名包版本 1"), "published");
    assert!(!html.contains("class=\"field-error\""));
    let signed = bundles::latest(&mut conn).unwrap().unwrap();
    let bundle: Bundle = serde_json::from_str(&signed.bundle).unwrap();
    assert_eq!(bundle.version, 1);
    // The kiosks' own check reads the published text: the new price is there.
    let config =
        canteen_config::Config::from_texts(&[("menu.toml", bundle.menu_toml.as_deref().unwrap())])
            .unwrap();
    let item = |id: &str| support::menu_item(&config, id);
    assert_eq!(item("lunch-set").tier_prices["age80"].fen(), 950);
    assert_eq!(
        item("soup").market.fen(),
        300,
        "items not posted keep theirs"
    );
    let page = admin.html("/menus?lang=en");
    assert!(page.contains("⚠ 0 behind 1"), "the kiosk still runs 0");
    assert!(audited(
        &mut conn,
        "admin",
        "web: menu and pricing bundle 1 published (form)"
    ));
}

/// Asserts that the part of `html` from `start` to the first `end` after it
/// holds each of `wanted`.
fn assert_part_has(html: &str, start: &str, end: &str, wanted: &[&str]) {
    let from = &html[html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in {html}"))..];
    let part = &from[..from.find(end).unwrap()];
    for w in wanted {
        assert!(part.contains(w), "no {w} in {part}");
    }
}

/// The market price of the lunch set (fen) in `config`.
fn lunch_market(config: &canteen_config::Config) -> i64 {
    support::menu_item(config, "lunch-set").market.fen()
}

/// The value of the form's field `name`.
fn field_value<'a>(html: &'a str, name: &str) -> &'a str {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("field {name}"));
    let text = &html[at + name.len() + 15..];
    &text[..text.find('"').unwrap()]
}

#[test]
fn an_admin_sets_one_canteens_lunch_price_through_the_form_and_the_others_keep_the_shared_one() {
    let (office, [admin]) = web::office_with([("admin", Role::Admin)]);
    office.add_device("dev-east", "east");
    let west_token = office.add_device("dev-west", "west");
    let mut conn = office.db();

    // The picker offers the shared menu and each canteen with kiosks; west's
    // form starts from the shared menu while it has none of its own.
    let html = admin.html("/menus");
    let canteens = ["value=\"east\"", "value=\"west\""];
    assert_part_has(&html, "id=\"canteen-picker\"", "</form>", &canteens);
    let html = admin.html("/menus?canteen=west");
    assert_eq!(field_value(&html, "canteen"), "west");
    assert_eq!(field_value(&html, "items[1].market"), "15.00");
    assert_eq!(
        admin.get("/menus?canteen=nowhere").status(),
        404,
        "a canteen with no kiosks is refused"
    );

    let post = |market: &str| {
        let mut fields = vec![
            ("csrf", admin.csrf.as_str()),
            ("base", "0"),
            ("canteen", "west"),
        ];
        fields.extend(lunch_fields(market, "10.00"));
        web::ok_body(admin.post("/menus/form", &fields))
    };
    // The same check, explained beside the field; nothing published.
    let html = post("16,00");
    let why = field_error(&html, "items[1].market").expect("the field's message");
    assert!(why.contains("“16,00”不是金额"), "{why}");
    assert_eq!(field_value(&html, "canteen"), "west", "still west's form");
    assert_eq!(bundles::newest_version(&mut conn).unwrap(), 0);

    let html = post("16.00");
    assert!(html.contains("签名包版本 1"), "published");
    let signed = bundles::latest(&mut conn).unwrap().unwrap();
    let bundle: Bundle = serde_json::from_str(&signed.bundle).unwrap();
    let own = bundle.canteen_rules.as_ref().expect("west's own menu");
    assert_eq!(own.keys().collect::<Vec<_>>(), ["west"]);
    // West runs 16.00; the shared menu, and so east, keeps 15.00.
    let west = rules::latest_for(&mut conn, Some("west")).unwrap();
    assert_eq!(lunch_market(&west), 1600);
    assert_eq!(lunch_market(&rules::latest(&mut conn).unwrap()), 1500);
    assert_eq!(
        lunch_market(&rules::latest_for(&mut conn, Some("east")).unwrap()),
        1500
    );
    // West's kiosk reports it runs bundle 1: west's row says so.
    let report = support::batch_with_status("dev-west", "w1", &[], 0, 1);
    office.client(&west_token).push(&report).unwrap();
    let html = admin.html("/menus?canteen=west&lang=en");
    assert_eq!(field_value(&html, "items[1].market"), "16.00");
    let runs_own_bundle_1 = [">own<", "<td class=\"num\">1</td>"];
    assert_part_has(&html, "id=\"canteen-west\"", "</tr>", &runs_own_bundle_1);
    let html = admin.html("/menus");
    assert_eq!(field_value(&html, "items[1].market"), "15.00");
    assert!(audited(
        &mut conn,
        "admin",
        "web: menu and pricing bundle 1 published (form) for canteen west"
    ));

    // Publishing the shared menu next keeps west's own.
    let (menu, pricing) = rules::latest_texts(&mut conn).unwrap();
    let answer = admin.post(
        "/menus",
        &[
            ("csrf", admin.csrf.as_str()),
            ("canteen", ""),
            ("menu", &menu),
            ("pricing", &pricing),
        ],
    );
    assert_eq!(answer.status(), 200);
    assert_eq!(bundles::newest_version(&mut conn).unwrap(), 2);
    let west = rules::latest_for(&mut conn, Some("west")).unwrap();
    assert_eq!(lunch_market(&west), 1600, "west keeps its own");

    // West back to the shared menu: the next bundle carries no canteen's own.
    let html = admin.html("/menus?canteen=west");
    assert!(html.contains("id=\"use-shared\""), "offered for west");
    let shared = [("csrf", admin.csrf.as_str()), ("canteen", "west")];
    let without_csrf = admin.post("/menus/shared", &shared[1..]);
    assert_eq!(without_csrf.status(), 403);
    let viewer = web::user(&office, "viewer", Role::Viewer);
    let by_viewer = [("csrf", viewer.csrf.as_str()), ("canteen", "west")];
    assert_eq!(viewer.post("/menus/shared", &by_viewer).status(), 403);
    assert_eq!(
        bundles::newest_version(&mut conn).unwrap(),
        2,
        "neither issued"
    );
    assert_eq!(admin.post("/menus/shared", &shared).status(), 200);
    assert_eq!(bundles::newest_version(&mut conn).unwrap(), 3);
    let west = rules::latest_for(&mut conn, Some("west")).unwrap();
    assert_eq!(lunch_market(&west), 1500, "west runs the shared menu");
    assert!(rules::overrides(&mut conn).unwrap().is_empty());
    // Again: nothing of its own to end, nothing issued.
    assert_eq!(admin.post("/menus/shared", &shared).status(), 200);
    assert_eq!(bundles::newest_version(&mut conn).unwrap(), 3);
}
