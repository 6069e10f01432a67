//! The office's subsidy report agrees with the kiosk's own Z reports: two days
//! of sales of every tier (and voids) are closed on the kiosk, synced with
//! `canteen sync`, and the office's XLSX workbook — read back with calamine —
//! has per day the Z's net, subsidy and meal count, and per tier the Z's tier rows.
//! Each day also has line refunds (issue #6) — of a one-line sale, of one line
//! of a two-line sale, and of a line of a sale voided afterwards — which the
//! office's reports subtract exactly as the Z does.

mod support;

use std::collections::BTreeMap;

use calamine::{Data, DataType, Reader, Xlsx};
use canteen_config::Config;
use canteen_core::closing::Dimension;
use canteen_core::{Money, ResidentId};
use canteen_ledger::Ledger;
use canteen_office::export;
use canteen_office::report::{self, Dates};
use canteen_office::store;
use support::lunches::cash_sale;
use support::office::Office;

/// Diners aged 90+, 80–89, 60–79 on the sale dates, and anonymous.
const IDS: [Option<&str>; 4] = [
    Some("110101193101010031"),
    Some("110101194103010021"),
    Some("110101195611230017"),
    None,
];

#[test]
fn the_xlsx_subsidy_report_reconciles_with_the_kiosk_z_reports() {
    let office = Office::start();
    let kiosk = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::open(kiosk.path()).unwrap();
    let token = office.register(kiosk.path(), "east");
    let mut conn = store::open(office.dir.path()).unwrap();
    let ids: Vec<&str> = IDS.iter().flatten().copied().collect();
    support::office_registry::register_at_office(office.dir.path(), kiosk.path(), &ids);

    let config = Config::load(None).unwrap();
    ledger
        .add_staff(
            "wang",
            canteen_core::cashier::Role::Supervisor,
            "13579",
            chrono::DateTime::parse_from_rfc3339("2026-11-23T08:00:00+08:00").unwrap(),
        )
        .unwrap();
    let days = ["2026-11-23", "2026-11-24"];
    let mut closings = Vec::new();
    for day in days {
        let at = chrono::DateTime::parse_from_rfc3339(&format!("{day}T12:00:00+08:00")).unwrap();
        let mut sold = Vec::new();
        for (n, who) in IDS.iter().cycle().take(14).enumerate() {
            let item = if n % 5 == 4 {
                "dinner-set"
            } else {
                "lunch-set"
            };
            // Some sales come with a soup, a second line to refund alone.
            let mut items = vec![item.to_owned()];
            if n % 3 == 0 {
                items.push("soup".into());
            }
            let at = if item == "dinner-set" {
                at + chrono::Duration::hours(6)
            } else {
                at
            };
            let id = who.map(|t| ResidentId::parse(t, at.date_naive()).unwrap());
            let sale = ledger
                .sell(&cash_sale(&config, at, items, id.as_ref()))
                .unwrap();
            sold.push(sale.seq);
        }
        let later = at + chrono::Duration::hours(5);
        let wang = ledger
            .authorise_supervisor(
                "13579",
                later,
                &canteen_core::cashier::CashierRules::default(),
            )
            .unwrap();
        // sold[2]: one line, refunded; sold[3]: the soup of a two-line sale;
        // sold[6]: its soup refunded, then the sale voided (the rest goes back).
        for (seq, line) in [(sold[2], 0), (sold[3], 1), (sold[6], 1)] {
            ledger
                .refund_lines(seq, &[(line, 1)], "cold", &wang, later)
                .unwrap();
        }
        for seq in [sold[1], sold[6]] {
            ledger
                .void(seq, "wrong item", at + chrono::Duration::hours(7))
                .unwrap();
        }
        closings.push(
            ledger
                .close_day(at.date_naive(), at + chrono::Duration::hours(9))
                .unwrap()
                .closing,
        );
    }
    support::office::sync(kiosk.path(), &office.url, &token);

    let dates = Dates {
        from: closings[0].day.date,
        to: closings[1].day.date,
    };
    let table =
        export::ClaimTable::new(&report::subsidy(&mut conn, dates).unwrap(), &config.pricing);
    let bytes = export::claim_xlsx(
        &table,
        &report::meals(&mut conn, dates).unwrap(),
        export::Lang::Zh,
    )
    .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("补贴申报").unwrap();
    let mut rows = sheet.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, export::claim_table::COLUMNS_ZH);
    // Meals are counts; the amounts are yuan.
    let num = |c: &Data, scale: f64| (c.as_f64().unwrap() * scale).round() as i64;
    // The last row is the totals row.
    let rows: Vec<&[Data]> = rows.collect();
    let (totals, rows) = rows.split_last().unwrap();
    assert_eq!(totals[0].to_string(), "合计");
    // (date) → (meals, paid, subsidy); (date, tier) → (meals, paid, subsidy)
    let mut by_day: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let mut by_tier: BTreeMap<(String, String), (i64, i64, i64)> = BTreeMap::new();
    for r in rows {
        let add = |t: &mut (i64, i64, i64)| {
            t.0 += num(&r[5], 1.0);
            t.1 += num(&r[7], 100.0);
            t.2 += num(&r[8], 100.0);
        };
        add(by_day.entry(r[1].to_string()).or_default());
        add(by_tier
            .entry((r[1].to_string(), r[3].to_string()))
            .or_default());
    }
    for z in &closings {
        let d = &z.day;
        let date = d.date.to_string();
        assert!(d.refund_count == 3 && d.refunded > Money::ZERO, "{d:?}");
        let meals: i64 = d
            .totals
            .iter()
            .filter(|t| t.dimension == Dimension::Item)
            .map(|t| t.count)
            .sum();
        let expected = (meals, d.net.fen(), d.subsidy.fen());
        assert_eq!(by_day[&date], expected, "day {date}");
        for t in d.totals.iter().filter(|t| t.dimension == Dimension::Tier) {
            let label = table.labels.tier(&t.key).zh;
            let got = by_tier
                .get(&(date.clone(), label))
                .copied()
                .unwrap_or_default();
            assert_eq!(
                got,
                (t.count, t.amount.fen(), t.subsidy.fen()),
                "day {date} tier {}",
                t.key
            );
        }
    }
    // The partner report (CSV rows) pays the operator the Z's net and subsidy.
    let partner = report::partner(&mut conn, dates).unwrap();
    assert_eq!(partner.len(), 1);
    let z_sum = |f: fn(&canteen_core::closing::DayTotals) -> i64| -> i64 {
        closings.iter().map(|z| f(&z.day)).sum()
    };
    assert_eq!(
        (partner[0].paid_fen, partner[0].subsidy_fen),
        (z_sum(|d| d.net.fen()), z_sum(|d| d.subsidy.fen()))
    );
    let all_days = by_day
        .values()
        .fold((0, 0, 0), |a, d| (a.0 + d.0, a.1 + d.1, a.2 + d.2));
    assert_eq!(
        (
            num(&totals[5], 1.0),
            num(&totals[7], 100.0),
            num(&totals[8], 100.0)
        ),
        all_days,
        "the totals row sums the lines"
    );
    let meals = book.worksheet_range("用餐明细").unwrap();
    let masked: Vec<String> = meals
        .rows()
        .skip(1)
        .map(|r| r[8].to_string())
        .filter(|m| !m.is_empty())
        .collect();
    assert!(
        !masked.is_empty() && masked.iter().all(|m| m.contains("****")),
        "meal sheet lists masked IDs only"
    );
}
