//! Receiving a batch: idempotent, conflict-detecting, chain-verified, re-derived.
//!
//! In one IMMEDIATE transaction: records the office already holds are compared
//! by hash and by content (the same → a replay, acknowledged; anything
//! different → a conflict, refused and recorded as an alert); the new records
//! must continue the held run without a gap and verify with
//! `canteen_core::journal::verify_chain` from the held head (else a chain
//! break, refused with the first bad seq and recorded); then they are stored.
//! Each sale is re-derived ([`super::trust`]): one that follows the rules gets
//! its report lines, one that does not is quarantined with its reason and
//! counts in no report. What re-deriving needs is read once per batch
//! ([`super::batch_facts`]) and the batch's rows are written with multi-row
//! statements ([`super::batch_rows`]), so a batch of 300 sales costs a few
//! dozen statements, not ~1,500; the totals the claim reads are added from
//! the stored lines in the same transaction ([`super::totals`]).
//! The answer carries the contiguous high-water mark, so
//! a device resumes from there whatever got lost. The kiosk's report of
//! itself that a batch may carry (pending records, bundle version) is kept
//! in the same transaction ([`super::device_status`]); a status-only batch
//! stores that alone.

use crate::params;
use crate::store::db::{Db, Kind, Tx};
use canteen_core::journal::{ChainAnchor, ChainLink, GENESIS, Hash, RecordBody, verify_chain};
use canteen_sync::validate::chain_links;
use canteen_sync::wire::{Ack, Batch, HighWater, WireRecord};

use super::batch_facts::BatchFacts;
use super::batch_rows::BatchRows;
use super::device_status;
use super::rules::RulesCache;
use super::trust::{self, Checks};
use crate::error::{OfficeError, Result};

/// The contiguous high-water mark of one database life.
pub fn high_water(db: &mut dyn Db, device_id: &str, db_epoch: &str) -> Result<HighWater> {
    let head = db
        .query_opt(
            "SELECT seq, hash FROM records WHERE device_id = ?1 AND db_epoch = ?2 ORDER BY seq DESC LIMIT 1",
            params![device_id, db_epoch],
        )?
        .map(|r| Ok::<_, OfficeError>((r.get::<u64>(0)?, r.get::<Vec<u8>>(1)?)))
        .transpose()?;
    Ok(match head {
        None => HighWater {
            seq: 0,
            hash: GENESIS,
        },
        Some((seq, hash)) => HighWater {
            seq,
            hash: stored_hash(hash)?,
        },
    })
}

fn stored_hash(bytes: Vec<u8>) -> Result<Hash> {
    bytes
        .try_into()
        .map_err(|_| OfficeError::Store("a stored hash is not 32 bytes".into()))
}

