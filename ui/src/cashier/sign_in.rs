//! Sign-in and sign-out: the staff number and PIN typed on the keypad.

use super::*;

/// The PIN pad's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInState {
    /// The staff number typed.
    pub who: String,
    /// The PIN typed (cleared once sent).
    pub pin: String,
}

command! {
    /// Checks a staff number and PIN, then asks for the open shift.
    SignIn { who: String, pin: String, at: NaiveDateTime }
    run(c, service, _) -> Result<(StaffView, Option<ShiftView>), CashierError> {
        service
            .sign_in(&c.who, &c.pin, c.at)
            .and_then(|staff| Ok((staff, service.current_shift()?)))
    }
    apply(reply, mode) {
        match reply {
            Ok((staff, shift)) => {
                mode.staff = Some(staff);
                let page = if shift.is_some() {
                    mode.home()
                } else {
                    PageState::ShiftOpen(ShiftOpenState::default())
                };
                mode.shift = shift;
                mode.go(page, Field::Amount);
            }
            Err(e) => {
                if let PageState::SignIn(s) = &mut mode.page {
                    s.pin.clear();
                }
                mode.field = Field::Pin;
                mode.note = note(e);
            }
        }
    }
}

command! {
    /// Leaving cashier mode (audited as a sign-out, by hand or on the idle
    /// timeout).
    SignOut { staff_id: u64, idle: bool, at: NaiveDateTime }
    run(c, service, _) -> () {
        // Leaving cashier mode never waits on the back end: a failed audit
        // is the ledger's fault to report, the screen goes back anyway.
        let _ = service.sign_out(c.staff_id, c.idle, c.at);
    }
    // Cashier mode is over ([`CashierMode::apply`] says so).
    apply((), _) {}
}

impl SignInState {
    /// The staff number and the PIN (taken from the form), or the note
    /// asking for both.
    fn command(&mut self, at: NaiveDateTime) -> Result<SignIn, Missing> {
        if self.who.is_empty() || self.pin.is_empty() {
            return Err((Note::NeedWhoPin, None));
        }
        Ok(SignIn {
            who: self.who.clone(),
            pin: std::mem::take(&mut self.pin),
            at,
        })
    }
}

impl CashierMode {
    /// The PIN pad with staff number `who` filled in and the PIN asked for.
    pub fn sign_in_as(&mut self, who: String) {
        if let PageState::SignIn(s) = &mut self.page {
            s.who = who;
            self.field = Field::Pin;
        }
    }

    /// "Sign in": the staff number and PIN go to the worker.
    pub fn submit_sign_in(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let form = SignInState::on_mut(&mut self.page)?.command(at);
        self.sent(form)
    }

    /// "Sign out" (or the idle timeout): back to self-service.
    pub fn sign_out(&self, idle: bool, at: NaiveDateTime) -> Option<CashierCommand> {
        self.staff_id()
            .map(|staff_id| SignOut { staff_id, idle, at }.into())
    }
}

impl StaffScreen for SignInState {
    type Adapter<'a> = crate::SignInAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
        a.set_who(s(&self.who));
        a.set_pin(s(dots(&self.pin)));
        Screen::SignIn
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.tap(|m, _, at| m.submit_sign_in(at)));
        a.on_back(k.leave_button());
    }
}
