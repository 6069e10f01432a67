//! The journal: sales chain and verify; every kind of tampering done with raw
//! SQL (after dropping the triggers) is found at the right record; triggers
//! refuse edits; voids; clock sanity; refused sales write nothing.

mod common;

use canteen_core::PaymentChoice;
use canteen_ledger::LedgerError;
use common::*;
use tempfile::TempDir;

/// Five sales (two identified), a void of sale 2 and the day's closing: 7 records.
fn journal() -> TempDir {
    let (dir, mut ledger) = fresh();
    let a = id_number(AGE70, "123");
    let b = id_number(AGE85, "456");
    lunch_for(&mut ledger, "2026-11-23T11:01:00+08:00", &a);
    sell(
        &mut ledger,
        "2026-11-23T11:02:00+08:00",
        &["lunch-set", "soup"],
        None,
    )
    .unwrap();
    lunch_for(&mut ledger, "2026-11-23T11:03:00+08:00", &b);
    sell(&mut ledger, "2026-11-23T11:04:00+08:00", &["soup"], None).unwrap();
    lunch_for(&mut ledger, "2026-11-23T11:05:00+08:00", &a);
    ledger
        .void(2, "wrong item", at("2026-11-23T11:06:00+08:00"))
        .unwrap();
    ledger
        .close_day(at(LUNCH).date_naive(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    dir
}

/// Applies `sql` to a journal with its triggers dropped; returns the break found.
fn tampered(sql: &str) -> (u64, String) {
    let dir = journal();
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let verdict = open(dir.path()).verify().unwrap().unwrap_err();
    (verdict.first_bad_seq, verdict.reason)
}

#[test]
fn a_sound_journal_verifies_to_its_head() {
    let dir = journal();
    let mut ledger = open(dir.path());
    let head = ledger.verify().unwrap().unwrap();
    assert_eq!(head.records, 7);
    assert_eq!(head.head.seq, 7);
    let next = sell(&mut ledger, "2026-11-24T12:00:00+08:00", &["soup"], None).unwrap();
    assert_eq!(next.seq, 8);
    let conn = raw(dir.path());
    let prev: Vec<u8> = conn
        .query_row("SELECT prev_hash FROM journal WHERE seq = 8", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(prev, head.head.hash);
}

#[test]
fn an_edited_amount_is_found() {
    assert_eq!(
        tampered("UPDATE sale_entries SET charged_fen = 0 WHERE seq = 3 AND kind = 'line'").0,
        3
    );
}

#[test]
fn an_edited_header_field_is_found() {
    assert_eq!(
        tampered("UPDATE journal SET at = '2026-11-23T10:00:00+08:00' WHERE seq = 4").0,
        4
    );
    assert_eq!(
        tampered("UPDATE journal SET masked_id = NULL, resident_key = NULL WHERE seq = 1").0,
        1
    );
    // The pricing version a sale names is hashed: claiming another bundle's
    // rules after the fact breaks the chain.
    assert_eq!(
        tampered("UPDATE journal SET rules_version = 3 WHERE seq = 1").0,
        1
    );
}

#[test]
fn an_edited_payment_void_or_closing_is_found() {
    assert_eq!(tampered("UPDATE sale_entries SET method = 'mobile', tendered_fen = NULL, change_fen = NULL, reference = 'x' WHERE seq = 4 AND kind = 'payment'").0, 4);
    assert_eq!(
        tampered("UPDATE voids SET original_seq = 4 WHERE seq = 6").0,
        6
    );
    assert_eq!(
        tampered(
            "UPDATE closing_totals SET amount_fen = amount_fen + 100 WHERE seq = 7 AND row_no = 0"
        )
        .0,
        7
    );
    assert_eq!(
        tampered("UPDATE closings SET net_fen = 0 WHERE seq = 7").0,
        7
    );
}

#[test]
fn a_deleted_record_leaves_a_gap() {
    let (seq, reason) = tampered(
        "DELETE FROM sale_entries WHERE seq = 3; DELETE FROM quota_uses WHERE seq = 3; DELETE FROM journal WHERE seq = 3;",
    );
    assert_eq!(seq, 3, "{reason}");
    assert!(reason.contains("missing"), "{reason}");
}

#[test]
fn a_deleted_detail_row_is_found() {
    assert_eq!(
        tampered("DELETE FROM sale_entries WHERE seq = 4 AND kind = 'payment'").0,
        4
    );
    assert_eq!(
        tampered("DELETE FROM sale_entries WHERE seq = 2 AND kind = 'line' AND n = 1").0,
        2
    );
}

#[test]
fn an_inserted_row_is_found() {
    // An extra line slipped into an existing sale.
    assert_eq!(
        tampered("INSERT INTO sale_entries (id, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference) SELECT id + 1, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference FROM sale_entries WHERE seq = 1 AND kind = 'line'").0,
        1
    );
    // A forged record appended with a made-up hash.
    assert_eq!(
        tampered("INSERT INTO journal SELECT 8, 'sale', device_id, db_epoch, at, local_date, 0, 1, hash, randomblob(32), NULL, NULL, 0, NULL FROM journal WHERE seq = 7;
                  INSERT INTO sale_entries (id, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference) SELECT 8 * 1024 + (id & 1023), item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference FROM sale_entries WHERE seq = 4;").0,
        8
    );
    // Detail rows for a record that does not exist.
    let (seq, reason) = tampered(
        "INSERT INTO sale_entries (id, method, amount_fen) VALUES (40 * 1024 + 512, 'free', 0)",
    );
    assert_eq!(seq, 40, "{reason}");
}

#[test]
fn quota_rows_that_disagree_with_the_lines_are_found() {
    // Deleting a quota row would let the diner eat subsidised twice.
    assert_eq!(tampered("DELETE FROM quota_uses WHERE seq = 3").0, 3);
    assert_eq!(tampered("INSERT INTO quota_uses SELECT resident_key, local_date, 'dinner', seq, line_no FROM quota_uses WHERE seq = 1").0, 1);
}

#[test]
fn renumbering_and_reordering_are_found() {
    assert_eq!(tampered("UPDATE journal SET seq = 9 WHERE seq = 7").0, 7);
    // `sale_entries` keys its rows by `seq * 1024 + …` (its `seq` is computed).
    let swap = [("journal", "seq"), ("sale_entries", "id"), ("quota_uses", "seq")]
        .map(|(t, key)| {
            let s = |seq: i64| if key == "id" { format!("{seq} * 1024 + (id & 1023)") } else { seq.to_string() };
            format!(
                "UPDATE {t} SET {key} = {} WHERE seq = 3; UPDATE {t} SET {key} = {} WHERE seq = 4; UPDATE {t} SET {key} = {} WHERE seq = 100;",
                s(100), s(3), s(4)
            )
        })
        .concat();
    assert_eq!(tampered(&swap).0, 3);
}

#[test]
fn triggers_refuse_update_and_delete() {
    let dir = journal();
    let conn = raw(dir.path());
    for sql in [
        "UPDATE sale_entries SET charged_fen = 0 WHERE seq = 1 AND kind = 'line'",
        "DELETE FROM journal WHERE seq = 7",
        "UPDATE sale_entries SET amount_fen = 1 WHERE kind = 'payment'",
        "DELETE FROM voids",
        "UPDATE closings SET net_fen = 0",
        "DELETE FROM outbox_mark",
        "DELETE FROM quota_uses",
    ] {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(
            err.to_string().contains("outbox mark is kept")
                || err.to_string().contains("append-only"),
            "{sql}: {err}"
        );
    }
}

#[test]
fn a_void_reverses_once_and_only_sales() {
    let (_dir, mut ledger) = fresh();
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    let void = ledger.void(sale.seq, "customer left", at(LUNCH)).unwrap();
    assert_eq!((void.seq, void.original_seq, void.refund_fen), (2, 1, 1500));
    assert!(matches!(
        ledger.void(sale.seq, "again", at(LUNCH)),
        Err(LedgerError::AlreadyVoided(1))
    ));
    assert!(matches!(
        ledger.void(2, "void of a void", at(LUNCH)),
        Err(LedgerError::NoSuchSale(2))
    ));
    assert!(matches!(
        ledger.void(99, "nothing", at(LUNCH)),
        Err(LedgerError::NoSuchSale(99))
    ));
    assert!(matches!(
        ledger.void(1, "  ", at(LUNCH)),
        Err(LedgerError::MissingReason)
    ));
    assert_eq!(ledger.verify().unwrap().unwrap().records, 2);
}

#[test]
fn an_earlier_clock_is_recorded_in_order_and_flagged() {
    let (_dir, mut ledger) = fresh();
    let first = sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    let earlier = sell(&mut ledger, "2026-11-23T11:30:00+08:00", &["soup"], None).unwrap();
    let later = sell(&mut ledger, "2026-11-23T12:30:00+08:00", &["soup"], None).unwrap();
    assert_eq!((first.seq, earlier.seq, later.seq), (1, 2, 3));
    assert_eq!(
        (
            first.clock_suspect,
            earlier.clock_suspect,
            later.clock_suspect
        ),
        (false, true, false)
    );
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn refused_sales_write_nothing() {
    let (dir, mut ledger) = fresh();
    let rules = rules();
    let too_little = request(&rules, LUNCH, &["lunch-set"], None, cash(10));
    assert_eq!(
        ledger.sell(&too_little).unwrap_err().code(),
        Some("too_little_tendered")
    );
    assert_eq!(
        sell(&mut ledger, LUNCH, &["caviar"], None)
            .unwrap_err()
            .code(),
        Some("unknown_item")
    );
    assert_eq!(
        sell(
            &mut ledger,
            "2026-11-23T15:00:00+08:00",
            &["lunch-set"],
            None
        )
        .unwrap_err()
        .code(),
        Some("outside_period")
    );
    assert_eq!(
        sell(&mut ledger, LUNCH, &[], None).unwrap_err().code(),
        Some("no_items")
    );
    // `sale_entries` numbers a sale's lines 0 to 511 (schema v9).
    let many = vec!["soup"; 513];
    assert_eq!(
        sell(&mut ledger, LUNCH, &many, None).unwrap_err().code(),
        Some("sale_too_large")
    );
    let conn = raw(dir.path());
    let rows: i64 = scalar(
        &conn,
        "SELECT (SELECT count(*) FROM journal) + (SELECT count(*) FROM sale_lines) + (SELECT count(*) FROM payments)",
    );
    assert_eq!(rows, 0);
    assert_eq!(sell(&mut ledger, LUNCH, &["soup"], None).unwrap().seq, 1);
}

#[test]
fn every_record_is_pending_for_sync_until_the_office_mark_passes_it() {
    let dir = journal();
    let mut ledger = open(dir.path());
    assert_eq!(ledger.outbox_status().unwrap().pending, 7);
    assert_eq!(ledger.acknowledge(3, at(LUNCH)).unwrap(), 3);
    assert_eq!(ledger.outbox_status().unwrap().pending, 4);
    assert_eq!(
        ledger.acknowledge(2, at(LUNCH)).unwrap(),
        0,
        "never backwards"
    );
    assert_eq!(ledger.outbox_status().unwrap().pending, 4);
    assert_eq!(ledger.records_after(3, 100).unwrap().len(), 4);
    assert_eq!(
        ledger.acknowledge(99, at(LUNCH)).unwrap(),
        4,
        "only what exists"
    );
    let status = ledger.outbox_status().unwrap();
    assert_eq!((status.pending, status.last_seq), (0, 7));
    assert!(status.last_sync.is_some());
    let next = sell(&mut ledger, "2026-11-24T12:00:00+08:00", &["soup"], None).unwrap();
    assert_eq!(
        ledger.outbox_status().unwrap().pending,
        1,
        "a new sale is pending"
    );
    assert_eq!(ledger.records_after(7, 100).unwrap()[0].seq, next.seq);
    drop(ledger);
    let conn = raw(dir.path());
    let err = conn
        .execute_batch("UPDATE outbox_mark SET acked_seq = 1")
        .unwrap_err();
    assert!(err.to_string().contains("only moves forward"), "{err}");
    let epochs = "SELECT count(DISTINCT db_epoch || device_id) FROM journal";
    assert_eq!(scalar::<i64>(&conn, epochs), 1);
}

#[test]
fn a_sale_of_512_lines_is_kept_whole() {
    // The most `sale_entries` can number (0 to 511): written, read back, verified.
    let dir = tempfile::TempDir::new().unwrap();
    let mut ledger = open(dir.path());
    let rules = rules();
    let sale = ledger
        .sell(&request(
            &rules,
            LUNCH,
            &["soup"; 512],
            None,
            PaymentChoice::Mobile {
                reference: "wx-big".into(),
            },
        ))
        .unwrap();
    assert_eq!(sale.lines.len(), 512);
    let stored = ledger.sale(sale.seq).unwrap().unwrap();
    assert_eq!((stored.lines.len(), stored.payments), (512, sale.payments));
    assert_eq!(ledger.verify().unwrap().unwrap().records, 1);
}
