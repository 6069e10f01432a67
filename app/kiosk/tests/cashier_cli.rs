//! The counter's commands through the real `canteen` binary: `staff add|list`
//! (PIN piped on stdin, never printed), `shift open|close|status` with a
//! supervisor for a large difference, `report x --shift`, `card top-up|balance`
//! and a card sale refused on a short balance; and an audit record edited on
//! disk is found by `canteen journal verify`.

use std::fs;
use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

const LUNCH: &str = "2026-11-23T12:00:00+08:00";
const EVENING: &str = "2026-11-23T19:45:00+08:00";
/// Cashier li opens her shift at lunch with a ¥200 float.
const OPEN_SHIFT: [&str; 8] = [
    "shift", "open", "--staff", "li", "--float", "20000", "--at", LUNCH,
];

mod support;
use support::{Sell, canteen, canteen_with, edit_on_disk, ints};

/// Adds a member of staff at lunchtime.
fn add_staff(data: &Path, name: &str, role: &str, pin: &str) -> Value {
    support::add_staff(data, name, role, pin, &["--at", LUNCH])
}

/// A fresh kiosk with its counter staff: cashier li (PIN 2468, record 1)
/// and supervisor wang (PIN 13579, record 2).
fn counter() -> TempDir {
    let dir = TempDir::new().unwrap();
    add_staff(dir.path(), "li", "cashier", "2468");
    add_staff(dir.path(), "wang", "supervisor", "13579");
    dir
}

#[test]
fn staff_are_added_with_a_piped_pin_and_listed_without_it() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let li = add_staff(data, "li", "cashier", "2468");
    assert_eq!(
        (li["name"].as_str(), li["role"].as_str()),
        (Some("li"), Some("cashier"))
    );
    let (code, bad) = canteen_with(
        data,
        &["staff", "add", "--name", "zhao", "--role", "cashier"],
        "12\n",
    );
    assert_eq!((code, bad["error"].as_str()), (2, Some("bad_pin")), "{bad}");
    let (code, none) = canteen_with(
        data,
        &["staff", "add", "--name", "zhao", "--role", "cashier"],
        "",
    );
    assert_eq!(
        (code, none["error"].as_str()),
        (2, Some("missing_pin")),
        "{none}"
    );
    let (code, list) = canteen(data, &["staff", "list"]);
    assert_eq!(code, 0);
    assert_eq!(list.as_array().unwrap().len(), 1);
    let text = list.to_string();
    assert!(
        !text.contains("2468") && !text.contains("argon2") && !text.contains("pin_hash"),
        "{text}"
    );
}

#[test]
fn a_shift_with_a_cash_sale_closes_with_a_supervisor_for_a_big_difference() {
    let dir = counter();
    let data = dir.path();
    let (code, open) = canteen(data, &OPEN_SHIFT);
    assert_eq!(
        (code, open["expected_fen"].as_i64()),
        (0, Some(20_000)),
        "{open}"
    );
    let lunch = Sell::demo("lunch-set").at(LUNCH).tendered(2000);
    let (code, sale) = canteen(data, lunch.args());
    assert_eq!(code, 0, "{sale}");
    let (code, x) = canteen(data, &["report", "x", "--shift", "--at", LUNCH]);
    assert_eq!(code, 0, "{x}");
    assert_eq!(
        ints(&x, ["/shift/expected_fen", "/day/sale_count"]),
        [21_500, 1],
        "{x}"
    );

    let close = [
        "shift",
        "close",
        "--staff",
        "li",
        "--counted",
        "20500",
        "--at",
        EVENING,
    ];
    let (code, refused) = canteen(data, &close);
    assert_eq!(
        (code, refused["error"].as_str()),
        (2, Some("supervisor_required")),
        "{refused}"
    );
    let with_pin = [&close[..], &["--supervisor-pin-stdin"]].concat();
    let (code, wrong) = canteen_with(data, &with_pin, "2468\n");
    assert_eq!(
        (code, wrong["error"].as_str()),
        (2, Some("not_supervisor")),
        "a cashier's PIN is not enough: {wrong}"
    );
    let (code, closed) = canteen_with(data, &with_pin, "13579\n");
    assert_eq!(code, 0, "{closed}");
    assert_eq!(
        ints(
            &closed,
            ["/expected_fen", "/counted_fen", "/difference_fen"]
        ),
        [21_500, 20_500, -1_000]
    );
    assert!(closed["supervisor_id"].as_u64().is_some());
    assert_eq!(canteen(data, &["shift", "status"]).1, Value::Null);
    assert_eq!(canteen(data, &["journal", "verify"]).0, 0);
}

