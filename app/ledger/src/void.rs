//! Voiding a sale: a new journal record that references the original (by
//! sequence number and hash) and reverses all of it. The original is never
//! touched; a sale can be voided once (the `voids` table's UNIQUE constraint
//! backs the check made here). A voided sale no longer counts against the quota.
//! A void after line refunds (see [`crate::refund`]) reverses whatever remains:
//! the diner gets back the lines not refunded yet, never a line twice.
//! At the counter a void needs a supervisor: the audit record naming them is
//! appended right after the void, in the same transaction.

use canteen_core::cashier::AuditAction;
use canteen_core::journal::{Record, RecordBody, RecordKind, Void};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::Ledger;
use crate::append::{append, ensure_not_behind_closing, head, immediate};
use crate::audit;
use crate::error::{LedgerError, Result, required_reason};
use crate::identity::Identity;
use crate::staff::Authorisation;

#[derive(Clone, Debug, Serialize)]
pub struct CommittedVoid {
    pub seq: u64,
    pub hash: String,
    pub at: String,
    pub clock_suspect: bool,
    pub original_seq: u64,
    /// The amount the diner gets back (what earlier refunds did not).
    pub refund_fen: i64,
    pub subsidy_fen: i64,
}

impl Ledger {
    /// Appends a void reversing sale `seq`.
    pub fn void(
        &mut self,
        seq: u64,
        reason: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedVoid> {
        immediate(&mut self.conn, |tx| {
            void(tx, &self.identity, seq, reason, at, None)
        })
    }

    /// Voids sale `seq` at the counter: the void and an audit record naming the
    /// supervisor who authorised it, in one transaction.
    pub fn void_authorised(
        &mut self,
        seq: u64,
        reason: &str,
        supervisor: &Authorisation,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedVoid> {
        let by = Some(supervisor.supervisor.id);
        immediate(&mut self.conn, |tx| {
            void(tx, &self.identity, seq, reason, at, by)
        })
    }
}

/// The void inside the caller's IMMEDIATE transaction (a delivery that came
/// back appends its audit record in the same one).
pub(crate) fn void(
    tx: &Connection,
    identity: &Identity,
    original_seq: u64,
    reason: &str,
    at: DateTime<FixedOffset>,
    authorised_by: Option<u64>,
) -> Result<CommittedVoid> {
    let reason = required_reason(reason)?;
    let original = tx
        .query_row(
            "SELECT kind, hash FROM journal WHERE seq = ?1",
            [original_seq],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?)),
        )
        .optional()?;
    let original_hash = match original {
        Some((kind, hash)) if kind == RecordKind::Sale.as_str() => {
            hash.try_into().map_err(|_| LedgerError::Unreadable {
                seq: original_seq,
                why: "hash is not 32 bytes".into(),
            })?
        }
        _ => return Err(LedgerError::NoSuchSale(original_seq)),
    };
    if tx
        .query_row(
            "SELECT 1 FROM voids WHERE original_seq = ?1",
            [original_seq],
            |_| Ok(()),
        )
        .optional()?
        .is_some()
    {
        return Err(LedgerError::AlreadyVoided(original_seq));
    }
    ensure_not_behind_closing(tx, at.date_naive())?;
    let (charged, subsidy): (i64, i64) = tx.query_row(
        "SELECT coalesce(sum(charged_fen), 0), coalesce(sum(subsidy_fen), 0) FROM sale_entries
         WHERE id BETWEEN ?1 * 1024 AND ?1 * 1024 + 511",
        [original_seq],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    // A void after line refunds reverses what remains.
    let (refunded, refunded_subsidy) = crate::refund::refunded_of(tx, original_seq)?;
    let (refund_fen, subsidy_fen) = (charged - refunded, subsidy - refunded_subsidy);
    let head = head(tx)?;
    let body = RecordBody::Void(Void {
        original_seq,
        original_hash,
        reason: reason.to_owned(),
    });
    let record = Record {
        header: head.next_header(identity, at),
        body,
    };
    let hash = append(tx, &record, &head.hash)?;
    if let Some(supervisor) = authorised_by {
        let detail = format!("void of sale {original_seq}: {}", reason);
        audit::record(
            tx,
            identity,
            at,
            Some(supervisor),
            AuditAction::VoidAuthorised,
            detail,
            Some(record.header.seq),
        )?;
    }
    Ok(CommittedVoid {
        seq: record.header.seq,
        hash: hex::encode(hash),
        at: record.header.at,
        clock_suspect: record.header.clock_suspect,
        original_seq,
        refund_fen,
        subsidy_fen,
    })
}
