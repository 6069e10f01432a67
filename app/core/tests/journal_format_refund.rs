//! The refund record (a kind added within format 1) has pinned canonical
//! hashes, and a closing encodes refund totals only when its day had refunds,
//! so every closing without one keeps the bytes format 1 pinned.

use canteen_core::Money;
use canteen_core::closing::{Closing, DayTotals};
use canteen_core::journal::{GENESIS, Record, RecordBody, RecordHeader, Refund, RefundLine};
use chrono::NaiveDate;

fn header(seq: u64) -> RecordHeader {
    RecordHeader {
        device_id: "kiosk-1".into(),
        db_epoch: "00ff".into(),
        seq,
        at: "2026-11-23T12:30:00+08:00".into(),
        local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        clock_suspect: false,
    }
}

fn refund() -> Refund {
    Refund {
        original_seq: 1,
        original_hash: [7; 32],
        reason: "冷了 / cold".into(),
        supervisor_id: 2,
        lines: vec![RefundLine {
            line_no: 0,
            qty: 1,
            amount: Money::from_fen(1200),
            subsidy: Money::from_fen(300),
        }],
    }
}

#[test]
fn a_refund_hashes_as_pinned_and_every_field_counts() {
    let record = Record {
        header: header(2),
        body: RecordBody::Refund(refund()),
    };
    assert_eq!(
        hex::encode(record.hash_after(&GENESIS)),
        "e26f2ba59603a049a15c3adf6a031fc935c11f8c16c46e3aa61bf25a790c6646"
    );
    let edits: [fn(&mut Refund); 7] = [
        |r| r.original_seq = 3,
        |r| r.original_hash[0] = 0,
        |r| r.reason.push('!'),
        |r| r.supervisor_id = 1,
        |r| r.lines[0].line_no = 1,
        |r| r.lines[0].amount = Money::from_fen(1),
        |r| r.lines[0].subsidy = Money::ZERO,
    ];
    for edit in edits {
        let mut changed = refund();
        edit(&mut changed);
        let other = Record {
            header: header(2),
            body: RecordBody::Refund(changed),
        };
        assert_ne!(other.canonical(), record.canonical());
    }
}

#[test]
fn refund_totals_change_a_closing_only_when_there_are_some() {
    let day = DayTotals {
        date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        first_seq: Some(1),
        last_seq: Some(2),
        sale_count: 1,
        void_count: 0,
        gross: Money::from_fen(1500),
        voided: Money::ZERO,
        refund_count: 0,
        refunded: Money::ZERO,
        net: Money::from_fen(1500),
        subsidy: Money::from_fen(300),
        totals: vec![],
    };
    let closing = |day: DayTotals| Record {
        header: header(3),
        body: RecordBody::Closing(Closing {
            day,
            grand_total: Money::from_fen(300),
            head_seq: 2,
            chain_head: [9; 32],
        }),
    };
    let without = closing(day.clone()).canonical();
    let with = closing(DayTotals {
        refund_count: 1,
        refunded: Money::from_fen(1200),
        net: Money::from_fen(300),
        ..day.clone()
    })
    .canonical();
    let net_only = closing(DayTotals {
        net: Money::from_fen(300),
        ..day
    })
    .canonical();
    assert_eq!(with.len(), net_only.len() + 8 + 7 + 8 + 8);
    assert!(with.starts_with(&net_only));
    assert_ne!(with, without);
}
