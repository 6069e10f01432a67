//! A period's delivery roster: its sales prepared from the standing orders,
//! and each delivery's outcome.
//!
//! [`Ledger::prepare_deliveries`] sells, in one IMMEDIATE transaction, one
//! sale per resident whose standing order names the period and who has no
//! delivery sale for that date and period yet (so preparing twice sells
//! nothing twice; a meal that came back stays voided). Each sale is priced by
//! core's `price_delivery` — the diner's tier and categories, the quota of the
//! period counted like a counter sale, the delivery fee — and paid `Free` when
//! it costs nothing, else in cash collected at the door. The sale names its
//! route. A suspended resident is left out.
//!
//! [`Ledger::confirm_delivery`] records the outcome: delivered is an audit
//! record naming the sale; not delivered voids the sale through the normal
//! void record (which frees its quota) plus that audit record, in one
//! transaction. Either is confirmed once.

use canteen_core::cashier::AuditAction;
use canteen_core::delivery::DeliveryStatus;
use canteen_core::journal::{Record, RecordBody};
use canteen_core::{
    DinerRef, Money, OrderRequest, Payment, PaymentChoice, PriceRequest, PricingRules, Sale,
    SaleDelivery, SaleLine,
};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use crate::Ledger;
use crate::append::{append, ensure_not_behind_closing, head};
use crate::audit;
use crate::error::{LedgerError, Result, required_reason};
use crate::sell::quota_used;
use crate::write_tx::WriteTx;

/// One delivery of the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RosterLine {
    /// The sale's sequence number (the roster line's QR code carries it).
    pub seq: u64,
    pub route: String,
    pub masked_name: String,
    pub address: String,
    pub note: String,
    /// Item ids, one per line, the delivery fee included.
    pub items: Vec<String>,
    pub total_fen: i64,
    pub subsidy_fen: i64,
    /// What the volunteer collects at the door (0 when free).
    pub collect_fen: i64,
    pub status: DeliveryStatus,
}

/// A period's roster, ordered by route.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Roster {
    pub date: NaiveDate,
    pub period: String,
    /// Sales this call prepared (0 when the roster was prepared before).
    pub prepared: u64,
    pub lines: Vec<RosterLine>,
}

/// A delivery's recorded outcome.
#[derive(Clone, Debug, Serialize)]
pub struct DeliveryOutcome {
    pub seq: u64,
    pub delivered: bool,
    /// The audit record.
    pub audit_seq: u64,
    /// The void of a meal not delivered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub void: Option<crate::CommittedVoid>,
}

