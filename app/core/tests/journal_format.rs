//! Format version 1 of the journal's canonical bytes is frozen: records hashed
//! on a device years ago must verify at the office with today's code. This pins
//! the hash of one record of each kind; a change here needs a new format version.

mod common;

use canteen_core::closing::{Closing, DayTotals, Dimension, TotalRow};
use canteen_core::journal::{FORMAT_VERSION, GENESIS, Record, RecordBody, Void};
use canteen_core::{DinerRef, Money, Payment, Sale, SaleLine};
use chrono::NaiveDate;
use common::header;

fn records() -> [Record; 3] {
    let sale = Sale {
        diner: Some(DinerRef {
            resident_key: "ab".repeat(32),
            masked_id: "110***********0017".into(),
        }),
        lines: vec![SaleLine {
            item: "lunch-set".into(),
            period: Some("lunch".into()),
            tier: Some("age60".into()),
            categories: vec!["dibao".into()],
            market: Money::from_yuan(15),
            charged: Money::from_fen(1152),
            subsidy: Money::from_fen(348),
            uses_quota: true,
            reason_zh: "60–79岁：¥12.00；低保 96%：¥11.52".into(),
            reason_en: "Age 60–79: ¥12.00; dibao 96%: ¥11.52".into(),
        }],
        payments: vec![Payment::Cash {
            amount: Money::from_fen(1152),
            tendered: Money::from_yuan(20),
            change: Money::from_fen(848),
        }],
        rules_version: 0,
        delivery: None,
    };
    let void = Void {
        original_seq: 1,
        original_hash: [7; 32],
        reason: "wrong item".into(),
    };
    let closing = Closing {
        day: DayTotals {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            first_seq: Some(1),
            last_seq: Some(2),
            sale_count: 1,
            void_count: 1,
            gross: Money::from_fen(1152),
            voided: Money::from_fen(1152),
            refund_count: 0,
            refunded: Money::ZERO,
            net: Money::ZERO,
            subsidy: Money::ZERO,
            totals: vec![TotalRow {
                dimension: Dimension::Item,
                key: "lunch-set".into(),
                count: 0,
                amount: Money::ZERO,
                subsidy: Money::ZERO,
            }],
        },
        grand_total: Money::ZERO,
        head_seq: 2,
        chain_head: [9; 32],
    };
    [
        Record {
            header: header(1),
            body: RecordBody::Sale(sale),
        },
        Record {
            header: header(2),
            body: RecordBody::Void(void),
        },
        Record {
            header: header(3),
            body: RecordBody::Closing(closing),
        },
    ]
}

#[test]
fn format_1_hashes_are_frozen() {
    assert_eq!(FORMAT_VERSION, 1);
    let hashes: Vec<String> = records()
        .iter()
        .map(|r| hex::encode(r.hash_after(&GENESIS)))
        .collect();
    assert_eq!(
        hashes,
        [
            "9a479f88575313f47df04aad433197d7f498c845f2538d9ae2846d67ae36d8e1",
            "1dc07e0f1156073640deca5789738d2a235b4e06aafa739c24d4f22a0031737d",
            "7199803b9dc967892fa1929f4def522dc36e1c8d8a44912b5969e4222ee1109a",
        ]
    );
}
