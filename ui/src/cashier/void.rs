//! Voiding a sale: the sale number, a reason and a supervisor PIN (the form a refund and a no-sale share).

use super::*;

impl CashierMode {
    /// A form that acts on a sale (void, refund): the last sale offered, no
    /// reason chosen, no supervisor PIN yet.
    pub(super) fn start_sale_form(&mut self, page: Page) {
        self.sale_entry = self.last_sale.clone().unwrap_or_default();
        self.reason = None;
        self.supervisor_pin.clear();
        let field = if self.sale_entry.is_empty() {
            Field::SaleNo
        } else {
            Field::SupervisorPin
        };
        self.go(page, field);
    }

    /// The sale number and the reason a supervisor is asked to authorise, or
    /// the note that says what is missing.
    pub(super) fn sale_form<'a>(
        &mut self,
        reasons: &[&'a str],
    ) -> Option<(String, &'a str, String)> {
        if self.sale_entry.is_empty() {
            self.note = Note::NoSuchSale;
            self.field = Field::SaleNo;
            return None;
        }
        let Some(&reason) = self.reason.and_then(|r| reasons.get(r)) else {
            self.note = Note::NeedReason;
            return None;
        };
        if self.supervisor_pin.is_empty() {
            self.note = Note::SupervisorRefused;
            self.field = Field::SupervisorPin;
            return None;
        }
        Some((
            self.sale_entry.clone(),
            reason,
            std::mem::take(&mut self.supervisor_pin),
        ))
    }

    pub fn start_void(&mut self) {
        self.start_sale_form(Page::Void);
    }

    pub fn submit_void(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let (sale_no, reason, supervisor_pin) = self.sale_form(&VOID_REASONS)?;
        self.busy = true;
        Some(CashierCommand::Void {
            staff_id,
            sale_no,
            reason: reason.to_owned(),
            supervisor_pin,
            at,
        })
    }
}
