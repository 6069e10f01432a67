//! Appending one record to the journal inside the caller's transaction: the
//! journal row with its place in the chain and the typed detail rows (a sale's
//! lines and payments both into `sale_entries`, keyed by [`entry_id`]; a refund
//! into `refunds` and `refund_lines`; `sale_lines` and `payments` are read-only
//! views of `sale_entries`). The
//! journal row is also the record's outbox entry: it is pending for sync until
//! the outbox mark (see [`crate::outbox`]) passes its `seq`.
//!
//! Callers hold an IMMEDIATE transaction, so reading the head and writing the
//! next sequence number cannot race another writer.

use canteen_core::cashier::Shift;
use canteen_core::closing::Closing;
use canteen_core::journal::{FORMAT_VERSION, GENESIS, Hash, Record, RecordBody, RecordHeader};
use canteen_core::{Payment, Sale};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::error::{LedgerError, Result};
use crate::identity::Identity;
use crate::residents::join_list;

/// Lines, and payments, a sale can have: `n` of a `sale_entries` row is 0–511.
pub(crate) const MAX_SALE_ENTRIES: usize = 512;

/// The `sale_entries` key of a sale's line or payment `n` (schema v9):
/// `seq * 1024 + kind_bit * 512 + n`, kind bit 0 for a line and 1 for a
/// payment. Ascending like `(seq, kind, n)`, so a sale's rows append at the
/// end of the table, and a sale's rows are the range `seq * 1024 ..= seq * 1024
/// + 1023` (see [`crate::read::sale`]). `n` must be below [`MAX_SALE_ENTRIES`].
/// Runs `work` in one IMMEDIATE transaction (the write lock taken at once,
/// as every write here is) and commits it when `work` succeeds; an error rolls
/// it back. A refusal that must be kept (an audited one) is an `Ok` outcome
/// of `work`: `immediate(conn, |tx| ..)?` then returns it.
pub(crate) fn immediate<T>(
    conn: &mut Connection,
    work: impl FnOnce(&Transaction<'_>) -> Result<T>,
) -> Result<T> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let done = work(&tx)?;
    tx.commit()?;
    Ok(done)
}

pub(crate) fn entry_id(seq: u64, payment: bool, n: usize) -> i64 {
    debug_assert!(n < MAX_SALE_ENTRIES);
    (seq as i64) * 1024 + i64::from(payment) * 512 + n as i64
}

/// Refuses a sale with more lines or payments than `sale_entries` can number.
pub(crate) fn ensure_fits(lines: usize, payments: usize) -> Result<()> {
    if lines > MAX_SALE_ENTRIES || payments > MAX_SALE_ENTRIES {
        return Err(LedgerError::SaleTooLarge {
            lines,
            payments,
            max: MAX_SALE_ENTRIES,
        });
    }
    Ok(())
}

/// The last record of the journal (or the genesis).
pub(crate) struct Head {
    pub seq: u64,
    pub hash: Hash,
    pub at: Option<DateTime<FixedOffset>>,
}

pub(crate) fn head(conn: &Connection) -> Result<Head> {
    let row = conn
        .prepare_cached("SELECT seq, hash, at FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok((
                r.get::<_, u64>(0)?,
                r.get::<_, Vec<u8>>(1)?,
                r.get::<_, String>(2)?,
            ))
        })
        .optional()?;
    let Some((seq, hash, at)) = row else {
        return Ok(Head {
            seq: 0,
            hash: GENESIS,
            at: None,
        });
    };
    let hash = hash.try_into().map_err(|_| LedgerError::Unreadable {
        seq,
        why: "hash is not 32 bytes".into(),
    })?;
    Ok(Head {
        seq,
        hash,
        at: DateTime::parse_from_rfc3339(&at).ok(),
    })
}

impl Head {
    /// The header of the record that follows this head, written at `at`.
    pub fn next_header(&self, identity: &Identity, at: DateTime<FixedOffset>) -> RecordHeader {
        RecordHeader {
            device_id: identity.device_id.clone(),
            db_epoch: identity.db_epoch.clone(),
            seq: self.seq + 1,
            at: at.to_rfc3339(),
            local_date: at.date_naive(),
            clock_suspect: self.at.is_some_and(|last| at < last),
        }
    }
}

