//! The day's dishes over plain HTTP: a viewer sees the history but no form;
//! a clerk's menu with an unknown tag is refused with the problem named and
//! the text kept, nothing issued; a good one is published as the next signed
//! bundle, listed in the history and audited.

mod support;

use canteen_office::store::{audit, bundles, dishes, users::Role};
use support::web;

/// The form's fields for east's lunch on 2026-12-07.
fn form<'a>(csrf: &'a str, text: &'a str) -> [(&'a str, &'a str); 5] {
    [
        ("csrf", csrf),
        ("canteen", "east"),
        ("date", "2026-12-07"),
        ("period", "lunch"),
        ("text", text),
    ]
}

#[test]
fn a_clerk_publishes_checked_dishes_and_a_viewer_cannot() {
    let (office, [clerk, viewer]) =
        web::office_with([("clerk", Role::Clerk), ("viewer", Role::Viewer)]);
    let mut conn = office.db();
    support::add_device(&mut conn, "k1", "east", "op", "2026-12-01T00:00:00Z");
    let good = "[[dishes]]\nname_zh = \"清蒸鲈鱼\"\ntags = [\"少油\", \"含海鲜\"]\n";
    let html = viewer.html("/dishes");
    assert!(html.contains("id=\"dishes\"") && !html.contains("publish-dishes"));
    assert_eq!(
        viewer.post("/dishes", &form(&viewer.csrf, good)).status(),
        403
    );

    let f = form(
        &clerk.csrf,
        "[[dishes]]\nname_zh = \"鱼\"\ntags = [\"很辣\"]\n",
    );
    let html = web::ok_body(clerk.post("/dishes", &f));
    let problems = &html[html.find("id=\"problems\"").expect("problems shown")..];
    assert!(problems.contains("unknown tag `很辣`"), "{problems}");
    assert!(html.contains("很辣"), "the text is kept");
    assert!(
        bundles::latest(&mut conn).unwrap().is_none(),
        "nothing issued"
    );

    let f = form(&clerk.csrf, good);
    let html = clerk
        .post("/dishes", &f)
        .body_mut()
        .read_to_string()
        .unwrap();
    assert!(html.contains("id=\"flash\""), "{html}");
    assert!(
        html.contains("清蒸鲈鱼（少油、含海鲜）"),
        "listed in the history"
    );
    let history = dishes::history(&mut conn, Some("east"), None).unwrap();
    assert_eq!(
        (history.len(), history[0].entered_by.as_str()),
        (1, "clerk")
    );
    assert!(bundles::latest(&mut conn).unwrap().is_some());
    let audited = audit::list(&mut conn).unwrap();
    assert!(
        audited
            .iter()
            .any(|e| e.what.contains("dishes of east 2026-12-07 lunch version 1"))
    );
}
