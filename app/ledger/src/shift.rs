//! Cash shifts: opening with a counted float, the shift so far (expected cash
//! from the journal's own payments, voids, cash refunds of lines and top-ups
//! since the opening), and
//! closing with a counted total — refused without a supervisor when the
//! difference is above the configured limit.
//!
//! Both ends are journal records (kind `shift`), so the float, the count, the
//! expected cash and the supervisor are in the hash chain. One shift is open at
//! a time on a device.

use canteen_core::Money;
use canteen_core::cashier::{CashierRules, Shift, ShiftCash};
use canteen_core::journal::{Record, RecordBody};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::Ledger;
use crate::append::{append, head};
use crate::error::{LedgerError, Result};
use crate::staff::Authorisation;

/// A shift as reported: open (so far) or closed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ShiftReport {
    pub open_seq: u64,
    pub opened_at: String,
    pub staff_id: u64,
    pub cash: ShiftCash,
    pub expected_fen: i64,
    /// The close record, when the shift is closed.
    pub close_seq: Option<u64>,
    pub counted_fen: Option<i64>,
    /// counted − expected (negative: cash is missing).
    pub difference_fen: Option<i64>,
    pub supervisor_id: Option<u64>,
    pub sale_count: u64,
    pub void_count: u64,
    /// Line refunds in the shift (their cash is in `cash.refunds`).
    pub refund_count: u64,
}

/// The open shift's opening record: (seq, staff, float, at).
fn open_shift(conn: &Connection) -> Result<Option<(u64, u64, Money, String)>> {
    Ok(conn
        .prepare_cached(
            "SELECT s.seq, s.staff_id, s.float_fen, j.at FROM shifts s JOIN journal j ON j.seq = s.seq
             WHERE s.event = 'open' AND NOT EXISTS (SELECT 1 FROM shifts c WHERE c.open_seq = s.seq)
             ORDER BY s.seq DESC LIMIT 1",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, Money::from_fen(r.get(2)?), r.get(3)?)))
        .optional()?)
}

/// Sums the cash of records after `open_seq` up to and including `last_seq`.
fn cash(
    conn: &Connection,
    float: Money,
    open_seq: u64,
    last_seq: u64,
) -> Result<(ShiftCash, u64, u64, u64)> {
    let range = (open_seq, last_seq);
    let (tendered, change): (i64, i64) = conn
        .prepare_cached(
            "SELECT coalesce(sum(tendered_fen), 0), coalesce(sum(change_fen), 0) FROM sale_entries
         WHERE id > ?1 * 1024 + 1023 AND id <= ?2 * 1024 + 1023 AND kind = 'payment' AND method = 'cash'",
        )?
        .query_row(range, |r| Ok((r.get(0)?, r.get(1)?)))?;
    // Voids pay back what line refunds before them did not; line refunds of
    // cash sales pay back their lines.
    // A sale's payments are the range of its `sale_entries` ids (`CROSS JOIN`:
    // after the void or refund that names the sale); `+p.method` keeps SQLite
    // from indexing every payment by method for the query instead.
    let refunds: i64 = conn.prepare_cached(
        "SELECT (SELECT coalesce(sum(p.amount_fen), 0) FROM voids v
                 CROSS JOIN sale_entries p ON p.id BETWEEN v.original_seq * 1024 + 512 AND v.original_seq * 1024 + 1023
                 WHERE +p.method = 'cash' AND v.seq > ?1 AND v.seq <= ?2)
              - (SELECT coalesce(sum(rl.amount_fen), 0) FROM voids v
                 CROSS JOIN sale_entries p ON p.id BETWEEN v.original_seq * 1024 + 512 AND v.original_seq * 1024 + 1023
                 JOIN refunds r ON r.original_seq = v.original_seq JOIN refund_lines rl ON rl.seq = r.seq
                 WHERE +p.method = 'cash' AND v.seq > ?1 AND v.seq <= ?2)
              + (SELECT coalesce(sum(rl.amount_fen), 0) FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq
                 CROSS JOIN sale_entries p ON p.id BETWEEN r.original_seq * 1024 + 512 AND r.original_seq * 1024 + 1023
                 WHERE +p.method = 'cash' AND r.seq > ?1 AND r.seq <= ?2)",
    )?.query_row(range, |r| r.get(0))?;
    let top_ups: i64 = conn
        .prepare_cached(
            "SELECT coalesce(sum(amount_fen), 0) FROM card_top_ups WHERE seq > ?1 AND seq <= ?2",
        )?
        .query_row(range, |r| r.get(0))?;
    let (sales, voids, refund_count): (u64, u64, u64) = conn
        .prepare_cached(
            "SELECT count(*) FILTER (WHERE kind = 'sale'), count(*) FILTER (WHERE kind = 'void'),
                count(*) FILTER (WHERE kind = 'refund') FROM journal
         WHERE seq > ?1 AND seq <= ?2",
        )?
        .query_row(range, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let cash = ShiftCash {
        float,
        tendered: Money::from_fen(tendered),
        change: Money::from_fen(change),
        refunds: Money::from_fen(refunds),
        top_ups: Money::from_fen(top_ups),
    };
    Ok((cash, sales, voids, refund_count))
}

/// The open shift so far (X report of the shift), if one is open.
pub(crate) fn current(conn: &Connection) -> Result<Option<ShiftReport>> {
    let Some((open_seq, staff_id, float, opened_at)) = open_shift(conn)? else {
        return Ok(None);
    };
    let last = head(conn)?.seq;
    let (cash, sale_count, void_count, refund_count) = cash(conn, float, open_seq, last)?;
    Ok(Some(ShiftReport {
        open_seq,
        opened_at,
        staff_id,
        expected_fen: cash.expected().fen(),
        cash,
        close_seq: None,
        counted_fen: None,
        difference_fen: None,
        supervisor_id: None,
        sale_count,
        void_count,
        refund_count,
    }))
}

/// The shift opened at `open_seq` as stored (closed or still open), for a
/// reprint of its report; `None` if `open_seq` opened no shift.
pub(crate) fn stored(conn: &Connection, open_seq: u64) -> Result<Option<ShiftReport>> {
    let open = conn
        .prepare_cached(
            "SELECT s.staff_id, s.float_fen, j.at FROM shifts s JOIN journal j ON j.seq = s.seq
             WHERE s.seq = ?1 AND s.event = 'open'",
        )?
        .query_row([open_seq], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                Money::from_fen(r.get(1)?),
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((staff_id, float, opened_at)) = open else {
        return Ok(None);
    };
    let close = conn
        .prepare_cached("SELECT seq, counted_fen, supervisor_id FROM shifts WHERE open_seq = ?1")?
        .query_row([open_seq], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<u64>>(2)?,
            ))
        })
        .optional()?;
    let last = match close {
        Some((seq, ..)) => seq - 1,
        None => head(conn)?.seq,
    };
    let (cash, sale_count, void_count, refund_count) = cash(conn, float, open_seq, last)?;
    let expected_fen = cash.expected().fen();
    Ok(Some(ShiftReport {
        open_seq,
        opened_at,
        staff_id,
        cash,
        expected_fen,
        close_seq: close.map(|c| c.0),
        counted_fen: close.map(|c| c.1),
        difference_fen: close.map(|c| c.1 - expected_fen),
        supervisor_id: close.and_then(|c| c.2),
        sale_count,
        void_count,
        refund_count,
    }))
}

