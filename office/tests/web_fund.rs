//! The community fund's page in the back office: a viewer sees a month's
//! statement — the same figures as `report::fund`, the one computation the
//! CLI prints — and downloads it as XLSX and as the printable page with its
//! signature and stamp boxes; a bad month is refused with what to type.

mod support;

use canteen_office::report::{self, Month};
use canteen_office::store::fund::{self, EntryKind, NewAgreement, NewEntry};
use canteen_office::store::users::Role;
use chrono::NaiveDate;
use support::web;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn a_viewer_reads_the_month_s_fund_statement_and_downloads_it() {
    let (office, [viewer]) = web::office_with([("viewer", Role::Viewer)]);
    let mut conn = office.db();
    support::add_device(&mut conn, "k1", "east", "阳光餐饮", "2026-10-01T00:00:00Z");
    let agreement = NewAgreement {
        operator: "阳光餐饮",
        share_bp: 0,
        monthly_fen: 300_000,
        starts_on: day("2026-11-01"),
        ends_on: None,
        by: "admin",
    };
    fund::add_agreement(&mut conn, &agreement, "2026-11-01T00:00:00Z").unwrap();
    let paid = NewEntry {
        kind: EntryKind::Payment,
        operator: Some("阳光餐饮"),
        amount_fen: 123_456,
        on_date: day("2026-11-20"),
        note: "十一月",
        by: "admin",
    };
    fund::add_entry(&mut conn, &paid, "2026-11-20T00:00:00Z").unwrap();
    let statement = report::fund(&mut conn, Month::parse("2026-11").unwrap()).unwrap();
    let owed = statement.partners[0].owed_after_fen;

    let html = viewer.html("/fund?month=2026-11");
    assert!(html.contains("社区基金月度对账单 2026-11"), "{html}");
    assert!(
        html.contains("阳光餐饮") && html.contains("1234.56"),
        "{html}"
    );
    let owed_text = format!("{}.{:02}", owed / 100, owed % 100);
    assert!(
        html.contains(&owed_text),
        "owed {owed_text} as report::fund has it"
    );

    let mut xlsx = viewer.get("/fund/download?month=2026-11&format=xlsx");
    assert_eq!(xlsx.status(), 200);
    let bytes = xlsx.body_mut().read_to_vec().unwrap();
    assert!(bytes.starts_with(b"PK"), "an XLSX (zip) file");
    let print = viewer.html("/fund/download?month=2026-11&format=print");
    assert!(print.contains("盖章") && print.contains("阳光餐饮"));

    let mut bad = viewer.get("/fund?month=2026-13");
    assert_eq!(bad.status(), 400);
    let why = bad.body_mut().read_to_string().unwrap();
    assert!(why.contains("YYYY-MM"), "{why}");
}
