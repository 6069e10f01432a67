//! Opening and closing a cash shift: the counted float, the counted cash against the expected, a supervisor over the limit.

use super::*;

impl CashierMode {
    pub(super) fn amount(&self) -> Option<Money> {
        self.entry.parse::<Money>().ok()
    }

    pub fn submit_open_shift(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        match self.amount() {
            Some(float) if float > Money::ZERO => {
                self.busy = true;
                Some(CashierCommand::OpenShift {
                    staff_id,
                    float,
                    at,
                })
            }
            _ => {
                self.note = Note::BadAmount;
                None
            }
        }
    }

    /// The close-shift screen (it asks for the shift so far first).
    pub fn start_close_shift(&mut self) -> Option<CashierCommand> {
        self.go(Page::ShiftClose, Field::Amount);
        self.entry.clear();
        self.supervisor_pin.clear();
        self.busy = true;
        Some(CashierCommand::Shift)
    }

    /// counted − expected, when the count is a valid amount.
    pub fn shift_difference(&self) -> Option<i64> {
        let shift = self.shift.as_ref()?;
        Some(self.amount()?.fen() - shift.expected.fen())
    }

    pub fn needs_supervisor(&self, settings: &KioskSettings) -> bool {
        self.shift_difference()
            .is_some_and(|d| d.abs() > settings.cashier.shift_difference_limit.fen())
    }

    pub fn submit_close_shift(
        &mut self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let Some(counted) = self.amount() else {
            self.note = Note::BadAmount;
            return None;
        };
        let supervisor_pin = if self.needs_supervisor(settings) {
            if self.supervisor_pin.is_empty() {
                self.note = Note::SupervisorRequired(settings.cashier.shift_difference_limit);
                self.field = Field::SupervisorPin;
                return None;
            }
            Some(std::mem::take(&mut self.supervisor_pin))
        } else {
            None
        };
        self.busy = true;
        Some(CashierCommand::CloseShift {
            staff_id,
            counted,
            supervisor_pin,
            at,
        })
    }
}
