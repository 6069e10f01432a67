//! Meal-card top-up: the card (scanned or typed) and the cash amount.

use super::*;

/// The top-up screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopUpState {
    /// The meal-card number being topped up.
    pub card: String,
    /// The cash amount typed.
    pub amount: String,
    /// The last top-up, shown with the card's new balance.
    pub topped: Option<TopUpDone>,
}

command! {
    /// Puts cash onto a meal card.
    TopUp { staff_id: u64, card_no: String, amount: Money, at: NaiveDateTime }
    run(c, service, _) -> Result<TopUpDone, CashierError> {
        service.top_up_card(c.staff_id, &c.card_no, c.amount, c.at)
    }
    ok(done, mode) {
        let topped = Some(done);
        let page = PageState::TopUp(TopUpState { topped, ..TopUpState::default() });
        mode.go(page, Field::CardNo);
    }
}

impl CashierMode {
    /// "Top up card": the card number first.
    pub fn start_top_up(&mut self) {
        self.go(PageState::TopUp(TopUpState::default()), Field::CardNo);
    }

    /// A meal card scanned on the top-up screen (its number; a verified QR
    /// code or a plain barcode): on to the amount.
    pub fn card_scanned(&mut self, card_no: &str) {
        if let PageState::TopUp(s) = &mut self.page {
            s.card = card_no.trim().chars().take(64).collect();
            s.topped = None;
            self.note = Note::None;
            self.field = Field::Amount;
        }
    }

    /// A meal-card QR code whose signature does not verify, scanned on the
    /// top-up screen: no money goes onto it.
    pub fn card_refused(&mut self) {
        if let PageState::TopUp(s) = &mut self.page {
            s.card.clear();
            s.topped = None;
            self.field = Field::CardNo;
            self.note = Note::BadCardNo;
        }
    }

    pub fn submit_top_up(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::TopUp(s) = &self.page else {
            return None;
        };
        let card_no = s.card.trim().to_owned();
        if card_no.is_empty() {
            self.note = Note::NeedCard;
            self.field = Field::CardNo;
            return None;
        }
        match amount(&s.amount) {
            Some(amount) if amount > Money::ZERO => self.send(TopUp {
                staff_id,
                card_no,
                amount,
                at,
            }),
            _ => {
                self.note = Note::BadAmount;
                self.field = Field::Amount;
                None
            }
        }
    }
}

impl StaffScreen for TopUpState {
    fn show(&self, v: &View<'_>) -> Screen {
        let a = v.ui.global::<crate::TopUpAdapter<'_>>();
        a.set_card(s(&self.card));
        a.set_amount(s(&self.amount));
        match &self.topped {
            Some(t) => {
                let card = canteen_core::cashier::mask_but_last_four(&t.card_no);
                a.set_done_card(s(card));
                a.set_done_amount(money(t.amount));
                a.set_balance(money(t.balance));
                a.set_printed(t.printed);
            }
            None => {
                a.set_done_card(SharedString::new());
                a.set_done_amount(SharedString::new());
                a.set_balance(SharedString::new());
                a.set_printed(true);
            }
        }
        Screen::TopUp
    }

    fn wire(k: &Kiosk, ui: &KioskWindow) {
        let a = ui.global::<crate::TopUpAdapter<'_>>();
        a.on_submit(k.tap(|m, _, at| m.submit_top_up(at)));
        a.on_back(k.go_back());
    }
}