impl Ledger {
    /// Opens a cash shift with the counted float.
    pub fn open_shift(
        &mut self,
        staff_id: u64,
        float: Money,
        at: DateTime<FixedOffset>,
    ) -> Result<ShiftReport> {
        let (conn, identity) = (&mut self.conn, &self.identity);
        if float < Money::ZERO {
            return Err(LedgerError::BadAmount);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some((seq, ..)) = open_shift(&tx)? {
            return Err(LedgerError::ShiftAlreadyOpen { seq });
        }
        let head = head(&tx)?;
        let record = Record {
            header: head.next_header(identity, at),
            body: RecordBody::Shift(Shift::Open { staff_id, float }),
        };
        append(&tx, &record, &head.hash)?;
        tx.commit()?;
        current(conn)?.ok_or(LedgerError::NoOpenShift)
    }

    /// The open shift so far (expected cash), if one is open.
    pub fn current_shift(&self) -> Result<Option<ShiftReport>> {
        let tx = self.conn.unchecked_transaction()?;
        current(&tx)
    }

    /// The shift opened at `open_seq` (closed or open), e.g. to reprint its report.
    pub fn shift_report(&self, open_seq: u64) -> Result<Option<ShiftReport>> {
        let tx = self.conn.unchecked_transaction()?;
        stored(&tx, open_seq)
    }

    /// Closes the open shift with the counted cash. A difference above
    /// `rules.shift_difference_limit` is refused without a supervisor.
    pub fn close_shift(
        &mut self,
        staff_id: u64,
        counted: Money,
        supervisor: Option<&Authorisation>,
        at: DateTime<FixedOffset>,
        rules: &CashierRules,
    ) -> Result<ShiftReport> {
        let (conn, identity) = (&mut self.conn, &self.identity);
        if counted < Money::ZERO {
            return Err(LedgerError::BadAmount);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(mut report) = current(&tx)? else {
            return Err(LedgerError::NoOpenShift);
        };
        if report.staff_id != staff_id && supervisor.is_none() {
            return Err(LedgerError::NotYourShift);
        }
        let difference = Money::from_fen(counted.fen() - report.expected_fen);
        if report
            .cash
            .needs_supervisor(counted, rules.shift_difference_limit)
            && supervisor.is_none()
        {
            return Err(LedgerError::SupervisorRequired {
                difference,
                limit: rules.shift_difference_limit,
            });
        }
        let head = head(&tx)?;
        let supervisor_id = supervisor.map(|a| a.supervisor.id);
        let record = Record {
            header: head.next_header(identity, at),
            body: RecordBody::Shift(Shift::Close {
                staff_id,
                open_seq: report.open_seq,
                expected: report.cash.expected(),
                counted,
                supervisor_id,
            }),
        };
        append(&tx, &record, &head.hash)?;
        tx.commit()?;
        report.close_seq = Some(record.header.seq);
        report.counted_fen = Some(counted.fen());
        report.difference_fen = Some(difference.fen());
        report.supervisor_id = supervisor_id;
        Ok(report)
    }
}
