//! Selling: price the cart, enforce the quota, settle the payment and append the
//! sale — all inside one IMMEDIATE transaction.
//!
//! The quota of subsidised meals is counted from the journal itself (its
//! `quota_uses` rows, written with each sale line that used the quota, for this
//! resident key, local date and period, whose sale was not voided), inside the
//! same transaction that appends the sale: two sells for the same person cannot
//! both get the subsidy, and a restart changes nothing. The look-up is one
//! table on purpose: SQLite re-plans a join on every bind when its result is
//! empty, which tripled the cost of a sale. The uses of the canteen's other
//! terminals (`peer_quota_uses`, pushed over the LAN) are a second one-table
//! count added to it.
//!
//! A sale paid by meal card is refused when the card's balance (see
//! [`crate::cards`]) does not cover it, checked in the same transaction.

use canteen_core::cashier::AuditAction;
use canteen_core::journal::{Hash, Record, RecordBody, RecordHeader};
use canteen_core::{
    AgeConvention, Diner, DinerRef, Money, OrderRequest, Payment, PaymentChoice, PriceRequest,
    PricingRules, ResidentId, Sale, SaleLine,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::append::{append, ensure_not_behind_closing, head};
use crate::audit;
use crate::cards;
use crate::error::{LedgerError, Result};
use crate::identity::Identity;
use crate::keyring::Keyring;
use crate::read::{self, JOURNAL_COLUMNS, journal_row};
use crate::residents;
use crate::write_tx::WriteTx;

/// One sale to make.
#[derive(Clone, Debug)]
pub struct SaleRequest<'a> {
    pub rules: &'a PricingRules,
    pub age_convention: AgeConvention,
    /// Wall-clock time in the canteen's timezone.
    pub at: DateTime<FixedOffset>,
    /// Item ids, one line each.
    pub items: Vec<String>,
    /// Item ids of meals for companions, one line each after `items`: priced as
    /// [`Diner::Companion`] (market price, no quota) and recorded as such.
    pub companion_items: Vec<String>,
    /// The total the diner was shown, if any: the sale is refused
    /// ([`LedgerError::PriceChanged`]) and nothing written when pricing inside
    /// the transaction comes to another total.
    pub expected_total: Option<Money>,
    /// The diner's ID, if one was scanned or typed (validated by the caller).
    pub id: Option<&'a ResidentId>,
    /// A tier chosen by staff (e.g. `child`).
    pub tier_override: Option<&'a str>,
    pub payment: PaymentChoice,
}

/// A sale that is committed: safe to print, open the drawer, say "paid".
#[derive(Clone, Debug, Serialize)]
pub struct CommittedSale {
    pub seq: u64,
    pub hash: String,
    pub at: String,
    pub clock_suspect: bool,
    pub total_fen: i64,
    pub subsidy_fen: i64,
    /// The diner's masked ID as the journal keeps it: the at-rest form (all
    /// `*`, no digit; sales recorded before schema v14 keep their old mask).
    /// The same when the sale is made and when it is read back, so what
    /// `canteen sell` printed is what the journal holds.
    pub masked_id: Option<String>,
    pub lines: Vec<SaleLine>,
    pub payments: Vec<canteen_core::Payment>,
    /// The meal card's balance after this sale, when it was paid by card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_balance_fen: Option<i64>,
}

/// A meal card shown instead of an ID card, its signature verified by the
/// caller: its number, and the holder's birth date the card carries (none on
/// a card issued before format 2: the holder is priced without an age).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardShown<'a> {
    pub card_no: &'a str,
    pub born: Option<NaiveDate>,
}

/// Something staff did for this sale that the audit trail must name them for
/// (an ID typed by hand, the child tier): an audit record appended right after
/// the sale, in its transaction, so the sale never stands without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterNote {
    pub staff_id: u64,
    pub action: AuditAction,
    /// Masked data only (full ID numbers are masked again on the way in).
    pub detail: String,
}

