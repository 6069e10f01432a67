//! Verifying the journal: rebuild every record from its typed rows, in sequence
//! order, and check the chain with [`canteen_core::journal::verify_chain`]; then
//! look for detail rows that belong to no journal record of their kind (rows
//! inserted behind the ledger's back) and for quota rows that disagree with the
//! sale lines they are derived from. Runs in one read transaction, so a
//! concurrent sale cannot make a sound journal look broken.
//!
//! Deleting records at the end of the journal leaves a shorter chain that still
//! verifies; that is caught against the anchors kept off the device (the office's
//! copy, the printed Z report's chain head), not here.

use canteen_core::journal::{ChainAnchor, ChainBreak, ChainHead, verify_chain};
use rusqlite::Connection;

use crate::error::Result;
use crate::read::{JOURNAL_COLUMNS, journal_row};

/// Detail rows without the journal record they belong to, by table.
const ORPHANS: &str = "SELECT min(seq) FROM (
    SELECT seq FROM sale_lines WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale')
    UNION ALL SELECT seq FROM payments WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale')
    UNION ALL SELECT seq FROM voids WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'void')
    UNION ALL SELECT seq FROM closings WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'closing')
    UNION ALL SELECT seq FROM closing_totals WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'closing')
    UNION ALL SELECT seq FROM audit WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'audit')
    UNION ALL SELECT seq FROM shifts WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'shift')
    UNION ALL SELECT seq FROM card_top_ups WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'card_top_up')
    UNION ALL SELECT seq FROM refunds WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'refund')
    UNION ALL SELECT seq FROM refund_lines WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'refund')
    UNION ALL SELECT seq FROM closing_refunds WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'closing')
)";

/// Quota rows that no sale line accounts for, and quota-using lines of an
/// identified diner without their quota row.
/// A quota row's line is the `sale_entries` row `seq * 1024 + line_no` (a
/// rowid look-up; see `append::entry_id`).
const QUOTA_MISMATCH: &str = "SELECT min(seq) FROM (
    SELECT q.seq FROM quota_uses q WHERE NOT EXISTS (
        SELECT 1 FROM sale_entries l JOIN journal j ON j.seq = q.seq
        WHERE l.id = q.seq * 1024 + q.line_no AND q.line_no BETWEEN 0 AND 511
          AND l.uses_quota = 1 AND l.period = q.period
          AND j.resident_key = q.resident_key AND j.local_date = q.local_date)
    UNION ALL
    SELECT l.seq FROM sale_lines l JOIN journal j ON j.seq = l.seq
    WHERE l.uses_quota = 1 AND l.period IS NOT NULL AND j.resident_key IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM quota_uses q WHERE q.seq = l.seq AND q.line_no = l.line_no)
)";

/// `Ok(Ok(head))` for a sound journal, `Ok(Err(break))` for a broken one,
/// `Err` when the database could not be read at all.
pub fn verify(conn: &Connection) -> Result<Result<ChainHead, ChainBreak>> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt = tx.prepare(&format!(
        "SELECT {JOURNAL_COLUMNS} FROM journal ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut read_error = None;
    let links = std::iter::from_fn(|| match rows.next() {
        Ok(Some(row)) => match journal_row(row) {
            Ok(r) => Some(r.link(&tx)),
            Err(e) => {
                read_error = Some(e);
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            read_error = Some(e);
            None
        }
    });
    let chain = verify_chain(ChainAnchor::GENESIS, links);
    if let Some(e) = read_error {
        return Err(e.into());
    }
    let orphan: Option<u64> = tx.query_row(ORPHANS, [], |r| r.get(0))?;
    let quota: Option<u64> = tx.query_row(QUOTA_MISMATCH, [], |r| r.get(0))?;
    let stray = orphan
        .map(|seq| (seq, "detail rows without their journal record (inserted)"))
        .into_iter()
        .chain(quota.map(|seq| (seq, "quota rows do not match the sale's lines")))
        .min_by_key(|(seq, _)| *seq)
        .map(|(seq, reason)| ChainBreak {
            first_bad_seq: seq,
            reason: reason.into(),
        });
    Ok(match (chain, stray) {
        (Err(chain), Some(stray)) if stray.first_bad_seq < chain.first_bad_seq => Err(stray),
        (Err(chain), _) => Err(chain),
        (Ok(_), Some(stray)) => Err(stray),
        (Ok(head), None) => Ok(head),
    })
}
