//! The community fund (社区基金): a month's statement — each partner's due,
//! paid and owed, the month's payments and spending, the fund's balance —
//! from the same `report::fund` and export tables as `canteen-office fund
//! report`, with the month's XLSX and printable page (signature and stamp
//! boxes) to download. Every role may read it.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use serde::Deserialize;

use super::session::Signed;
use super::{Nav, WebError, blocking, file, render, today};
use crate::export;
use crate::report::{self, Month};
use crate::server::AppState;

#[derive(Template)]
#[template(path = "fund.html")]
pub struct FundPage {
    pub nav: Nav,
    pub title: String,
    pub month: String,
    /// The statement's tables, escaped by the export.
    pub tables: String,
}

#[derive(Deserialize)]
pub struct FundQuery {
    month: Option<String>,
    format: Option<String>,
}

fn bad(message: String) -> WebError {
    WebError::bad_request("bad_month", message)
}

/// The month asked for, this month (in the canteen's time zone) by default.
async fn month(state: &AppState, q: &FundQuery) -> Result<Month, WebError> {
    match q.month.as_deref().filter(|m| !m.is_empty()) {
        Some(m) => Month::parse(m).map_err(bad),
        None => Ok(Month::of(today(state).await?)),
    }
}

pub async fn page(signed: Signed, Query(q): Query<FundQuery>) -> Result<Response, WebError> {
    let month = month(&signed.state, &q).await?;
    let statement = blocking(&signed.state, move |db| report::fund(db, month)).await?;
    let nav = signed.nav("fund");
    Ok(render(&FundPage {
        title: export::fund_title(&statement, nav.lang),
        month: statement.month.clone(),
        tables: export::fund_tables(&statement, nav.lang),
        nav,
    }))
}

/// `format=xlsx` (a file) or `format=print` (the printable page).
pub async fn download(signed: Signed, Query(q): Query<FundQuery>) -> Result<Response, WebError> {
    let month = month(&signed.state, &q).await?;
    let lang = signed.lang;
    let xlsx = match q.format.as_deref() {
        Some("xlsx") => true,
        Some("print") => false,
        _ => {
            return Err(bad(
                "the fund statement downloads as format=xlsx or print".into()
            ));
        }
    };
    let statement = blocking(&signed.state, move |db| report::fund(db, month)).await?;
    Ok(if xlsx {
        let name = format!("fund-{}.xlsx", statement.month);
        let kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        file(export::fund_xlsx(&statement, lang)?, kind, Some(name))
    } else {
        let html = export::fund_html(&statement, lang).into_bytes();
        file(html, "text/html; charset=utf-8", None)
    })
}
