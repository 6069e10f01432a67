//! The claim: pick a month or a range, see the claim table with its totals,
//! download it as XLSX or as CSV for Excel, or open the printable claim page.
//! The table and the files are [`documents`]' — the CLI's own.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use chrono::{Datelike, Months, NaiveDate};
use serde::Deserialize;

use super::session::Signed;
use super::{Nav, WebError, blocking, rendered, today};
use crate::documents::{self, ClaimFile};
use crate::export::claim_table;
use crate::report::Dates;

#[derive(Deserialize)]
pub struct Range {
    /// `YYYY-MM`: the whole month.
    month: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// `xlsx`, `csv` or `print`, for a download.
    format: Option<String>,
}

fn bad(message: String) -> WebError {
    WebError::bad_request("bad_range", message)
}

fn date(text: &str) -> Result<NaiveDate, WebError> {
    text.parse().map_err(|_| {
        bad(format!(
            "`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-11-01"
        ))
    })
}

impl Range {
    /// The dates asked for; the month of `today` when none.
    fn dates(&self, today: NaiveDate) -> Result<Dates, WebError> {
        match (&self.from, &self.to) {
            (Some(f), Some(t)) if !f.is_empty() && !t.is_empty() => {
                let (from, to) = (date(f)?, date(t)?);
                if from > to {
                    return Err(bad(format!(
                        "the range starts ({from}) after it ends ({to}): swap the dates"
                    )));
                }
                return Ok(Dates { from, to });
            }
            _ => {}
        }
        let first = match self.month.as_deref().filter(|m| !m.is_empty()) {
            Some(m) => date(&format!("{m}-01")).map_err(|_| {
                bad(format!(
                    "`{m}` is not a month: write it as YYYY-MM, e.g. 2026-11"
                ))
            })?,
            None => today.with_day(1).unwrap_or(today),
        };
        let last = first + Months::new(1) - chrono::Duration::days(1);
        Ok(Dates {
            from: first,
            to: last,
        })
    }
}

pub struct Line {
    pub texts: [String; 5],
    /// The number cells (`claim_table::number_texts`).
    pub numbers: [String; 6],
}

#[derive(Template)]
#[template(path = "claims.html")]
pub struct ClaimsPage {
    pub nav: Nav,
    pub from: String,
    pub to: String,
    pub month: String,
    pub columns: [&'static str; 11],
    pub lines: Vec<Line>,
    pub totals: [String; 6],
    pub query: String,
}

/// The claim page of `dates` for `nav`.
pub fn build(
    db: &mut dyn crate::store::db::Db,
    dates: Dates,
    nav: Nav,
) -> crate::Result<ClaimsPage> {
    let table = documents::claim_table(db, dates)?;
    let lang = nav.lang;
    let lines = table
        .lines
        .iter()
        .map(|l| Line {
            texts: l.texts(lang).map(str::to_owned),
            numbers: claim_table::number_texts(l.amounts()),
        })
        .collect();
    Ok(ClaimsPage {
        from: dates.from.to_string(),
        to: dates.to.to_string(),
        month: dates.from.format("%Y-%m").to_string(),
        columns: claim_table::columns(lang),
        lines,
        totals: claim_table::number_texts(table.totals),
        query: format!("from={}&to={}", dates.from, dates.to),
        nav,
    })
}

pub async fn page(signed: Signed, Query(range): Query<Range>) -> Result<Response, WebError> {
    let dates = range.dates(today(&signed.state).await?)?;
    let nav = signed.nav("claims");
    rendered(&signed.state, move |db| build(db, dates, nav)).await
}

pub async fn download(signed: Signed, Query(range): Query<Range>) -> Result<Response, WebError> {
    let dates = range.dates(today(&signed.state).await?)?;
    let file = match range.format.as_deref() {
        Some("xlsx") => ClaimFile::Xlsx,
        Some("csv") => ClaimFile::ExcelCsv,
        Some("print") => ClaimFile::Html,
        _ => return Err(bad("a claim downloads as format=xlsx, csv or print".into())),
    };
    let lang = signed.lang;
    let (bytes, _) = blocking(&signed.state, move |db| {
        documents::claim_file(db, dates, file, lang)
    })
    .await?;
    let name = format!(
        "claim-{}-{}.{}",
        dates.from.format("%Y%m%d"),
        dates.to.format("%Y%m%d"),
        file.extension()
    );
    let name = (file != ClaimFile::Html).then_some(name);
    Ok(super::file(bytes, file.content_type(), name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(month: Option<&str>, from: Option<&str>, to: Option<&str>) -> Range {
        Range {
            month: month.map(Into::into),
            from: from.map(Into::into),
            to: to.map(Into::into),
            format: None,
        }
    }

    #[test]
    fn a_month_is_its_first_to_last_day_and_a_range_is_checked() {
        let today = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
        let d = range(None, None, None).dates(today).unwrap();
        assert_eq!(
            (d.from.to_string(), d.to.to_string()),
            ("2026-02-01".into(), "2026-02-28".into())
        );
        let d = range(Some("2024-02"), None, None).dates(today).unwrap();
        assert_eq!(d.to.to_string(), "2024-02-29");
        assert!(
            range(None, Some("2026-03-02"), Some("2026-03-01"))
                .dates(today)
                .is_err()
        );
        assert!(range(Some("2026-13"), None, None).dates(today).is_err());
    }
}
