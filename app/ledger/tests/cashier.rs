//! The counter: staff and PINs (argon2, lockout after five wrong PINs), audit
//! records of every attempt in the hash chain (tampering found), cash shifts
//! with expected cash and a supervisor for large differences, supervised voids,
//! meal-card top-ups and balances.

mod common;

use canteen_core::cashier::{AuditAction, CashierRules, Role};
use canteen_core::{Money, Refusal};
use canteen_ledger::{Ledger, LedgerError, SaleRequest};
use common::*;
use tempfile::TempDir;

const RULES: CashierRules = CashierRules {
    lock_minutes: 15,
    shift_difference_limit: Money::from_fen(500),
    cashier_idle_seconds: 120,
};

fn audit_actions(dir: &TempDir) -> Vec<(Option<u64>, String)> {
    raw(dir.path())
        .prepare("SELECT staff_id, action FROM audit ORDER BY seq")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn staff_are_listed_without_their_pin_and_pins_are_checked() {
    let (dir, mut ledger) = staffed();
    let staff = ledger.list_staff().unwrap();
    assert_eq!(
        staff
            .iter()
            .map(|s| (s.name.as_str(), s.role))
            .collect::<Vec<_>>(),
        [("li", Role::Cashier), ("wang", Role::Supervisor)]
    );
    let json = serde_json::to_string(&staff).unwrap();
    assert!(!json.contains("argon2") && !json.contains("1234"), "{json}");
    let stored: String = raw(dir.path())
        .query_row("SELECT pin_hash FROM staff WHERE name = 'li'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    for bad in ["123", "123456789", "12a4"] {
        let e = ledger
            .add_staff("zhao", Role::Cashier, bad, at(LUNCH))
            .unwrap_err();
        assert_eq!(e.code(), Some("bad_pin"), "{bad}");
    }
    let dup = ledger
        .add_staff("li", Role::Cashier, "5555", at(LUNCH))
        .unwrap_err();
    assert_eq!(dup.code(), Some("staff_exists"));
}

#[test]
fn five_wrong_pins_lock_and_every_attempt_is_audited() {
    let (dir, mut ledger) = staffed();
    let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap();
    ledger.sign_out(li.id, at(LUNCH)).unwrap();
    for left in (1..=4).rev() {
        match ledger.sign_in("li", "0000", at(LUNCH), &RULES) {
            Err(LedgerError::WrongPin { left: l }) => assert_eq!(l, left),
            other => panic!("{other:?}"),
        }
    }
    let locked = ledger.sign_in("li", "0000", at(LUNCH), &RULES).unwrap_err();
    assert_eq!(locked.code(), Some("staff_locked"), "{locked}");
    assert_eq!(
        locked.refusal(),
        Some(Refusal::StaffLocked { minutes: 15 }),
        "the counter shows the whole lock time"
    );
    let still = ledger
        .sign_in("li", "1234", at("2026-11-23T12:14:59+08:00"), &RULES)
        .unwrap_err();
    assert_eq!(
        still.code(),
        Some("staff_locked"),
        "the right PIN does not unlock early"
    );
    assert_eq!(
        still.refusal(),
        Some(Refusal::StaffLocked { minutes: 1 }),
        "one second left reads as a minute"
    );
    ledger
        .sign_in("li", "1234", at("2026-11-23T12:15:00+08:00"), &RULES)
        .unwrap();
    let unknown = ledger
        .sign_in("nobody", "1234", at(LUNCH), &RULES)
        .unwrap_err();
    assert_eq!(unknown.code(), Some("unknown_staff"));

    let actions: Vec<String> = audit_actions(&dir).into_iter().map(|a| a.1).collect();
    assert_eq!(
        actions,
        [
            "staff_added",
            "staff_added",
            "sign_in",
            "sign_out",
            "sign_in_failed",
            "sign_in_failed",
            "sign_in_failed",
            "sign_in_failed",
            "sign_in_failed",
            "locked",
            "sign_in_failed",
            "sign_in",
            "sign_in_failed",
        ]
    );
    assert_eq!(ledger.verify().unwrap().unwrap().records, 13);
}

#[test]
fn a_sign_in_after_a_lock_ran_out_starts_a_fresh_count() {
    let (_dir, mut ledger) = staffed();
    for _ in 0..5 {
        let _ = ledger.sign_in("li", "0000", at(LUNCH), &RULES);
    }
    let later = at("2026-11-23T13:00:00+08:00");
    match ledger.sign_in("li", "0000", later, &RULES) {
        Err(LedgerError::WrongPin { left }) => assert_eq!(left, 4),
        other => panic!("{other:?}"),
    }
}

#[test]
fn only_a_supervisor_pin_authorises_and_a_refusal_is_audited() {
    let (dir, mut ledger) = staffed();
    let cashier_pin = ledger.authorise_supervisor("1234", at(LUNCH), &RULES);
    assert_eq!(refused(cashier_pin), Some("not_supervisor"));
    let ok = approve(&mut ledger, LUNCH);
    assert_eq!(ok.supervisor().name, "wang");
    assert_eq!(audit_actions(&dir).last().unwrap().1, "supervisor_refused");
}

/// A supervisor PIN names no account, so the till itself locks supervisor
/// approval after five wrong supervisor PINs in the lock time: even the right
/// PIN is refused (and audited) until the lock runs out.
#[test]
fn five_wrong_supervisor_pins_lock_supervisor_approval_for_the_lock_time() {
    let (dir, mut ledger) = staffed();
    wrong_supervisor_pins(&mut ledger, |i| format!("2026-11-23T12:0{i}:00+08:00"));
    let during = at("2026-11-23T12:18:59+08:00");
    match ledger.authorise_supervisor("9876", during, &RULES) {
        Err(LedgerError::SupervisorLocked { until, minutes }) => {
            assert_eq!(until, "2026-11-23T12:19:00+08:00");
            assert_eq!(minutes, 1, "one second left reads as a minute");
        }
        other => panic!("{other:?}"),
    }
    // Tries while locked do not stretch the lock.
    let after = at("2026-11-23T12:19:00+08:00");
    let ok = ledger.authorise_supervisor("9876", after, &RULES).unwrap();
    assert_eq!(ok.supervisor().name, "wang");
    let refusals: Vec<String> = column(
        dir.path(),
        "SELECT detail FROM audit WHERE action = 'supervisor_refused' ORDER BY seq",
    );
    assert_eq!(refusals.len(), 6, "{refusals:?}");
    assert!(refusals[5].contains("locked until"), "{refusals:?}");
    assert!(ledger.verify().unwrap().is_ok());
}

/// Five wrong supervisor PINs, try `i` at `when(i)`: each refused as no
/// supervisor's.
fn wrong_supervisor_pins(ledger: &mut Ledger, when: impl Fn(u32) -> String) {
    for i in 0..5 {
        let wrong = ledger.authorise_supervisor("0000", at(&when(i)), &RULES);
        assert_eq!(refused(wrong), Some("not_supervisor"), "try {i}");
    }
}

/// Wrong supervisor PINs spread wider than the lock time never lock anything.
#[test]
fn wrong_supervisor_pins_spread_over_time_do_not_lock() {
    let (_dir, mut ledger) = staffed();
    wrong_supervisor_pins(&mut ledger, |i| format!("2026-11-23T1{i}:00:00+08:00"));
    let ok = ledger
        .authorise_supervisor("9876", at("2026-11-23T14:00:01+08:00"), &RULES)
        .unwrap();
    assert_eq!(ok.supervisor().name, "wang");
}

/// A counter sale's audit notes (an ID typed by hand, the child tier) are
/// written right after the sale in its transaction, naming the staff member and
/// the sale; a refused sale writes neither the sale nor its notes.
#[test]
fn counter_notes_are_audited_with_the_sale_or_not_at_all() {
    use canteen_ledger::CounterNote;
    let (dir, mut ledger) = staffed();
    let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap();
    let rules = rules();
    let number = id_number(AGE70, "013");
    let id = parse_id(&number, LUNCH);
    let notes = [
        CounterNote {
            staff_id: li.id,
            action: AuditAction::ManualIdEntry,
            detail: format!("typed at the counter: {}", id.masked_at_rest()),
        },
        CounterNote {
            staff_id: li.id,
            action: AuditAction::ChildTier,
            detail: "child under 1.4 m".into(),
        },
    ];
    let req = |expected: Option<Money>| SaleRequest {
        expected_total: expected,
        ..request(&rules, LUNCH, &["lunch-set"], Some(&id), cash(100))
    };
    let before = ledger.verify().unwrap().unwrap().records;
    let refused = ledger
        .sell_at_counter(&req(Some(Money::from_fen(1))), None, &notes)
        .unwrap_err();
    assert_eq!(refused.code(), Some("price_changed"));
    assert_eq!(ledger.verify().unwrap().unwrap().records, before);

    let sale = ledger.sell_at_counter(&req(None), None, &notes).unwrap();
    // seq, staff_id, action, detail, related_seq
    type AuditRow = (u64, Option<u64>, String, String, Option<u64>);
    let rows: Vec<AuditRow> = raw(dir.path())
        .prepare("SELECT seq, staff_id, action, detail, related_seq FROM audit WHERE seq > ?1 ORDER BY seq")
        .unwrap()
        .query_map([sale.seq], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (rows[0].0, rows[0].1, rows[0].2.as_str(), rows[0].4),
        (sale.seq + 1, Some(li.id), "manual_id_entry", Some(sale.seq))
    );
    assert_eq!(
        (rows[1].0, rows[1].2.as_str(), rows[1].3.as_str()),
        (sale.seq + 2, "child_tier", "child under 1.4 m")
    );
    assert!(!rows[0].3.contains(&number), "masked only: {}", rows[0].3);
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn edited_audit_shift_and_top_up_rows_break_the_chain() {
    let cases = [
        (
            "UPDATE audit SET detail = 'nothing happened' WHERE seq = 3",
            3,
        ),
        ("UPDATE audit SET staff_id = 2 WHERE seq = 3", 3),
        ("UPDATE audit SET action = 'sign_out' WHERE seq = 3", 3),
        ("DELETE FROM audit WHERE seq = 3", 3),
        ("UPDATE shifts SET float_fen = 0 WHERE seq = 4", 4),
        (
            "UPDATE card_top_ups SET amount_fen = 99900 WHERE seq = 5",
            5,
        ),
        (
            "INSERT INTO audit (seq, staff_id, action, detail) VALUES (4, 1, 'sign_in', '')",
            4,
        ),
    ];
    for (sql, seq) in cases {
        let (dir, mut ledger) = staffed();
        let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap(); // 3
        ledger
            .open_shift(li.id, Money::from_yuan(200), at(LUNCH))
            .unwrap(); // 4
        ledger
            .top_up_card("C001", Money::from_yuan(50), li.id, at(LUNCH))
            .unwrap(); // 5
        assert!(ledger.verify().unwrap().is_ok());
        drop(ledger);
        assert_eq!(tamper(&dir, sql), seq, "{sql}");
    }
}

#[test]
fn a_shift_expects_float_plus_cash_less_change_and_refunds_and_a_big_difference_needs_a_supervisor()
{
    let (_dir, mut ledger) = staffed();
    let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap();
    let opened = ledger
        .open_shift(li.id, Money::from_yuan(200), at(LUNCH))
        .unwrap();
    assert_eq!(opened.expected_fen, 20_000);
    let again = ledger
        .open_shift(li.id, Money::ZERO, at(LUNCH))
        .unwrap_err();
    assert_eq!(again.code(), Some("shift_already_open"));

    let a = sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap(); // ¥15, ¥100 tendered
    sell(&mut ledger, LUNCH, &["soup"], None).unwrap(); // ¥3
    let wang = approve(&mut ledger, LUNCH);
    let void = ledger
        .void_authorised(a.seq, "wrong dish", &wang, at(LUNCH))
        .unwrap();
    ledger
        .top_up_card("C001", Money::from_yuan(30), li.id, at(LUNCH))
        .unwrap();

    let so_far = ledger.current_shift().unwrap().unwrap();
    assert_eq!(so_far.expected_fen, 20_000 + 300 + 3_000);
    assert_eq!((so_far.sale_count, so_far.void_count), (2, 1));

    let short = Money::from_fen(so_far.expected_fen - 600);
    match ledger.close_shift(li.id, short, None, at(DINNER), &RULES) {
        Err(e @ LedgerError::SupervisorRequired { difference, .. }) => {
            assert_eq!(difference, Money::from_fen(-600));
            assert_eq!(
                e.refusal(),
                Some(Refusal::SupervisorRequired {
                    limit: RULES.shift_difference_limit
                }),
                "the counter shows the limit, as its own check does"
            );
        }
        other => panic!("{other:?}"),
    }
    let wang = approve(&mut ledger, DINNER);
    let closed = ledger
        .close_shift(li.id, short, Some(&wang), at(DINNER), &RULES)
        .unwrap();
    assert_eq!(
        (closed.difference_fen, closed.supervisor_id),
        (Some(-600), Some(wang.supervisor().id))
    );
    assert!(ledger.current_shift().unwrap().is_none());
    let again = ledger.shift_report(opened.open_seq).unwrap().unwrap();
    assert_eq!(again, closed, "the stored shift reprints as it closed");
    assert!(ledger.shift_report(opened.open_seq + 1).unwrap().is_none());
    assert_eq!(
        ledger
            .close_shift(li.id, short, None, at(DINNER), &RULES)
            .unwrap_err()
            .code(),
        Some("no_open_shift")
    );

    // Within the limit a cashier closes alone.
    ledger
        .open_shift(li.id, Money::from_yuan(100), at(DINNER))
        .unwrap();
    let ok = ledger
        .close_shift(li.id, Money::from_fen(9_600), None, at(DINNER), &RULES)
        .unwrap();
    assert_eq!(ok.difference_fen, Some(-400));
    assert!(ledger.verify().unwrap().is_ok());
    assert_eq!(void.original_seq, a.seq);
}

#[test]
fn a_supervised_void_is_followed_by_its_audit_record() {
    let (dir, mut ledger) = staffed();
    let a = sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    let wang = approve(&mut ledger, LUNCH);
    let void = ledger
        .void_authorised(a.seq, "diner changed mind", &wang, at(LUNCH))
        .unwrap();
    let (staff, action, related, detail) = last_audit(dir.path());
    assert_eq!(
        (staff, action.as_str(), related),
        (wang.supervisor().id, "void_authorised", void.seq)
    );
    assert!(detail.contains("diner changed mind"), "{detail}");
}

fn card_sale(
    ledger: &mut Ledger,
    card: &str,
) -> Result<canteen_ledger::CommittedSale, LedgerError> {
    let rules = rules();
    ledger.sell(&request(
        &rules,
        LUNCH,
        &["lunch-set"],
        None,
        common::card(card),
    ))
}

#[test]
fn a_card_sale_needs_the_balance_and_a_void_gives_it_back() {
    let (_dir, mut ledger) = staffed();
    let short = card_sale(&mut ledger, "C001").unwrap_err();
    assert_eq!(short.code(), Some("insufficient_balance"));
    assert!(short.to_string().contains("¥0.00"), "{short}");
    let up = ledger
        .top_up_card("C001", Money::from_yuan(20), 1, at(LUNCH))
        .unwrap();
    assert_eq!(up.balance_fen, 2_000);
    let sale = card_sale(&mut ledger, "C001").unwrap();
    assert_eq!(sale.card_balance_fen, Some(500));
    let again = card_sale(&mut ledger, "C001").unwrap_err();
    assert!(again.to_string().contains("¥5.00"), "{again}");
    ledger.void(sale.seq, "test", at(LUNCH)).unwrap();
    assert_eq!(ledger.card_balance("C001").unwrap(), Money::from_yuan(20));
    assert_eq!(ledger.card_balance("C002").unwrap(), Money::ZERO);
    assert_eq!(
        ledger
            .top_up_card("C001", Money::ZERO, 1, at(LUNCH))
            .unwrap_err()
            .code(),
        Some("bad_amount")
    );
}

#[test]
fn a_no_sale_drawer_opening_names_the_supervisor_and_needs_a_reason() {
    let (dir, mut ledger) = staffed();
    let wang = approve(&mut ledger, LUNCH);
    let e = ledger.no_sale(1, &wang, " ", at(LUNCH)).unwrap_err();
    assert_eq!(e.code(), Some("missing_reason"));
    ledger
        .no_sale(1, &wang, "change for the float", at(LUNCH))
        .unwrap();
    assert_eq!(
        audit_actions(&dir).last().unwrap(),
        &(Some(wang.supervisor().id), "no_sale_drawer".to_owned())
    );
}

#[test]
fn counter_actions_are_audited_with_the_staff_member() {
    let (dir, mut ledger) = staffed();
    let seq = ledger
        .audit(
            Some(1),
            AuditAction::ManualIdEntry,
            "110***********002X",
            None,
            at(LUNCH),
        )
        .unwrap();
    ledger
        .audit(
            Some(1),
            AuditAction::Reprint,
            "补打 / COPY",
            Some(seq),
            at(LUNCH),
        )
        .unwrap();
    assert_eq!(
        audit_actions(&dir)[2..],
        [
            (Some(1), "manual_id_entry".to_owned()),
            (Some(1), "reprint".to_owned())
        ]
    );
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn an_id_number_typed_as_a_staff_name_is_masked_in_the_audit_record() {
    let (dir, mut ledger) = staffed();
    let number = id_number(AGE70, "123");
    ledger
        .sign_in(&number, "1234", at(LUNCH), &RULES)
        .unwrap_err();
    let detail: String = scalar(
        &raw(dir.path()),
        "SELECT detail FROM audit ORDER BY seq DESC LIMIT 1",
    );
    assert!(!detail.contains(&number), "{detail}");
    // Stored: the at-rest form, not even the screen's first 3 and last 4.
    assert!(
        detail.contains(canteen_core::resident_id::MASKED_AT_REST),
        "{detail}"
    );
    assert!(!detail.contains(&number[14..]), "{detail}");
    assert!(ledger.verify().unwrap().is_ok());
}
