//! Taking payment for the counter order or a handed-over one: cash tendered or a mobile reference.

use super::*;
use crate::cashier_view::order_rows;
use slint::{ModelRc, VecModel};

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

impl PayState {
    /// How `total` is paid, from what is typed (nothing for a free meal);
    /// or what is missing.
    fn payment(&self, total: Money) -> Result<PaymentChoice, Missing> {
        if total == Money::ZERO {
            return Ok(PaymentChoice::Free);
        }
        if self.mobile {
            let reference = self.entry.trim().to_owned();
            if reference.is_empty() {
                return Err((Note::NeedReference, None));
            }
            return Ok(PaymentChoice::Mobile { reference });
        }
        match amount(&self.entry) {
            Some(t) if t >= total => Ok(PaymentChoice::Cash { tendered: t }),
            Some(_) => Err((Note::TooLittle(total), None)),
            None => Err((Note::BadAmount, None)),
        }
    }
}

command! {
    /// Commits a counter sale (the cart, a handed-over order or a desk sale).
    Sell(CounterSale);
    run(c, service, _) -> Result<CounterPaid, CashierError> {
        service.counter_sale(&c.0)
    }
    ok(paid, mode) {
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
        let p = PayState::on(&self.page)?;
        let lines = match self.priced(settings, at) {
            Ok(l) if !l.is_empty() => l,
            _ => {
                self.missing((Note::EmptyCart, None));
                return None;
            }
        };
        let total: Money = lines.iter().map(|l| l.charged).sum();
        let payment = match p.payment(total) {
            Ok(payment) => payment,
            Err(missing) => {
                self.missing(missing);
                return None;
            }
        };
        if p.handover
            && let Some(order) = &self.handover
        {
            let sale = handover_sale(order, staff_id, payment, at);
            return self.send(Sell(sale));
        }
        self.send(Sell(CounterSale {
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
            self.go(PageState::Handover(HandoverPage), Field::Amount);
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
        CounterPaid::on(&self.page)
    }
}

/// The handed-over order's screen (its state is the order itself,
/// [`CashierMode::handover`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HandoverPage;

impl StaffScreen for PayState {
    type Adapter<'a> = crate::PayAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        a.set_mobile(self.mobile);
        let total = v.mode.total(v.settings, v.at);
        a.set_due(total.map(money).unwrap_or_default());
        a.set_entry(s(&self.entry));
        let change = v.mode.change(v.settings, v.at);
        a.set_change(change.map(money).unwrap_or_default());
        Screen::Pay
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.tap(|m, settings, at| m.submit_pay(settings, at)));
        a.on_back(k.go_back());
    }
}

impl StaffScreen for CounterPaid {
    type Adapter<'a> = crate::PaidAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
        a.set_sale_no(s(&self.sale_no));
        a.set_total(money(self.total));
        a.set_cash(self.tendered.is_some());
        a.set_tendered(self.tendered.map(money).unwrap_or_default());
        a.set_change(money(self.change));
        a.set_printed(self.printed);
        Screen::Paid
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_next(k.tap(|m, _, _| {
            m.next_order();
            None
        }));
        a.on_reprint(k.tap(|m, _, at| m.reprint(at)));
    }
}

impl StaffScreen for HandoverPage {
    type Adapter<'a> = crate::HandoverAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        if let Some(order) = &v.mode.handover {
            a.set_diner(s(&order.diner.label));
            let rows = order_rows(v.settings, v.lang, &order.lines);
            a.set_lines(ModelRc::new(VecModel::from(rows)));
            a.set_due(money(order.total()));
        }
        Screen::Handover
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_pay_cash(k.tap(|m, _, _| {
            m.start_handover_pay(false);
            None
        }));
        a.on_pay_mobile(k.tap(|m, _, _| {
            m.start_handover_pay(true);
            None
        }));
        a.on_back(k.go_back());
    }
}
