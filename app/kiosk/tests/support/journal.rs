//! Reading a ledger's journal back the way the screen tests look at it: the
//! record bodies after a point, and the audits, voids and line refunds among
//! them. Shared by both window rigs (`demo`, `screens`) and the tests that
//! compare two ledgers.

use canteen_core::cashier::{Audit, AuditAction};
use canteen_core::journal::{RecordBody, Refund, Void};
use canteen_ledger::Ledger;

/// Every journal record's body after sequence number `after`, oldest first.
pub fn bodies(ledger: &Ledger, after: u64) -> Vec<RecordBody> {
    ledger
        .records_after(after, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|r| r.record.body)
        .collect()
}

/// The audit records of `action` among `records`, oldest first.
pub fn audits(records: Vec<RecordBody>, action: AuditAction) -> Vec<Audit> {
    records
        .into_iter()
        .filter_map(|b| match b {
            RecordBody::Audit(a) if a.action == action => Some(a),
            _ => None,
        })
        .collect()
}

/// The voids among `records`, oldest first.
pub fn voids(records: Vec<RecordBody>) -> Vec<Void> {
    records
        .into_iter()
        .filter_map(|b| match b {
            RecordBody::Void(v) => Some(v),
            _ => None,
        })
        .collect()
}

/// The line refunds among `records`, oldest first.
pub fn refunds(records: Vec<RecordBody>) -> Vec<Refund> {
    records
        .into_iter()
        .filter_map(|b| match b {
            RecordBody::Refund(r) => Some(r),
            _ => None,
        })
        .collect()
}
