//! Opening the drawer without a sale: a reason and a supervisor PIN.

use super::*;

/// The no-sale screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoSaleState {
    pub reason: Option<usize>,
    pub supervisor_pin: String,
}

command! {
    /// Opens the drawer without a sale, authorised by a supervisor.
    NoSale { staff_id: u64, supervisor_pin: String, reason: String, at: NaiveDateTime }
    run(c, service, _) -> Result<(), CashierError> {
        service.no_sale(c.staff_id, &c.supervisor_pin, &c.reason, c.at)
    }
    ok((), mode) {
        mode.go(PageState::Order(OrderPage), Field::Amount);
        mode.note = Note::DrawerOpened;
    }
}

impl CashierMode {
    /// "Open drawer" (no sale): a reason and a supervisor's PIN.
    pub fn start_no_sale(&mut self) {
        self.go(
            PageState::NoSale(NoSaleState::default()),
            Field::SupervisorPin,
        );
    }
}

impl Form for NoSaleState {
    type Command = NoSale;

    fn command(&mut self, cx: &Context<'_>) -> Result<NoSale, Missing> {
        let reason = reason_of(self.reason, &NO_SALE_REASONS)?.to_owned();
        let supervisor_pin = supervisor_pin(&mut self.supervisor_pin)?;
        Ok(NoSale {
            staff_id: cx.staff_id,
            supervisor_pin,
            reason,
            at: cx.at,
        })
    }
}

impl StaffScreen for NoSaleState {
    type Adapter<'a> = crate::NoSaleAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
        a.set_reason(reason(self.reason));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::NoSale
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.submit::<Self>());
        a.on_back(k.go_back());
    }
}
