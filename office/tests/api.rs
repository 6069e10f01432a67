//! The office API over real HTTP on loopback: replays are acknowledged and
//! change nothing, a different hash under a held key is a 409 and an alert, the
//! chain is verified across batches, and a device can neither write nor read
//! another device's records.

mod support;

use canteen_office::report;
use canteen_sync::SyncError;
use canteen_sync::client::OfficeClient;
use canteen_sync::wire::{Batch, WireRecord};
use support::{Office, batch, chain, sale};

fn refusal(e: SyncError) -> (u16, String, Option<u64>) {
    match e {
        SyncError::Refused { status, body } => (status, body.error, body.first_bad_seq),
        other => panic!("expected a refusal, got {other}"),
    }
}

fn bodies(n: usize) -> Vec<canteen_core::journal::RecordBody> {
    (0..n).map(|i| sale(&format!("item-{i}"), None)).collect()
}

/// Records 1.. of kiosk `dev-a`'s epoch `e1`, one per body.
fn chain_a(bodies: Vec<canteen_core::journal::RecordBody>) -> Vec<WireRecord> {
    chain("dev-a", "e1", bodies)
}

/// A batch of kiosk `dev-a`'s epoch `e1`.
fn batch_a(records: &[WireRecord]) -> Batch {
    batch("dev-a", "e1", records)
}

/// A fresh office with kiosk `dev-a` of east enrolled: the office and the
/// kiosk's client.
fn office_with_a() -> (Office, OfficeClient) {
    let office = Office::start();
    let client = office.client(&office.add_device("dev-a", "east"));
    (office, client)
}

#[test]
fn a_replayed_batch_is_acknowledged_and_changes_nothing() {
    let (_office, client) = office_with_a();
    let records = chain_a(bodies(5));
    let first = client.push(&batch_a(&records)).unwrap();
    assert_eq!(
        (first.stored, first.replayed, first.high_water.seq),
        (5, 0, 5)
    );
    let again = client.push(&batch_a(&records)).unwrap();
    assert_eq!((again.stored, again.replayed), (0, 5));
    assert_eq!(again.high_water, first.high_water);
    // a batch overlapping what is held stores only the new tail
    let more = chain_a(bodies(8));
    let tail = client.push(&batch_a(&more[3..])).unwrap();
    assert_eq!((tail.stored, tail.replayed, tail.high_water.seq), (3, 2, 8));
    assert_eq!(client.high_water("dev-a", "e1").unwrap(), tail.high_water);
}

#[test]
fn the_same_key_with_a_different_hash_is_a_409_and_an_alert() {
    let (office, client) = office_with_a();
    client.push(&batch_a(&chain_a(bodies(3)))).unwrap();
    let mut other = bodies(3);
    other[1] = sale("rewritten", None);
    let err = client.push(&batch_a(&chain_a(other))).unwrap_err();
    assert_eq!(refusal(err), (409, "conflict".into(), Some(2)));
    assert_eq!(client.high_water("dev-a", "e1").unwrap().seq, 3);
    let gaps = report::gaps(&mut office.db()).unwrap();
    assert!(
        gaps.iter()
            .any(|g| g.problem == "conflict" && g.first_bad_seq == Some(2)),
        "{gaps:?}"
    );
}

#[test]
fn the_chain_is_verified_across_batches_and_a_break_names_the_first_bad_seq() {
    let (_office, client) = office_with_a();
    let records = chain_a(bodies(6));
    client.push(&batch_a(&records[..2])).unwrap();
    // a gap: records 3 and 4 never sent
    let err = client.push(&batch_a(&records[4..])).unwrap_err();
    assert_eq!(refusal(err), (422, "chain_break".into(), Some(3)));
    // a link to another history: a batch from a chain that starts differently
    let mut forked = bodies(6);
    forked[0] = sale("other", None);
    let forked = chain_a(forked);
    let err = client.push(&batch_a(&forked[2..4])).unwrap_err();
    assert_eq!(refusal(err), (422, "chain_break".into(), Some(3)));
    // contents edited in transit, hash left as it was
    let mut edited = records[2..4].to_vec();
    edited[1].record.header.at = "2026-11-23T12:30:00+08:00".into();
    let err = client.push(&batch_a(&edited)).unwrap_err();
    assert_eq!(refusal(err), (422, "chain_break".into(), Some(4)));
    assert_eq!(client.high_water("dev-a", "e1").unwrap().seq, 2);
    client.push(&batch_a(&records[2..])).unwrap();
    assert_eq!(client.high_water("dev-a", "e1").unwrap().seq, 6);
}

#[test]
fn a_device_can_neither_write_nor_read_another_device_s_records() {
    let (office, a) = office_with_a();
    let b = office.client(&office.add_device("dev-b", "west"));
    a.push(&batch_a(&chain_a(bodies(2)))).unwrap();
    let forged = chain_a(bodies(3));
    assert_eq!(refusal(b.push(&batch_a(&forged)).unwrap_err()).0, 403);
    assert_eq!(refusal(b.high_water("dev-a", "e1").unwrap_err()).0, 403);
    // b's own path with a's records inside
    let mut smuggled = batch_a(&forged);
    smuggled.device_id = "dev-b".into();
    assert_eq!(refusal(b.push(&smuggled).unwrap_err()).0, 400);
    let nobody = office.client("not-a-token");
    assert_eq!(
        refusal(nobody.high_water("dev-a", "e1").unwrap_err()),
        (401, "unauthorized".into(), None)
    );
    assert_eq!(a.high_water("dev-a", "e1").unwrap().seq, 2);
}

/// An in-memory journal for the upload loop, recording what it was told.
struct Journal {
    records: Vec<canteen_sync::wire::WireRecord>,
    acknowledged: Vec<u64>,
}

impl canteen_sync::push::RecordSource for Journal {
    fn records_after(
        &mut self,
        seq: u64,
        limit: usize,
    ) -> Result<Vec<canteen_sync::wire::WireRecord>, SyncError> {
        Ok(self
            .records
            .iter()
            .filter(|r| r.seq > seq)
            .take(limit)
            .cloned()
            .collect())
    }
    fn acknowledged(&mut self, seq: u64) -> Result<(), SyncError> {
        self.acknowledged.push(seq);
        Ok(())
    }
    fn last_seq(&mut self) -> Result<u64, SyncError> {
        Ok(self.records.len() as u64)
    }
}

#[test]
fn the_upload_loop_resumes_and_never_acknowledges_a_record_the_office_holds_differently() {
    use canteen_sync::push::push_all;
    let (_office, client) = office_with_a();
    let records = chain_a(bodies(7));
    client.push(&batch_a(&records[..3])).unwrap();

    let mut journal = Journal {
        records: records.clone(),
        acknowledged: vec![],
    };
    let report = push_all(
        &client,
        &mut journal,
        "dev-a",
        "e1",
        3,
        None,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((report.stored, report.high_water.seq), (4, 7));
    assert_eq!(journal.acknowledged, [3, 6, 7]);

    // a restored or altered journal whose record 7 is not the office's
    let mut other = bodies(8);
    other[6] = sale("rewritten", None);
    let mut diverged = Journal {
        records: chain_a(other),
        acknowledged: vec![],
    };
    let err = push_all(
        &client,
        &mut diverged,
        "dev-a",
        "e1",
        3,
        None,
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(matches!(err, SyncError::Diverged { seq: 7 }), "{err}");
    assert!(diverged.acknowledged.is_empty());
}
