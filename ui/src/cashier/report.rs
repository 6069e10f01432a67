//! The X / Z reports and a receipt reprint.

use super::*;

impl CashierMode {
    pub fn report(&mut self, kind: ReportKind, at: NaiveDateTime) -> Option<CashierCommand> {
        self.busy = true;
        Some(CashierCommand::Report { kind, at })
    }

    pub fn reprint(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let sale_no = self.last_sale.clone()?;
        self.busy = true;
        Some(CashierCommand::Reprint {
            staff_id,
            sale_no,
            at,
        })
    }
}
