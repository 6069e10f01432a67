//! Refunding some lines of a sale: a new journal record (kind `refund`) that
//! references the original by sequence number and hash and pays back what each
//! refunded line charged the diner, by the sale's own payment method (cash out
//! of the drawer, back onto the meal card, back to the mobile payment). The
//! original is never touched. Only with a supervisor: the audit record naming
//! them is appended right after the refund, in the same IMMEDIATE transaction.
//!
//! Rules:
//! - the sale exists, is not voided, and neither its day nor today is closed;
//! - a sale line is one meal (quantity 1): each line is refunded at most its
//!   remaining quantity across earlier refunds;
//! - a sale paid in more than one way is not refunded line by line (which
//!   payment would get the money back is not ours to guess): void it;
//! - a voided sale cannot be refunded, and a void after refunds reverses
//!   whatever remains (the lines not refunded yet), so a sale is never paid
//!   back twice;
//! - a refunded line's subsidy is no longer claimable, and a line that used the
//!   diner's per-period quota gives it back (see `sell::quota_used`).

use canteen_core::cashier::AuditAction;
use canteen_core::journal::{Record, RecordBody, RecordKind, Refund, RefundLine};
use canteen_core::{Money, Payment, PaymentMethod};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::Ledger;
use crate::append::{append, ensure_not_behind_closing, ensure_open, head};
use crate::audit;
use crate::error::{LedgerError, Result, required_reason};
use crate::staff::Authorisation;

/// A committed refund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommittedRefund {
    pub seq: u64,
    pub hash: String,
    pub at: String,
    pub clock_suspect: bool,
    pub original_seq: u64,
    pub lines: Vec<RefundedLine>,
    /// Paid back to the diner.
    pub refund_fen: i64,
    /// Subsidy no longer claimable.
    pub subsidy_fen: i64,
    /// How it is paid back: the sale's payment method.
    pub method: String,
    pub supervisor_id: u64,
}

/// One refunded line as reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefundedLine {
    pub line: u64,
    pub item: String,
    pub qty: u64,
    pub amount_fen: i64,
    pub subsidy_fen: i64,
}

/// What a sale line still has to refund: 1 − quantities already refunded.
pub(crate) const LINE_QTY: u64 = 1;

impl Ledger {
    /// Refunds lines of sale `original_seq` at the counter: `lines` are (line
    /// number, quantity) pairs; the refund record and an audit record naming
    /// the supervisor, in one transaction. See [`crate::refund`] for the rules.
    pub fn refund_lines(
        &mut self,
        original_seq: u64,
        lines: &[(u64, u64)],
        reason: &str,
        supervisor: &Authorisation,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedRefund> {
        let (conn, identity) = (&mut self.conn, &self.identity);
        let reason = required_reason(reason)?;
        // Merge repeated lines and keep them in line order (the record's order).
        let mut asked: std::collections::BTreeMap<u64, u64> = Default::default();
        for &(line, qty) in lines {
            *asked.entry(line).or_default() += qty;
        }
        asked.retain(|_, qty| *qty > 0);
        if asked.is_empty() {
            return Err(LedgerError::NothingToRefund);
        }
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let original = tx
            .query_row(
                "SELECT kind, hash, local_date FROM journal WHERE seq = ?1",
                [original_seq],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Vec<u8>>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                },
            )
            .optional()?;
        let (original_hash, sale_date) = match original {
            Some((kind, hash, date)) if kind == RecordKind::Sale.as_str() => {
                let hash = hash.try_into().map_err(|_| LedgerError::Unreadable {
                    seq: original_seq,
                    why: "hash is not 32 bytes".into(),
                })?;
                let date: NaiveDate = date.parse().map_err(|_| LedgerError::Unreadable {
                    seq: original_seq,
                    why: "local date is not a date".into(),
                })?;
                (hash, date)
            }
            _ => return Err(LedgerError::NoSuchSale(original_seq)),
        };
        let earlier = state(&tx, original_seq)?;
        if earlier.voided {
            return Err(LedgerError::AlreadyVoided(original_seq));
        }
        ensure_open(&tx, sale_date)?;
        ensure_not_behind_closing(&tx, at.date_naive())?;
        let sale = crate::read::sale(&tx, original_seq).map_err(|why| LedgerError::Unreadable {
            seq: original_seq,
            why,
        })?;
        let method = refund_method(&sale.payments, original_seq)?;
        let last = sale.lines.len() as u64 - 1;
        let mut record_lines = Vec::new();
        let mut reported = Vec::new();
        for (&line, &qty) in &asked {
            let Some(l) = sale.lines.get(line as usize) else {
                return Err(LedgerError::NoSuchLine {
                    seq: original_seq,
                    line,
                    last,
                });
            };
            let remaining = LINE_QTY.saturating_sub(earlier.refunded_qty(line));
            if qty > remaining {
                return Err(LedgerError::RefundTooLarge {
                    seq: original_seq,
                    line,
                    remaining,
                    asked: qty,
                });
            }
            let n = i64::try_from(qty).map_err(|_| LedgerError::NothingToRefund)?;
            let amount = Money::from_fen(l.charged.fen() * n);
            let subsidy = Money::from_fen(l.subsidy.fen() * n);
            record_lines.push(RefundLine {
                line_no: line,
                qty,
                amount,
                subsidy,
            });
            reported.push(RefundedLine {
                line,
                item: l.item.clone(),
                qty,
                amount_fen: amount.fen(),
                subsidy_fen: subsidy.fen(),
            });
        }
        let body = Refund {
            original_seq,
            original_hash,
            reason: reason.to_owned(),
            supervisor_id: supervisor.supervisor.id,
            lines: record_lines,
        };
        let (refund_fen, subsidy_fen) = (body.amount().fen(), body.subsidy().fen());
        let head = head(&tx)?;
        let record = Record {
            header: head.next_header(identity, at),
            body: RecordBody::Refund(body),
        };
        let hash = append(&tx, &record, &head.hash)?;
        let lines_text = reported
            .iter()
            .map(|l| format!("{}×{}", l.line, l.qty))
            .collect::<Vec<_>>()
            .join(",");
        audit::record(
            &tx,
            identity,
            at,
            Some(supervisor.supervisor.id),
            AuditAction::RefundAuthorised,
            format!("refund of sale {original_seq} lines {lines_text}: {reason}"),
            Some(record.header.seq),
        )?;
        tx.commit()?;
        Ok(CommittedRefund {
            seq: record.header.seq,
            hash: hex::encode(hash),
            at: record.header.at,
            clock_suspect: record.header.clock_suspect,
            original_seq,
            lines: reported,
            refund_fen,
            subsidy_fen,
            method: method.as_str().to_owned(),
            supervisor_id: supervisor.supervisor.id,
        })
    }
}

