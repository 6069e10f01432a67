//! Meal-card top-up: the card (scanned or typed) and the cash amount.

use super::*;

impl CashierMode {
    /// "Top up card": the card number first.
    pub fn start_top_up(&mut self) {
        self.card_entry.clear();
        self.entry.clear();
        self.topped = None;
        self.go(Page::TopUp, Field::CardNo);
    }

    /// A meal card scanned on the top-up screen (its number; a verified QR
    /// code or a plain barcode): on to the amount.
    pub fn card_scanned(&mut self, card_no: &str) {
        if self.page != Page::TopUp {
            return;
        }
        self.card_entry = card_no.trim().chars().take(64).collect();
        self.topped = None;
        self.note = Note::None;
        self.field = Field::Amount;
    }

    /// A meal-card QR code whose signature does not verify, scanned on the
    /// top-up screen: no money goes onto it.
    pub fn card_refused(&mut self) {
        if self.page == Page::TopUp {
            self.card_entry.clear();
            self.topped = None;
            self.field = Field::CardNo;
            self.note = Note::BadCardNo;
        }
    }

    pub fn submit_top_up(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let card_no = self.card_entry.trim().to_owned();
        if card_no.is_empty() {
            self.note = Note::NeedCard;
            self.field = Field::CardNo;
            return None;
        }
        match self.amount() {
            Some(amount) if amount > Money::ZERO => {
                self.busy = true;
                Some(CashierCommand::TopUp {
                    staff_id,
                    card_no,
                    amount,
                    at,
                })
            }
            _ => {
                self.note = Note::BadAmount;
                self.field = Field::Amount;
                None
            }
        }
    }
}