#[test]
fn a_card_is_topped_up_at_the_counter_and_a_short_balance_refuses_the_sale() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    add_staff(data, "li", "cashier", "2468");
    let (code, up) = canteen(
        data,
        &[
            "card", "top-up", "--card", "C001", "--amount", "1000", "--staff", "li", "--at", LUNCH,
        ],
    );
    assert_eq!((code, up["balance_fen"].as_i64()), (0, Some(1_000)), "{up}");
    let (code, bal) = canteen(data, &["card", "balance", "--card", "C001"]);
    assert_eq!((code, bal["balance_fen"].as_i64()), (0, Some(1_000)));
    let (code, nobody) = canteen(
        data,
        &[
            "card", "top-up", "--card", "C001", "--amount", "1000", "--staff", "ghost",
        ],
    );
    assert_eq!((code, nobody["error"].as_str()), (2, Some("unknown_staff")));
}

#[test]
fn an_audit_record_edited_on_disk_is_found_by_journal_verify() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    add_staff(data, "li", "cashier", "2468"); // seq 1: staff_added "li (cashier)"
    add_staff(data, "mallory", "cashier", "1111"); // seq 2
    add_staff(data, "zhou", "cashier", "2222"); // seq 3
    assert_eq!(
        canteen(data, &["journal", "verify"]).1["records"].as_u64(),
        Some(3)
    );

    edit_on_disk(data, b"mallory (cashier)", b"mallorx");
    let (code, broken) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (code, broken["first_bad_seq"].as_u64()),
        (1, Some(2)),
        "{broken}"
    );
}

#[test]
fn a_void_needs_a_supervisor_pin_is_audited_and_happens_once() {
    let dir = counter();
    let data = dir.path();
    let soup = Sell::demo("soup").at(LUNCH).tendered(500);
    let (code, sale) = canteen(data, soup.args()); // 3
    assert_eq!(code, 0, "{sale}");
    let void = [
        "void",
        "--seq",
        "3",
        "--reason",
        "wrong dish",
        "--at",
        LUNCH,
    ];
    let (code, refused) = canteen_with(data, &void, "\n");
    assert_eq!((code, refused["error"].as_str()), (2, Some("missing_pin")));
    let (code, refused) = canteen_with(data, &void, "2468\n"); // 4: supervisor_refused
    assert_eq!(
        (code, refused["error"].as_str()),
        (2, Some("not_supervisor")),
        "{refused}"
    );
    let (code, done) = canteen_with(data, &void, "13579\n"); // 5: void, 6: void_authorised
    assert_eq!(code, 0, "{done}");
    assert_eq!(
        ints(&done, ["/seq", "/original_seq", "/refund_fen"]),
        [5, 3, 300]
    );
    let (code, again) = canteen_with(data, &void, "13579\n");
    assert_eq!((code, again["error"].as_str()), (2, Some("already_voided")));
    assert_eq!(
        canteen(data, &["journal", "verify"]).1["records"].as_u64(),
        Some(6)
    );
}

