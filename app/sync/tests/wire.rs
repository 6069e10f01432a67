//! The wire format: records survive the round trip byte-exactly (so the office
//! rebuilds the same canonical bytes), and garbage, truncated, oversized and
//! hostile batches are refused with a code before any store is touched.

use canteen_core::closing::{Closing, DayTotals, Dimension, TotalRow};
use canteen_core::journal::{
    ChainAnchor, GENESIS, Record, RecordBody, RecordHeader, Refund, RefundLine, Void, verify_chain,
};
use canteen_core::{DinerRef, Money, Payment, Sale, SaleLine};
use canteen_sync::validate::{chain_links, decode_batch, encode_batch};
use canteen_sync::wire::{Batch, DeviceStatus, MAX_BATCH_BYTES, WIRE_VERSION, WireRecord};
use chrono::NaiveDate;

fn header(seq: u64) -> RecordHeader {
    RecordHeader {
        device_id: "dev-a".into(),
        db_epoch: "e1".into(),
        seq,
        at: "2026-11-23T12:00:00+08:00".into(),
        local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        clock_suspect: seq == 2,
    }
}

fn bodies() -> Vec<RecordBody> {
    let line = SaleLine {
        item: "lunch-set".into(),
        period: Some("lunch".into()),
        tier: Some("senior-80".into()),
        categories: vec!["dibao".into(), "veteran".into()],
        market: Money::from_yuan(15),
        charged: Money::from_fen(960),
        subsidy: Money::from_fen(540),
        uses_quota: true,
        reason_zh: "八十岁以上 \"低保\"".into(),
        reason_en: "80+\n".into(),
    };
    let sale = Sale {
        diner: Some(DinerRef {
            resident_key: "ab".repeat(32),
            masked_id: "110***********002X".into(),
        }),
        lines: vec![line.clone(), line],
        payments: vec![Payment::Cash {
            amount: Money::from_fen(1920),
            tendered: Money::from_yuan(20),
            change: Money::from_fen(80),
        }],
        rules_version: 0,
        delivery: None,
    };
    let free = Sale {
        diner: None,
        lines: sale.lines.clone(),
        payments: vec![Payment::Free],
        rules_version: 0,
        delivery: None,
    };
    let closing = Closing {
        day: DayTotals {
            date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            first_seq: Some(1),
            last_seq: None,
            sale_count: 2,
            void_count: 1,
            gross: Money::from_fen(1920),
            voided: Money::ZERO,
            refund_count: 0,
            refunded: Money::ZERO,
            net: Money::from_fen(1920),
            subsidy: Money::from_fen(1080),
            totals: vec![TotalRow {
                dimension: Dimension::Category,
                key: "none".into(),
                count: -1,
                amount: Money::from_fen(-5),
                subsidy: Money::ZERO,
            }],
        },
        grand_total: Money::from_fen(1920),
        head_seq: 3,
        chain_head: [7; 32],
    };
    vec![
        RecordBody::Sale(sale),
        RecordBody::Sale(free),
        RecordBody::Void(Void {
            original_seq: 1,
            original_hash: [9; 32],
            reason: "wrong item".into(),
        }),
        RecordBody::Closing(closing.clone()),
        RecordBody::Refund(Refund {
            original_seq: 2,
            original_hash: [8; 32],
            reason: "cold".into(),
            supervisor_id: 2,
            lines: vec![RefundLine {
                line_no: 1,
                qty: 1,
                amount: Money::from_fen(960),
                subsidy: Money::from_fen(540),
            }],
        }),
        RecordBody::Closing(Closing {
            day: DayTotals {
                refund_count: 1,
                refunded: Money::from_fen(960),
                ..closing.day
            },
            ..closing
        }),
    ]
}

fn batch() -> Batch {
    let mut prev = GENESIS;
    let records = bodies()
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let record = Record {
                header: header(i as u64 + 1),
                body,
            };
            let w = WireRecord::after(prev, record);
            prev = w.hash;
            w
        })
        .collect();
    Batch {
        wire_version: WIRE_VERSION,
        device_id: "dev-a".into(),
        db_epoch: "e1".into(),
        records,
        device_status: None,
    }
}

#[test]
fn every_record_kind_round_trips_and_its_chain_verifies_at_the_other_end() {
    let sent = batch();
    let got = decode_batch(&encode_batch(&sent), "dev-a").unwrap();
    assert_eq!(got, sent);
    let head = verify_chain(ChainAnchor::GENESIS, chain_links(&got)).unwrap();
    assert_eq!(head.records, 6);
}

