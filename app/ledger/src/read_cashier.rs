//! Rebuilding the counter's records (audit, shift, card top-up) from their typed
//! rows, for the verifier: the same columns that staff reports and balances read,
//! so an edited row shows up as a broken chain.

use canteen_core::Money;
use canteen_core::cashier::{Audit, AuditAction, CardTopUp, Shift};
use rusqlite::Connection;

use crate::read::{Rebuilt, money, one_row};

pub(crate) fn audit(conn: &Connection, seq: u64) -> Rebuilt<Audit> {
    let (staff_id, action, detail, related_seq) = one_row(
        conn,
        "SELECT staff_id, action, detail, related_seq FROM audit WHERE seq = ?1",
        seq,
        "the audit row",
        |r| {
            Ok((
                r.get::<_, Option<u64>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<u64>>(3)?,
            ))
        },
    )?;
    let action =
        AuditAction::parse(&action).ok_or_else(|| format!("unknown audit action `{action}`"))?;
    Ok(Audit {
        staff_id,
        action,
        detail,
        related_seq,
    })
}

type ShiftRow = (
    String,
    u64,
    Option<i64>,
    Option<u64>,
    Option<i64>,
    Option<i64>,
    Option<u64>,
);

pub(crate) fn shift(conn: &Connection, seq: u64) -> Rebuilt<Shift> {
    let row: ShiftRow = one_row(
        conn,
        "SELECT event, staff_id, float_fen, open_seq, expected_fen, counted_fen, supervisor_id FROM shifts WHERE seq = ?1",
        seq,
        "the shift row",
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        },
    )?;
    match row {
        (event, staff_id, Some(float), None, None, None, None) if event == Shift::OPEN => {
            Ok(Shift::Open {
                staff_id,
                float: Money::from_fen(float),
            })
        }
        (event, staff_id, None, Some(open_seq), Some(expected), Some(counted), supervisor_id)
            if event == Shift::CLOSE =>
        {
            Ok(Shift::Close {
                staff_id,
                open_seq,
                expected: Money::from_fen(expected),
                counted: Money::from_fen(counted),
                supervisor_id,
            })
        }
        (event, ..) => Err(format!("shift `{event}` has inconsistent fields")),
    }
}

pub(crate) fn card_top_up(conn: &Connection, seq: u64) -> Rebuilt<CardTopUp> {
    one_row(
        conn,
        "SELECT card_no, amount_fen, staff_id FROM card_top_ups WHERE seq = ?1",
        seq,
        "the card top-up row",
        |r| {
            Ok(CardTopUp {
                card_no: r.get(0)?,
                amount: money(r, 1)?,
                staff_id: r.get(2)?,
            })
        },
    )
}
