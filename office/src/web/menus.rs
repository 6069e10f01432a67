//! Menus and pricing: which bundle version each kiosk runs (marked when it
//! is behind the newest issued); the menu as a form ([`super::menu_form`]),
//! item by item with each field's problem beside it; and, as the advanced
//! view, the `menu.toml` and `pricing.toml` texts the kiosks now get. For
//! admins both publish the next signed bundle through the same path
//! ([`crate::publish::rules_bundle`], checked first by the kiosks' own
//! configuration validation); nothing is published unless all is valid, and
//! the edited values are kept. Every bundle issued is listed. Audited.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use canteen_config::Problem;
use canteen_config::menu_text::MenuFile;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::devices::Kiosk;
use super::menu_form::{self, MenuForm};
use super::session::Signed;
use super::{Nav, WebError, blocking, render};
use crate::error::OfficeError;
use crate::publish;
use crate::server::AppState;
use crate::store::users::Role;
use crate::store::{audit, bundles, device_status, rules};

pub struct Issued {
    pub version: u64,
    pub at: String,
    pub files: String,
}

#[derive(Template)]
#[template(path = "menus.html")]
pub struct MenusPage {
    pub nav: Nav,
    pub form: MenuForm,
    pub menu: String,
    pub pricing: String,
    /// Problems of the advanced (text) editor's last post.
    pub problems: Vec<Problem>,
    pub flash: String,
    pub bundles: Vec<Issued>,
    /// Enrolled kiosks and the bundle version each runs.
    pub kiosks: Vec<Kiosk>,
    pub newest_bundle: u64,
}

/// What the page shows besides the newest menu.
enum Shown {
    /// The newest menu and pricing, with a message after a publish.
    Fresh(String),
    /// The form as posted, refused with these problems.
    Form(MenuFile, Vec<Problem>),
    /// The texts as posted, refused with these problems.
    Texts(String, String, Vec<Problem>),
}

fn build(
    conn: &rusqlite::Connection,
    nav: Nav,
    now: DateTime<Utc>,
    shown: Shown,
) -> crate::Result<MenusPage> {
    let (menu_text, pricing_text) = rules::latest_texts(conn)?;
    let config = rules::latest(conn)?;
    let newest_bundle = bundles::newest_version(conn)?;
    let newest_menu = || MenuFile::parse(&menu_text).map_err(|e| e.problems);
    let (form_menu, form_problems) = match &shown {
        Shown::Form(menu, problems) => (menu.clone(), problems.clone()),
        _ => newest_menu().map_or_else(|p| (MenuFile::default(), p), |m| (m, Vec::new())),
    };
    let form = menu_form::build(&nav, &form_menu, &config, newest_bundle, &form_problems);
    let (flash, (menu, pricing), problems) = match shown {
        Shown::Fresh(flash) => (flash, (menu_text, pricing_text), Vec::new()),
        Shown::Form(..) => (String::new(), (menu_text, pricing_text), Vec::new()),
        Shown::Texts(menu, pricing, problems) => (String::new(), (menu, pricing), problems),
    };
    let bundles = rules::issued(conn)?
        .into_iter()
        .map(|(version, at, files)| Issued {
            version,
            at,
            files: files.join(", "),
        })
        .collect();
    let zone = config.canteen.timezone;
    let kiosks = device_status::listing(conn, now)?
        .into_iter()
        .filter(|l| l.device.state == "enrolled")
        .map(|l| Kiosk::of(l, now, &zone))
        .collect();
    Ok(MenusPage {
        nav,
        form,
        menu,
        pricing,
        problems,
        flash,
        bundles,
        kiosks,
        newest_bundle,
    })
}

pub async fn page(State(state): State<AppState>, signed: Signed) -> Result<Response, WebError> {
    let nav = signed.nav("menus");
    let now = (state.settings.clock)();
    let page = blocking(&state, move |conn| {
        build(conn, nav, now, Shown::Fresh(String::new()))
    })
    .await?;
    Ok(render(&page))
}

/// Audits a published bundle; the page after it.
fn published(
    conn: &rusqlite::Connection,
    nav: Nav,
    now: DateTime<Utc>,
    user: &str,
    version: u64,
    how: &str,
) -> crate::Result<MenusPage> {
    audit::record(
        conn,
        &now.to_rfc3339(),
        user,
        &format!("web: menu and pricing bundle {version} published{how}"),
        1,
    )?;
    let flash = format!(
        "{} {version}",
        nav.t(
            "已发布菜单与价格，签名包版本",
            "Published the menu and pricing as bundle"
        )
    );
    build(conn, nav, now, Shown::Fresh(flash))
}

#[derive(Deserialize)]
pub struct Edit {
    csrf: Option<String>,
    menu: String,
    pricing: String,
}

/// The advanced view: both texts as typed.
pub async fn publish(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<Edit>,
) -> Result<Response, WebError> {
    signed.check_csrf(form.csrf.as_deref())?;
    signed.require(Role::Admin)?;
    let now = (state.settings.clock)();
    let user = signed.session.user.clone();
    let data_dir = state.data_dir.clone();
    let nav = signed.nav("menus");
    let page = blocking(&state, move |conn| {
        let at = now.to_rfc3339();
        match publish::rules_bundle(conn, &data_dir, &form.menu, &form.pricing, &at)? {
            Err(e) => build(
                conn,
                nav,
                now,
                Shown::Texts(form.menu, form.pricing, e.problems),
            ),
            Ok(version) => published(conn, nav, now, &user, version, ""),
        }
    })
    .await?;
    Ok(render(&page))
}

/// The form: the newest menu with the posted fields applied, published with
/// the newest pricing when the check finds nothing wrong.
pub async fn publish_form(
    State(state): State<AppState>,
    signed: Signed,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    signed.check_csrf(field("csrf").as_deref())?;
    signed.require(Role::Admin)?;
    let base = field("base").and_then(|b| b.parse::<u64>().ok());
    let now = (state.settings.clock)();
    let user = signed.session.user.clone();
    let data_dir = state.data_dir.clone();
    let nav = signed.nav("menus");
    let page = blocking(&state, move |conn| {
        let newest = bundles::newest_version(conn)?;
        if base != Some(newest) {
            return Err(OfficeError::BadRequest {
                code: "stale_form",
                status: 409,
                message: format!(
                    "菜单在您打开表单后已更新（现为签名包 {newest}）：请重新打开菜单页面再修改 / the menu changed after this form was opened (now bundle {newest}): reload the menus page and make your change again"
                ),
            });
        }
        let (menu_text, pricing) = rules::latest_texts(conn)?;
        let menu = MenuFile::parse(&menu_text).map_err(|e| {
            OfficeError::Store(format!("the newest menu does not read back: {e}"))
        })?;
        let edited = menu_form::apply(&menu, &rules::latest(conn)?, &fields);
        let at = now.to_rfc3339();
        match publish::rules_bundle(conn, &data_dir, &edited.to_toml(), &pricing, &at)? {
            Err(e) => build(conn, nav, now, Shown::Form(edited, e.problems)),
            Ok(version) => published(conn, nav, now, &user, version, " (form)"),
        }
    })
    .await?;
    Ok(render(&page))
}
