//! Menus and pricing: which bundle version each kiosk runs (marked when it
//! is behind the newest issued); the menu as a form ([`super::menu_form`]),
//! item by item with each field's problem beside it; and, as the advanced
//! view, the `menu.toml` and `pricing.toml` texts the kiosks now get. For
//! admins both publish the next signed bundle through the same path
//! ([`crate::publish::rules_bundle`], checked first by the kiosks' own
//! configuration validation); nothing is published unless all is valid, and
//! the edited values are kept. Every bundle issued is listed. Audited.
//!
//! A picker chooses what is edited: the shared menu, or one canteen's own
//! (each canteen the office has registered kiosks at). A canteen's form
//! starts from its own menu and pricing, or the shared ones while it has
//! none; publishing it issues the next bundle with the shared ones and every
//! canteen's own in force ([`crate::publish::rules_bundle_for`]); an admin
//! may end a canteen's own, so it runs the shared ones again.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use canteen_config::Problem;
use canteen_config::menu_text::MenuFile;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::devices::Kiosk;
use super::menu_form::{self, MenuForm};
use super::session::{self, Acted, Action, Signed, posted};
use super::{Nav, WebError, rendered};
use crate::error::OfficeError;
use crate::publish;
use crate::store::enrol::DeviceState;
use crate::store::users::Role;
use crate::store::{bundles, device_status, devices, rules};

pub struct Issued {
    pub version: u64,
    pub at: String,
    pub files: String,
}

/// One choice of the canteen picker.
pub struct CanteenChoice {
    pub name: String,
    /// It has a menu and pricing of its own in force.
    pub own: bool,
    pub selected: bool,
    /// The bundle versions its kiosks run, e.g. `5, 4` ("" if none reported).
    pub runs: String,
}

