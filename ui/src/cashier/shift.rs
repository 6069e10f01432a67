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

impl Form for ShiftOpenState {
    type Command = OpenShift;

    fn command(&mut self, cx: &Context<'_>) -> Result<OpenShift, Missing> {
        let float = positive(&self.float)?;
        Ok(OpenShift {
            staff_id: cx.staff_id,
            float,
            at: cx.at,
        })
    }
}

impl Form for ShiftCloseState {
    type Command = CloseShift;

    /// The count, and a supervisor's PIN when the count is further from the
    /// expected cash than the limit.
    fn command(&mut self, cx: &Context<'_>) -> Result<CloseShift, Missing> {
        let counted = amount(&self.counted).ok_or((Note::BadAmount, None))?;
        let limit = cx.rules.shift_difference_limit;
        let over = cx
            .shift
            .is_some_and(|shift| shift.cash.needs_supervisor(counted, limit));
        let supervisor_pin = if over {
            if self.supervisor_pin.is_empty() {
                return Err((Note::SupervisorRequired(limit), Some(Field::SupervisorPin)));
            }
            Some(std::mem::take(&mut self.supervisor_pin))
        } else {
            None
        };
        Ok(CloseShift {
            staff_id: cx.staff_id,
            counted,
            supervisor_pin,
            at: cx.at,
        })
    }
}

impl CashierMode {
    /// The close-shift screen (it asks for the shift so far first).
    pub fn start_close_shift(&mut self) -> Option<CashierCommand> {
        self.go(
            PageState::ShiftClose(ShiftCloseState::default()),
            Field::Amount,
        );
        self.send(CurrentShift {})
    }

    /// The cash counted on the close-shift screen, when it is up with the
    /// shift so far and the count is a valid amount.
    fn counted(&self) -> Option<(&ShiftView, Money)> {
        let shift = self.shift.as_ref()?;
        let counted = amount(&ShiftCloseState::on(&self.page)?.counted)?;
        Some((shift, counted))
    }

    /// counted − expected, when the close-shift screen is up and the count
    /// is a valid amount.
    pub fn shift_difference(&self) -> Option<i64> {
        let (shift, counted) = self.counted()?;
        Some(counted.fen() - shift.cash.expected().fen())
    }

    /// Whether the count is further from the expected cash than the limit
    /// (core's rule,
    /// [`ShiftCash::needs_supervisor`](canteen_core::cashier::ShiftCash::needs_supervisor)).
    pub fn needs_supervisor(&self, settings: &KioskSettings) -> bool {
        self.counted().is_some_and(|(shift, counted)| {
            let limit = settings.cashier.shift_difference_limit;
            shift.cash.needs_supervisor(counted, limit)
        })
    }
}

impl StaffScreen for ShiftOpenState {
    type Adapter<'a> = crate::ShiftOpenAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        a.set_staff(s(v.mode.staff.as_ref().map_or("", |st| st.name.as_str())));
        a.set_amount(s(&self.float));
        Screen::ShiftOpen
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.submit::<Self>());
        a.on_close_day(k.tap(|m, _, at| m.report(ReportKind::Z, at)));
        a.on_sign_out(k.leave_button());
    }
}

impl StaffScreen for ShiftCloseState {
    type Adapter<'a> = crate::ShiftCloseAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        if let Some(ShiftView { cash, .. }) = &v.mode.shift {
            a.set_float(money(cash.float));
            a.set_cash_in(s(signed(cash.tendered.fen() - cash.change.fen())));
            a.set_refunds(money(cash.refunds));
            a.set_top_ups(money(cash.top_ups));
            a.set_expected(money(cash.expected()));
        }
        a.set_counted(s(&self.counted));
        let difference = v.mode.shift_difference().map(signed);
        a.set_difference(s(difference.unwrap_or_default()));
        a.set_needs_supervisor(v.mode.needs_supervisor(v.settings));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::ShiftClose
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.submit::<Self>());
        a.on_back(k.go_back());
    }
}
