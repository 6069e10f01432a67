//! The outbox seen by the sync client: records to send, read back from the
//! typed rows with their stored chain fields, and acknowledgements.
//!
//! Every journal row is its record's outbox entry, written in the record's own
//! transaction; one row (`outbox_mark`, schema v5) holds the office's
//! high-water mark, and records after it are pending. The mark moves only to a
//! mark the office sent back, in its own transaction after the upload — never
//! in the sale's transaction — and never backwards, so a lost acknowledgement
//! only means the record is offered again (the office treats the replay as a
//! no-op). The time of the last fully acknowledged sync is kept in `meta` for
//! the UI.

use canteen_core::journal::{Hash, Record};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

use crate::error::{LedgerError, Result};
use crate::read::{JOURNAL_COLUMNS, journal_row, rebuild};

/// One journal record as stored: chain fields and the rebuilt record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    pub seq: u64,
    pub format_version: u32,
    pub prev_hash: Hash,
    pub hash: Hash,
    pub record: Record,
}

/// What the outbox holds.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct OutboxStatus {
    pub pending: u64,
    pub last_seq: u64,
    /// RFC 3339 time of the last sync that left nothing pending.
    pub last_sync: Option<String>,
}

const LAST_SYNC: &str = "last_sync_at";

pub(crate) fn records_after(
    conn: &Connection,
    seq: u64,
    limit: usize,
) -> Result<Vec<StoredRecord>> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt = tx.prepare_cached(&format!(
        "SELECT {JOURNAL_COLUMNS} FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = stmt
        .query_map((seq, limit as i64), journal_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|row| {
            let unreadable = |why: String| LedgerError::Unreadable { seq: row.seq, why };
            let record = rebuild(&tx, &row).map_err(unreadable)?;
            Ok(StoredRecord {
                seq: row.seq,
                format_version: row.format_version,
                prev_hash: row.prev_hash.clone().map_err(unreadable)?,
                hash: row.hash.clone().map_err(unreadable)?,
                record,
            })
        })
        .collect()
}

/// Moves the mark to `seq` (never past the last record, never backwards) at
/// `at`; returns how many records were newly acknowledged.
pub(crate) fn acknowledge(conn: &mut Connection, seq: u64, at: &str) -> Result<u64> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let (mark, last): (u64, u64) = tx.query_row(
        "SELECT acked_seq, (SELECT coalesce(max(seq), 0) FROM journal) FROM outbox_mark",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let to = seq.min(last);
    let marked = if to > mark {
        let n: u64 = tx.query_row(
            "SELECT count(*) FROM journal WHERE seq > ?1 AND seq <= ?2",
            (mark, to),
            |r| r.get(0),
        )?;
        tx.execute(
            "UPDATE outbox_mark SET acked_seq = ?1, acked_at = ?2",
            (to, at),
        )?;
        n
    } else {
        0
    };
    if pending(&tx)? == 0 {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (LAST_SYNC, at),
        )?;
    }
    tx.commit()?;
    Ok(marked)
}

/// Records after the mark.
fn pending(conn: &Connection) -> Result<u64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM journal WHERE seq > (SELECT acked_seq FROM outbox_mark)",
        [],
        |r| r.get(0),
    )?)
}

pub(crate) fn status(conn: &Connection) -> Result<OutboxStatus> {
    let tx = conn.unchecked_transaction()?;
    let pending = pending(&tx)?;
    let last_seq = tx.query_row("SELECT coalesce(max(seq), 0) FROM journal", [], |r| {
        r.get(0)
    })?;
    let last_sync = tx
        .query_row("SELECT value FROM meta WHERE key = ?1", [LAST_SYNC], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(OutboxStatus {
        pending,
        last_seq,
        last_sync,
    })
}