#[test]
fn a_refund_of_lines_needs_a_supervisor_and_is_refused_clearly() {
    let dir = counter();
    let data = dir.path();
    let (code, open) = canteen(data, &OPEN_SHIFT); // 3
    assert_eq!(code, 0, "{open}");
    let lunch_and_soup = Sell::demo("lunch-set").and("soup").at(LUNCH);
    let (code, sale) = canteen(data, lunch_and_soup.tendered(2000).args()); // 4: ¥15 + ¥3
    assert_eq!((code, sale["seq"].as_u64()), (0, Some(4)), "{sale}");
    let refund = |lines: &[&str], pin: &str| {
        let mut args = vec![
            "refund",
            "--seq",
            "4",
            "--reason",
            "cold soup",
            "--at",
            LUNCH,
        ];
        for l in lines {
            args.extend(["--line", l]);
        }
        canteen_with(data, &args, &format!("{pin}\n"))
    };
    let refused = |lines: &[&str], pin: &str| {
        let (code, v) = refund(lines, pin);
        assert_eq!(code, 2, "{v}");
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
        v["error"].as_str().unwrap().to_owned()
    };
    assert_eq!(refused(&["1"], "2468"), "not_supervisor"); // 5: supervisor_refused
    assert_eq!(refused(&["7"], "13579"), "unknown_line");
    assert_eq!(refused(&["1:2"], "13579"), "qty_too_large");
    assert_eq!(refused(&["x"], "13579"), "bad_line");
    let (code, done) = refund(&["1:1"], "13579"); // 6: refund, 7: refund_authorised
    assert_eq!(code, 0, "{done}");
    assert_eq!(
        (
            done["seq"].as_u64(),
            done["original_seq"].as_u64(),
            done["refund_fen"].as_i64(),
            done["lines"][0]["line"].as_u64(),
            done["lines"][0]["item"].as_str(),
        ),
        (Some(6), Some(4), Some(300), Some(1), Some("soup")),
        "{done}"
    );
    assert_eq!(refused(&["1"], "13579"), "qty_too_large");

    let (_, x) = canteen(data, &["report", "x", "--shift", "--at", LUNCH]);
    assert_eq!(
        (
            x["shift"]["cash"]["cash_refunds_fen"].as_i64(),
            x["shift"]["expected_fen"].as_i64(),
            x["day"]["refunded_fen"].as_i64(),
            x["day"]["net_fen"].as_i64(),
        ),
        (
            Some(300),
            Some(20_000 + 1_800 - 300),
            Some(300),
            Some(1_500)
        ),
        "{x}"
    );
    let (code, text) = canteen(data, &["report", "x", "--format", "text", "--at", LUNCH]);
    assert_eq!(code, 0);
    let text = text.as_str().unwrap_or_default().to_owned();
    assert!(
        text.contains("退款 / refunds  1   退款额 / refunded  ¥3.00"),
        "{text}"
    );
    let (code, void) = canteen_with(
        data,
        &["void", "--seq", "4", "--reason", "left", "--at", LUNCH],
        "13579\n",
    ); // 8, 9
    assert_eq!(
        (code, void["refund_fen"].as_i64()),
        (0, Some(1_500)),
        "{void}"
    );
    assert_eq!(refused(&["0"], "13579"), "already_voided");

    let soup = Sell::demo("soup").at(LUNCH).tendered(300);
    let (code, soup) = canteen(data, soup.args()); // 10
    assert_eq!((code, soup["seq"].as_u64()), (0, Some(10)), "{soup}");
    let (code, z) = canteen(
        data,
        &["report", "z", "--date", "2026-11-23", "--at", EVENING],
    );
    assert_eq!((code, z["net_fen"].as_i64()), (0, Some(300)), "{z}");
    let late = [
        "refund",
        "--seq",
        "10",
        "--line",
        "0",
        "--reason",
        "late",
        "--at",
        "2026-11-24T12:00:00+08:00",
    ];
    let (code, closed) = canteen_with(data, &late, "13579\n");
    assert_eq!(
        (code, closed["error"].as_str()),
        (2, Some("day_closed")),
        "{closed}"
    );
    assert_eq!(
        canteen(data, &["journal", "verify"]).1["ok"].as_bool(),
        Some(true)
    );

    // A refund row edited on disk (its reason) is found by `journal verify`.
    let db = data.join(canteen_ledger::DB_FILE);
    let mut bytes = fs::read(&db).unwrap();
    let needle = b"cold soup";
    let mut found = 0;
    while let Some(at) = bytes.windows(needle.len()).position(|w| w == needle) {
        bytes[at..at + 4].copy_from_slice(b"warm");
        found += 1;
    }
    assert!(found >= 1, "the reason is stored as text");
    fs::write(&db, bytes).unwrap();
    let (code, broken) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (code, broken["first_bad_seq"].as_u64()),
        (1, Some(6)),
        "{broken}"
    );
}
