//! Web back office test support: an office whose clock is pinned to the test
//! day's lunch hour, accounts added through the store, and a plain HTTP client
//! that keeps no cookies of its own (each test says which it sends) and
//! follows no redirects.

use std::sync::Arc;

use canteen_office::store::users;

use super::Office;

/// 2026-11-23 13:00 in the canteen (+08:00): the test day of [`super::LUNCH`].
pub const NOW: &str = "2026-11-23T05:00:00Z";

/// An office whose clock stands at [`NOW`].
pub fn start() -> Office {
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&chrono::Utc);
    Office::start_with(canteen_office::server::Settings {
        clock: Arc::new(move || now),
        ..canteen_office::server::Settings::default()
    })
}

/// Adds a web account.
pub fn add_user(office: &Office, name: &str, role: users::Role, password: &str) {
    super::db::blocking(|| users::add(&mut office.db(), name, role, password, NOW)).unwrap();
}

/// The password [`user`] gives account `name`.
pub fn password(name: &str) -> String {
    format!("{name} pass")
}

/// Adds web account `name` with `role` (its password: [`password`]) and
/// signs it in: its session.
pub fn user(office: &Office, name: &str, role: users::Role) -> Session {
    add_user(office, name, role, &password(name));
    signed_in(&office.url, name, &password(name))
}

/// An office whose clock stands at [`NOW`], with a signed-in web account of
/// each `(name, role)` ([`user`]): the office and the sessions, in order.
pub fn office_with<const N: usize>(users: [(&str, users::Role); N]) -> (Office, [Session; N]) {
    let office = start();
    let sessions = users.map(|(name, role)| user(&office, name, role));
    (office, sessions)
}

/// The body of `response`, which must have answered 200.
pub fn ok_body(mut response: ureq::http::Response<ureq::Body>) -> String {
    let status = response.status();
    let body = response.body_mut().read_to_string().unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// An HTTP client that returns every status and follows no redirect.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into()
}

/// The value of cookie `name` set by `response`.
pub fn set_cookie(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix(&format!("{name}=")).map(str::to_owned))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

/// The first `name="csrf" value="…"` of a page.
pub fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

/// A signed-in plain HTTP session.
pub struct Session {
    pub url: String,
    pub cookie: String,
    pub csrf: String,
}

/// Signs in as `name`: the status of the sign-in POST, and the session when
/// it succeeded.
pub fn sign_in(url: &str, name: &str, password: &str) -> (u16, Option<Session>) {
    let agent = agent();
    let mut form = agent.get(format!("{url}/login")).call().unwrap();
    let login_csrf = set_cookie(&form, "canteen_login_csrf").unwrap();
    let html = form.body_mut().read_to_string().unwrap();
    assert_eq!(csrf_of(&html), login_csrf, "double-submit token");
    let answer = agent
        .post(format!("{url}/login"))
        .header("cookie", format!("canteen_login_csrf={login_csrf}"))
        .send_form([
            ("name", name),
            ("password", password),
            ("csrf", &login_csrf),
        ])
        .unwrap();
    let status = answer.status().as_u16();
    let Some(cookie) = set_cookie(&answer, "canteen_session").filter(|c| !c.is_empty()) else {
        return (status, None);
    };
    let mut session = Session {
        url: url.to_owned(),
        cookie,
        csrf: String::new(),
    };
    let mut home = session.get("/");
    session.csrf = csrf_of(&home.body_mut().read_to_string().unwrap());
    (status, Some(session))
}

/// Signs in as `name`, which must succeed: the session.
pub fn signed_in(url: &str, name: &str, password: &str) -> Session {
    let (status, session) = sign_in(url, name, password);
    session.unwrap_or_else(|| panic!("{name} could not sign in: {status}"))
}

impl Session {
    pub fn get(&self, path: &str) -> ureq::http::Response<ureq::Body> {
        agent()
            .get(format!("{}{path}", self.url))
            .header("cookie", format!("canteen_session={}", self.cookie))
            .call()
            .unwrap()
    }

    /// The body of the page at `path` (whatever its status).
    pub fn html(&self, path: &str) -> String {
        self.get(path).body_mut().read_to_string().unwrap()
    }

    /// POSTs `fields` as a form (add the CSRF token yourself, or not).
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> ureq::http::Response<ureq::Body> {
        agent()
            .post(format!("{}{path}", self.url))
            .header("cookie", format!("canteen_session={}", self.cookie))
            .send_form(fields.iter().copied())
            .unwrap()
    }

    /// POSTs `file` as the registry upload, with `csrf` when given.
    pub fn upload(&self, csrf: Option<&str>, file: &[u8]) -> ureq::http::Response<ureq::Body> {
        let boundary = "----canteen-test-boundary";
        let mut body = Vec::new();
        if let Some(csrf) = csrf {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").as_bytes(),
            );
        }
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.csv\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(file);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        agent()
            .post(format!("{}/residents/import", self.url))
            .header("cookie", format!("canteen_session={}", self.cookie))
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..])
            .unwrap()
    }
}
