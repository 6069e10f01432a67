//! The web back office's locks, through plain HTTP: every page and download
//! needs a session (else a redirect to sign-in and nothing else), a form
//! posted without the session's CSRF token is refused, a viewer cannot reach
//! clerk or admin actions (nor a clerk admin ones), the fifth wrong password
//! in a row locks the account, and the cookies are HttpOnly and
//! SameSite=Strict.

mod support;

use canteen_office::store::db::Db;
use canteen_office::store::{audit, users::Role};
use support::web::{self, agent, sign_in};

const PAGES: [&str; 15] = [
    "/",
    "/claims",
    "/claims?month=2026-11",
    "/claims/download?month=2026-11&format=csv",
    "/claims/download?month=2026-11&format=xlsx",
    "/claims/download?month=2026-11&format=print",
    "/residents",
    "/devices",
    "/menus",
    "/anomalies",
    "/quarantine",
    "/audit",
    "/fund?month=2026-11",
    "/fund/download?month=2026-11&format=xlsx",
    "/fund/download?month=2026-11&format=print",
];

#[test]
fn every_page_and_download_needs_a_session() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "correct horse");
    for cookie in [None, Some("canteen_session=00ff"), Some("other=1")] {
        for path in PAGES.iter().chain(&["/gaps"]) {
            let mut request = agent().get(format!("{}{path}", office.url));
            if let Some(c) = cookie {
                request = request.header("cookie", c);
            }
            let mut answer = request.call().unwrap();
            assert_eq!(answer.status(), 303, "{path} with {cookie:?}");
            assert_eq!(answer.headers()["location"], "/login", "{path}");
            assert!(
                answer.body_mut().read_to_vec().unwrap().is_empty(),
                "{path}"
            );
        }
        for path in [
            "/devices",
            "/devices/revoke",
            "/cards/sheet",
            "/residents/import",
            "/residents/change",
            "/residents/publish",
            "/menus",
            "/menus/form",
            "/menus/shared",
            "/logout",
        ] {
            let mut request = agent().post(format!("{}{path}", office.url));
            if let Some(c) = cookie {
                request = request.header("cookie", c);
            }
            let answer = request.send_form([("csrf", "x")]).unwrap();
            assert_eq!(answer.status(), 303, "POST {path} with {cookie:?}");
        }
    }
    // Signed in, every page answers; signed out, the cookie is worth nothing.
    let session = web::signed_in(&office.url, "admin", "correct horse");
    for path in PAGES {
        assert_eq!(session.get(path).status(), 200, "{path}");
    }
    let out = session.post("/logout", &[("csrf", &session.csrf)]);
    assert_eq!(out.status(), 303);
    assert_eq!(session.get("/").status(), 303, "the session ended");
}

#[test]
fn a_form_without_the_csrf_token_is_refused() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "correct horse");
    let token = office.add_device("dev-east", "east");
    let session = web::signed_in(&office.url, "admin", "correct horse");
    let revoke = |fields: &[(&str, &str)]| session.post("/devices/revoke", fields).status();
    assert_eq!(revoke(&[("device_id", "dev-east")]), 403);
    assert_eq!(revoke(&[("device_id", "dev-east"), ("csrf", "0123")]), 403);
    assert_eq!(
        session
            .post("/devices", &[("name", "k"), ("canteen", "east")])
            .status(),
        403
    );
    assert_eq!(session.post("/logout", &[]).status(), 403);
    assert_eq!(session.upload(None, b"id_number,name\r\n").status(), 403);
    assert!(
        office.client(&token).high_water("dev-east", "e1").is_ok(),
        "nothing was revoked"
    );
    // The sign-in form itself: the cookie and the field must match.
    let refused = agent()
        .post(format!("{}/login", office.url))
        .send_form([("name", "admin"), ("password", "correct horse")])
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(web::set_cookie(&refused, "canteen_session").is_none());
    // With the token, the same form goes through.
    assert_eq!(
        revoke(&[("device_id", "dev-east"), ("csrf", &session.csrf)]),
        303
    );
    assert!(
        office.client(&token).high_water("dev-east", "e1").is_err(),
        "revoked at once"
    );
}

#[test]
fn a_viewer_reads_and_a_clerk_cannot_manage_devices() {
    let office = web::start();
    web::add_user(&office, "viewer", Role::Viewer, "viewer pass");
    web::add_user(&office, "clerk", Role::Clerk, "clerk pass");
    office.add_device("dev-east", "east");
    let viewer = web::signed_in(&office.url, "viewer", "viewer pass");
    let csrf = viewer.csrf.clone();
    assert_eq!(viewer.get("/claims").status(), 200);
    assert_eq!(
        viewer.get("/audit").status(),
        403,
        "the audit log is for admins"
    );
    let mut devices = viewer.get("/devices");
    let html = devices.body_mut().read_to_string().unwrap();
    assert!(
        !html.contains("/devices/revoke") && !html.contains("add-device"),
        "no admin forms"
    );
    for (path, fields) in [
        (
            "/devices",
            vec![("csrf", csrf.as_str()), ("name", "k"), ("canteen", "east")],
        ),
        (
            "/devices/revoke",
            vec![("csrf", csrf.as_str()), ("device_id", "dev-east")],
        ),
        (
            "/cards/sheet",
            vec![("csrf", csrf.as_str()), ("all_new", "1")],
        ),
        (
            "/residents/change",
            vec![("csrf", csrf.as_str()), ("lost", "100001")],
        ),
        ("/residents/publish", vec![("csrf", csrf.as_str())]),
    ] {
        assert_eq!(
            viewer.post(path, &fields).status(),
            403,
            "viewer POST {path}"
        );
    }
    assert_eq!(
        viewer.upload(Some(&csrf), b"id_number,name\r\n").status(),
        403,
        "viewer import"
    );

    let clerk = web::signed_in(&office.url, "clerk", "clerk pass");
    let csrf = clerk.csrf.clone();
    assert_eq!(
        clerk
            .post(
                "/devices/revoke",
                &[("csrf", &csrf), ("device_id", "dev-east")]
            )
            .status(),
        403
    );
    assert_eq!(
        clerk
            .post(
                "/devices",
                &[("csrf", &csrf), ("name", "k"), ("canteen", "east")]
            )
            .status(),
        403
    );
    assert_eq!(
        clerk
            .post("/menus", &[("csrf", &csrf), ("menu", ""), ("pricing", "")])
            .status(),
        403,
        "menus and pricing are for admins"
    );
    // A clerk may print cards: refused here only because there are none.
    assert_eq!(
        clerk
            .post("/cards/sheet", &[("csrf", &csrf), ("all_new", "1")])
            .status(),
        400
    );
    let devices: i64 = office
        .db()
        .query_one("SELECT count(*) FROM devices WHERE revoked_at IS NULL", &[])
        .and_then(|r| r.get(0))
        .unwrap();
    assert_eq!(devices, 1, "nothing changed");
}

