//! The report pages with the same content as the CLI's reports: anomalies
//! and quarantined sales of a month (this month by default, `?month=YYYY-MM`),
//! the gaps of every device, and for admins the audit log (newest first, in
//! the canteen's local time).
//! Each is one generic table page filled from the report's rows.

use askama::Template;
use axum::extract::Query;
use axum::response::Response;
use chrono::{DateTime, Datelike, FixedOffset, Months, NaiveDate};
use serde::Deserialize;

use super::session::Signed;
use super::{Nav, WebError, blocking, render, today};
use crate::report::{self, CsvRow, Dates};
use crate::server::AppState;
use crate::store::users::Role;
use crate::store::{audit, rules};

#[derive(Template)]
#[template(path = "table.html")]
pub struct TablePage {
    pub nav: Nav,
    pub title: String,
    pub month: Option<String>,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Deserialize)]
pub struct MonthQuery {
    month: Option<String>,
}

/// Every field of a report row as text, in its CSV column order.
fn cells<T: CsvRow>(row: &T) -> Vec<String> {
    match serde_json::to_value(row) {
        Ok(serde_json::Value::Object(map)) => T::COLUMNS
            .iter()
            .map(|c| match map.get(*c) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(serde_json::Value::Null) | None => String::new(),
                Some(v) => v.to_string(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The heading of a report column in the page's language: the CSV keeps its
/// column names (files are read by programs), the page shows words.
const HEADINGS: [(&str, &str, &str); 22] = [
    ("canteen", "食堂", "Canteen"),
    ("date", "日期", "Date"),
    ("period", "餐次", "Meal period"),
    ("masked_id", "身份证号（掩码）", "ID number (masked)"),
    ("resident_key", "居民密钥", "Resident key"),
    ("canteens", "食堂", "Canteens"),
    ("meals", "份数", "Meals"),
    ("devices", "终端", "Kiosks"),
    ("device_id", "终端", "Kiosk"),
    ("db_epoch", "数据库代次", "Database epoch"),
    ("seq", "记录号", "Record"),
    ("code", "原因代码", "Code"),
    ("reason", "原因", "Reason"),
    ("high_water", "已收到", "Received up to"),
    ("problem", "问题", "Problem"),
    ("first_bad_seq", "首个问题记录", "First bad record"),
    ("detail", "详情", "Detail"),
    ("id", "编号", "No."),
    ("at", "时间", "Time"),
    ("who", "操作人", "Who"),
    ("what", "操作", "Action"),
    ("rows", "行数", "Rows"),
];

fn headings(nav: &Nav, columns: &[&str]) -> Vec<String> {
    columns
        .iter()
        .map(|c| match HEADINGS.iter().find(|(key, _, _)| key == c) {
            Some((_, zh, en)) => nav.t(zh, en).to_owned(),
            None => (*c).to_owned(),
        })
        .collect()
}

fn table<T: CsvRow>(nav: Nav, title: String, month: Option<String>, rows: &[T]) -> TablePage {
    TablePage {
        columns: headings(&nav, T::COLUMNS),
        nav,
        title,
        month,
        rows: rows.iter().map(cells).collect(),
    }
}

/// The month asked for (this month by default) in the canteen's time zone.
async fn month(state: &AppState, q: &MonthQuery) -> Result<Dates, WebError> {
    let today = today(state).await?;
    let first = q
        .month
        .as_deref()
        .and_then(|m| NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok())
        .unwrap_or_else(|| today.with_day(1).unwrap_or(today));
    Ok(Dates {
        from: first,
        to: first + Months::new(1) - chrono::Duration::days(1),
    })
}

/// A month's report page: its nav entry, its title (zh, en) and its report.
struct Monthly<T> {
    here: &'static str,
    title: (&'static str, &'static str),
    report: fn(&mut dyn crate::store::db::Db, Dates) -> crate::Result<Vec<T>>,
}

impl<T: CsvRow + Send + 'static> Monthly<T> {
    /// The report of the month asked for, under its title.
    async fn page(&self, signed: Signed, q: MonthQuery) -> Result<Response, WebError> {
        let dates = month(&signed.state, &q).await?;
        let nav = signed.nav(self.here);
        let month = dates.from.format("%Y-%m").to_string();
        let title = format!("{} {month}", nav.t(self.title.0, self.title.1));
        let report = self.report;
        let rows = blocking(&signed.state, move |db| report(db, dates)).await?;
        Ok(render(&table(nav, title, Some(month), &rows)))
    }
}

const ANOMALIES: Monthly<report::Anomaly> = Monthly {
    here: "anomalies",
    title: (
        "异常：同一餐次多处用餐",
        "Anomalies: one resident, two kiosks, one meal period",
    ),
    report: report::anomalies,
};

const QUARANTINE: Monthly<report::QuarantineRow> = Monthly {
    here: "quarantine",
    title: (
        "隔离的销售（不计入申领）",
        "Quarantined sales (in no claim)",
    ),
    report: report::quarantine,
};

pub async fn anomalies(signed: Signed, Query(q): Query<MonthQuery>) -> Result<Response, WebError> {
    ANOMALIES.page(signed, q).await
}

pub async fn quarantine(signed: Signed, Query(q): Query<MonthQuery>) -> Result<Response, WebError> {
    QUARANTINE.page(signed, q).await
}

pub async fn gaps(signed: Signed) -> Result<Response, WebError> {
    let nav = signed.nav("gaps");
    let title = nav
        .t("缺口、断链与冲突", "Gaps, chain breaks and conflicts")
        .to_owned();
    let rows = blocking(&signed.state, |db| report::gaps(db)).await?;
    Ok(render(&table(nav, title, None, &rows)))
}

pub async fn audit(signed: Signed) -> Result<Response, WebError> {
    signed.require(Role::Admin)?;
    let nav = signed.nav("audit");
    let title = nav.t("审计日志", "Audit log").to_owned();
    let (zone, mut entries) = blocking(&signed.state, |db| {
        Ok((rules::latest(db)?.canteen.timezone, audit::list(db)?))
    })
    .await?;
    entries.reverse();
    Ok(render(&TablePage {
        columns: headings(&nav, &["id", "at", "who", "what", "rows"]),
        nav,
        title,
        month: None,
        rows: entries
            .into_iter()
            .map(|e| {
                let at = local_time(&e.at, &zone);
                vec![e.id.to_string(), at, e.who, e.what, e.rows.to_string()]
            })
            .collect(),
    }))
}

/// A stored RFC 3339 moment as staff read it: the canteen's local time, to
/// the second. A text that is not such a moment is shown as stored.
fn local_time(stored: &str, zone: &FixedOffset) -> String {
    DateTime::parse_from_rfc3339(stored).map_or_else(
        |_| stored.to_owned(),
        |t| {
            t.with_timezone(zone)
                .format("%Y-%m-%d %H:%M:%S")
                .to_string()
        },
    )
}
