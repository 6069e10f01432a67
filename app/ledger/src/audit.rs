//! Appending one audit record inside the caller's transaction: the same path as
//! every other record (chain, typed row, pending for sync), so audit records are
//! as tamper-evident as sales. Details are passed through
//! [`mask_id_numbers`] first: a full ID number never reaches the journal.

use canteen_core::cashier::{Audit, AuditAction, mask_id_numbers};
use canteen_core::journal::{Record, RecordBody};
use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;

use crate::append::{append, head};
use crate::error::Result;
use crate::identity::Identity;

/// Appends an audit record; returns its sequence number. Audit records are kept
/// even on a day whose Z is stored (signing out after printing the Z is normal).
pub(crate) fn record(
    conn: &Connection,
    identity: &Identity,
    at: DateTime<FixedOffset>,
    staff_id: Option<u64>,
    action: AuditAction,
    detail: impl Into<String>,
    related_seq: Option<u64>,
) -> Result<u64> {
    let head = head(conn)?;
    let record = Record {
        header: head.next_header(identity, at),
        body: RecordBody::Audit(Audit {
            staff_id,
            action,
            detail: mask_id_numbers(&detail.into()),
            related_seq,
        }),
    };
    append(conn, &record, &head.hash)?;
    Ok(record.header.seq)
}
