//! In a new office every table is empty, and each says so in one row that
//! spans the table's columns (a "no meals" row narrower than the claim's
//! columns left the delivery columns as a stray empty box). Every heading is
//! a word of the page's language, not a report's CSV column name, and a
//! moment is the canteen's local time to the second, not a stored UTC text.

mod support;

use canteen_office::store::users::Role;
use support::web;

const PAGES: [&str; 11] = [
    "/",
    "/claims",
    "/residents",
    "/devices",
    "/menus",
    "/dishes",
    "/fund?month=2026-11",
    "/anomalies",
    "/quarantine",
    "/gaps",
    "/audit",
];

/// For each table of `html`: its headings and the colspans of its
/// placeholder rows.
fn tables(html: &str) -> Vec<(Vec<String>, Vec<usize>)> {
    html.split("<table")
        .skip(1)
        .map(|t| {
            let table = &t[..t.find("</table>").expect("a closed table")];
            let head = &table[..table.find("</tr>").expect("a heading row")];
            // A placeholder row is one muted cell; the claim's total row
            // also has a colspan (its label), but spans the text columns only.
            let spans = table
                .split("colspan=\"")
                .skip(1)
                .filter_map(|s| {
                    let (n, rest) = s.split_once('"')?;
                    rest.starts_with(" class=\"muted\"")
                        .then(|| n.parse().expect("a number"))
                })
                .collect();
            let headings = head
                .split("<th")
                .skip(1)
                .filter(|h| h.starts_with(['>', ' ']))
                .map(|h| {
                    let text = &h[h.find('>').unwrap() + 1..];
                    text[..text.find('<').unwrap_or(text.len())]
                        .trim()
                        .to_owned()
                })
                .collect();
            (headings, spans)
        })
        .collect()
}

#[test]
fn an_empty_tables_one_row_spans_all_its_columns() {
    let (_office, [admin]) = web::office_with([("admin", Role::Admin)]);
    let mut placeholders = 0;
    for page in PAGES {
        let html = admin.html(page);
        for (n, (headings, spans)) in tables(&html).into_iter().enumerate() {
            for h in &headings {
                let raw = !h.is_empty() && h.chars().all(|c| c.is_ascii_lowercase() || c == '_');
                assert!(
                    !raw,
                    "{page}, table {n}: the heading `{h}` is a column name"
                );
            }
            let columns = headings.len();
            for span in spans {
                assert_eq!(
                    span, columns,
                    "{page}, table {n}: a row spans {span} of {columns} columns"
                );
                placeholders += 1;
            }
        }
    }
    assert!(
        placeholders >= 8,
        "only {placeholders} empty-table rows found"
    );
}

#[test]
fn the_audit_log_shows_the_canteens_local_time_to_the_second() {
    // Signing in is audited at the office's clock, NOW (05:00 UTC, 13:00 in
    // the canteen at +08:00).
    let (_office, [admin]) = web::office_with([("admin", Role::Admin)]);
    let html = admin.html("/audit");
    assert!(html.contains("signed in"), "{html}");
    assert!(html.contains("<td>2026-11-23 13:00:00</td>"), "{html}");
    assert!(!html.contains("T05:00:00"), "{html}");
}
