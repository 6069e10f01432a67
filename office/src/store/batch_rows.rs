//! The rows a batch adds, written in few statements ([`super::bulk`]): each
//! new record, its sale's report lines and its quarantine entry are kept in
//! order and written with multi-row `INSERT`s when the batch ends, or sooner,
//! before a statement that reads them: a void or refund copies lines the
//! office holds (maybe of a sale in this very batch), a refund's verdict and
//! a delivery's outcome read them. A quarantined sale or refund changes no
//! report.

use canteen_core::cashier::AuditAction;
use canteen_core::closing::NO_KEY;
use canteen_core::journal::RecordBody;
use canteen_core::order::Mismatch;
use canteen_sync::wire::{Batch, WireRecord};

use super::batch_facts::BatchFacts;
use super::bulk;
use super::db::{Db, Value};
use crate::error::Result;
use crate::params;

const RECORDS: &str =
    "INSERT INTO records (device_id, db_epoch, seq, kind, local_date, format_version,
                                           prev_hash, hash, canonical, received_at)";
const LINES: &str = "INSERT INTO report_lines (device_id, db_epoch, seq, line_no, sign, local_date, period,
                                               tier, category, item, market_fen, charged_fen, subsidy_fen,
                                               resident_key, masked_id, delivery_route)";
const QUARANTINE: &str = "INSERT INTO quarantine (device_id, db_epoch, seq, code, reason, at)";

/// The batch's rows not yet written, in the order they came.
#[derive(Default)]
pub struct BatchRows {
    records: Vec<Value>,
    lines: Vec<Value>,
    quarantine: Vec<Value>,
}

impl BatchRows {
    /// Writes the rows held: records first (the others name them).
    pub fn flush(&mut self, db: &mut dyn Db) -> Result<()> {
        bulk::insert(db, RECORDS, 10, &std::mem::take(&mut self.records), "")?;
        bulk::insert(db, LINES, 16, &std::mem::take(&mut self.lines), "")?;
        bulk::insert(db, QUARANTINE, 6, &std::mem::take(&mut self.quarantine), "")?;
        Ok(())
    }

    /// Keeps `r` (and its sale's lines, or its quarantine entry) to write,
    /// or writes what it changes now: a void or refund reverses the lines it
    /// names, a delivery's audit records the outcome.
    #[allow(clippy::too_many_arguments)]
    pub fn store(
        &mut self,
        tx: &mut dyn Db,
        batch: &Batch,
        r: &WireRecord,
        canonical: &[u8],
        now: &str,
        quarantined: Option<Mismatch>,
        facts: &mut BatchFacts,
    ) -> Result<()> {
        let h = &r.record.header;
        let date = h.local_date.to_string();
        let (device, epoch) = (&batch.device_id, &batch.db_epoch);
        self.records.extend_from_slice(params![
            device,
            epoch,
            r.seq,
            r.record.body.kind().as_str(),
            &date,
            r.format_version,
            &r.prev_hash,
            &r.hash,
            canonical,
            now,
        ]);
        if let Some(why) = quarantined {
            self.quarantine.extend_from_slice(params![
                device,
                epoch,
                r.seq,
                why.code,
                &why.reason,
                now
            ]);
            return Ok(());
        }
        match &r.record.body {
            RecordBody::Sale(sale) => {
                let diner = sale.diner.as_ref();
                for (n, l) in sale.lines.iter().enumerate() {
                    let category = if l.categories.is_empty() {
                        NO_KEY.to_owned()
                    } else {
                        l.categories.join("+")
                    };
                    let period = l.period.as_deref().unwrap_or(NO_KEY);
                    if let Some(d) = diner.filter(|_| l.subsidy.fen() > 0) {
                        facts.counted(&d.resident_key, &date, period);
                    }
                    self.lines.extend_from_slice(params![
                        device,
                        epoch,
                        r.seq,
                        n,
                        1_i64,
                        &date,
                        period,
                        l.tier.as_deref().unwrap_or(NO_KEY),
                        category,
                        &l.item,
                        l.market.fen(),
                        l.charged.fen(),
                        l.subsidy.fen(),
                        diner.map(|d| &d.resident_key),
                        diner.map(|d| &d.masked_id),
                        sale.delivery.as_ref().map(|d| &d.route),
                    ]);
                }
            }
            RecordBody::Void(v) => {
                self.flush(tx)?;
                tx.execute(
                    "INSERT INTO report_lines (device_id, db_epoch, seq, line_no, sign, local_date, period, tier, category, item,
                                               market_fen, charged_fen, subsidy_fen, resident_key, masked_id, delivery_route)
                     SELECT device_id, db_epoch, CAST(?3 AS BIGINT), line_no, -1, CAST(?4 AS TEXT), period, tier, category, item,
                            market_fen, charged_fen, subsidy_fen, resident_key, masked_id, delivery_route
                     FROM report_lines WHERE device_id = ?1 AND db_epoch = ?2 AND seq = ?5 AND sign = 1
                       AND NOT EXISTS (SELECT 1 FROM refunded_lines f
                                       WHERE f.device_id = ?1 AND f.db_epoch = ?2 AND f.original_seq = ?5
                                         AND f.line_no = report_lines.line_no)",
                    params![device, epoch, r.seq, &date, v.original_seq],
                )?;
                super::delivery::outcome(tx, batch, v.original_seq, false, r.seq)?;
                facts.reload(tx)?;
            }
            // A refund reverses the sale lines it names (their prices and
            // subsidy as the office holds them, times the quantity) on the
            // refund's date. Its verdict flushed the rows before it.
            RecordBody::Refund(refund) => {
                self.flush(tx)?;
                for l in &refund.lines {
                    tx.execute(
                        "INSERT INTO report_lines (device_id, db_epoch, seq, line_no, sign, local_date, period, tier, category, item,
                                                   market_fen, charged_fen, subsidy_fen, resident_key, masked_id)
                         SELECT device_id, db_epoch, CAST(?3 AS BIGINT), line_no, -1, CAST(?4 AS TEXT), period, tier, category, item,
                                market_fen * ?7, charged_fen * ?7, subsidy_fen * ?7, resident_key, masked_id
                         FROM report_lines WHERE device_id = ?1 AND db_epoch = ?2 AND seq = ?5 AND line_no = ?6 AND sign = 1",
                        params![device, epoch, r.seq, &date, refund.original_seq, l.line_no, l.qty],
                    )?;
                    tx.execute(
                        "INSERT INTO refunded_lines (device_id, db_epoch, original_seq, line_no, refund_seq)
                         VALUES (?1, ?2, ?3, ?4, ?5)",
                        params![device, epoch, refund.original_seq, l.line_no, r.seq],
                    )?;
                }
                facts.reload(tx)?;
            }
            RecordBody::Audit(a) if a.action == AuditAction::DeliveryDelivered => {
                if let Some(sale) = a.related_seq {
                    self.flush(tx)?;
                    super::delivery::outcome(tx, batch, sale, true, r.seq)?;
                }
            }
            // Counter records (audit, shifts, card top-ups) carry no sale lines.
            RecordBody::Closing(_)
            | RecordBody::Audit(_)
            | RecordBody::Shift(_)
            | RecordBody::CardTopUp(_) => {}
        }
        Ok(())
    }
}
