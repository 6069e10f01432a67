//! Unit tests of the journal's canonical bytes and chain verification.

use super::*;
use crate::sale::PaymentChoice;

fn record(seq: u64, item: &str) -> Record {
    let line = SaleLine {
        item: item.into(),
        period: Some("lunch".into()),
        tier: None,
        categories: vec![],
        market: Money::from_yuan(15),
        charged: Money::from_yuan(15),
        subsidy: Money::ZERO,
        uses_quota: false,
        reason_zh: "未识别身份".into(),
        reason_en: "No ID".into(),
    };
    let sale = Sale::settle(
        None,
        vec![line],
        &PaymentChoice::Cash {
            tendered: Money::from_yuan(20),
        },
        0,
    )
    .unwrap();
    Record {
        header: RecordHeader {
            device_id: "dev".into(),
            db_epoch: "ep".into(),
            seq,
            at: "2026-11-23T12:00:00+08:00".into(),
            local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            clock_suspect: false,
        },
        body: RecordBody::Sale(sale),
    }
}

fn chain(records: &[Record]) -> Vec<ChainLink> {
    let mut prev = GENESIS;
    records
        .iter()
        .map(|r| {
            let hash = r.hash_after(&prev);
            let link = ChainLink {
                seq: r.header.seq,
                format_version: FORMAT_VERSION,
                prev_hash: prev,
                hash,
                canonical: Ok(r.canonical()),
            };
            prev = hash;
            link
        })
        .collect()
}

#[test]
fn canonical_bytes_separate_adjacent_fields() {
    let mut a = record(1, "ab");
    let mut b = record(1, "a");
    a.header.device_id = "x".into();
    b.header.device_id = "xb".into();
    assert_ne!(a.canonical(), b.canonical());
}

#[test]
fn a_good_chain_verifies_and_reports_its_head() {
    let links = chain(&[record(1, "a"), record(2, "b"), record(3, "c")]);
    let head = verify_chain(ChainAnchor::GENESIS, links.clone()).unwrap();
    assert_eq!(head.records, 3);
    assert_eq!(
        head.head,
        ChainAnchor {
            seq: 3,
            hash: links[2].hash
        }
    );
}

#[test]
fn each_break_names_the_first_bad_record() {
    let links = chain(&[record(1, "a"), record(2, "b"), record(3, "c")]);
    let check = |links: Vec<ChainLink>| {
        verify_chain(ChainAnchor::GENESIS, links)
            .unwrap_err()
            .first_bad_seq
    };

    let mut edited = links.clone();
    edited[1].canonical = Ok(record(2, "B").canonical());
    assert_eq!(check(edited), 2);

    let mut gap = links.clone();
    gap.remove(1);
    assert_eq!(check(gap), 2);

    let mut swapped = links.clone();
    swapped.swap(1, 2);
    assert_eq!(check(swapped), 2);

    let mut relinked = links.clone();
    relinked[2].prev_hash = GENESIS;
    assert_eq!(check(relinked), 3);

    let mut unreadable = links;
    unreadable[0].canonical = Err("no lines".into());
    assert_eq!(check(unreadable), 1);
}
