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

    /// The sale number, the reason (one of `reasons`) and the supervisor's
    /// PIN (taken from the form), or what is missing.
    pub(super) fn submit(&mut self, reasons: &[&str]) -> Result<(String, String, String), Missing> {
        if self.sale_entry.is_empty() {
            return Err((Note::NoSuchSale, Some(Field::SaleNo)));
        }
        let reason = reason_of(self.reason, reasons)?.to_owned();
        let supervisor_pin = supervisor_pin(&mut self.supervisor_pin)?;
        Ok((self.sale_entry.clone(), reason, supervisor_pin))
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
    pub fn start_void(&mut self) {
        let (form, field) = SaleForm::start(self.last_sale.as_ref());
        self.go(PageState::Void(form), field);
    }
}

impl Form for SaleForm {
    type Command = Void;

    fn command(&mut self, cx: &Context<'_>) -> Result<Void, Missing> {
        let (sale_no, reason, supervisor_pin) = self.submit(&VOID_REASONS)?;
        Ok(Void {
            staff_id: cx.staff_id,
            sale_no,
            reason,
            supervisor_pin,
            at: cx.at,
        })
    }
}

impl StaffScreen for SaleForm {
    type Adapter<'a> = crate::VoidAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
        a.set_sale_no(s(&self.sale_entry));
        a.set_reason(reason(self.reason));
        a.set_pin(s(dots(&self.supervisor_pin)));
        Screen::Void
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_submit(k.submit::<Self>());
        a.on_back(k.go_back());
    }
}
