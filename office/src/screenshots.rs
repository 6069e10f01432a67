//! `canteen-office screenshots --out DIR [--lang en]`: a PNG of each web page
//! as the first admin sees it over the data directory's store. The pages are
//! rendered in-process by the real router (a session opened for that admin
//! and closed afterwards), saved as HTML (they carry their stylesheet inline
//! and load nothing else), and photographed by headless chromium
//! (`$CHROMIUM`, default `chromium`; [`canteen_office::chromium`]). `--now` pins the pages' clock.

use std::ffi::OsString;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use axum::body::Body;
use axum::http::Request;
use canteen_office::export::Lang;
use canteen_office::store::users;
use canteen_office::{OfficeError, chromium, server};
use chrono::{DateTime, Utc};
use tower::ServiceExt;

/// The pages: file name and path.
const PAGES: [(&str, &str); 12] = [
    ("login", "/login"),
    ("dashboard", "/"),
    ("claims", "/claims"),
    ("residents", "/residents"),
    ("devices", "/devices"),
    ("menus", "/menus"),
    ("dishes", "/dishes"),
    ("fund", "/fund"),
    ("anomalies", "/anomalies"),
    ("quarantine", "/quarantine"),
    ("gaps", "/gaps"),
    ("audit", "/audit"),
];

pub(crate) fn run(
    data: &crate::Data,
    out: &Path,
    lang: Lang,
    now: Option<DateTime<Utc>>,
) -> anyhow::Result<()> {
    let now = now.unwrap_or_else(Utc::now);
    let mut conn = data.open()?;
    let admin = users::first_admin(&mut conn)?.ok_or_else(|| OfficeError::BadRequest {
        code: "no_admin",
        status: 400,
        message: "no admin account exists: add one with `canteen-office user add --role admin --name NAME`".into(),
    })?;
    let opened = users::open_session(&mut conn, &admin, users::Role::Admin, now)?;
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let html_dir = tempfile::tempdir()?;
    let result = render_all(data, out, html_dir.path(), lang, now, &opened.cookie);
    users::sign_out(&mut conn, &opened.cookie)?;
    let written = result?;
    canteen_cli::print_json(&serde_json::json!({ "out": out, "pages": written }));
    Ok(())
}

fn render_all(
    data: &crate::Data,
    out: &Path,
    html_dir: &Path,
    lang: Lang,
    now: DateTime<Utc>,
    cookie: &str,
) -> anyhow::Result<Vec<String>> {
    let settings = server::Settings {
        clock: Arc::new(move || now),
        database: data.database.clone(),
        ..server::Settings::default()
    };
    let router = server::router_with(&data.data, settings)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let lang = lang.pick("zh", "en");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let mut written = Vec::new();
    for (name, path) in PAGES {
        let request = Request::get(format!("{path}?lang={lang}"))
            .header(
                "cookie",
                format!("{}={cookie}", canteen_office::web::session::SESSION_COOKIE),
            )
            .body(Body::empty())?;
        let response = runtime.block_on(router.clone().oneshot(request))?;
        anyhow::ensure!(
            response.status().is_success(),
            "page {path} answered {}",
            response.status()
        );
        let body = runtime.block_on(axum::body::to_bytes(response.into_body(), 16 << 20))?;
        let html = html_dir.join(format!("{name}.html"));
        std::fs::write(&html, &body)?;
        let png = out.join(format!("{name}-{lang}.png"));
        let mut screenshot = OsString::from("--screenshot=");
        screenshot.push(&png);
        let flags = [
            "--hide-scrollbars".into(),
            "--window-size=1280,2000".into(),
            screenshot,
        ];
        chromium::render(&chromium, &html, &flags)
            .with_context(|| format!("cannot photograph page {path}"))?;
        anyhow::ensure!(png.exists(), "chromium wrote no photograph of {path}");
        written.push(png.display().to_string());
    }
    Ok(written)
}
