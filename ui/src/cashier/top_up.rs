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
}

impl Form for TopUpState {
    type Command = TopUp;

    fn command(&mut self, cx: &Context<'_>) -> Result<TopUp, Missing> {
        let card_no = self.card.trim().to_owned();
        if card_no.is_empty() {
            return Err((Note::NeedCard, Some(Field::CardNo)));
        }
        let amount = positive(&self.amount)?;
        Ok(TopUp {
            staff_id: cx.staff_id,
            card_no,
            amount,
            at: cx.at,
        })
    }
}

impl StaffScreen for TopUpState {
    type Adapter<'a> = crate::TopUpAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
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

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.submit::<Self>());
        a.on_back(k.go_back());
    }
}