#[test]
fn five_wrong_passwords_lock_the_account() {
    let office = web::start();
    web::add_user(&office, "clerk", Role::Clerk, "clerk pass");
    for attempt in 1..=4 {
        let (status, session) = sign_in(&office.url, "clerk", "wrong pass");
        assert_eq!(
            (status, session.is_none()),
            (401, true),
            "attempt {attempt}"
        );
    }
    let (status, _) = sign_in(&office.url, "clerk", "wrong pass");
    assert_eq!(status, 423, "the fifth locks");
    let (status, session) = sign_in(&office.url, "clerk", "clerk pass");
    assert_eq!(
        (status, session.is_none()),
        (423, true),
        "locked even with the right one"
    );
    let mut conn = office.db();
    let log = audit::list(&mut conn).unwrap();
    assert_eq!(
        log.iter()
            .filter(|e| e.what.starts_with("sign-in refused: wrong password"))
            .count(),
        5
    );
    assert!(log.iter().any(|e| e.what.ends_with("account locked")));
    canteen_office::store::users::unlock(&mut conn, "clerk", web::NOW).unwrap();
    let (status, session) = sign_in(&office.url, "clerk", "clerk pass");
    assert_eq!((status, session.is_some()), (303, true), "unlocked");
    // An unknown name gets the wrong-password answer, not a hint.
    assert_eq!(sign_in(&office.url, "nobody", "x").0, 401);
}

#[test]
fn session_cookies_are_http_only_and_same_site_strict() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "correct horse");
    let form = agent().get(format!("{}/login", office.url)).call().unwrap();
    let login_csrf = web::set_cookie(&form, "canteen_login_csrf").unwrap();
    let answer = agent()
        .post(format!("{}/login", office.url))
        .header("cookie", format!("canteen_login_csrf={login_csrf}"))
        .send_form([
            ("name", "admin"),
            ("password", "correct horse"),
            ("csrf", &login_csrf),
        ])
        .unwrap();
    let header = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|v| v.starts_with("canteen_session="))
        .unwrap();
    assert!(
        header.contains("HttpOnly") && header.contains("SameSite=Strict"),
        "{header}"
    );
    assert!(
        !header.contains("Secure"),
        "plain HTTP: no Secure flag ({header})"
    );
    assert_eq!(answer.headers()["location"], "/");
}

#[test]
fn the_menu_form_needs_its_csrf_token_and_the_admin_role() {
    let office = web::start();
    web::add_user(&office, "admin", Role::Admin, "admin pass");
    web::add_user(&office, "clerk", Role::Clerk, "clerk pass");
    web::add_user(&office, "viewer", Role::Viewer, "viewer pass");
    // A good change: it would be published as bundle 1 if let through.
    let change = |csrf: &str| {
        vec![
            ("csrf".to_owned(), csrf.to_owned()),
            ("base".to_owned(), "0".to_owned()),
            ("items[1].market".to_owned(), "16.00".to_owned()),
        ]
    };
    let post = |session: &web::Session, fields: &[(String, String)]| {
        let fields: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        session.post("/menus/form", &fields).status()
    };
    for (name, password) in [("viewer", "viewer pass"), ("clerk", "clerk pass")] {
        let session = web::signed_in(&office.url, name, password);
        let html = session.html("/menus");
        assert!(
            html.contains("menu-form") && !html.contains("publish-form"),
            "{name}: no button"
        );
        assert_eq!(post(&session, &change(&session.csrf)), 403, "{name}");
    }
    let admin = web::signed_in(&office.url, "admin", "admin pass");
    let mut no_token = change("");
    no_token.remove(0);
    assert_eq!(post(&admin, &no_token), 403, "no CSRF token");
    assert_eq!(post(&admin, &change("0123")), 403, "a wrong CSRF token");
    let mut conn = office.db();
    let mut issued = || canteen_office::store::bundles::newest_version(&mut conn).unwrap();
    assert_eq!(issued(), 0, "nothing was published");
    assert_eq!(post(&admin, &change(&admin.csrf)), 200);
    assert_eq!(issued(), 1, "the admin's form with its token goes through");
    // The same form again was opened at bundle 0: refused, not overwritten.
    assert_eq!(post(&admin, &change(&admin.csrf)), 409);
    assert_eq!(issued(), 1);
}
