//! Opening the drawer without a sale: a reason and a supervisor PIN.

use super::*;

impl CashierMode {
    /// "Open drawer" (no sale): a reason and a supervisor's PIN.
    pub fn start_no_sale(&mut self) {
        self.reason = None;
        self.supervisor_pin.clear();
        self.go(Page::NoSale, Field::SupervisorPin);
    }

    pub fn submit_no_sale(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let Some(reason) = self.reason.and_then(|r| NO_SALE_REASONS.get(r)) else {
            self.note = Note::NeedReason;
            return None;
        };
        if self.supervisor_pin.is_empty() {
            self.note = Note::SupervisorRefused;
            return None;
        }
        self.busy = true;
        Some(CashierCommand::NoSale {
            staff_id,
            supervisor_pin: std::mem::take(&mut self.supervisor_pin),
            reason: (*reason).to_owned(),
            at,
        })
    }
}