impl Ledger {
    /// Prepares the delivery sales of `period` on the date of `at` (which
    /// must fall within that period), then returns the period's roster.
    pub fn prepare_deliveries(
        &mut self,
        rules: &PricingRules,
        period: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Roster> {
        let local = at.naive_local();
        let date = local.date();
        let Some(p) = rules.periods.get(period) else {
            return Err(LedgerError::UnknownPeriod(period.to_owned()));
        };
        if !p.contains(local.time()) {
            return Err(LedgerError::DeliveryOutsidePeriod {
                period: format!(
                    "{} {}–{}",
                    p.name_en,
                    p.start.format("%H:%M"),
                    p.end.format("%H:%M")
                ),
                at: local.format("%Y-%m-%d %H:%M").to_string(),
            });
        }
        let item = rules
            .items
            .iter()
            .find(|i| i.subsidised && i.periods.iter().any(|x| x.0 == period))
            .ok_or_else(|| LedgerError::NoPeriodMeal(period.to_owned()))?
            .id
            .clone();
        let orders = crate::delivery::all(&self.conn)?;
        let tx = WriteTx::begin(&mut self.conn)?;
        ensure_not_behind_closing(&tx, date)?;
        let mut prepared = 0;
        for o in orders {
            if !o.active
                || !o.order.periods.iter().any(|x| x == period)
                || sale_of(&tx, &o.resident_key, date, period)?.is_some()
            {
                continue;
            }
            let diner = rules.delivery_diner(o.order.tier.as_deref(), o.categories.clone());
            let used = quota_used(&tx, &o.resident_key, date, period)?;
            let items = vec![item.clone(); o.order.meals as usize];
            let lines: Vec<SaleLine> = rules
                .price_delivery(&OrderRequest {
                    context: PriceRequest {
                        at: local,
                        diner: &diner,
                        used_in_period: used,
                        tier_override: None,
                    },
                    items: &items,
                    companion_items: &[],
                })?
                .into_iter()
                .map(SaleLine::from)
                .collect();
            let total = lines.iter().fold(Money::ZERO, |a, l| a + l.charged);
            let diner_ref = DinerRef {
                resident_key: o.resident_key.clone(),
                masked_id: canteen_core::resident_id::MASKED_AT_REST.to_owned(),
            };
            let mut sale = Sale::settle(
                Some(diner_ref),
                lines,
                &PaymentChoice::Cash { tendered: total },
                rules.version,
            )?;
            sale.delivery = Some(SaleDelivery {
                route: o.order.route.clone(),
            });
            let head = head(&tx)?;
            let record = Record {
                header: head.next_header(&self.identity, at),
                body: RecordBody::Sale(sale),
            };
            append(&tx, &record, &head.hash)?;
            prepared += 1;
        }
        let lines = roster_lines(&tx, date, period)?;
        tx.commit()?;
        Ok(Roster {
            date,
            period: period.to_owned(),
            prepared,
            lines,
        })
    }

    /// The roster of `period` on `date` as prepared so far (nothing written).
    pub fn delivery_roster(&self, date: NaiveDate, period: &str) -> Result<Roster> {
        Ok(Roster {
            date,
            period: period.to_owned(),
            prepared: 0,
            lines: roster_lines(&self.conn, date, period)?,
        })
    }

    /// Records that delivery sale `seq` was delivered, or voids it as not
    /// delivered (`reason` required then), with the audit record, in one
    /// transaction.
    pub fn confirm_delivery(
        &mut self,
        seq: u64,
        delivered: bool,
        reason: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<DeliveryOutcome> {
        let reason = if delivered {
            reason.trim()
        } else {
            required_reason(reason)?
        };
        let tx = WriteTx::begin(&mut self.conn)?;
        let route: Option<Option<String>> = tx
            .prepare_cached("SELECT delivery_route FROM journal WHERE seq = ?1 AND kind = 'sale'")?
            .query_row([seq], |r| r.get(0))
            .optional()?;
        let route = match route {
            None => return Err(LedgerError::NoSuchSale(seq)),
            Some(None) => return Err(LedgerError::NotADelivery(seq)),
            Some(Some(route)) => route,
        };
        let status = status_of(&tx, seq)?;
        if status != DeliveryStatus::Prepared {
            return Err(LedgerError::DeliveryConfirmed { seq, status });
        }
        let (void, action, related) = if delivered {
            (None, AuditAction::DeliveryDelivered, seq)
        } else {
            let why = format!("未送达 / not delivered: {reason}");
            let v = crate::void::void(&tx, &self.identity, seq, &why, at, None)?;
            let void_seq = v.seq;
            (Some(v), AuditAction::DeliveryNotDelivered, void_seq)
        };
        let word = if delivered {
            "delivered"
        } else {
            "not delivered"
        };
        let detail = if reason.is_empty() {
            format!("sale {seq} {word} (route {route})")
        } else {
            format!("sale {seq} {word} (route {route}): {reason}")
        };
        let audit_seq = audit::record(
            &tx,
            &self.identity,
            at,
            None,
            action,
            canteen_core::cashier::mask_id_numbers(&detail),
            Some(related),
        )?;
        tx.commit()?;
        Ok(DeliveryOutcome {
            seq,
            delivered,
            audit_seq,
            void,
        })
    }
}

/// The delivery sale of a resident for a date and period, if any.
fn sale_of(conn: &Connection, key: &str, date: NaiveDate, period: &str) -> Result<Option<u64>> {
    Ok(conn
        .prepare_cached(
            "SELECT j.seq FROM journal j
             WHERE j.local_date = ?1 AND j.resident_key = ?2 AND j.delivery_route IS NOT NULL
               AND EXISTS (SELECT 1 FROM sale_entries e
                           WHERE e.id BETWEEN j.seq * 1024 AND j.seq * 1024 + 511 AND e.period = ?3)",
        )?
        .query_row((date.to_string(), key, period), |r| r.get(0))
        .optional()?)
}

/// Delivered, not delivered (voided) or still prepared.
fn status_of(conn: &Connection, seq: u64) -> Result<DeliveryStatus> {
    let (voided, delivered): (bool, bool) = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM voids WHERE original_seq = ?1),
                    EXISTS (SELECT 1 FROM audit WHERE related_seq = ?1 AND action = ?2)",
        )?
        .query_row((seq, AuditAction::DeliveryDelivered.as_str()), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(match (voided, delivered) {
        (true, _) => DeliveryStatus::NotDelivered,
        (false, true) => DeliveryStatus::Delivered,
        (false, false) => DeliveryStatus::Prepared,
    })
}

fn roster_lines(conn: &Connection, date: NaiveDate, period: &str) -> Result<Vec<RosterLine>> {
    let found: Vec<(u64, String, String, String, String)> = conn
        .prepare_cached(
            "SELECT j.seq, j.delivery_route, coalesce(r.masked_name, ''),
                    coalesce(d.address, ''), coalesce(d.note, '')
             FROM journal j
                  LEFT JOIN residents r ON r.resident_key = j.resident_key
                  LEFT JOIN delivery_orders d ON d.resident_key = j.resident_key
             WHERE j.local_date = ?1 AND j.delivery_route IS NOT NULL
               AND EXISTS (SELECT 1 FROM sale_entries e
                           WHERE e.id BETWEEN j.seq * 1024 AND j.seq * 1024 + 511 AND e.period = ?2)
             ORDER BY j.delivery_route, j.seq",
        )?
        .query_map((date.to_string(), period), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut lines = Vec::with_capacity(found.len());
    for (seq, route, masked_name, address, note) in found {
        let sale =
            crate::read::sale(conn, seq).map_err(|why| LedgerError::Unreadable { seq, why })?;
        let collect = sale
            .payments
            .iter()
            .filter(|p| matches!(p, Payment::Cash { .. }))
            .map(|p| p.amount().fen())
            .sum();
        lines.push(RosterLine {
            seq,
            route,
            masked_name,
            address,
            note,
            items: sale.lines.iter().map(|l| l.item.clone()).collect(),
            total_fen: sale.total().fen(),
            subsidy_fen: sale.subsidy().fen(),
            collect_fen: collect,
            status: status_of(conn, seq)?,
        });
    }
    Ok(lines)
}
