//! The canteen's other terminals' quota uses (schema v11): a grow-only replica
//! of what peers pushed, and this device's own uses for pushing to them.
//!
//! [`record`] stores a batch of peers' uses in one IMMEDIATE transaction,
//! `INSERT OR IGNORE` on the use's origin (device, sale, line), so a batch sent
//! again changes nothing; a use that names this device as its origin is
//! skipped (its own `quota_uses` already count it). [`count`] is what the quota
//! adds to the device's own uses. [`own_after`] lists this device's uses of
//! sales after a journal mark, a bounded number of journal records at a time,
//! so a pusher can walk the journal from any mark and resend after a failure.
//!
//! A voided or refunded sale's uses stay in peers' replicas (the set only
//! grows): at worst a peer prices a second meal at market price, never a
//! second subsidy.

use canteen_core::QuotaUse;
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;

use crate::error::{LedgerError, Result};
use crate::write_tx::WriteTx;

/// Some of this device's quota uses, and how far the journal was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnQuotaUses {
    /// Uses of sales after the mark, up to `through_seq`, in journal order.
    pub uses: Vec<QuotaUse>,
    /// The last journal record read: the next mark. Equal to the mark asked
    /// for when nothing newer was in the journal.
    pub through_seq: u64,
}

pub(crate) fn record(
    conn: &mut Connection,
    own_device: &str,
    uses: &[QuotaUse],
    at: DateTime<FixedOffset>,
) -> Result<u64> {
    let tx = WriteTx::begin(conn)?;
    let mut new = 0;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT OR IGNORE INTO peer_quota_uses
                 (origin_device, origin_seq, line_no, resident_key, local_date, period, received_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let at = at.to_rfc3339();
        for u in uses.iter().filter(|u| u.origin_device != own_device) {
            new += stmt.execute((
                &u.origin_device,
                seq_param(u.origin_seq)?,
                u.line_no,
                &u.resident_key,
                u.local_date.to_string(),
                &u.period,
                &at,
            ))? as u64;
        }
    }
    tx.commit()?;
    Ok(new)
}

pub(crate) fn count(
    conn: &Connection,
    resident_key: &str,
    date: &str,
    period: &str,
) -> Result<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM peer_quota_uses
             WHERE resident_key = ?1 AND local_date = ?2 AND period = ?3",
        )?
        .query_row((resident_key, date, period), |r| r.get(0))?)
}

pub(crate) fn own_after(
    conn: &Connection,
    own_device: &str,
    after_seq: u64,
    from_date: NaiveDate,
    max_records: usize,
) -> Result<OwnQuotaUses> {
    let after = i64::try_from(after_seq).unwrap_or(i64::MAX);
    let limit = i64::try_from(max_records.max(1)).unwrap_or(i64::MAX);
    let through: Option<i64> = conn
        .prepare_cached(
            "SELECT max(seq) FROM (SELECT seq FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2)",
        )?
        .query_row((after, limit), |r| r.get(0))?;
    let Some(through) = through else {
        return Ok(OwnQuotaUses {
            uses: Vec::new(),
            through_seq: after_seq,
        });
    };
    let mut stmt = conn.prepare_cached(
        "SELECT q.resident_key, q.local_date, q.period, q.seq, q.line_no
         FROM journal j JOIN quota_uses q
              ON q.resident_key = j.resident_key AND q.local_date = j.local_date AND q.seq = j.seq
         WHERE j.seq > ?1 AND j.seq <= ?2 AND j.kind = 'sale' AND j.local_date >= ?3
         ORDER BY q.seq, q.line_no",
    )?;
    let rows = stmt.query_map((after, through, from_date.to_string()), |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, u32>(4)?,
        ))
    })?;
    let mut uses = Vec::new();
    for row in rows {
        let (resident_key, date, period, seq, line_no) = row?;
        let bad = |what: &str| LedgerError::Corrupt(format!("quota use of sale {seq}: {what}"));
        uses.push(QuotaUse {
            resident_key,
            local_date: date.parse().map_err(|_| bad("its date"))?,
            period,
            origin_device: own_device.to_owned(),
            origin_seq: u64::try_from(seq).map_err(|_| bad("its sequence number"))?,
            line_no,
        });
    }
    Ok(OwnQuotaUses {
        uses,
        through_seq: u64::try_from(through)
            .map_err(|_| LedgerError::Corrupt(format!("journal seq {through}")))?,
    })
}

/// A peer's sequence number (core's decoder allows 1 to 2^63 - 1).
fn seq_param(seq: u64) -> Result<i64> {
    i64::try_from(seq)
        .map_err(|_| LedgerError::PeerUse(format!("sequence number {seq} is too large")))
}
