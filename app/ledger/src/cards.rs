//! Meal-card balances: cash paid in at the counter (`card_top_ups`, journal
//! records with the staff member) minus the card payments of sales that were not
//! voided, plus the line refunds of those sales (a refund of a card sale goes
//! back onto the card; a refunded sale's card payment is one payment, see
//! [`crate::refund`]). Nothing stores a running balance, so it cannot drift from the journal;
//! a card sale checks the balance inside its own transaction.
//! A card's payments are found through the partial index `sale_entries_by_card`
//! (schema v9; rows with a card number only), not by reading every sale.

use canteen_core::Money;
use canteen_core::cashier::{AuditAction, CardTopUp, mask_but_last_four};
use canteen_core::journal::{Record, RecordBody};
use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, TransactionBehavior};
use serde::Serialize;

use crate::append::{append, ensure_not_behind_closing, head};
use crate::audit;
use crate::error::{LedgerError, Result};
use crate::identity::Identity;

/// A committed top-up and the balance after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommittedTopUp {
    pub seq: u64,
    pub at: String,
    pub card_no: String,
    pub amount_fen: i64,
    pub staff_id: u64,
    pub balance_fen: i64,
}

/// The card's balance as of the last committed record.
pub(crate) fn balance(conn: &Connection, card_no: &str) -> Result<Money> {
    let fen: i64 = conn
        .prepare_cached(
            "SELECT (SELECT coalesce(sum(amount_fen), 0) FROM card_top_ups WHERE card_no = ?1)
                  - (SELECT coalesce(sum(p.amount_fen), 0) FROM payments p
                     WHERE p.method = 'card' AND p.card_no = ?1
                       AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.original_seq = p.seq))
                  + (SELECT coalesce(sum(rl.amount_fen), 0) FROM payments p
                     JOIN refunds r ON r.original_seq = p.seq JOIN refund_lines rl ON rl.seq = r.seq
                     WHERE p.method = 'card' AND p.card_no = ?1
                       AND NOT EXISTS (SELECT 1 FROM voids v WHERE v.original_seq = p.seq))",
        )?
        .query_row([card_no], |r| r.get(0))?;
    Ok(Money::from_fen(fen))
}

/// Refuses a card payment of `amount` that the balance does not cover.
pub(crate) fn ensure_covers(conn: &Connection, card_no: &str, amount: Money) -> Result<()> {
    let balance = balance(conn, card_no)?;
    if balance < amount {
        return Err(LedgerError::InsufficientBalance { balance });
    }
    Ok(())
}

pub(crate) fn check_card_no(card_no: &str) -> Result<&str> {
    let card_no = card_no.trim();
    if card_no.is_empty() || card_no.len() > 64 || card_no.chars().any(char::is_control) {
        return Err(LedgerError::BadCardNo);
    }
    Ok(card_no)
}

pub(crate) fn top_up(
    conn: &mut Connection,
    identity: &Identity,
    card_no: &str,
    amount: Money,
    staff_id: u64,
    at: DateTime<FixedOffset>,
) -> Result<CommittedTopUp> {
    let card_no = check_card_no(card_no)?;
    if amount <= Money::ZERO {
        return Err(LedgerError::BadAmount);
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    ensure_not_behind_closing(&tx, at.date_naive())?;
    let head = head(&tx)?;
    let record = Record {
        header: head.next_header(identity, at),
        body: RecordBody::CardTopUp(CardTopUp {
            card_no: card_no.to_owned(),
            amount,
            staff_id,
        }),
    };
    append(&tx, &record, &head.hash)?;
    let balance = balance(&tx, card_no)?;
    // Audited with the staff member in the same transaction (masked card).
    audit::record(
        &tx,
        identity,
        at,
        Some(staff_id),
        AuditAction::CardTopUp,
        format!(
            "card {}: +{amount}, balance {balance}",
            mask_but_last_four(card_no)
        ),
        Some(record.header.seq),
    )?;
    tx.commit()?;
    Ok(CommittedTopUp {
        seq: record.header.seq,
        at: record.header.at,
        card_no: card_no.to_owned(),
        amount_fen: amount.fen(),
        staff_id,
        balance_fen: balance.fen(),
    })
}
