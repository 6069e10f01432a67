//! Day totals (X report) and the stored daily closing (Z report).
//!
//! A day's records are its sales and the voids and line refunds recorded on it
//! (by local date); a void counts with the sign reversed under the original
//! sale's item, tier, category, period and payment method for the lines no
//! refund paid back before it, a refund for the lines it paid back (count −qty,
//! amount and subsidy of those lines; under its payment method with count 0,
//! the sale still stands). The closing carries the refund count and amount only
//! when the day had refunds (see `journal`'s closing encoding). The item, tier, period and payment
//! breakdowns each sum to the net; a line with several categories counts under
//! each of them, a line with none under `none`.

use std::collections::BTreeMap;

use canteen_core::Money;
use canteen_core::closing::{Closing, DayTotals, Dimension, NO_KEY, TotalRow};
use canteen_core::journal::{Record, RecordBody};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::append::{append, head};
use crate::error::{LedgerError, Result};
use crate::identity::Identity;
use crate::read;
use crate::residents::split_list;

/// The day's sales (+1), the voids recorded on it (−1, pointing at the sale)
/// and its line refunds (−1, pointing at the sale).
const EFFECTIVE: &str = "WITH effective (seq, orig, sign, kind) AS (
    SELECT seq, seq, 1, 'sale' FROM journal WHERE kind = 'sale' AND local_date = ?1
    UNION ALL
    SELECT j.seq, v.original_seq, -1, 'void' FROM journal j JOIN voids v ON v.seq = j.seq WHERE j.local_date = ?1
    UNION ALL
    SELECT j.seq, r.original_seq, -1, 'refund' FROM journal j JOIN refunds r ON r.seq = j.seq WHERE j.local_date = ?1
)";

/// The day's effect on each sale line: a sale's lines (+1), a void's lines not
/// refunded before it (−1), a refund's lines (−qty, what it paid back).
/// A sale's lines are looked up as the `sale_entries` id range of its seq
/// (lines `seq * 1024 ..= seq * 1024 + 511`, payments the next 512; see
/// `append::entry_id`), one line as `seq * 1024 + line_no`: rowid searches. `CROSS JOIN` keeps SQLite's
/// planner from scanning every sale's rows instead (it cannot see that a range
/// of the rowid is a handful of rows).
const LINES: &str = "WITH lines (seq, orig, line_no, n, charged, subsidy, kind) AS (
    SELECT j.seq, j.seq, l.n, 1, l.charged_fen, l.subsidy_fen, 'sale'
    FROM journal j CROSS JOIN sale_entries l ON l.id BETWEEN j.seq * 1024 AND j.seq * 1024 + 511
    WHERE j.kind = 'sale' AND j.local_date = ?1
    UNION ALL
    SELECT j.seq, v.original_seq, l.n, -1, -l.charged_fen, -l.subsidy_fen, 'void'
    FROM journal j JOIN voids v ON v.seq = j.seq
    CROSS JOIN sale_entries l ON l.id BETWEEN v.original_seq * 1024 AND v.original_seq * 1024 + 511
    WHERE j.local_date = ?1 AND NOT EXISTS (
        SELECT 1 FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq
        WHERE r.original_seq = v.original_seq AND rl.line_no = l.n)
    UNION ALL
    SELECT j.seq, r.original_seq, rl.line_no, -rl.qty, -rl.amount_fen, -rl.subsidy_fen, 'refund'
    FROM journal j JOIN refunds r ON r.seq = j.seq JOIN refund_lines rl ON rl.seq = r.seq
    WHERE j.local_date = ?1
)";

/// Breakdown queries by a line's column: key (`NO_KEY` where it is null),
/// net count, net amount, net subsidy.
const LINE_GROUPS: [(Dimension, &str); 3] = [
    (Dimension::Item, "l.item"),
    (Dimension::Tier, "l.tier"),
    (Dimension::Period, "l.period"),
];

