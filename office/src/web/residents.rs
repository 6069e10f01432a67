//! Residents and meal cards: search by name, masked ID number or card number
//! (masked forms only are shown); for clerks, importing a registry file (CSV
//! in UTF-8 or GB18030, or XLSX, read by [`registry_file::stream`] exactly as
//! `residents import` reads it: every bad row is listed by line and reason and
//! nothing is imported until all are good), and printing the A4 card sheet of
//! the selected residents ([`documents::card_sheet`], as `card sheet` does).

use askama::Template;
use axum::extract::{Multipart, Query};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use canteen_core::registry::RowStatus;
use serde::Deserialize;

use super::session::{Acted, Signed, posted};
use super::{Nav, WebError, blocking, rendered};
use crate::documents;
use crate::export::registry_file::{self, RowProblem};
use crate::keys;
use crate::seal::{self, SealKey};
use crate::store::registry::{self, Listed};
use crate::store::registry_import;
use crate::store::rules;
use crate::store::users::Role;

/// At most this many residents are listed at once.
const LIST_LIMIT: u32 = 500;

#[derive(Template)]
#[template(path = "residents.html")]
pub struct ResidentsPage {
    pub nav: Nav,
    pub query: String,
    pub residents: Vec<Listed>,
    pub problems: Vec<RowProblem>,
    pub flash: String,
}

impl ResidentsPage {
    fn problem_reason<'a>(&self, p: &'a RowProblem) -> &'a str {
        self.nav.lang.pick(&p.reason_zh, &p.reason_en)
    }

    /// The registry's `status` word (core reads it) in the page's language.
    fn status_name<'a>(&self, status: &'a str) -> &'a str {
        RowStatus::parse(status).map_or(status, |s| self.nav.resident_status(s))
    }
}

#[derive(Deserialize)]
pub struct Search {
    q: Option<String>,
}

/// The residents page listing the matches of `query`.
pub fn build(
    db: &mut dyn crate::store::db::Db,
    query: String,
    nav: Nav,
    problems: Vec<RowProblem>,
    flash: String,
) -> crate::Result<ResidentsPage> {
    Ok(ResidentsPage {
        residents: registry::search(db, &query, LIST_LIMIT)?,
        query,
        nav,
        problems,
        flash,
    })
}

pub async fn page(signed: Signed, Query(search): Query<Search>) -> Result<Response, WebError> {
    let nav = signed.nav("residents");
    let query = search.q.unwrap_or_default();
    rendered(&signed.state, move |db| {
        build(db, query, nav, Vec::new(), String::new())
    })
    .await
}

fn bad_upload(message: String) -> WebError {
    WebError::bad_request("bad_upload", message)
}

/// The upload's CSRF token and file bytes.
async fn read_upload(mut multipart: Multipart) -> Result<(Option<String>, Vec<u8>), WebError> {
    let (mut csrf, mut file) = (None, None);
    while let Some(field) = multipart.next_field().await.map_err(|e| {
        bad_upload(format!(
            "the upload could not be read ({e}); choose the file again"
        ))
    })? {
        match field.name() {
            Some("csrf") => csrf = field.text().await.ok(),
            Some("file") => {
                let bytes = field.bytes().await.map_err(|e| {
                    bad_upload(format!(
                        "the file could not be read ({e}); it may be larger than 4 MB"
                    ))
                })?;
                file = Some(bytes.to_vec());
            }
            _ => {}
        }
    }
    let file = file
        .filter(|f| !f.is_empty())
        .ok_or_else(|| bad_upload("choose a registry file (CSV or XLSX) to import".into()))?;
    Ok((csrf, file))
}

pub async fn import(signed: Signed, multipart: Multipart) -> Result<Response, WebError> {
    let (csrf, bytes) = read_upload(multipart).await?;
    let action = signed.act(csrf.as_deref(), Role::Clerk, "residents")?;
    let seal_path = (signed.state.settings.seal_key.clone())
        .unwrap_or_else(|| seal::default_path(&action.data_dir));
    action
        .rendered(move |db, action| {
            let (now, data_dir) = (action.now, &action.data_dir);
            let config = rules::latest(db)?;
            let today = now.with_timezone(&config.canteen.timezone).date_naive();
            let categories = &config.pricing.categories;
            let file = || std::io::Cursor::new(&bytes[..]);
            // Checked first (nothing written), then written row by row.
            if let Err(e) =
                registry_file::stream(file(), today, categories, |_| Ok::<_, std::io::Error>(()))?
            {
                return build(db, String::new(), action.nav, e.problems, String::new());
            }
            let secret = keys::community_secret(data_dir)?;
            let seal = SealKey::open(&seal_path, data_dir, db, true)?;
            let at = now.to_rfc3339();
            let imported =
                registry::import_file(db, file(), today, categories, &secret, &seal, &at)?
                    .map_err(|e| registry_import::bad(e.to_string()))?;
            action.audit(db, "web: residents import", imported as u64)?;
            let nav = action.nav;
            let flash = format!(
                "{} {imported} {}",
                nav.t("已导入", "Imported"),
                nav.t("位居民", "residents")
            );
            build(db, String::new(), nav, Vec::new(), flash)
        })
        .await
}

posted!(
    /// The card sheet's form: the ticked cards (`card`, repeated) or `all_new`.
    fields Ticked, Role::Clerk, "residents"
);

pub async fn card_sheet(Acted(action, form): Acted<Ticked>) -> Result<Response, WebError> {
    let Ticked(fields) = form;
    let cards: Vec<String> = fields
        .iter()
        .filter(|(k, _)| k == "card")
        .map(|(_, v)| v.clone())
        .collect();
    if cards.is_empty() && !fields.iter().any(|(k, v)| k == "all_new" && v == "1") {
        return Err(bad_upload(
            "tick the residents whose cards to print, or print every new card".into(),
        ));
    }
    let page = blocking(&action.state.clone(), move |db| {
        let now = action.now.to_rfc3339();
        let lang = action.nav.lang;
        let (page, n) = documents::card_sheet(db, &action.data_dir, &cards, lang, &now)?;
        action.audit(db, "web: card sheet", n as u64)?;
        Ok(page)
    })
    .await?;
    Ok(([(CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}