pub(crate) fn sell(
    conn: &mut Connection,
    identity: &Identity,
    keyring: &Keyring,
    req: &SaleRequest<'_>,
    card_holder: Option<CardShown<'_>>,
    notes: &[CounterNote],
) -> Result<CommittedSale> {
    if req.items.is_empty() && req.companion_items.is_empty() {
        return Err(LedgerError::NoItems);
    }
    // One line per item; refused before anything is read or written.
    crate::append::ensure_fits(req.items.len() + req.companion_items.len(), 1)?;
    let local = req.at.naive_local();
    let date = local.date();

    let tx = WriteTx::begin(conn)?;
    ensure_not_behind_closing(&tx, date)?;
    // The diner: by the ID number when one was given, else by the registered
    // holder of a meal card whose signature the caller verified.
    let (diner_ref, registered) = match (req.id, card_holder) {
        (Some(id), _) => {
            let d = DinerRef {
                resident_key: keyring.resident_key(id),
                masked_id: id.masked_at_rest(),
            };
            let r = residents::lookup(&tx, &d.resident_key)?;
            (Some(d), r)
        }
        (None, Some(card)) => {
            let r = residents::by_card(&tx, card.card_no)?.ok_or(LedgerError::UnknownCard)?;
            let d = DinerRef {
                resident_key: r.resident_key.clone(),
                masked_id: r.masked_id.clone(),
            };
            (Some(d), Some(r))
        }
        (None, None) => (None, None),
    };
    if let Some(r) = &registered {
        // The person first: a suspended resident is refused however they
        // identify. A blocked card refuses that card only, not its holder
        // showing their ID card.
        r.status.ensure_servable()?;
        if req.id.is_none() {
            r.card_status.ensure_usable()?;
        }
    }
    let diner = match (req.id, registered) {
        (Some(id), r) => Diner::resident(
            id,
            date,
            req.age_convention,
            r.map(|r| r.categories).unwrap_or_default(),
        ),
        // The registry keeps no birth date: the signed card carries it.
        (None, Some(r)) => Diner::born(
            card_holder.and_then(|c| c.born),
            date,
            req.age_convention,
            r.categories,
        ),
        (None, None) => Diner::Anonymous,
    };

    // Subsidised meals already taken in this period, from the journal; the
    // order's own lines count on top (core's `price_order`).
    let used_in_period = match (&diner_ref, req.rules.periods.at(local.time())) {
        (Some(d), Some(p)) => quota_used(&tx, &d.resident_key, date, p.id.as_str())?,
        _ => 0,
    };
    let lines: Vec<SaleLine> = req
        .rules
        .price_order(&OrderRequest {
            context: PriceRequest {
                at: local,
                diner: &diner,
                used_in_period,
                tier_override: req.tier_override,
            },
            items: &req.items,
            companion_items: &req.companion_items,
        })?
        .into_iter()
        .map(SaleLine::from)
        .collect();
    // Before the payment is settled: a free meal that is no longer free, or a
    // card that no longer covers, is first of all a price the diner did not see.
    if let Some(expected) = req.expected_total {
        let actual = lines.iter().fold(Money::ZERO, |acc, l| acc + l.charged);
        if actual != expected {
            return Err(LedgerError::PriceChanged { expected, actual });
        }
    }
    let sale = Sale::settle(diner_ref, lines, &req.payment, req.rules.version)?;
    let card = sale.payments.iter().find_map(|p| match p {
        Payment::Card { amount, card_no } => Some((card_no.clone(), *amount)),
        _ => None,
    });
    if let Some((card_no, amount)) = &card {
        if let Some(holder) = residents::by_card(&tx, card_no)? {
            holder.card_status.ensure_usable()?;
        }
        cards::ensure_covers(&tx, card_no, *amount)?;
    }

    let head = head(&tx)?;
    let record = Record {
        header: head.next_header(identity, req.at),
        body: RecordBody::Sale(sale),
    };
    let hash = append(&tx, &record, &head.hash)?;
    for note in notes {
        audit::record(
            &tx,
            identity,
            req.at,
            Some(note.staff_id),
            note.action,
            note.detail.as_str(),
            Some(record.header.seq),
        )?;
    }
    let card_balance = match &card {
        Some((card_no, _)) => Some(cards::balance(&tx, card_no)?.fen()),
        None => None,
    };
    tx.commit()?;

    let RecordBody::Sale(sale) = record.body else {
        unreachable!("built as a sale above")
    };
    let mut committed = CommittedSale::new(record.header, &hash, sale);
    committed.card_balance_fen = card_balance;
    Ok(committed)
}

impl CommittedSale {
    fn new(header: RecordHeader, hash: &Hash, sale: Sale) -> CommittedSale {
        CommittedSale {
            seq: header.seq,
            hash: hex::encode(hash),
            at: header.at,
            clock_suspect: header.clock_suspect,
            total_fen: sale.total().fen(),
            subsidy_fen: sale.subsidy().fen(),
            masked_id: sale.diner.map(|d| d.masked_id),
            lines: sale.lines,
            payments: sale.payments,
            card_balance_fen: None,
        }
    }
}

/// A committed sale as stored (e.g. for a reprint); `None` if `seq` is not a sale.
pub(crate) fn stored(conn: &Connection, seq: u64) -> Result<Option<CommittedSale>> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {JOURNAL_COLUMNS} FROM journal WHERE seq = ?1 AND kind = 'sale'"
        ))?
        .query_row([seq], journal_row)
        .optional()?;
    let Some(row) = row else { return Ok(None) };
    let unreadable = |why| LedgerError::Unreadable { seq, why };
    let header = row.header.map_err(unreadable)?;
    let hash = row.hash.map_err(unreadable)?;
    let sale = read::sale(conn, seq).map_err(unreadable)?;
    Ok(Some(CommittedSale::new(header, &hash, sale)))
}

/// Subsidised meals this resident already had in this period of this local date:
/// at this terminal, and at the canteen's other terminals as far as their
/// pushed uses reached this one (schema v11, [`crate::peer_quota`]).
pub(crate) fn quota_used(
    conn: &Connection,
    resident_key: &str,
    date: NaiveDate,
    period: &str,
) -> Result<u32> {
    let date = date.to_string();
    let n = conn
        .prepare_cached(
            "SELECT count(*) FROM quota_uses q
             WHERE q.resident_key = ?1 AND q.local_date = ?2 AND q.period = ?3
               AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.original_seq = q.seq)
               AND NOT EXISTS (SELECT 1 FROM refunds r JOIN refund_lines rl ON rl.seq = r.seq
                               WHERE r.original_seq = q.seq AND rl.line_no = q.line_no)",
        )?
        .query_row((resident_key, &date, period), |r| r.get::<_, u32>(0))?;
    // The canteen's other terminals' uses, as far as they reached this one.
    Ok(n + crate::peer_quota::count(conn, resident_key, &date, period)?)
}