pub(crate) fn day_totals(conn: &Connection, date: NaiveDate) -> Result<DayTotals> {
    let d = date.to_string();
    let (first_seq, last_seq, sale_count, void_count, refund_count): (Option<u64>, Option<u64>, u64, u64, u64) = conn.query_row(
        &format!("{EFFECTIVE} SELECT min(seq), max(seq), count(*) FILTER (WHERE kind = 'sale'), count(*) FILTER (WHERE kind = 'void'),
                                     count(*) FILTER (WHERE kind = 'refund') FROM effective"),
        [&d],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
    )?;
    let (gross, voided, refunded, subsidy): (i64, i64, i64, i64) = conn.query_row(
        &format!(
            "{LINES} SELECT coalesce(sum(charged) FILTER (WHERE kind = 'sale'), 0),
                            -coalesce(sum(charged) FILTER (WHERE kind = 'void'), 0),
                            -coalesce(sum(charged) FILTER (WHERE kind = 'refund'), 0),
                            coalesce(sum(subsidy), 0)
                     FROM lines"
        ),
        [&d],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;

    let mut totals = Vec::new();
    for (dimension, column) in LINE_GROUPS {
        let sql = format!(
            "{LINES} SELECT coalesce({column}, '{NO_KEY}'), sum(e.n), sum(e.charged), sum(e.subsidy)
                     FROM lines e JOIN sale_entries l ON l.id = e.orig * 1024 + e.line_no GROUP BY 1 ORDER BY 1"
        );
        totals.extend(grouped(conn, &sql, &d, dimension)?);
    }
    totals.extend(by_category(conn, &d)?);
    // A sale counts +1 under each of its payments, a void −1 with what remained
    // after refunds, a refund 0 with what it paid back (a refunded sale has one
    // payment, see `refund`).
    let payments = format!(
        "{EFFECTIVE} SELECT p.method, sum(CASE e.kind WHEN 'refund' THEN 0 ELSE e.sign END),
                            sum(CASE e.kind
                                  WHEN 'sale' THEN p.amount_fen
                                  WHEN 'void' THEN -(p.amount_fen - (SELECT coalesce(sum(rl.amount_fen), 0) FROM refunds r
                                                     JOIN refund_lines rl ON rl.seq = r.seq WHERE r.original_seq = e.orig))
                                  ELSE -(SELECT sum(amount_fen) FROM refund_lines WHERE seq = e.seq) END),
                            sum(CASE e.kind
                                  WHEN 'sale' THEN (SELECT sum(subsidy_fen) FROM sale_entries
                                                    WHERE id BETWEEN e.orig * 1024 AND e.orig * 1024 + 511)
                                  WHEN 'void' THEN -((SELECT sum(subsidy_fen) FROM sale_entries
                                                      WHERE id BETWEEN e.orig * 1024 AND e.orig * 1024 + 511)
                                                     - (SELECT coalesce(sum(rl.subsidy_fen), 0) FROM refunds r
                                                        JOIN refund_lines rl ON rl.seq = r.seq WHERE r.original_seq = e.orig))
                                  ELSE -(SELECT sum(subsidy_fen) FROM refund_lines WHERE seq = e.seq) END)
                     FROM effective e
                     CROSS JOIN sale_entries p ON p.id BETWEEN e.orig * 1024 + 512 AND e.orig * 1024 + 1023
                     GROUP BY 1 ORDER BY 1"
    );
    totals.extend(grouped(conn, &payments, &d, Dimension::Payment)?);

    Ok(DayTotals {
        date,
        first_seq,
        last_seq,
        sale_count,
        void_count,
        gross: Money::from_fen(gross),
        voided: Money::from_fen(voided),
        refund_count,
        refunded: Money::from_fen(refunded),
        net: Money::from_fen(gross - voided - refunded),
        subsidy: Money::from_fen(subsidy),
        totals,
    })
}

fn grouped(
    conn: &Connection,
    sql: &str,
    date: &str,
    dimension: Dimension,
) -> Result<Vec<TotalRow>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([date], |r| {
        Ok(TotalRow {
            dimension,
            key: r.get(0)?,
            count: r.get(1)?,
            amount: Money::from_fen(r.get(2)?),
            subsidy: Money::from_fen(r.get(3)?),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn by_category(conn: &Connection, date: &str) -> Result<Vec<TotalRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{LINES} SELECT l.categories, e.n, e.charged, e.subsidy FROM lines e JOIN sale_entries l ON l.id = e.orig * 1024 + e.line_no"
    ))?;
    let mut sums: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
    let rows = stmt.query_map([date], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for row in rows {
        let (categories, n, charged, subsidy) = row?;
        let mut keys = split_list(&categories);
        if keys.is_empty() {
            keys.push(NO_KEY.into());
        }
        for key in keys {
            let s = sums.entry(key).or_default();
            s.0 += n;
            s.1 += charged;
            s.2 += subsidy;
        }
    }
    Ok(sums
        .into_iter()
        .map(|(key, (count, amount, subsidy))| TotalRow {
            dimension: Dimension::Category,
            key,
            count,
            amount: Money::from_fen(amount),
            subsidy: Money::from_fen(subsidy),
        })
        .collect())
}

/// A stored closing with its place in the journal.
#[derive(Clone, Debug, Serialize)]
pub struct CommittedClosing {
    pub seq: u64,
    pub hash: String,
    pub at: String,
    #[serde(flatten)]
    pub closing: Closing,
}

/// Closes `date` (once; closing it again returns the stored closing).
pub(crate) fn close_day(
    conn: &mut Connection,
    identity: &Identity,
    date: NaiveDate,
    at: DateTime<FixedOffset>,
) -> Result<CommittedClosing> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    if let Some(stored) = stored_closing(&tx, date)? {
        return Ok(stored);
    }
    if date > at.date_naive() {
        return Err(LedgerError::FutureDay {
            date: date.to_string(),
        });
    }
    let day = day_totals(&tx, date)?;
    let grand_total: i64 = tx.query_row(
        "SELECT (SELECT coalesce(sum(charged_fen), 0) FROM sale_lines)
              - (SELECT coalesce(sum(l.charged_fen), 0) FROM voids v
                 CROSS JOIN sale_entries l ON l.id BETWEEN v.original_seq * 1024 AND v.original_seq * 1024 + 511)
              - (SELECT coalesce(sum(rl.amount_fen), 0) FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq
                 WHERE NOT EXISTS (SELECT 1 FROM voids v WHERE v.original_seq = r.original_seq))",
        [],
        |r| r.get(0),
    )?;
    let head = head(&tx)?;
    let closing = Closing {
        day,
        grand_total: Money::from_fen(grand_total),
        head_seq: head.seq,
        chain_head: head.hash,
    };
    let record = Record {
        header: head.next_header(identity, at),
        body: RecordBody::Closing(closing),
    };
    let hash = append(&tx, &record, &head.hash)?;
    tx.commit()?;
    let RecordBody::Closing(closing) = record.body else {
        unreachable!("built as a closing above")
    };
    Ok(CommittedClosing {
        seq: record.header.seq,
        hash: hex::encode(hash),
        at: record.header.at,
        closing,
    })
}

pub(crate) fn stored_closing(
    conn: &Connection,
    date: NaiveDate,
) -> Result<Option<CommittedClosing>> {
    let row = conn
        .query_row(
            "SELECT c.seq, j.hash, j.at FROM closings c JOIN journal j ON j.seq = c.seq WHERE c.date = ?1",
            [date.to_string()],
            |r| Ok((r.get::<_, u64>(0)?, r.get::<_, Vec<u8>>(1)?, r.get::<_, String>(2)?)),
        )
        .optional()?;
    let Some((seq, hash, at)) = row else {
        return Ok(None);
    };
    let closing = read::closing(conn, seq).map_err(|why| LedgerError::Unreadable { seq, why })?;
    Ok(Some(CommittedClosing {
        seq,
        hash: hex::encode(hash),
        at,
        closing,
    }))
}
