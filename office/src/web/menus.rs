//! Menus and pricing: the `menu.toml` and `pricing.toml` the kiosks now get
//! and every bundle issued; for admins, editing both and publishing them as
//! the next signed bundle, checked first by the kiosks' own configuration
//! validation, whose every problem (file, key, what is allowed) is shown
//! with the edited text kept. Audited.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::session::Signed;
use super::{Nav, WebError, blocking, render};
use crate::publish;
use crate::server::AppState;
use crate::store::users::Role;
use crate::store::{audit, rules};

pub struct Issued {
    pub version: u64,
    pub at: String,
    pub files: String,
}

#[derive(Template)]
#[template(path = "menus.html")]
pub struct MenusPage {
    pub nav: Nav,
    pub menu: String,
    pub pricing: String,
    pub problems: Vec<canteen_config::Problem>,
    pub flash: String,
    pub bundles: Vec<Issued>,
}

fn build(
    conn: &rusqlite::Connection,
    nav: Nav,
    texts: Option<(String, String)>,
    problems: Vec<canteen_config::Problem>,
    flash: String,
) -> crate::Result<MenusPage> {
    let (menu, pricing) = match texts {
        Some(t) => t,
        None => rules::latest_texts(conn)?,
    };
    let bundles = rules::issued(conn)?
        .into_iter()
        .map(|(version, at, files)| Issued {
            version,
            at,
            files: files.join(", "),
        })
        .collect();
    Ok(MenusPage {
        nav,
        menu,
        pricing,
        problems,
        flash,
        bundles,
    })
}

pub async fn page(State(state): State<AppState>, signed: Signed) -> Result<Response, WebError> {
    let nav = signed.nav("menus");
    let page = blocking(&state, move |conn| {
        build(conn, nav, None, Vec::new(), String::new())
    })
    .await?;
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct Edit {
    csrf: Option<String>,
    menu: String,
    pricing: String,
}

pub async fn publish(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<Edit>,
) -> Result<Response, WebError> {
    signed.check_csrf(form.csrf.as_deref())?;
    signed.require(Role::Admin)?;
    let now = (state.settings.clock)().to_rfc3339();
    let user = signed.session.user.clone();
    let data_dir = state.data_dir.clone();
    let nav = signed.nav("menus");
    let page = blocking(&state, move |conn| {
        match publish::rules_bundle(conn, &data_dir, &form.menu, &form.pricing, &now)? {
            Err(e) => build(
                conn,
                nav,
                Some((form.menu, form.pricing)),
                e.problems,
                String::new(),
            ),
            Ok(version) => {
                audit::record(
                    conn,
                    &now,
                    &user,
                    &format!("web: menu and pricing bundle {version} published"),
                    1,
                )?;
                let flash = format!(
                    "{} {version}",
                    nav.t(
                        "已发布菜单与价格，签名包版本",
                        "Published the menu and pricing as bundle"
                    )
                );
                build(conn, nav, None, Vec::new(), flash)
            }
        }
    })
    .await?;
    Ok(render(&page))
}
