//! A hand-built SVG line chart: meals per day, one line per canteen, over a
//! run of days, with a y axis of round steps, a date under every tenth day and
//! a legend. Every text in it came from data and is escaped.

use std::fmt::Write;

use chrono::NaiveDate;

use crate::export::html::esc;

const W: f64 = 900.0;
const H: f64 = 300.0;
const LEFT: f64 = 50.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 20.0;
const BOTTOM: f64 = 60.0;
const COLOURS: [&str; 6] = [
    "#1f6f5c", "#c0562b", "#3d5a98", "#8a5a00", "#7b3f8c", "#2b8a9a",
];

/// One canteen's meals on each day of the chart (same length as the days).
pub struct Series {
    pub name: String,
    pub values: Vec<i64>,
}

/// A step of 1, 2 or 5 times a power of ten giving about four gridlines.
fn step(max: i64) -> i64 {
    let raw = (max.max(4) as f64 / 4.0).ceil();
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    step as i64
}

/// The chart of `series` over `days`, titled `title`.
pub fn meals_chart(title: &str, days: &[NaiveDate], series: &[Series]) -> String {
    let max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = step(max);
    let top = (max + step - 1) / step * step;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let x = |i: usize| LEFT + plot_w * i as f64 / (days.len().max(2) - 1) as f64;
    let y = |v: i64| TOP + plot_h * (1.0 - v.max(0) as f64 / top as f64);
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-label="{}" id="meals-chart">"#,
        esc(title)
    );
    let _ = write!(svg, "<title>{}</title>", esc(title));
    let mut v = 0;
    while v <= top {
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#d5dde6"/><text x="{}" y="{:.1}" font-size="11" text-anchor="end" fill="#5b6b7c">{v}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y(v) + 4.0,
            y = y(v),
        );
        v += step;
    }
    for (i, day) in days.iter().enumerate().step_by(10) {
        let _ = write!(
            svg,
            r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="#5b6b7c">{}</text>"##,
            x(i),
            H - BOTTOM + 16.0,
            day.format("%m-%d")
        );
    }
    for (n, s) in series.iter().enumerate() {
        let colour = COLOURS[n % COLOURS.len()];
        let points: Vec<String> = s
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
            .collect();
        let _ = write!(
            svg,
            r#"<polyline class="series" fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
            points.join(" ")
        );
        let lx = LEFT + 150.0 * n as f64;
        let ly = H - 18.0;
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="{}" width="14" height="4" fill="{colour}"/><text x="{}" y="{ly}" font-size="12">{}</text>"#,
            ly - 6.0,
            lx + 20.0,
            esc(&s.name)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_lines_follow_the_data() {
        assert_eq!(step(3), 1);
        assert_eq!(step(37), 10);
        assert_eq!(step(180), 50);
        let days: Vec<NaiveDate> = (1..=3)
            .map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
            .collect();
        let svg = meals_chart(
            "meals <per> day",
            &days,
            &[Series {
                name: "东区".into(),
                values: vec![0, 4, 2],
            }],
        );
        assert!(svg.contains("meals &lt;per&gt; day"), "{svg}");
        assert!(svg.contains("东区"));
        // 3 points, the highest (4) at the top of the plot.
        assert!(
            svg.contains(&format!("{:.1},{TOP:.1}", (LEFT + W - RIGHT) / 2.0)),
            "{svg}"
        );
        assert_eq!(svg.matches("<polyline").count(), 1);
    }
}
