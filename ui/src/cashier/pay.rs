//! Taking payment for the counter order or a handed-over one: cash tendered or a mobile reference.

use super::*;

/// The payment screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PayState {
    /// Mobile payment (a reference typed) rather than cash (an amount).
    pub mobile: bool,
    /// The cash tendered or the mobile reference.
    pub entry: String,
    /// For the handed-over order, not the cart.
    pub handover: bool,
}

/// Commits a counter sale (the cart, a handed-over order or a desk sale).
#[derive(Debug)]
pub struct Sell(pub CounterSale);

impl CashierCmd for Sell {
    type Reply = Result<CounterPaid, CashierError>;

    fn run(self, service: &mut dyn KioskService, _: &KioskSettings) -> Self::Reply {
        service.counter_sale(&self.0)
    }

    fn apply(reply: Self::Reply, mode: &mut CashierMode) {
        let paid = match reply {
            Ok(paid) => paid,
            Err(e) => return mode.refused(e),
        };
        if matches!(&mode.page, PageState::Pay(p) if p.handover)
            && let Some(order) = mode.handover.take()
        {
            mode.handover_done = Some(Completed::at_counter(
                paid.sale_no.clone(),
                paid.total,
                order.subsidy(),
                paid.printed,
            ));
        }
        mode.last_sale = Some(paid.sale_no.clone());
        mode.go(PageState::Paid(paid), Field::Amount);
    }
}

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
        self.go(
            PageState::Pay(PayState {
                mobile,
                ..PayState::default()
            }),
            Field::Amount,
        );
    }

    /// Change to hand back for what is typed, if it covers the total.
    pub fn change(&self, settings: &KioskSettings, at: NaiveDateTime) -> Option<Money> {
        let PageState::Pay(p) = &self.page else {
            return None;
        };
        let total = self.total(settings, at)?;
        let tendered = amount(&p.entry)?;
        (tendered >= total).then(|| tendered - total)
    }

    pub fn submit_pay(
        &mut self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::Pay(p) = &self.page else {
            return None;
        };
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
        } else if p.mobile {
            let reference = p.entry.trim().to_owned();
            if reference.is_empty() {
                self.note = Note::NeedReference;
                return None;
            }
            PaymentChoice::Mobile { reference }
        } else {
            match amount(&p.entry) {
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
        if p.handover
            && let Some(order) = &self.handover
        {
            let sale = handover_sale(order, staff_id, payment, at);
            self.busy = true;
            return Some(Sell(sale).into());
        }
        self.busy = true;
        Some(
            Sell(CounterSale {
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
            })
            .into(),
        )
    }

    /// The handed-over order's screen (from the order screen's banner).
    pub fn start_handover(&mut self) {
        if self.handover.is_some() {
            self.go(PageState::Handover(()), Field::Amount);
        }
    }

    /// "Cash" or "Mobile" for the handed-over order.
    pub fn start_handover_pay(&mut self, mobile: bool) {
        if self.handover.is_none() {
            return;
        }
        self.go(
            PageState::Pay(PayState {
                mobile,
                entry: String::new(),
                handover: true,
            }),
            Field::Amount,
        );
    }

    /// The committed sale, when the paid screen is up.
    pub fn paid(&self) -> Option<&CounterPaid> {
        match &self.page {
            PageState::Paid(p) => Some(p),
            _ => None,
        }
    }
}
