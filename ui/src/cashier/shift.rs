//! Opening and closing a cash shift: the counted float, the counted cash against the expected, a supervisor over the limit.

use super::*;
use crate::cashier_view::signed;

/// The open-shift screen: the float typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShiftOpenState {
    pub float: String,
}

/// The close-shift screen: the cash counted, and a supervisor's PIN when
/// the difference is over the limit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShiftCloseState {
    pub counted: String,
    pub supervisor_pin: String,
}

command! {
    /// The open shift so far (none when no shift is open).
    CurrentShift {}
    run(_, service, _) -> Result<Option<ShiftView>, CashierError> {
        service.current_shift()
    }
    ok(shift, mode) {
        if shift.is_none() {
            mode.go(PageState::ShiftOpen(ShiftOpenState::default()), Field::Amount);
            mode.note = Note::NoShift;
        }
        mode.shift = shift;
    }
}

command! {
    /// Opens a shift with the float counted into the drawer.
    OpenShift { staff_id: u64, float: Money, at: NaiveDateTime }
    run(c, service, _) -> Result<ShiftView, CashierError> {
        service.open_shift(c.staff_id, c.float, c.at)
    }
    ok(shift, mode) {
        mode.shift = Some(shift);
        mode.go(mode.home(), Field::Amount);
    }
}

command! {
    /// Closes the shift with the cash counted (a supervisor's PIN over the
    /// limit).
    CloseShift { staff_id: u64, counted: Money, supervisor_pin: Option<String>, at: NaiveDateTime }
    run(c, service, _) -> Result<ShiftView, CashierError> {
        service.close_shift(c.staff_id, c.counted, c.supervisor_pin.as_deref(), c.at)
    }
    ok(shift, mode) {
        mode.shift = None;
        mode.go(PageState::ShiftOpen(ShiftOpenState::default()), Field::Amount);
        mode.note = Note::ShiftClosed(shift.difference.unwrap_or(0));
    }
}

impl CashierMode {
    pub fn submit_open_shift(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::ShiftOpen(s) = &self.page else {
            return None;
        };
        match amount(&s.float) {
            Some(float) if float > Money::ZERO => self.send(OpenShift {
                staff_id,
                float,
                at,
            }),
            _ => {
                self.note = Note::BadAmount;
                None
            }
        }
    }

    /// The close-shift screen (it asks for the shift so far first).
    pub fn start_close_shift(&mut self) -> Option<CashierCommand> {
        self.go(
            PageState::ShiftClose(ShiftCloseState::default()),
            Field::Amount,
        );
        self.send(CurrentShift {})
    }

    /// counted − expected, when the close-shift screen is up and the count
    /// is a valid amount.
    pub fn shift_difference(&self) -> Option<i64> {
        let shift = self.shift.as_ref()?;
        let PageState::ShiftClose(s) = &self.page else {
            return None;
        };
        Some(amount(&s.counted)?.fen() - shift.expected.fen())
    }

    pub fn needs_supervisor(&self, settings: &KioskSettings) -> bool {
        self.shift_difference()
            .is_some_and(|d| d.abs() > settings.cashier.shift_difference_limit.fen())
    }

    pub fn submit_close_shift(
        &mut self,
        settings: &KioskSettings,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let needs_supervisor = self.needs_supervisor(settings);
        let PageState::ShiftClose(s) = &mut self.page else {
            return None;
        };
        let Some(counted) = amount(&s.counted) else {
            self.note = Note::BadAmount;
            return None;
        };
        let supervisor_pin = if needs_supervisor {
            if s.supervisor_pin.is_empty() {
                self.note = Note::SupervisorRequired(settings.cashier.shift_difference_limit);
                self.field = Field::SupervisorPin;
                return None;
            }
            Some(std::mem::take(&mut s.supervisor_pin))
        } else {
            None
        };
        self.send(CloseShift {
            staff_id,
            counted,
            supervisor_pin,
            at,
        })
    }
}

impl StaffScreen for ShiftOpenState {
    fn show(&self, v: &View<'_>) -> Screen {
        let a = v.ui.global::<crate::ShiftOpenAdapter<'_>>();
        a.set_staff(s(v.mode.staff.as_ref().map_or("", |st| st.name.as_str())));
        a.set_amount(s(&self.float));
        Screen::ShiftOpen
    }

    fn wire(k: &Kiosk, ui: &KioskWindow) {
        let a = ui.global::<crate::ShiftOpenAdapter<'_>>();
        a.on_submit(k.tap(|m, _, at| m.submit_open_shift(at)));
        a.on_close_day(k.tap(|m, _, at| m.report(ReportKind::Z, at)));
        a.on_sign_out(k.leave_button());
    }
}

impl StaffScreen for ShiftCloseState {
    fn show(&self, v: &View<'_>) -> Screen {
        let a = v.ui.global::<crate::ShiftCloseAdapter<'_>>();
        if let Some(sh) = &v.mode.shift {
            a.set_float(money(sh.float));
            a.set_cash_in(s(signed(sh.tendered.fen() - sh.change.fen())));
            a.set_refunds(money(sh.refunds));
            a.set_top_ups(money(sh.top_ups));
            a.set_expected(money(sh.expected));
        }
        a.set_counted(s(&self.counted));
        let difference = v.mode.shift_difference().map(signed);
        a.set_difference(s(difference.unwrap_or_default()));
        a.set_needs_supervisor(v.mode.needs_supervisor(v.settings));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::ShiftClose
    }

    fn wire(k: &Kiosk, ui: &KioskWindow) {
        let a = ui.global::<crate::ShiftCloseAdapter<'_>>();
        a.on_submit(k.tap(|m, settings, at| m.submit_close_shift(settings, at)));
        a.on_back(k.go_back());
    }
}
