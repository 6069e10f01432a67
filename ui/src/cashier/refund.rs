//! Line refunds: the sale looked up, the lines ticked, a reason and a supervisor PIN.

use super::*;

impl CashierMode {
    /// "Refund": the last sale offered and looked up at once.
    pub fn start_refund(&mut self) -> Option<CashierCommand> {
        self.refund_sale = None;
        self.refund_lines.clear();
        self.refunded = None;
        self.start_sale_form(Page::Refund);
        self.find_refund_sale()
    }

    /// "Find": the lines of the sale whose number is typed.
    pub fn find_refund_sale(&mut self) -> Option<CashierCommand> {
        let sale_no = self.sale_entry.trim().to_owned();
        if sale_no.is_empty() {
            self.field = Field::SaleNo;
            return None;
        }
        self.busy = true;
        Some(CashierCommand::RefundSale { sale_no })
    }

    /// Ticks or unticks row `row` of the looked-up sale (a line refunded
    /// already cannot be ticked).
    pub fn toggle_refund_line(&mut self, row: usize) {
        let Some(line) = self
            .refund_sale
            .as_ref()
            .and_then(|s| s.lines.get(row))
            .filter(|l| l.refundable)
            .map(|l| l.line)
        else {
            return;
        };
        self.note = Note::None;
        match self.refund_lines.iter().position(|l| *l == line) {
            Some(i) => {
                self.refund_lines.remove(i);
            }
            None => {
                self.refund_lines.push(line);
                self.refund_lines.sort_unstable();
            }
        }
    }

    /// What the ticked lines pay back.
    pub fn refund_amount(&self) -> Money {
        self.refund_sale.as_ref().map_or(Money::ZERO, |s| {
            s.lines
                .iter()
                .filter(|l| self.refund_lines.contains(&l.line))
                .map(|l| l.amount)
                .sum()
        })
    }

    pub fn submit_refund(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        if self.refund_sale.is_none() {
            self.note = Note::NoSuchSale;
            self.field = Field::SaleNo;
            return None;
        }
        if self.refund_lines.is_empty() {
            self.note = Note::NeedLines;
            return None;
        }
        let (sale_no, reason, supervisor_pin) = self.sale_form(&REFUND_REASONS)?;
        self.busy = true;
        Some(CashierCommand::Refund {
            staff_id,
            sale_no,
            lines: self.refund_lines.clone(),
            reason: reason.to_owned(),
            supervisor_pin,
            at,
        })
    }
}