/// Refuses records for a local date whose Z is already stored.
pub(crate) fn ensure_open(conn: &Connection, date: NaiveDate) -> Result<()> {
    let closed = conn
        .prepare_cached("SELECT 1 FROM closings WHERE date = ?1")?
        .exists([date.to_string()])?;
    if closed {
        Err(LedgerError::DayClosed {
            date: date.to_string(),
        })
    } else {
        Ok(())
    }
}

/// Refuses a new record dated `date` when that day or any later day is
/// closed: days are closed in order, so nothing may be added behind the last
/// Z (a backdated sale, or a clock that went back).
pub(crate) fn ensure_not_behind_closing(conn: &Connection, date: NaiveDate) -> Result<()> {
    let closed: Option<String> = conn
        .prepare_cached("SELECT max(date) FROM closings WHERE date >= ?1")?
        .query_row([date.to_string()], |r| r.get(0))?;
    match closed {
        Some(closed) => Err(LedgerError::DayClosed { date: closed }),
        None => Ok(()),
    }
}

/// Writes `record` after `prev`; returns its hash.
pub(crate) fn append(conn: &Connection, record: &Record, prev: &Hash) -> Result<Hash> {
    let h = &record.header;
    let hash = record.hash_after(prev);
    // A sale's diner lives on its journal row (schema v6): no separate header row.
    let (diner, rules_version, route) = match &record.body {
        RecordBody::Sale(sale) => (
            sale.diner.as_ref(),
            sale.rules_version,
            sale.delivery.as_ref().map(|d| &d.route),
        ),
        _ => (None, 0, None),
    };
    conn.prepare_cached(
        "INSERT INTO journal (seq, kind, device_id, db_epoch, at, local_date, clock_suspect, format_version, prev_hash, hash,
                              resident_key, masked_id, rules_version, delivery_route)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute((
        h.seq,
        record.body.kind().as_str(),
        &h.device_id,
        &h.db_epoch,
        &h.at,
        h.local_date.to_string(),
        h.clock_suspect,
        FORMAT_VERSION,
        &prev[..],
        &hash[..],
        diner.map(|d| &d.resident_key),
        diner.map(|d| &d.masked_id),
        rules_version,
        route,
    ))?;
    match &record.body {
        RecordBody::Sale(sale) => sale_rows(conn, h, sale)?,
        RecordBody::Void(v) => {
            conn.prepare_cached("INSERT INTO voids (seq, original_seq, original_hash, reason) VALUES (?1, ?2, ?3, ?4)")?
                .execute((h.seq, v.original_seq, &v.original_hash[..], &v.reason))?;
        }
        RecordBody::Closing(z) => closing_rows(conn, h.seq, z)?,
        RecordBody::Audit(a) => {
            conn.prepare_cached("INSERT INTO audit (seq, staff_id, action, detail, related_seq) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute((h.seq, a.staff_id, a.action.as_str(), &a.detail, a.related_seq))?;
        }
        RecordBody::Shift(s) => shift_row(conn, h.seq, s)?,
        RecordBody::CardTopUp(t) => {
            conn.prepare_cached("INSERT INTO card_top_ups (seq, card_no, amount_fen, staff_id) VALUES (?1, ?2, ?3, ?4)")?
                .execute((h.seq, &t.card_no, t.amount.fen(), t.staff_id))?;
        }
        RecordBody::Refund(r) => {
            conn.prepare_cached(
                "INSERT INTO refunds (seq, original_seq, original_hash, reason, supervisor_id) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute((h.seq, r.original_seq, &r.original_hash[..], &r.reason, r.supervisor_id))?;
            let mut line = conn.prepare_cached(
                "INSERT INTO refund_lines (seq, line_no, qty, amount_fen, subsidy_fen) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for l in &r.lines {
                line.execute((h.seq, l.line_no, l.qty, l.amount.fen(), l.subsidy.fen()))?;
            }
        }
    }
    Ok(hash)
}

fn sale_rows(conn: &Connection, h: &RecordHeader, sale: &Sale) -> Result<()> {
    let seq = h.seq;
    ensure_fits(sale.lines.len(), sale.payments.len())?;
    let mut line_stmt = conn.prepare_cached(
        "INSERT INTO sale_entries (id, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                                   uses_quota, reason_zh, reason_en)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (n, l) in sale.lines.iter().enumerate() {
        line_stmt.execute((
            entry_id(seq, false, n),
            &l.item,
            &l.period,
            &l.tier,
            join_list(&l.categories),
            l.market.fen(),
            l.charged.fen(),
            l.subsidy.fen(),
            l.uses_quota,
            &l.reason_zh,
            &l.reason_en,
        ))?;
    }
    quota_rows(conn, h, sale)?;
    let mut pay_stmt = conn.prepare_cached(
        "INSERT INTO sale_entries (id, method, amount_fen, tendered_fen, change_fen, card_no, reference)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (n, p) in sale.payments.iter().enumerate() {
        let (tendered, change, card_no, reference) = match p {
            Payment::Cash {
                tendered, change, ..
            } => (Some(tendered.fen()), Some(change.fen()), None, None),
            Payment::Card { card_no, .. } => (None, None, Some(card_no), None),
            Payment::Mobile { reference, .. } => (None, None, None, Some(reference)),
            Payment::Free => (None, None, None, None),
        };
        pay_stmt.execute((
            entry_id(seq, true, n),
            p.method().as_str(),
            p.amount().fen(),
            tendered,
            change,
            card_no,
            reference,
        ))?;
    }
    Ok(())
}

/// One quota row per line that used the diner's quota in a meal period.
fn quota_rows(conn: &Connection, h: &RecordHeader, sale: &Sale) -> Result<()> {
    let Some(diner) = &sale.diner else {
        return Ok(());
    };
    let mut stmt = conn.prepare_cached(
        "INSERT INTO quota_uses (resident_key, local_date, period, seq, line_no) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (n, l) in sale.lines.iter().enumerate() {
        if let (true, Some(period)) = (l.uses_quota, &l.period) {
            stmt.execute((
                &diner.resident_key,
                h.local_date.to_string(),
                period,
                h.seq,
                n,
            ))?;
        }
    }
    Ok(())
}

fn shift_row(conn: &Connection, seq: u64, s: &Shift) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO shifts (seq, event, staff_id, float_fen, open_seq, expected_fen, counted_fen, supervisor_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // The columns of the other event are NULL.
    let (float, open_seq, expected, counted, supervisor_id) = match *s {
        Shift::Open { float, .. } => (Some(float.fen()), None, None, None, None),
        Shift::Close {
            open_seq,
            expected,
            counted,
            supervisor_id,
            ..
        } => (
            None,
            Some(open_seq),
            Some(expected.fen()),
            Some(counted.fen()),
            supervisor_id,
        ),
    };
    stmt.execute((
        seq,
        s.event(),
        s.staff_id(),
        float,
        open_seq,
        expected,
        counted,
        supervisor_id,
    ))?;
    Ok(())
}

fn closing_rows(conn: &Connection, seq: u64, z: &Closing) -> Result<()> {
    let d = &z.day;
    conn.prepare_cached(
        "INSERT INTO closings (seq, date, first_seq, last_seq, sale_count, void_count, gross_fen, voided_fen, net_fen,
                               subsidy_fen, grand_total_fen, head_seq, chain_head)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute((
        seq,
        d.date.to_string(),
        d.first_seq,
        d.last_seq,
        d.sale_count,
        d.void_count,
        d.gross.fen(),
        d.voided.fen(),
        d.net.fen(),
        d.subsidy.fen(),
        z.grand_total.fen(),
        z.head_seq,
        &z.chain_head[..],
    ))?;
    if d.refund_count != 0 || d.refunded != canteen_core::Money::ZERO {
        conn.prepare_cached(
            "INSERT INTO closing_refunds (seq, refund_count, refunded_fen) VALUES (?1, ?2, ?3)",
        )?
        .execute((seq, d.refund_count, d.refunded.fen()))?;
    }
    let mut row = conn.prepare_cached(
        "INSERT INTO closing_totals (seq, row_no, dimension, key, count, amount_fen, subsidy_fen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (n, t) in d.totals.iter().enumerate() {
        row.execute((
            seq,
            n,
            t.dimension.as_str(),
            &t.key,
            t.count,
            t.amount.fen(),
            t.subsidy.fen(),
        ))?;
    }
    Ok(())
}
