//! Sign-in and sign-out: the staff number and PIN typed on the keypad.

use super::*;

impl CashierMode {
    /// "Sign in": the staff number and PIN go to the worker.
    pub fn submit_sign_in(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        if self.who.is_empty() || self.pin.is_empty() {
            self.note = Note::NeedWhoPin;
            return None;
        }
        self.busy = true;
        Some(CashierCommand::SignIn {
            who: self.who.clone(),
            pin: std::mem::take(&mut self.pin),
            at,
        })
    }

    /// "Sign out" (or the idle timeout): back to self-service.
    pub fn sign_out(&self, idle: bool, at: NaiveDateTime) -> Option<CashierCommand> {
        self.staff_id()
            .map(|staff_id| CashierCommand::SignOut { staff_id, idle, at })
    }
}
