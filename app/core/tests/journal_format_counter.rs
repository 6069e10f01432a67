//! The counter's record kinds (audit, shift, card top-up) joined format 1 with
//! their own encodings; once devices write them they are as frozen as sales.
//! This pins the hash of one record of each; a change needs a new format version.

mod common;

use canteen_core::Money;
use canteen_core::cashier::{Audit, AuditAction, CardTopUp, Shift};
use canteen_core::journal::{GENESIS, Record, RecordBody};
use common::header;

fn record(seq: u64, body: RecordBody) -> Record {
    Record {
        header: header(seq),
        body,
    }
}

#[test]
fn counter_record_hashes_are_frozen() {
    let records = [
        record(
            1,
            RecordBody::Audit(Audit {
                staff_id: Some(1),
                action: AuditAction::ManualIdEntry,
                detail: "110***********0017".into(),
                related_seq: None,
            }),
        ),
        record(
            2,
            RecordBody::Audit(Audit {
                staff_id: None,
                action: AuditAction::SignInFailed,
                detail: "unknown staff `x`".into(),
                related_seq: Some(1),
            }),
        ),
        record(
            3,
            RecordBody::Shift(Shift::Open {
                staff_id: 1,
                float: Money::from_yuan(200),
            }),
        ),
        record(
            4,
            RecordBody::Shift(Shift::Close {
                staff_id: 1,
                open_seq: 3,
                expected: Money::from_fen(21_500),
                counted: Money::from_fen(20_500),
                supervisor_id: Some(2),
            }),
        ),
        record(
            5,
            RecordBody::CardTopUp(CardTopUp {
                card_no: "C001".into(),
                amount: Money::from_yuan(50),
                staff_id: 1,
            }),
        ),
    ];
    let hashes: Vec<String> = records
        .iter()
        .map(|r| hex::encode(r.hash_after(&GENESIS)))
        .collect();
    assert_eq!(hashes, PINNED);
}

const PINNED: [&str; 5] = [
    "0268f15c0457ab9f08d06e90b27b1c65918ecedd34884d6413114d0ca99289f0",
    "7506df3020926f837236a883ab79182e148a97134774687bd4fdc72bd877f129",
    "600338f42521e62ce96297bfde492b2d031a9a531475547ea7c2ab306946fdc7",
    "44a26ea309c2241348610db797b6408a9392800d0237ec15d8058054860809b3",
    "8e753aaf08a05726a21ad84f212d46cd9121c8148b6165595d98e75a5cff4408",
];
