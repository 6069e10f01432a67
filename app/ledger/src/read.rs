//! Reading records back from the typed rows that reports also read.
//!
//! The verifier hashes what this module rebuilds, so a record's canonical bytes
//! always come from the same columns the Z report sums: a column edited behind
//! the ledger's back shows up as a broken chain, not as a quietly wrong report.

use canteen_core::closing::{Closing, DayTotals, Dimension, TotalRow};
use canteen_core::journal::{
    ChainLink, Hash, Record, RecordBody, RecordHeader, RecordKind, Refund, RefundLine, Void,
};
use canteen_core::{DinerRef, Money, Payment, PaymentMethod, Sale, SaleLine};
use rusqlite::{Connection, OptionalExtension, Row};

use crate::residents::split_list;

/// Why a record could not be rebuilt (missing rows, impossible values).
pub(crate) type Rebuilt<T> = Result<T, String>;

pub(crate) fn sql<T>(r: rusqlite::Result<T>) -> Rebuilt<T> {
    r.map_err(|e| e.to_string())
}

/// The one row `query` finds for the record `seq` (its `?1`), read by `read`;
/// none is a rebuild error: `{what} is missing`.
pub(crate) fn one_row<T>(
    conn: &Connection,
    query: &str,
    seq: u64,
    what: &str,
    read: impl FnOnce(&Row<'_>) -> rusqlite::Result<T>,
) -> Rebuilt<T> {
    sql(conn
        .prepare_cached(query)
        .and_then(|mut s| s.query_row([seq], read).optional()))?
    .ok_or_else(|| format!("{what} is missing"))
}

fn hash(bytes: Vec<u8>, what: &str) -> Rebuilt<Hash> {
    bytes
        .try_into()
        .map_err(|_| format!("{what} is not 32 bytes"))
}

/// The stored chain fields and the rebuilt record of each journal row.
pub(crate) struct JournalRow {
    pub seq: u64,
    pub kind: String,
    pub header: Rebuilt<RecordHeader>,
    pub format_version: u32,
    pub prev_hash: Rebuilt<Hash>,
    pub hash: Rebuilt<Hash>,
}

pub(crate) const JOURNAL_COLUMNS: &str = "seq, kind, device_id, db_epoch, at, local_date, clock_suspect, format_version, prev_hash, hash";

pub(crate) fn journal_row(r: &Row<'_>) -> rusqlite::Result<JournalRow> {
    let seq: u64 = r.get(0)?;
    let local_date: String = r.get(5)?;
    let header = local_date
        .parse()
        .map_err(|_| format!("local date `{local_date}` is not a date"))
        .and_then(|local_date| {
            Ok(RecordHeader {
                device_id: sql(r.get(2))?,
                db_epoch: sql(r.get(3))?,
                seq,
                at: sql(r.get(4))?,
                local_date,
                clock_suspect: sql(r.get(6))?,
            })
        });
    Ok(JournalRow {
        seq,
        kind: r.get(1)?,
        header,
        format_version: r.get(7)?,
        prev_hash: hash(r.get(8)?, "prev_hash"),
        hash: hash(r.get(9)?, "hash"),
    })
}

impl JournalRow {
    /// The link the chain verifier checks, with the record rebuilt from its rows.
    pub fn link(self, conn: &Connection) -> ChainLink {
        let canonical = rebuild(conn, &self).map(|r| r.canonical());
        let broken = [0xff; 32];
        ChainLink {
            seq: self.seq,
            format_version: self.format_version,
            prev_hash: self.prev_hash.clone().unwrap_or(broken),
            hash: self.hash.clone().unwrap_or(broken),
            canonical: self.prev_hash.and(self.hash).and(canonical),
        }
    }
}

/// Rebuilds the full record of a journal row from its detail rows.
pub(crate) fn rebuild(conn: &Connection, row: &JournalRow) -> Rebuilt<Record> {
    let header = row.header.clone()?;
    let body = match RecordKind::parse(&row.kind) {
        Some(RecordKind::Sale) => RecordBody::Sale(sale(conn, row.seq)?),
        Some(RecordKind::Void) => RecordBody::Void(void(conn, row.seq)?),
        Some(RecordKind::Closing) => RecordBody::Closing(closing(conn, row.seq)?),
        Some(RecordKind::Audit) => RecordBody::Audit(crate::read_cashier::audit(conn, row.seq)?),
        Some(RecordKind::Shift) => RecordBody::Shift(crate::read_cashier::shift(conn, row.seq)?),
        Some(RecordKind::CardTopUp) => {
            RecordBody::CardTopUp(crate::read_cashier::card_top_up(conn, row.seq)?)
        }
        Some(RecordKind::Refund) => RecordBody::Refund(refund(conn, row.seq)?),
        None => return Err(format!("unknown record kind `{}`", row.kind)),
    };
    Ok(Record { header, body })
}

pub(crate) fn money(r: &Row<'_>, i: usize) -> rusqlite::Result<Money> {
    r.get(i).map(Money::from_fen)
}

fn opt_money(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<Money>> {
    Ok(r.get::<_, Option<i64>>(i)?.map(Money::from_fen))
}

/// A sale rebuilt from its journal row and its `sale_entries` rows: the lines
/// are the ids `seq * 1024 ..= seq * 1024 + 511`, the payments the next 512
/// (see [`crate::append::entry_id`]), each a rowid range search.
pub(crate) fn sale(conn: &Connection, seq: u64) -> Rebuilt<Sale> {
    let diner = one_row(
        conn,
        "SELECT resident_key, masked_id, rules_version, delivery_route FROM journal WHERE seq = ?1 AND kind = 'sale'",
        seq,
        "the sale's journal row",
        |r| {
            Ok((
                (
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                ),
                r.get::<_, u64>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        },
    )?;
    let (diner, rules_version, route) = diner;
    let diner = match diner {
        (Some(resident_key), Some(masked_id)) => Some(DinerRef {
            resident_key,
            masked_id,
        }),
        (None, None) => None,
        _ => return Err("resident key and masked ID must be both present or both absent".into()),
    };
    let lines = sql(conn.prepare_cached(
        "SELECT n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en
         FROM sale_entries WHERE id BETWEEN ?1 * 1024 AND ?1 * 1024 + 511 ORDER BY id",
    )
    .and_then(|mut s| {
        s.query_map([seq], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                SaleLine {
                    item: r.get(1)?,
                    period: r.get(2)?,
                    tier: r.get(3)?,
                    categories: split_list(&r.get::<_, String>(4)?),
                    market: money(r, 5)?,
                    charged: money(r, 6)?,
                    subsidy: money(r, 7)?,
                    uses_quota: r.get(8)?,
                    reason_zh: r.get(9)?,
                    reason_en: r.get(10)?,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()
    }))?;
    let payments = sql(conn
        .prepare_cached(
            "SELECT n, method, amount_fen, tendered_fen, change_fen, card_no, reference
         FROM sale_entries WHERE id BETWEEN ?1 * 1024 + 512 AND ?1 * 1024 + 1023 ORDER BY id",
        )
        .and_then(|mut s| {
            s.query_map([seq], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    money(r, 2)?,
                    opt_money(r, 3)?,
                    opt_money(r, 4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        }))?;
    if lines.is_empty() {
        return Err("the sale has no lines".into());
    }
    numbered(lines.iter().map(|(n, _)| *n), "line")?;
    numbered(payments.iter().map(|p| p.0), "payment")?;
    let payments = payments
        .into_iter()
        .map(
            |(_, method, amount, tendered, change, card_no, reference)| {
                Ok(
                    match (
                        PaymentMethod::parse(&method),
                        tendered,
                        change,
                        card_no,
                        reference,
                    ) {
                        (Some(PaymentMethod::Cash), Some(tendered), Some(change), None, None) => {
                            Payment::Cash {
                                amount,
                                tendered,
                                change,
                            }
                        }
                        (Some(PaymentMethod::Card), None, None, Some(card_no), None) => {
                            Payment::Card { amount, card_no }
                        }
                        (Some(PaymentMethod::Mobile), None, None, None, Some(reference)) => {
                            Payment::Mobile { amount, reference }
                        }
                        (Some(PaymentMethod::Free), None, None, None, None)
                            if amount == Money::ZERO =>
                        {
                            Payment::Free
                        }
                        _ => return Err(format!("payment `{method}` has inconsistent fields")),
                    },
                )
            },
        )
        .collect::<Rebuilt<Vec<_>>>()?;
    Ok(Sale {
        diner,
        lines: lines.into_iter().map(|(_, l)| l).collect(),
        payments,
        rules_version,
        delivery: route.map(|route| canteen_core::SaleDelivery { route }),
    })
}

/// Detail rows are numbered 0, 1, 2 … without holes.
fn numbered(numbers: impl Iterator<Item = i64>, what: &str) -> Rebuilt<()> {
    for (expected, n) in (0..).zip(numbers) {
        if n != expected {
            return Err(format!("{what} {expected} is missing"));
        }
    }
    Ok(())
}

/// What a void's or a refund's row keeps of the sale it reverses, in its
/// first three columns: the original's seq and hash, and the reason.
fn original(r: &Row<'_>) -> rusqlite::Result<(u64, Vec<u8>, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

pub(crate) fn void(conn: &Connection, seq: u64) -> Rebuilt<Void> {
    let (original_seq, original_hash, reason) = one_row(
        conn,
        "SELECT original_seq, original_hash, reason FROM voids WHERE seq = ?1",
        seq,
        "the void's row",
        original,
    )?;
    Ok(Void {
        original_seq,
        original_hash: hash(original_hash, "original_hash")?,
        reason,
    })
}

pub(crate) fn refund(conn: &Connection, seq: u64) -> Rebuilt<Refund> {
    let ((original_seq, original_hash, reason), supervisor_id) = one_row(
        conn,
        "SELECT original_seq, original_hash, reason, supervisor_id FROM refunds WHERE seq = ?1",
        seq,
        "the refund's row",
        |r| Ok((original(r)?, r.get::<_, u64>(3)?)),
    )?;
    let lines = sql(conn
        .prepare_cached(
            "SELECT line_no, qty, amount_fen, subsidy_fen FROM refund_lines WHERE seq = ?1 ORDER BY line_no",
        )
        .and_then(|mut s| {
            s.query_map([seq], |r| {
                Ok(RefundLine {
                    line_no: r.get(0)?,
                    qty: r.get(1)?,
                    amount: money(r, 2)?,
                    subsidy: money(r, 3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        }))?;
    if lines.is_empty() {
        return Err("the refund has no lines".into());
    }
    Ok(Refund {
        original_seq,
        original_hash: hash(original_hash, "original_hash")?,
        reason,
        supervisor_id,
        lines,
    })
}

pub(crate) fn closing(conn: &Connection, seq: u64) -> Rebuilt<Closing> {
    let totals = sql(conn
        .prepare_cached("SELECT row_no, dimension, key, count, amount_fen, subsidy_fen FROM closing_totals WHERE seq = ?1 ORDER BY row_no")
        .and_then(|mut s| {
            s.query_map([seq], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, money(r, 4)?, money(r, 5)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()
        }))?;
    numbered(totals.iter().map(|t| t.0), "closing total row")?;
    let totals = totals
        .into_iter()
        .map(|(_, dim, key, count, amount, subsidy)| {
            let dimension =
                Dimension::parse(&dim).ok_or_else(|| format!("unknown dimension `{dim}`"))?;
            Ok(TotalRow {
                dimension,
                key,
                count,
                amount,
                subsidy,
            })
        })
        .collect::<Rebuilt<Vec<_>>>()?;
    let row = one_row(
        conn,
        "SELECT date, first_seq, last_seq, sale_count, void_count, gross_fen, voided_fen, net_fen, subsidy_fen,
                    grand_total_fen, head_seq, chain_head FROM closings WHERE seq = ?1",
        seq,
        "the closing's row",
        |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
                    (money(r, 5)?, money(r, 6)?, money(r, 7)?, money(r, 8)?, money(r, 9)?),
                    r.get::<_, u64>(10)?,
                    r.get::<_, Vec<u8>>(11)?,
                ))
            },
    )?;
    let (
        date,
        (first_seq, last_seq, sale_count, void_count),
        (gross, voided, net, subsidy, grand_total),
        head_seq,
        chain_head,
    ) = row;
    let date = date
        .parse()
        .map_err(|_| format!("closing date `{date}` is not a date"))?;
    let (refund_count, refunded) = sql(conn
        .prepare_cached("SELECT refund_count, refunded_fen FROM closing_refunds WHERE seq = ?1")
        .and_then(|mut s| {
            s.query_row([seq], |r| Ok((r.get::<_, u64>(0)?, money(r, 1)?)))
                .optional()
        }))?
    .unwrap_or((0, Money::ZERO));
    Ok(Closing {
        day: DayTotals {
            date,
            first_seq,
            last_seq,
            sale_count,
            void_count,
            gross,
            voided,
            refund_count,
            refunded,
            net,
            subsidy,
            totals,
        },
        grand_total,
        head_seq,
        chain_head: hash(chain_head, "chain_head")?,
    })
}
