//! The deliveries screen's back end over the ledger: [`LedgerService`]
//! implements `canteen_ui::DeliveryDesk` with the very calls `canteen
//! delivery roster|confirm` make — `Ledger::prepare_deliveries` (once per
//! period: again sells nothing twice), `Ledger::delivery_roster`,
//! `Ledger::confirm_delivery` (not delivered: the sale is voided through the
//! normal void record) — and prints the roster with
//! [`crate::delivery_sheet`] as the CLI's `--print` does. The period is the
//! one the clock falls in; each line carries its roster QR text, so the
//! screen selects a scanned line without knowing the format.

use canteen_core::{Money, Refusal};
use canteen_ledger::{Roster, RosterLine};
use canteen_ui::{CashierError, DeliveryDesk, DeliveryList, DeliveryRow};
use chrono::NaiveDateTime;

use crate::delivery_sheet;
use crate::ledger_cashier::{cashier_error, sale_seq};
use crate::ledger_service::LedgerService;

impl LedgerService {
    /// The id of the meal period `at` falls in.
    fn period_at(&self, at: NaiveDateTime) -> Option<String> {
        self.rules
            .periods
            .at(at.time())
            .map(|p| p.id.as_str().to_owned())
    }

    fn delivery_list(&self, roster: Roster, printed: bool) -> DeliveryList {
        let device = &self.ledger.identity().device_id;
        let row = |l: RosterLine| DeliveryRow {
            sale_no: l.seq.to_string(),
            qr: delivery_sheet::qr_text(device, l.seq),
            route: l.route,
            masked_name: l.masked_name,
            address: l.address,
            note: l.note,
            collect: Money::from_fen(l.collect_fen),
            total: Money::from_fen(l.total_fen),
            status: l.status,
        };
        DeliveryList {
            period: roster.period,
            prepared: roster.prepared,
            printed,
            rows: roster.lines.into_iter().map(row).collect(),
        }
    }

    /// The roster of the period `at` falls in, as prepared so far.
    fn current_roster(&self, at: NaiveDateTime) -> Result<DeliveryList, CashierError> {
        let Some(period) = self.period_at(at) else {
            return Ok(DeliveryList {
                period: String::new(),
                prepared: 0,
                printed: false,
                rows: Vec::new(),
            });
        };
        let roster = self
            .ledger
            .delivery_roster(at.date(), &period)
            .map_err(cashier_error)?;
        Ok(self.delivery_list(roster, false))
    }
}

impl DeliveryDesk for LedgerService {
    fn deliveries(&mut self, at: NaiveDateTime) -> Result<DeliveryList, CashierError> {
        self.current_roster(at)
    }

    fn prepare_deliveries(
        &mut self,
        _staff_id: u64,
        local: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        let period = self
            .period_at(local)
            .ok_or(CashierError::Refused(Refusal::DeliveryOutsidePeriod))?;
        let at = self.at(local)?;
        let roster = self
            .ledger
            .prepare_deliveries(&self.rules, &period, at)
            .map_err(cashier_error)?;
        if roster.prepared > 0 {
            self.committed();
        }
        let name = self
            .rules
            .periods
            .get(&period)
            .map_or(period.clone(), |p| p.name_zh.clone());
        let doc = delivery_sheet::document(
            &self.header,
            &self.ledger.identity().device_id,
            &roster,
            &name,
        );
        let printed = self.print_fine(&doc);
        Ok(self.delivery_list(roster, printed))
    }

    fn confirm_delivery(
        &mut self,
        _staff_id: u64,
        sale_no: &str,
        delivered: bool,
        reason: &str,
        local: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        let at = self.at(local)?;
        self.ledger
            .confirm_delivery(sale_seq(sale_no)?, delivered, reason, at)
            .map_err(cashier_error)?;
        self.committed();
        self.current_roster(local)
    }
}
