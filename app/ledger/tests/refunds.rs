//! Line refunds (issue #6): a supervised `refund` record and its audit record
//! in one transaction; each line at most once; no refund of a voided sale, a
//! void after refunds reverses what remains; cash refunds in the shift's
//! expected cash, card refunds back on the card, the quota released; X/Z with
//! refund totals whose breakdowns still sum to the net; tampering with a refund
//! row is found by `verify`.

mod common;

use canteen_core::cashier::CashierRules;
use canteen_core::closing::Dimension;
use canteen_core::{Money, Refusal};
use canteen_ledger::{Authorisation, Ledger, LedgerError};
use common::*;
use tempfile::TempDir;

const RULES: CashierRules = CashierRules {
    lock_minutes: 15,
    shift_difference_limit: Money::from_fen(500),
    cashier_idle_seconds: 120,
};

/// [`common::staffed`], with `wang`'s approval at [`LUNCH`].
fn staffed() -> (TempDir, Ledger, Authorisation) {
    let (dir, mut ledger) = common::staffed();
    let wang = approve(&mut ledger, LUNCH);
    (dir, ledger, wang)
}

fn head(ledger: &Ledger) -> u64 {
    ledger.verify().unwrap().unwrap().head.seq
}

#[test]
fn a_refund_pays_back_the_lines_charged_price_and_names_the_supervisor() {
    let (dir, mut ledger, wang) = staffed();
    let id = id_number(AGE70, "123");
    // lunch-set ¥12 (subsidy ¥3) + soup ¥3, cash.
    let sale = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], Some(&id)).unwrap();
    assert_eq!(sale.total_fen, 1500);
    let refund = ledger
        .refund_lines(sale.seq, &[(0, 1)], "cold meal", &wang, at(LUNCH))
        .unwrap();
    assert_eq!(refund.original_seq, sale.seq);
    assert_eq!((refund.refund_fen, refund.subsidy_fen), (1200, 300));
    assert_eq!(refund.method, "cash");
    assert_eq!(refund.lines.len(), 1);
    assert_eq!(refund.lines[0].item, "lunch-set");

    let (staff, action, related, detail) = last_audit(dir.path());
    assert_eq!(
        (staff, action.as_str(), related),
        (wang.supervisor().id, "refund_authorised", refund.seq)
    );
    assert!(detail.contains("cold meal"), "{detail}");
    assert_eq!(head(&ledger), refund.seq + 1, "the audit record follows");

    let x = ledger.report_x(day()).unwrap();
    assert_eq!((x.sale_count, x.void_count, x.refund_count), (1, 0, 1));
    assert_eq!(
        (x.gross.fen(), x.refunded.fen(), x.net.fen()),
        (1500, 1200, 300)
    );
    assert_eq!(
        x.subsidy.fen(),
        0,
        "a refunded line's subsidy is not claimable"
    );
    for dim in Dimension::ALL {
        assert_eq!(sum(&x, dim), (x.net.fen(), x.subsidy.fen()), "{dim:?}");
    }
    let lunch = x
        .totals
        .iter()
        .find(|t| t.dimension == Dimension::Item && t.key == "lunch-set")
        .unwrap();
    assert_eq!(lunch.count, 0);

    let z = ledger
        .close_day(day(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    assert_eq!(z.closing.day, x);
    assert_eq!(z.closing.grand_total.fen(), 300);
    assert_eq!(ledger.closing(day()).unwrap().unwrap().closing, z.closing);
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn refusals_write_nothing() {
    let (_dir, mut ledger, wang) = staffed();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], None).unwrap();
    let before = head(&ledger);
    let code = |ledger: &mut Ledger, lines: &[(u64, u64)], reason: &str| {
        ledger
            .refund_lines(sale.seq, lines, reason, &wang, at(LUNCH))
            .unwrap_err()
            .code()
    };
    assert_eq!(code(&mut ledger, &[(2, 1)], "x"), Some("unknown_line"));
    assert_eq!(code(&mut ledger, &[(0, 2)], "x"), Some("qty_too_large"));
    assert_eq!(code(&mut ledger, &[(0, 0)], "x"), Some("nothing_to_refund"));
    assert_eq!(code(&mut ledger, &[(0, 1)], "  "), Some("missing_reason"));
    assert_eq!(
        ledger
            .refund_lines(sale.seq + 5, &[(0, 1)], "x", &wang, at(LUNCH))
            .unwrap_err()
            .code(),
        Some("no_such_sale")
    );
    assert_eq!(head(&ledger), before);

    ledger
        .refund_lines(sale.seq, &[(1, 1)], "no soup", &wang, at(LUNCH))
        .unwrap();
    let twice = ledger
        .refund_lines(sale.seq, &[(0, 1), (1, 1)], "again", &wang, at(LUNCH))
        .unwrap_err();
    match twice {
        LedgerError::RefundTooLarge {
            line,
            remaining,
            asked,
            ..
        } => assert_eq!((line, remaining, asked), (1, 0, 1)),
        other => panic!("{other:?}"),
    }
    let after_refund = head(&ledger);

    // A void after a refund gives back what remains, and a voided sale is final.
    let void = ledger
        .void_authorised(sale.seq, "gone home", &wang, at(LUNCH))
        .unwrap();
    assert_eq!((void.refund_fen, void.subsidy_fen), (1500, 0));
    assert_eq!(void.seq, after_refund + 1);
    assert_eq!(code(&mut ledger, &[(0, 1)], "x"), Some("already_voided"));
    let x = ledger.report_x(day()).unwrap();
    assert_eq!(
        (x.gross.fen(), x.voided.fen(), x.refunded.fen()),
        (1800, 1500, 300)
    );
    assert_eq!(x.net.fen(), 0);
    for dim in Dimension::ALL {
        assert_eq!(sum(&x, dim), (0, 0), "{dim:?}");
    }

    // A closed day takes no refund.
    let other = sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    ledger
        .close_day(day(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    let closed = ledger
        .refund_lines(
            other.seq,
            &[(0, 1)],
            "late",
            &wang,
            at("2026-11-24T12:00:00+08:00"),
        )
        .unwrap_err();
    assert_eq!(closed.code(), Some("day_closed"));
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn a_cash_refund_lowers_the_expected_cash_at_shift_close() {
    let (_dir, mut ledger, wang) = staffed();
    let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap();
    ledger
        .open_shift(li.id, Money::from_yuan(200), at(LUNCH))
        .unwrap();
    let a = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], None).unwrap(); // ¥18
    ledger
        .refund_lines(a.seq, &[(1, 1)], "spilt", &wang, at(LUNCH))
        .unwrap();
    let so_far = ledger.current_shift().unwrap().unwrap();
    assert_eq!(so_far.cash.refunds.fen(), 300);
    assert_eq!(so_far.refund_count, 1);
    assert_eq!(so_far.expected_fen, 20_000 + 1_800 - 300);
    // Voiding the rest pays back only the ¥15 that remained.
    ledger
        .void_authorised(a.seq, "gone", &wang, at(LUNCH))
        .unwrap();
    let so_far = ledger.current_shift().unwrap().unwrap();
    assert_eq!(so_far.expected_fen, 20_000);
    let closed = ledger
        .close_shift(li.id, Money::from_yuan(200), None, at(DINNER), &RULES)
        .unwrap();
    assert_eq!(
        (closed.expected_fen, closed.difference_fen),
        (20_000, Some(0))
    );
}

fn card_sale(ledger: &mut Ledger, items: &[&str]) -> canteen_ledger::CommittedSale {
    let rules = rules();
    ledger
        .sell(&request(&rules, LUNCH, items, None, card("C001")))
        .unwrap()
}

#[test]
fn a_card_refund_goes_back_on_the_card_and_cash_is_untouched() {
    let (_dir, mut ledger, wang) = staffed();
    let li = ledger.sign_in("li", "1234", at(LUNCH), &RULES).unwrap();
    ledger
        .top_up_card("C001", Money::from_yuan(50), li.id, at(LUNCH))
        .unwrap();
    ledger
        .open_shift(li.id, Money::from_yuan(100), at(LUNCH))
        .unwrap();
    let sale = card_sale(&mut ledger, &["lunch-set", "soup"]);
    assert_eq!(ledger.card_balance("C001").unwrap().fen(), 5_000 - 1_800);
    let refund = ledger
        .refund_lines(sale.seq, &[(0, 1)], "wrong dish", &wang, at(LUNCH))
        .unwrap();
    assert_eq!(refund.method, "card");
    assert_eq!(ledger.card_balance("C001").unwrap().fen(), 5_000 - 300);
    assert_eq!(
        ledger.current_shift().unwrap().unwrap().expected_fen,
        10_000
    );
    ledger.void(sale.seq, "all of it", at(LUNCH)).unwrap();
    assert_eq!(ledger.card_balance("C001").unwrap().fen(), 5_000);
    let x = ledger.report_x(day()).unwrap();
    let card = x
        .totals
        .iter()
        .find(|t| t.dimension == Dimension::Payment && t.key == "card")
        .unwrap();
    assert_eq!((card.count, card.amount.fen()), (0, 0));
}

#[test]
fn refunding_a_quota_meal_frees_the_quota() {
    let (_dir, mut ledger, wang) = staffed();
    let id = id_number(AGE70, "123");
    let first = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    let who = parse_id(&id, LUNCH);
    assert_eq!(ledger.quota_used(&who, day(), "lunch").unwrap(), 1);
    ledger
        .refund_lines(first.seq, &[(0, 1)], "cold", &wang, at(LUNCH))
        .unwrap();
    assert_eq!(ledger.quota_used(&who, day(), "lunch").unwrap(), 0);
    let again = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    assert_eq!(again.total_fen, 1200, "subsidised again");
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn tampering_with_a_refund_breaks_the_chain_and_triggers_refuse_edits() {
    let cases = [
        "UPDATE refund_lines SET amount_fen = 1 WHERE seq = {r}",
        "UPDATE refund_lines SET subsidy_fen = 0 WHERE seq = {r}",
        "UPDATE refund_lines SET line_no = 1 WHERE seq = {r}",
        "UPDATE refunds SET reason = 'x' WHERE seq = {r}",
        "UPDATE refunds SET supervisor_id = 1 WHERE seq = {r}",
        "UPDATE refunds SET original_seq = original_seq + 1 WHERE seq = {r}",
        "DELETE FROM refund_lines WHERE seq = {r}",
        "INSERT INTO refund_lines (seq, line_no, qty, amount_fen, subsidy_fen) VALUES ({r}, 1, 1, 300, 0)",
        "UPDATE journal SET kind = 'audit' WHERE seq = {r}",
    ];
    for sql in cases {
        let (dir, mut ledger, wang) = staffed();
        let id = id_number(AGE70, "123");
        let sale = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], Some(&id)).unwrap();
        let r = ledger
            .refund_lines(sale.seq, &[(0, 1)], "cold", &wang, at(LUNCH))
            .unwrap()
            .seq;
        assert!(ledger.verify().unwrap().is_ok());
        let conn = raw(dir.path());
        for edit in [
            format!("UPDATE refund_lines SET amount_fen = 0 WHERE seq = {r}"),
            format!("DELETE FROM refunds WHERE seq = {r}"),
        ] {
            let e = conn.execute_batch(&edit).unwrap_err();
            assert!(e.to_string().contains("append-only"), "{e}");
        }
        drop(conn);
        drop(ledger);
        let sql = sql.replace("{r}", &r.to_string());
        assert_eq!(tamper(&dir, &sql), r, "{sql}");
    }

    // A closing's refund totals are in the chain too.
    let (dir, mut ledger, wang) = staffed();
    let sale = sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    ledger
        .refund_lines(sale.seq, &[(0, 1)], "cold", &wang, at(LUNCH))
        .unwrap();
    let z = ledger
        .close_day(day(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    assert_eq!(z.closing.day.refunded.fen(), 300);
    drop(ledger);
    let sql = format!(
        "UPDATE closing_refunds SET refunded_fen = 0 WHERE seq = {}",
        z.seq
    );
    assert_eq!(tamper(&dir, &sql), z.seq);
}

#[test]
fn refund_state_lists_refunded_lines_and_a_void() {
    let (_dir, mut ledger, wang) = staffed();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], None).unwrap();
    let fresh = ledger.refund_state(sale.seq).unwrap();
    assert!(!fresh.voided && fresh.refunded.is_empty());
    assert!(fresh.refundable(0) && fresh.refundable(1));

    ledger
        .refund_lines(sale.seq, &[(1, 1)], "cold soup", &wang, at(LUNCH))
        .unwrap();
    let after = ledger.refund_state(sale.seq).unwrap();
    assert_eq!(after.refunded, vec![(1, 1)]);
    assert!(after.refundable(0));
    assert!(!after.refundable(1), "a line is refunded once");

    ledger
        .void_authorised(sale.seq, "wrong order", &wang, at(LUNCH))
        .unwrap();
    let voided = ledger.refund_state(sale.seq).unwrap();
    assert!(voided.voided);
    assert!(!voided.refundable(0), "nothing of a voided sale");
}

/// What a refund screen is offered is refused exactly as the refund would be.
#[test]
fn a_refund_screen_is_offered_what_the_refund_accepts() {
    let (_dir, mut ledger, wang) = staffed();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], None).unwrap();
    ledger
        .refund_lines(sale.seq, &[(1, 1)], "cold soup", &wang, at(LUNCH))
        .unwrap();
    let offered = ledger.refundable(sale.seq).unwrap();
    assert_eq!(offered.sale.seq, sale.seq);
    assert_eq!(offered.method.as_str(), "cash");
    assert!(offered.state.refundable(0) && !offered.state.refundable(1));

    let refused = |ledger: &Ledger, seq| ledger.refundable(seq).unwrap_err().refusal();
    assert_eq!(refused(&ledger, sale.seq + 99), Some(Refusal::NoSuchSale));
    ledger
        .void_authorised(sale.seq, "wrong order", &wang, at(LUNCH))
        .unwrap();
    assert_eq!(refused(&ledger, sale.seq), Some(Refusal::AlreadyVoided));
}
