//! Voiding a sale: the sale number, a reason and a supervisor PIN (the form a refund shares).

use super::*;

/// A form that acts on a sale (void, refund): its number, a reason and a
/// supervisor's PIN.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SaleForm {
    /// The sale number typed (the last sale offered).
    pub sale_entry: String,
    pub reason: Option<usize>,
    pub supervisor_pin: String,
}

impl SaleForm {
    /// The last sale offered, no reason chosen, no supervisor PIN yet; and
    /// the field to type into first.
    pub(super) fn start(last_sale: Option<&String>) -> (SaleForm, Field) {
        let form = SaleForm {
            sale_entry: last_sale.cloned().unwrap_or_default(),
            ..SaleForm::default()
        };
        let field = if form.sale_entry.is_empty() {
            Field::SaleNo
        } else {
            Field::SupervisorPin
        };
        (form, field)
    }

    /// The sale number and the reason a supervisor is asked to authorise, or
    /// the note (and field) that says what is missing.
    pub(super) fn submit<'a>(
        &mut self,
        reasons: &[&'a str],
    ) -> Result<(String, &'a str, String), (Note, Option<Field>)> {
        if self.sale_entry.is_empty() {
            return Err((Note::NoSuchSale, Some(Field::SaleNo)));
        }
        let Some(&reason) = self.reason.and_then(|r| reasons.get(r)) else {
            return Err((Note::NeedReason, None));
        };
        if self.supervisor_pin.is_empty() {
            return Err((Note::SupervisorRefused, Some(Field::SupervisorPin)));
        }
        Ok((
            self.sale_entry.clone(),
            reason,
            std::mem::take(&mut self.supervisor_pin),
        ))
    }
}

command! {
    /// Voids a sale, authorised by a supervisor.
    Void { staff_id: u64, sale_no: String, reason: String, supervisor_pin: String, at: NaiveDateTime }
    run(c, service, _) -> Result<VoidDone, CashierError> {
        service.void_sale(c.staff_id, &c.sale_no, &c.reason, &c.supervisor_pin, c.at)
    }
    ok(done, mode) {
        mode.go(PageState::Order(OrderPage), Field::Amount);
        mode.note = Note::Voided(done.cash_refund);
    }
}

impl CashierMode {
    /// A form's missing piece: its note, and the field to type it into.
    pub(super) fn missing(&mut self, (note, field): (Note, Option<Field>)) {
        self.note = note;
        if let Some(field) = field {
            self.field = field;
        }
    }

    pub fn start_void(&mut self) {
        let (form, field) = SaleForm::start(self.last_sale.as_ref());
        self.go(PageState::Void(form), field);
    }

    pub fn submit_void(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::Void(form) = &mut self.page else {
            return None;
        };
        let (sale_no, reason, supervisor_pin) = match form.submit(&VOID_REASONS) {
            Ok(form) => form,
            Err(missing) => {
                self.missing(missing);
                return None;
            }
        };
        let reason = reason.to_owned();
        self.send(Void {
            staff_id,
            sale_no,
            reason,
            supervisor_pin,
            at,
        })
    }
}

impl StaffScreen for SaleForm {
    fn show(&self, v: &View<'_>) -> Screen {
        let a = v.ui.global::<crate::VoidAdapter<'_>>();
        a.set_sale_no(s(&self.sale_entry));
        a.set_reason(reason(self.reason));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::Void
    }

    fn wire(k: &Kiosk, ui: &KioskWindow) {
        let a = ui.global::<crate::VoidAdapter<'_>>();
        a.on_submit(k.tap(|m, _, at| m.submit_void(at)));
        a.on_back(k.go_back());
    }
}