#[test]
fn an_altered_amount_in_transit_breaks_the_chain_at_that_record() {
    let text = String::from_utf8(encode_batch(&batch())).unwrap();
    let altered = text.replacen("\"charged_fen\":960", "\"charged_fen\":950", 1);
    assert_ne!(altered, text);
    let got = decode_batch(altered.as_bytes(), "dev-a").unwrap();
    let err = verify_chain(ChainAnchor::GENESIS, chain_links(&got)).unwrap_err();
    assert_eq!(err.first_bad_seq, 1);
}

fn refused(bytes: &[u8], device: &str) -> &'static str {
    decode_batch(bytes, device).unwrap_err().code
}

#[test]
fn garbage_truncation_oversize_and_hostile_batches_are_refused_with_a_code() {
    let good = encode_batch(&batch());
    assert_eq!(refused(b"", "dev-a"), "bad_batch");
    assert_eq!(refused(b"\xff\xfe\x00garbage", "dev-a"), "bad_batch");
    for cut in [1, good.len() / 3, good.len() - 1] {
        assert_eq!(refused(&good[..cut], "dev-a"), "bad_batch");
    }
    assert_eq!(
        refused(&vec![b' '; MAX_BATCH_BYTES + 1], "dev-a"),
        "too_large"
    );
    let text = String::from_utf8(good).unwrap();
    let extra = text.replacen(
        "{\"wire_version\":1,",
        "{\"wire_version\":1,\"admin\":true,",
        1,
    );
    assert_eq!(refused(extra.as_bytes(), "dev-a"), "bad_batch");
    let hash = text.replacen("\"hash\":\"", "\"hash\":\"zz", 1);
    assert_eq!(refused(hash.as_bytes(), "dev-a"), "bad_batch");
    assert_eq!(refused(text.as_bytes(), "dev-b"), "forbidden");
    assert_eq!(
        refused(
            text.replacen("\"wire_version\":1", "\"wire_version\":9", 1)
                .as_bytes(),
            "dev-a"
        ),
        "unsupported_version"
    );
}

#[test]
fn records_must_be_consecutive_and_of_the_batch_s_device_and_epoch() {
    let check = |edit: fn(&mut Batch)| {
        let mut b = batch();
        edit(&mut b);
        refused(&encode_batch(&b), "dev-a")
    };
    assert_eq!(check(|b| b.records.clear()), "bad_batch");
    assert_eq!(
        check(|b| {
            b.records.remove(1);
        }),
        "bad_batch"
    );
    assert_eq!(check(|b| b.records.swap(0, 1)), "bad_batch");
    assert_eq!(
        check(|b| b.records[2].record.header.db_epoch = "e2".into()),
        "bad_batch"
    );
    assert_eq!(
        check(|b| b.records[0].record.header.device_id = "dev-b".into()),
        "bad_batch"
    );
    assert_eq!(check(|b| b.db_epoch = "../../etc".into()), "bad_batch");
    assert_eq!(check(|b| b.records[0].record.header.seq = 5), "bad_batch");
}

#[test]
fn a_kiosk_s_status_travels_with_a_batch_or_alone_and_an_older_kiosk_s_batch_still_parses() {
    let status = DeviceStatus {
        pending: 12,
        bundle_version: 3,
    };
    // An older kiosk's batch has no `device_status` key at all.
    let old = String::from_utf8(encode_batch(&batch())).unwrap();
    assert!(!old.contains("device_status"));
    assert_eq!(
        decode_batch(old.as_bytes(), "dev-a").unwrap().device_status,
        None
    );
    let mut with = batch();
    with.device_status = Some(status);
    let got = decode_batch(&encode_batch(&with), "dev-a").unwrap();
    assert_eq!(got.device_status, Some(status));
    // Nothing to send: a status-only batch is well-formed, an empty one is not.
    let mut alone = batch();
    alone.records.clear();
    assert_eq!(refused(&encode_batch(&alone), "dev-a"), "bad_batch");
    alone.device_status = Some(status);
    assert_eq!(decode_batch(&encode_batch(&alone), "dev-a").unwrap(), alone);
    // The status is as strict as the rest of the batch.
    let text = String::from_utf8(encode_batch(&alone)).unwrap();
    let extra = text.replacen("\"pending\":12", "\"pending\":12,\"admin\":true", 1);
    assert_ne!(extra, text);
    assert_eq!(refused(extra.as_bytes(), "dev-a"), "bad_batch");
    let negative = text.replacen("\"pending\":12", "\"pending\":-1", 1);
    assert_eq!(refused(negative.as_bytes(), "dev-a"), "bad_batch");
}
