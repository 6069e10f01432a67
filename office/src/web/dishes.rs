//! The day's dishes: every version the office published, newest first, and
//! for clerks a form to publish a canteen's dishes for one date and meal
//! period (the `dishes.toml` text, photos only from the command line),
//! checked like `menu dishes set` — every problem shown with the text kept —
//! and signed as the next bundle. Audited.

use askama::Template;
use axum::response::Response;
use serde::Deserialize;

use super::session::{Acted, Signed, posted};
use super::{Nav, WebError, rendered};
use crate::error::OfficeError;
use crate::publish;
use crate::store::dishes;
use crate::store::users::Role;

/// One published version as the history table shows it.
pub struct Row {
    pub date: String,
    pub canteen: String,
    pub period: String,
    pub version: u64,
    /// "清蒸鲈鱼（少油、含海鲜）；白粥（软食）"
    pub dishes: String,
    pub by: String,
    pub at: String,
    pub bundle: u64,
}

/// What the form holds (kept as typed when it was refused).
#[derive(Default, Deserialize)]
pub struct Entry {
    csrf: Option<String>,
    pub canteen: String,
    pub date: String,
    pub period: String,
    pub text: String,
}
posted!(Entry, Role::Clerk, "dishes");

#[derive(Template)]
#[template(path = "dishes.html")]
pub struct DishesPage {
    pub nav: Nav,
    pub entry: Entry,
    pub problem: String,
    pub flash: String,
    pub rows: Vec<Row>,
}

/// The most versions the history shows.
const HISTORY_ROWS: usize = 100;

fn build(
    db: &mut dyn crate::store::db::Db,
    nav: Nav,
    entry: Entry,
    problem: String,
    flash: String,
) -> crate::Result<DishesPage> {
    let catalog = canteen_core::TagCatalog::shipped();
    let rows = dishes::history(db, None, None)?
        .into_iter()
        .take(HISTORY_ROWS)
        .map(|v| Row {
            date: v.date.to_string(),
            canteen: v.canteen,
            period: v.period,
            version: v.version,
            dishes: v
                .dishes
                .iter()
                .map(|d| {
                    let tags: Vec<&str> = d
                        .tags
                        .iter()
                        .filter_map(|t| catalog.find(t))
                        .map(|t| nav.t(&t.zh, &t.en))
                        .collect();
                    format!(
                        "{}（{}）",
                        d.name(matches!(nav.lang, crate::export::Lang::En)),
                        tags.join("、")
                    )
                })
                .collect::<Vec<_>>()
                .join("；"),
            by: v.entered_by,
            at: v.entered_at,
            bundle: v.bundle_version,
        })
        .collect();
    Ok(DishesPage {
        nav,
        entry,
        problem,
        flash,
        rows,
    })
}

pub async fn page(signed: Signed) -> Result<Response, WebError> {
    let nav = signed.nav("dishes");
    rendered(&signed.state, move |db| {
        build(db, nav, Entry::default(), String::new(), String::new())
    })
    .await
}

pub async fn publish(Acted(action, entry): Acted<Entry>) -> Result<Response, WebError> {
    action
        .rendered(move |db, action| {
            let checked = entry
                .date
                .trim()
                .parse::<chrono::NaiveDate>()
                .map_err(|_| {
                    format!(
                        "{} `{}`",
                        action
                            .nav
                            .t("日期应写作 YYYY-MM-DD：", "Write the date as YYYY-MM-DD:"),
                        entry.date
                    )
                })
                .and_then(|date| {
                    canteen_config::parse_dishes(
                        &entry.text,
                        std::path::Path::new("dishes.toml"),
                        None,
                        &canteen_core::TagCatalog::shipped(),
                    )
                    .map(|d| (date, d))
                    .map_err(|e| e.to_string())
                });
            let (date, checked) = match checked {
                Ok(ok) => ok,
                Err(problem) => return build(db, action.nav, entry, problem, String::new()),
            };
            let menu = dishes::NewMenu {
                canteen: entry.canteen.trim(),
                date,
                period: entry.period.trim(),
                dishes: &checked,
                entered_by: &action.user,
            };
            let at = action.now.to_rfc3339();
            match publish::dishes_bundle(db, &action.data_dir, &menu, action.now.date_naive(), &at)
            {
                Err(OfficeError::BadRequest { message, .. }) => {
                    build(db, action.nav, entry, message, String::new())
                }
                Err(e) => Err(e),
                Ok(published) => {
                    let what = format!("web: {}", published.audit_text(&menu));
                    action.audit(db, &what, checked.len() as u64)?;
                    let flash = format!(
                        "{} {} · {}",
                        action.nav.t(
                            "已发布今日菜品，签名包版本",
                            "Published the dishes in bundle"
                        ),
                        published.bundle_version,
                        action
                            .nav
                            .t("终端下次同步时更新", "kiosks take it at their next sync"),
                    );
                    build(db, action.nav, Entry::default(), String::new(), flash)
                }
            }
        })
        .await
}