/// The one way a line refund of sale `seq` pays back: the way it was paid. A
/// sale paid in more than one way is voided whole instead.
pub(crate) fn refund_method(payments: &[Payment], seq: u64) -> Result<PaymentMethod> {
    match payments {
        [p] => Ok(p.method()),
        _ => Err(LedgerError::SplitPaymentRefund(seq)),
    }
}

/// Sale `seq` as a refund screen offers it, refused as the refund itself would
/// be: no such sale, voided, or paid in more than one way.
pub(crate) fn refundable(conn: &Connection, seq: u64) -> Result<Refundable> {
    let sale = crate::sell::stored(conn, seq)?.ok_or(LedgerError::NoSuchSale(seq))?;
    let state = state(conn, seq)?;
    if state.voided {
        return Err(LedgerError::AlreadyVoided(seq));
    }
    let method = refund_method(&sale.payments, seq)?;
    Ok(Refundable {
        sale,
        state,
        method,
    })
}

/// A sale that line refunds may still pay back, with what was refunded so far.
#[derive(Clone, Debug)]
pub struct Refundable {
    pub sale: crate::CommittedSale,
    pub state: RefundState,
    /// How it was paid, and so how a refund pays back.
    pub method: PaymentMethod,
}

/// Where sale `original_seq` stands for line refunds: whether it is voided,
/// and the quantity of each line refunded so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefundState {
    pub voided: bool,
    /// (line number, quantity refunded), lines with no refund left out.
    pub refunded: Vec<(u64, u64)>,
}

impl RefundState {
    /// Whether line `line` can still be refunded (a line is one meal).
    pub fn refundable(&self, line: u64) -> bool {
        !self.voided && self.refunded_qty(line) < LINE_QTY
    }

    /// The quantity of line `line` refunded so far.
    pub fn refunded_qty(&self, line: u64) -> u64 {
        self.refunded
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, q)| q)
            .sum()
    }
}

pub(crate) fn state(conn: &Connection, original_seq: u64) -> Result<RefundState> {
    let voided = conn
        .prepare_cached("SELECT 1 FROM voids WHERE original_seq = ?1")?
        .exists([original_seq])?;
    let refunded = conn
        .prepare_cached(
            "SELECT rl.line_no, sum(rl.qty) FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq
             WHERE r.original_seq = ?1 GROUP BY rl.line_no ORDER BY rl.line_no",
        )?
        .query_map([original_seq], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(RefundState { voided, refunded })
}

/// What earlier refunds of sale `original_seq` paid back and took off the
/// subsidy: (amount, subsidy).
pub(crate) fn refunded_of(conn: &Connection, original_seq: u64) -> Result<(i64, i64)> {
    Ok(conn
        .prepare_cached(
            "SELECT coalesce(sum(rl.amount_fen), 0), coalesce(sum(rl.subsidy_fen), 0)
             FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq WHERE r.original_seq = ?1",
        )?
        .query_row([original_seq], |r| Ok((r.get(0)?, r.get(1)?)))?)
}

impl crate::Ledger {
    /// Whether sale `seq` is voided and which of its lines were refunded (for
    /// a screen that offers the lines still refundable).
    pub fn refund_state(&self, seq: u64) -> Result<RefundState> {
        state(&self.conn, seq)
    }

    /// Sale `seq` for a refund screen, refused as a line refund would be.
    pub fn refundable(&self, seq: u64) -> Result<Refundable> {
        refundable(&self.conn, seq)
    }
}
