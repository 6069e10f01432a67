//! The dashboard: today's and this month's figures ([`report::dashboard`]),
//! the meals per day of the last 60 days per canteen as an SVG chart, and each
//! kiosk's last sync with those silent for more than a day marked stale. The
//! dates come from the office's clock in the canteen's time zone.

use askama::Template;
use axum::response::Response;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::chart::{self, Series};
use super::session::Signed;
use super::{Nav, WebError, rendered};
use crate::export::{Labels, Lang, yuan_text};
use crate::report::Dates;
use crate::report::dashboard::{Overview, Tally, meals_per_day, overview};
use crate::store::enrol::{self, DeviceState};
use crate::store::rules;

/// Days in the chart.
pub const CHART_DAYS: i64 = 60;

/// A table row as shown.
pub struct Row {
    pub label: String,
    pub meals: i64,
    pub paid: String,
    pub subsidy: String,
}

/// One range's figures as shown.
pub struct Figures {
    pub title: String,
    pub total: Row,
    pub quarantined: i64,
    pub anomalies: usize,
    pub groups: Vec<(String, Vec<Row>)>,
}

/// One kiosk's line.
pub struct Kiosk {
    pub name: String,
    pub canteen: String,
    pub last_sync: String,
    pub stale: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct DashboardPage {
    pub nav: Nav,
    pub spans: Vec<Figures>,
    pub chart: String,
    pub kiosks: Vec<Kiosk>,
}

fn row(label: String, t: &Tally) -> Row {
    Row {
        label,
        meals: t.meals,
        paid: yuan_text(t.paid_fen),
        subsidy: yuan_text(t.subsidy_fen),
    }
}

fn figures(title: String, o: &Overview, labels: &Labels, lang: Lang) -> Figures {
    let rows = |list: &[Tally], name: &dyn Fn(&str) -> String| {
        list.iter()
            .map(|t| row(name(&t.key), t))
            .collect::<Vec<_>>()
    };
    Figures {
        title,
        total: row(lang.pick("合计", "Total").into(), &o.total),
        quarantined: o.quarantined,
        anomalies: o.anomalies,
        groups: vec![
            (
                lang.pick("按食堂", "By canteen").into(),
                rows(&o.by_canteen, &|k| k.to_owned()),
            ),
            (
                lang.pick("按餐次", "By meal period").into(),
                rows(&o.by_period, &|k| labels.period(k).pick(lang).to_owned()),
            ),
            (
                lang.pick("按年龄段", "By tier").into(),
                rows(&o.by_tier, &|k| labels.tier(k).pick(lang).to_owned()),
            ),
            (
                lang.pick("按补贴类别", "By category").into(),
                rows(&o.by_category, &|k| {
                    labels.category(k).pick(lang).to_owned()
                }),
            ),
        ],
    }
}

/// The chart's series: one per canteen, a value for each of `days`.
fn series(per_day: Vec<(String, String, i64)>, days: &[NaiveDate]) -> Vec<Series> {
    let mut out: Vec<Series> = Vec::new();
    for (canteen, date, meals) in per_day {
        if out.last().is_none_or(|s| s.name != canteen) {
            out.push(Series {
                name: canteen,
                values: vec![0; days.len()],
            });
        }
        let Ok(date) = date.parse::<NaiveDate>() else {
            continue;
        };
        if let Some(i) = days.iter().position(|d| *d == date) {
            if let Some(last) = out.last_mut() {
                last.values[i] = meals;
            }
        }
    }
    out
}

/// Builds the dashboard of `now` for `nav` (also used by the screenshots
/// command and the benchmark through the router).
pub fn build(
    db: &mut dyn crate::store::db::Db,
    now: DateTime<Utc>,
    nav: Nav,
) -> crate::Result<DashboardPage> {
    let config = rules::latest(db)?;
    let labels = Labels::new(&config.pricing);
    let today = now.with_timezone(&config.canteen.timezone).date_naive();
    let month_start = today.with_day(1).unwrap_or(today);
    let lang = nav.lang;
    let day = overview(
        db,
        Dates {
            from: today,
            to: today,
        },
    )?;
    let month = overview(
        db,
        Dates {
            from: month_start,
            to: today,
        },
    )?;
    let first = today - Duration::days(CHART_DAYS - 1);
    let days: Vec<NaiveDate> = first.iter_days().take(CHART_DAYS as usize).collect();
    let per_day = meals_per_day(
        db,
        Dates {
            from: first,
            to: today,
        },
    )?;
    let chart = chart::meals_chart(
        lang.pick(
            "近60天每日用餐份数（按食堂）",
            "Meals per day, last 60 days, by canteen",
        ),
        &days,
        &series(per_day, &days),
    );
    let kiosks = enrol::list(db, now)?
        .into_iter()
        .filter(|d| d.state == DeviceState::Enrolled)
        .map(|d| {
            let last = d
                .last_batch_at
                .as_deref()
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
            let stale = last.is_none_or(|t| now - t.with_timezone(&Utc) > Duration::days(1));
            Kiosk {
                name: d.name,
                canteen: d.canteen,
                last_sync: last.map_or_else(
                    || lang.pick("从未同步", "never").to_owned(),
                    |t| {
                        t.with_timezone(&config.canteen.timezone)
                            .format("%Y-%m-%d %H:%M")
                            .to_string()
                    },
                ),
                stale,
            }
        })
        .collect();
    Ok(DashboardPage {
        spans: vec![
            figures(
                format!("{} {today}", lang.pick("今日", "Today")),
                &day,
                &labels,
                lang,
            ),
            figures(
                format!(
                    "{} {}",
                    lang.pick("本月", "This month"),
                    today.format("%Y-%m")
                ),
                &month,
                &labels,
                lang,
            ),
        ],
        chart,
        kiosks,
        nav,
    })
}

pub async fn page(signed: Signed) -> Result<Response, WebError> {
    let now = signed.now();
    let nav = signed.nav("dashboard");
    rendered(&signed.state, move |db| build(db, now, nav)).await
}
