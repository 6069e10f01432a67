//! Daily closing (Z) and the running day (X): totals reconcile with the lines,
//! voids reverse under the original's dimensions, a date closes once, and a
//! closed date takes no more records.

mod common;

use canteen_core::closing::Dimension;
use chrono::NaiveDate;
use common::*;

#[test]
fn z_totals_reconcile_with_the_lines() {
    let (_dir, mut ledger) = fresh();
    let ids = [
        id_number(AGE70, "001"),
        id_number(AGE85, "002"),
        id_number(AGE95, "003"),
    ];
    let mut sold = Vec::new();
    for (n, id) in ids.iter().enumerate() {
        sold.push(sell(&mut ledger, LUNCH, &["lunch-set", "soup"], Some(id)).unwrap());
        sold.push(sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap());
        sold.push(
            sell(
                &mut ledger,
                DINNER,
                &["dinner-set"],
                Some(&ids[(n + 1) % 3]),
            )
            .unwrap(),
        );
    }
    ledger.void(sold[1].seq, "double scan", at(DINNER)).unwrap();
    // Another day's sale must not count.
    sell(
        &mut ledger,
        "2026-11-24T12:00:00+08:00",
        &["lunch-set"],
        None,
    )
    .unwrap();

    let x = ledger.report_x(day()).unwrap();
    let gross: i64 = sold.iter().map(|s| s.total_fen).sum();
    let subsidy: i64 = sold.iter().map(|s| s.subsidy_fen).sum::<i64>() - sold[1].subsidy_fen;
    assert_eq!((x.sale_count, x.void_count), (9, 1));
    assert_eq!(x.gross.fen(), gross);
    assert_eq!(x.voided.fen(), sold[1].total_fen);
    assert_eq!(x.net.fen(), gross - sold[1].total_fen);
    assert_eq!(x.subsidy.fen(), subsidy);
    for dim in [
        Dimension::Item,
        Dimension::Tier,
        Dimension::Period,
        Dimension::Payment,
        Dimension::Category,
    ] {
        assert_eq!(
            sum(&x, dim),
            (x.net.fen(), x.subsidy.fen()),
            "{dim:?} breakdown"
        );
    }
    let lunch_sets = x
        .totals
        .iter()
        .find(|t| t.dimension == Dimension::Item && t.key == "lunch-set")
        .unwrap();
    assert_eq!(lunch_sets.count, 5, "six sold, one voided");
    // The anonymous meals (three sold, one voided) have no tier and no
    // category: their key is `none`, as the X/Z JSON and the office write it.
    for dim in [Dimension::Tier, Dimension::Category] {
        let none = x
            .totals
            .iter()
            .find(|t| t.dimension == dim && t.key == "none");
        assert!(
            none.is_some_and(|t| t.count >= 2),
            "{dim:?}: {:?}",
            x.totals
        );
    }
    assert_eq!((x.first_seq, x.last_seq), (Some(1), Some(10)));

    let z = ledger
        .close_day(day(), at("2026-11-24T08:00:00+08:00"))
        .unwrap();
    assert_eq!(z.closing.day, x);
    assert_eq!(z.closing.head_seq, 11);
    assert_eq!(
        z.closing.grand_total.fen(),
        x.net.fen() + 1500,
        "perpetual: includes the next day's sale"
    );
    let head = ledger.verify().unwrap().unwrap();
    assert_eq!(head.head.seq, z.seq);
}

#[test]
fn closing_twice_returns_the_same_closing_and_the_day_stays_closed() {
    let (_dir, mut ledger) = fresh();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    let first = ledger
        .close_day(day(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    let again = ledger
        .close_day(day(), at("2026-11-23T21:00:00+08:00"))
        .unwrap();
    assert_eq!(
        (first.seq, &first.hash, &first.at),
        (again.seq, &again.hash, &again.at)
    );
    assert_eq!(first.closing, again.closing);
    assert_eq!(
        first.closing.chain_head.to_vec(),
        hex::decode(&sale.hash).unwrap()
    );
    assert_eq!(
        sell(&mut ledger, DINNER, &["dinner-set"], None)
            .unwrap_err()
            .code(),
        Some("day_closed")
    );
    let late = ledger.void(sale.seq, "late", at(DINNER));
    assert_eq!(refused(late), Some("day_closed"));
    assert_eq!(
        ledger
            .close_day(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(), at(LUNCH))
            .unwrap_err()
            .code(),
        Some("future_day")
    );
}

#[test]
fn an_empty_day_closes_with_zero_totals() {
    let (_dir, mut ledger) = fresh();
    let z = ledger.close_day(day(), at(DINNER)).unwrap();
    assert_eq!(
        (
            z.closing.day.sale_count,
            z.closing.day.first_seq,
            z.closing.head_seq
        ),
        (0, None, 0)
    );
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn nothing_is_added_behind_the_last_closed_day() {
    let (_dir, mut ledger) = fresh();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    // 11-24 is closed; 11-23 never was.
    ledger
        .close_day(
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            at("2026-11-24T20:00:00+08:00"),
        )
        .unwrap();
    let before = ledger.verify().unwrap().unwrap().records;
    for when in [
        LUNCH,
        "2026-11-24T12:00:00+08:00",
        "2026-11-01T12:00:00+08:00",
    ] {
        let err = sell(&mut ledger, when, &["lunch-set"], None).unwrap_err();
        assert_eq!(err.code(), Some("day_closed"), "{when}");
        assert!(err.to_string().contains("2026-11-24"), "{err}");
    }
    let late = ledger.void(sale.seq, "late", at(DINNER));
    assert_eq!(refused(late), Some("day_closed"));
    assert_eq!(ledger.verify().unwrap().unwrap().records, before);
    // The next day is open.
    sell(
        &mut ledger,
        "2026-11-25T12:00:00+08:00",
        &["lunch-set"],
        None,
    )
    .unwrap();
}
