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

    pub fn submit_no_sale(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::NoSale(s) = &mut self.page else {
            return None;
        };
        let Some(reason) = s.reason.and_then(|r| NO_SALE_REASONS.get(r)) else {
            self.note = Note::NeedReason;
            return None;
        };
        if s.supervisor_pin.is_empty() {
            self.note = Note::SupervisorRefused;
            return None;
        }
        let supervisor_pin = std::mem::take(&mut s.supervisor_pin);
        let reason = (*reason).to_owned();
        self.send(NoSale {
            staff_id,
            supervisor_pin,
            reason,
            at,
        })
    }
}

impl StaffScreen for NoSaleState {
    fn show(&self, v: &View<'_>) -> Screen {
        let a = v.ui.global::<crate::NoSaleAdapter<'_>>();
        a.set_reason(reason(self.reason));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::NoSale
    }

    fn wire(k: &Kiosk, ui: &KioskWindow) {
        let a = ui.global::<crate::NoSaleAdapter<'_>>();
        a.on_submit(k.tap(|m, _, at| m.submit_no_sale(at)));
        a.on_back(k.go_back());
    }
}