/// Stores a checked batch (see the module doc), received at `checks.now`.
pub fn ingest(db: &mut dyn Db, batch: &Batch, checks: &Checks) -> Result<Ack> {
    let now = &checks.now.to_rfc3339();
    if let Some(r) = batch.records.iter().find(|r| {
        r.record.header.device_id != batch.device_id || r.record.header.db_epoch != batch.db_epoch
    }) {
        return Err(OfficeError::BadRequest {
            code: "bad_batch",
            status: 400,
            message: format!(
                "record {} belongs to another device or epoch than its batch",
                r.seq
            ),
        });
    }
    let mut tx = db.begin()?;
    one_writer_per_device(&mut *tx, &batch.device_id)?;
    let held = high_water(&mut *tx, &batch.device_id, &batch.db_epoch)?;
    let (old, new): (Vec<&WireRecord>, Vec<&WireRecord>) =
        batch.records.iter().partition(|r| r.seq <= held.seq);
    // Canonical bytes are built once: compared for replays, verified and
    // stored for new records.
    let (old_links, links): (Vec<ChainLink>, Vec<ChainLink>) =
        chain_links(batch).partition(|l| l.seq <= held.seq);
    // A replay must be the same record: its hash and its content (a record
    // altered under a hash the office holds is a conflict, not a replay).
    for (r, link) in old.iter().zip(&old_links) {
        let (hash, canonical) = held_record(&mut *tx, batch, r.seq)?;
        if hash != r.hash || link.canonical.as_deref().ok() != Some(&canonical[..]) {
            alert(
                &mut *tx,
                batch,
                "conflict",
                r.seq,
                "same key, different hash",
                now,
            )?;
            tx.commit()?;
            return Err(OfficeError::Conflict { seq: r.seq });
        }
    }
    if let Some(first) = new.first().filter(|r| r.seq != held.seq + 1) {
        let reason = format!("records {} to {} are missing", held.seq + 1, first.seq - 1);
        return refuse_break(tx, batch, held.seq + 1, reason, now);
    }
    let anchor = ChainAnchor {
        seq: held.seq,
        hash: held.hash,
    };
    let head = match verify_chain(anchor, links.iter().cloned()) {
        Ok(head) => head.head,
        Err(b) => return refuse_break(tx, batch, b.first_bad_seq, b.reason, now),
    };
    let mut rules = RulesCache::default();
    let mut facts = BatchFacts::read(&mut *tx, &batch.device_id, &new)?;
    let mut rows = BatchRows::default();
    for (r, link) in new.iter().zip(links) {
        let canonical = link.canonical.expect("verified links have canonical bytes");
        let quarantined = match &r.record.body {
            RecordBody::Sale(sale) => {
                trust::verdict(&mut *tx, &r.record.header, sale, checks, &mut rules, &facts)?
            }
            RecordBody::Refund(refund) => {
                rows.flush(&mut *tx)?;
                trust::refund_verdict(&mut *tx, &r.record.header, refund)?
            }
            _ => None,
        };
        rows.store(&mut *tx, batch, r, &canonical, now, quarantined, &mut facts)?;
    }
    rows.flush(&mut *tx)?;
    if let (Some(first), Some(last)) = (new.first(), new.last()) {
        super::totals::add(
            &mut *tx,
            &batch.device_id,
            &batch.db_epoch,
            first.seq,
            last.seq,
        )?;
    }
    if let Some(status) = &batch.device_status {
        device_status::put(&mut *tx, &batch.device_id, &batch.db_epoch, status, now)?;
    }
    tx.commit()?;
    Ok(Ack {
        device_id: batch.device_id.clone(),
        db_epoch: batch.db_epoch.clone(),
        stored: new.len() as u64,
        replayed: old.len() as u64,
        high_water: HighWater {
            seq: head.seq,
            hash: head.hash,
        },
    })
}

/// The hash and canonical bytes of a record the office holds.
fn held_record(tx: &mut dyn Db, batch: &Batch, seq: u64) -> Result<(Hash, Vec<u8>)> {
    let r = tx.query_one(
        "SELECT hash, canonical FROM records WHERE device_id = ?1 AND db_epoch = ?2 AND seq = ?3",
        params![&batch.device_id, &batch.db_epoch, seq],
    )?;
    let (hash, canonical): (Vec<u8>, Vec<u8>) = (r.get(0)?, r.get(1)?);
    Ok((stored_hash(hash)?, canonical))
}

fn refuse_break(
    mut tx: Box<dyn Tx + '_>,
    batch: &Batch,
    seq: u64,
    reason: String,
    now: &str,
) -> Result<Ack> {
    alert(&mut *tx, batch, "chain_break", seq, &reason, now)?;
    tx.commit()?;
    Err(OfficeError::ChainBreak { seq, reason })
}

/// Batches of one device are stored one at a time, whichever office process
/// took them: SQLite's write transaction already holds the whole file; on
/// PostgreSQL a transaction-scoped advisory lock on the device's id does it,
/// so two offices on one database never both store the same record.
fn one_writer_per_device(tx: &mut dyn Db, device_id: &str) -> Result<()> {
    if tx.kind() == Kind::Postgres {
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtext(?1))",
            params![device_id],
        )?;
    }
    Ok(())
}

fn alert(
    tx: &mut dyn Db,
    batch: &Batch,
    kind: &str,
    seq: u64,
    detail: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO alerts (device_id, db_epoch, kind, first_bad_seq, detail, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
        params![&batch.device_id, &batch.db_epoch, kind, seq, detail, now],
    )?;
    Ok(())
}
