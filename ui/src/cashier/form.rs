//! Submitting a staff form, the same way on every screen: the form's state
//! turns its fields into the one command it sends, or says what is missing
//! (a note, and the keypad field to type it into); cashier mode then sends
//! the command to the worker or puts the note up ([`CashierMode::sent`]).
//! Forms that need nothing but their own fields, the signed-in staff member
//! and the time implement [`Form`] and are submitted by
//! [`CashierMode::submit`]; the checks they share (a reason picked, a
//! supervisor's PIN typed, a positive amount) are the functions here.

use super::registry::OnPage;
use super::*;
use canteen_core::cashier::CashierRules;

/// What a form lacks: the note that says so, and the keypad field to type
/// it into (`None`: nothing to type, e.g. a reason is tapped).
pub type Missing = (Note, Option<Field>);

/// What a form's command is made of besides the form's own fields.
pub struct Context<'a> {
    /// The signed-in staff member.
    pub staff_id: u64,
    pub at: NaiveDateTime,
    /// The counter's rules (the shift difference limit).
    pub rules: &'a CashierRules,
    /// The open shift so far, when cashier mode has it.
    pub shift: Option<&'a ShiftView>,
}

/// A staff form: a page's state that sends one command when submitted.
pub trait Form: OnPage {
    /// What the form sends.
    type Command: Into<CashierCommand>;
    /// The command for the form's fields (a PIN in it is taken, so it does
    /// not stay in memory), or what is missing.
    fn command(&mut self, cx: &Context<'_>) -> Result<Self::Command, Missing>;
}

/// Reason `picked` of `reasons`, or the note asking for one.
pub(super) fn reason_of<'a>(
    picked: Option<usize>,
    reasons: &[&'a str],
) -> Result<&'a str, Missing> {
    picked
        .and_then(|r| reasons.get(r).copied())
        .ok_or((Note::NeedReason, None))
}

/// The supervisor's PIN typed (taken from the form), or the note asking for it.
pub(super) fn supervisor_pin(pin: &mut String) -> Result<String, Missing> {
    if pin.is_empty() {
        return Err((Note::SupervisorRefused, Some(Field::SupervisorPin)));
    }
    Ok(std::mem::take(pin))
}

/// The amount typed, when it is more than zero; or the note that it is not.
pub(super) fn positive(entry: &str) -> Result<Money, Missing> {
    amount(entry)
        .filter(|a| *a > Money::ZERO)
        .ok_or((Note::BadAmount, Some(Field::Amount)))
}

impl CashierMode {
    /// A form's outcome: its command goes to the worker, or its note says
    /// what is missing and the keypad moves to the field that lacks it.
    pub(super) fn sent<C: Into<CashierCommand>>(
        &mut self,
        form: Result<C, Missing>,
    ) -> Option<CashierCommand> {
        match form {
            Ok(command) => self.send(command),
            Err(missing) => {
                self.missing(missing);
                None
            }
        }
    }

    /// What a form lacks, said: its note, and the keypad moves to the field.
    pub(super) fn missing(&mut self, (note, field): Missing) {
        self.note = note;
        if let Some(field) = field {
            self.field = field;
        }
    }

    /// "Submit" on form `F`'s page (nothing when another page is up or no
    /// one is signed in).
    pub fn submit<F: Form>(
        &mut self,
        rules: &CashierRules,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let cx = Context {
            staff_id: self.staff_id()?,
            at,
            rules,
            shift: self.shift.as_ref(),
        };
        let form = F::on_mut(&mut self.page)?.command(&cx);
        self.sent(form)
    }
}
