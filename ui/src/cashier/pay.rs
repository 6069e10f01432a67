//! Taking payment for the counter order or a handed-over one: cash tendered or a mobile reference.

use super::*;

impl CashierMode {
    /// "Cash" or "Mobile": on to the payment keypad.
    pub fn start_pay(&mut self, mobile: bool, settings: &KioskSettings, at: NaiveDateTime) {
        if self.cart.is_empty() {
            self.note = Note::EmptyCart;
            return;
        }
        if self.total(settings, at).is_none() {
            self.note = Note::Refused;
            return;
        }
        self.paying_handover = false;
        self.mobile = mobile;
        self.entry.clear();
        self.go(Page::Pay, Field::Amount);
    }

    /// Change to hand back for what is typed, if it covers the total.
    pub fn change(&self, settings: &KioskSettings, at: NaiveDateTime) -> Option<Money> {
        let total = self.total(settings, at)?;
        let tendered = self.amount()?;
        (tendered >= total).then(|| tendered - total)
    }

    pub fn submit_pay(
        &mut self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let lines = match self.priced(settings, at) {
            Ok(l) if !l.is_empty() => l,
            _ => {
                self.note = Note::EmptyCart;
                return None;
            }
        };
        let total: Money = lines.iter().map(|l| l.charged).sum();
        let payment = if total == Money::ZERO {
            PaymentChoice::Free
        } else if self.mobile {
            let reference = self.entry.trim().to_owned();
            if reference.is_empty() {
                self.note = Note::NeedReference;
                return None;
            }
            PaymentChoice::Mobile { reference }
        } else {
            match self.amount() {
                Some(t) if t >= total => PaymentChoice::Cash { tendered: t },
                Some(_) => {
                    self.note = Note::TooLittle(total);
                    return None;
                }
                None => {
                    self.note = Note::BadAmount;
                    return None;
                }
            }
        };
        self.busy = true;
        if self.paying_handover
            && let Some(order) = &self.handover
        {
            return Some(CashierCommand::Sell(handover_sale(
                order, staff_id, payment, at,
            )));
        }
        Some(CashierCommand::Sell(CounterSale {
            staff_id,
            charged: lines.iter().map(|l| l.charged).collect(),
            items: lines.into_iter().map(|l| l.item).collect(),
            companion_items: Vec::new(),
            id: self.diner.as_ref().map(|d| d.id.clone()),
            card_no: None,
            card_born: None,
            manual_id: self.diner.as_ref().is_some_and(|d| d.manual),
            tier: self.tier.clone(),
            expected_total: total,
            payment,
            at,
        }))
    }

    /// The handed-over order's screen (from the order screen's banner).
    pub fn start_handover(&mut self) {
        if self.handover.is_some() {
            self.paying_handover = false;
            self.go(Page::Handover, Field::Amount);
        }
    }

    /// "Cash" or "Mobile" for the handed-over order.
    pub fn start_handover_pay(&mut self, mobile: bool) {
        if self.handover.is_none() {
            return;
        }
        self.paying_handover = true;
        self.mobile = mobile;
        self.entry.clear();
        self.go(Page::Pay, Field::Amount);
    }
}