#[derive(Template)]
#[template(path = "menus.html")]
pub struct MenusPage {
    pub nav: Nav,
    /// The canteen whose own menu is edited ("" for the shared one).
    pub canteen: String,
    pub canteens: Vec<CanteenChoice>,
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

/// `canteen` as the page edits it: `None` for the shared menu (none named),
/// else a canteen the office knows (its kiosks' or one with its own menu).
fn chosen(
    db: &mut dyn crate::store::db::Db,
    canteen: Option<String>,
) -> crate::Result<Option<String>> {
    let Some(name) = canteen.filter(|c| !c.trim().is_empty()) else {
        return Ok(None);
    };
    if devices::canteens(db)?.contains(&name) || rules::overrides(db)?.contains_key(&name) {
        return Ok(Some(name));
    }
    Err(OfficeError::BadRequest {
        code: "unknown_canteen",
        status: 404,
        message: format!(
            "没有登记在“{name}”食堂的终端 / no kiosk is registered at canteen `{name}`: choose a canteen from the menus page's list, or register its kiosks first (`canteen-office device add --canteen …`)"
        ),
    })
}

/// The picker's choices: every canteen with kiosks or a menu of its own.
fn choices(
    db: &mut dyn crate::store::db::Db,
    canteen: Option<&str>,
    kiosks: &[Kiosk],
) -> crate::Result<Vec<CanteenChoice>> {
    let own = rules::overrides(db)?;
    let mut names = devices::canteens(db)?;
    names.extend(own.keys().cloned());
    names.sort();
    names.dedup();
    Ok(names
        .into_iter()
        .map(|name| {
            let mut runs: Vec<&str> = kiosks
                .iter()
                .filter(|k| k.canteen == name && !k.bundle.is_empty())
                .map(|k| k.bundle.as_str())
                .collect();
            runs.sort_unstable_by(|a, b| b.cmp(a));
            runs.dedup();
            CanteenChoice {
                own: own.contains_key(&name),
                selected: canteen == Some(name.as_str()),
                runs: runs.join(", "),
                name,
            }
        })
        .collect())
}

fn build(
    db: &mut dyn crate::store::db::Db,
    nav: Nav,
    now: DateTime<Utc>,
    canteen: Option<&str>,
    shown: Shown,
) -> crate::Result<MenusPage> {
    let (menu_text, pricing_text) = rules::latest_texts_for(db, canteen)?;
    let config = rules::latest_for(db, canteen)?;
    let newest_bundle = bundles::newest_version(db)?;
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
    let bundles = rules::issued(db)?
        .into_iter()
        .map(|(version, at, files)| Issued {
            version,
            at,
            files: files.join(", "),
        })
        .collect();
    let zone = config.canteen.timezone;
    let kiosks: Vec<Kiosk> = device_status::listing(db, now)?
        .into_iter()
        .filter(|l| l.device.state == DeviceState::Enrolled)
        .map(|l| Kiosk::of(l, now, &zone))
        .collect();
    Ok(MenusPage {
        canteens: choices(db, canteen, &kiosks)?,
        canteen: canteen.unwrap_or_default().to_owned(),
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

/// The page's query: which canteen's menu to edit (none: the shared one).
#[derive(Deserialize)]
pub struct Pick {
    canteen: Option<String>,
}

pub async fn page(signed: Signed, Query(pick): Query<Pick>) -> Result<Response, WebError> {
    let nav = signed.nav("menus");
    let now = signed.now();
    rendered(&signed.state, move |db| {
        let canteen = chosen(db, pick.canteen)?;
        build(
            db,
            nav,
            now,
            canteen.as_deref(),
            Shown::Fresh(String::new()),
        )
    })
    .await
}

/// Audits a published bundle; the page after it.
fn published(
    db: &mut dyn crate::store::db::Db,
    action: Action,
    canteen: Option<&str>,
    version: u64,
    how: &str,
) -> crate::Result<MenusPage> {
    let whose = canteen.map_or(String::new(), |c| format!(" for canteen {c}"));
    let what = format!("web: menu and pricing bundle {version} published{how}{whose}");
    action.audit(db, &what, 1)?;
    let Action { now, nav, .. } = action;
    let mut flash = format!(
        "{} {version}",
        nav.t(
            "已发布菜单与价格，签名包版本",
            "Published the menu and pricing as bundle"
        )
    );
    if let Some(c) = canteen {
        flash.push_str(&format!(" · {} {c}", nav.t("食堂", "canteen")));
    }
    build(db, nav, now, canteen, Shown::Fresh(flash))
}

#[derive(Deserialize)]
pub struct Edit {
    csrf: Option<String>,
    canteen: Option<String>,
    menu: String,
    pricing: String,
}
posted!(Edit, Role::Admin, "menus");

/// The advanced view: both texts as typed.
pub async fn publish(Acted(action, form): Acted<Edit>) -> Result<Response, WebError> {
    action
        .rendered(move |db, action| {
            let at = action.now.to_rfc3339();
            let canteen = chosen(db, form.canteen)?;
            let canteen = canteen.as_deref();
            match publish::rules_bundle_for(
                db,
                &action.data_dir,
                canteen,
                &form.menu,
                &form.pricing,
                &at,
            )? {
                Err(e) => build(
                    db,
                    action.nav,
                    action.now,
                    canteen,
                    Shown::Texts(form.menu, form.pricing, e.problems),
                ),
                Ok(version) => published(db, action, canteen, version, ""),
            }
        })
        .await
}

posted!(
    /// The menu form's fields as posted (an item's fields repeat per item).
    fields Items, Role::Admin, "menus"
);

/// The form: the newest menu with the posted fields applied, published with
/// the newest pricing when the check finds nothing wrong.
pub async fn publish_form(Acted(action, form): Acted<Items>) -> Result<Response, WebError> {
    let Items(fields) = form;
    let field = |name: &str| session::field(&fields, name).map(str::to_owned);
    let base = field("base").and_then(|b| b.parse::<u64>().ok());
    let picked = field("canteen");
    action.rendered(move |db, action| {
        let newest = bundles::newest_version(db)?;
        if base != Some(newest) {
            return Err(OfficeError::BadRequest {
                code: "stale_form",
                status: 409,
                message: format!(
                    "菜单在您打开表单后已更新（现为签名包 {newest}）：请重新打开菜单页面再修改 / the menu changed after this form was opened (now bundle {newest}): reload the menus page and make your change again"
                ),
            });
        }
        let canteen = chosen(db, picked)?;
        let canteen = canteen.as_deref();
        let (menu_text, pricing) = rules::latest_texts_for(db, canteen)?;
        let menu = MenuFile::parse(&menu_text).map_err(|e| {
            OfficeError::Store(format!("the newest menu does not read back: {e}"))
        })?;
        let edited = menu_form::apply(&menu, &rules::latest_for(db, canteen)?, &fields);
        let at = action.now.to_rfc3339();
        let text = edited.to_toml();
        match publish::rules_bundle_for(db, &action.data_dir, canteen, &text, &pricing, &at)? {
            Err(e) => build(db, action.nav, action.now, canteen, Shown::Form(edited, e.problems)),
            Ok(version) => published(db, action, canteen, version, " (form)"),
        }
    })
    .await
}

#[derive(Deserialize)]
pub struct Shared {
    csrf: Option<String>,
    canteen: String,
}
posted!(Shared, Role::Admin, "menus");

/// Ends a canteen's own menu: its kiosks run the shared one from the next
/// bundle on (nothing is issued when it has none of its own).
pub async fn shared_again(Acted(action, form): Acted<Shared>) -> Result<Response, WebError> {
    action
        .rendered(move |db, action| {
            let canteen = chosen(db, Some(form.canteen))?;
            let canteen = canteen.as_deref().unwrap_or_default();
            let at = action.now.to_rfc3339();
            match publish::shared_again(db, &action.data_dir, canteen, &at)? {
                None => build(
                    db,
                    action.nav,
                    action.now,
                    Some(canteen),
                    Shown::Fresh(String::new()),
                ),
                Some(version) => {
                    let how = " (canteen back to the shared menu)";
                    published(db, action, Some(canteen), version, how)
                }
            }
        })
        .await
}
