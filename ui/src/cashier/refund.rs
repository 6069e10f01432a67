//! Line refunds: the sale looked up, the lines ticked, a reason and a supervisor PIN.

use super::*;
use crate::cashier_view::item_name;
use canteen_core::PaymentMethod;
use slint::{ModelRc, VecModel};

/// The refund screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RefundState {
    /// The sale number, reason and supervisor PIN.
    pub form: SaleForm,
    /// The sale being refunded, as the back end listed it.
    pub sale: Option<RefundableSale>,
    /// Its lines ticked for the refund (line numbers, in line order).
    pub lines: Vec<u64>,
    /// The refund just committed, shown until staff go back.
    pub refunded: Option<RefundDone>,
}

impl RefundState {
    /// What the ticked lines pay back.
    pub fn amount(&self) -> Money {
        self.sale.as_ref().map_or(Money::ZERO, |s| {
            s.lines
                .iter()
                .filter(|l| self.lines.contains(&l.line))
                .map(|l| l.amount)
                .sum()
        })
    }
}

command! {
    /// Looks a sale up for a line refund.
    FindRefundSale { sale_no: String }
    run(c, service, _) -> Result<RefundableSale, CashierError> {
        service.refund_sale(&c.sale_no)
    }
    ok(sale, mode) {
        if let PageState::Refund(r) = &mut mode.page {
            r.form.sale_entry = sale.sale_no.clone();
            r.sale = Some(sale);
            r.lines.clear();
        }
        mode.note = Note::None;
        mode.field = Field::SupervisorPin;
    }
}

command! {
    /// Refunds the ticked lines of a sale, authorised by a supervisor.
    Refund {
        staff_id: u64, sale_no: String, lines: Vec<u64>, reason: String,
        supervisor_pin: String, at: NaiveDateTime,
    }
    run(c, service, _) -> Result<RefundDone, CashierError> {
        let (sale, lines, pin) = (&c.sale_no, &c.lines, &c.supervisor_pin);
        service.refund_lines(c.staff_id, sale, lines, &c.reason, pin, c.at)
    }
    ok(done, mode) {
        if let PageState::Refund(r) = &mut mode.page {
            r.sale = None;
            r.lines.clear();
            r.refunded = Some(done);
        }
        mode.note = Note::None;
    }
}

impl CashierMode {
    /// "Refund": the last sale offered and looked up at once.
    pub fn start_refund(&mut self) -> Option<CashierCommand> {
        let (form, field) = SaleForm::start(self.last_sale.as_ref());
        self.go(
            PageState::Refund(RefundState {
                form,
                ..RefundState::default()
            }),
            field,
        );
        self.find_refund_sale()
    }

    /// The refund screen's state, when it is up.
    pub fn refund(&self) -> Option<&RefundState> {
        RefundState::on(&self.page)
    }

    /// "Find": the lines of the sale whose number is typed.
    pub fn find_refund_sale(&mut self) -> Option<CashierCommand> {
        let sale_no = self.refund()?.form.sale_entry.trim().to_owned();
        if sale_no.is_empty() {
            self.field = Field::SaleNo;
            return None;
        }
        self.send(FindRefundSale { sale_no })
    }

    /// Ticks or unticks row `row` of the looked-up sale (a line refunded
    /// already cannot be ticked).
    pub fn toggle_refund_line(&mut self, row: usize) {
        let Some(r) = RefundState::on_mut(&mut self.page) else {
            return;
        };
        let Some(line) = r
            .sale
            .as_ref()
            .and_then(|s| s.lines.get(row))
            .filter(|l| l.refundable)
            .map(|l| l.line)
        else {
            return;
        };
        match r.lines.iter().position(|l| *l == line) {
            Some(i) => {
                r.lines.remove(i);
            }
            None => {
                r.lines.push(line);
                r.lines.sort_unstable();
            }
        }
        self.note = Note::None;
    }

    /// What the ticked lines pay back.
    pub fn refund_amount(&self) -> Money {
        self.refund().map_or(Money::ZERO, RefundState::amount)
    }
}

impl Form for RefundState {
    type Command = Refund;

    fn command(&mut self, cx: &Context<'_>) -> Result<Refund, Missing> {
        if self.sale.is_none() {
            return Err((Note::NoSuchSale, Some(Field::SaleNo)));
        }
        if self.lines.is_empty() {
            return Err((Note::NeedLines, None));
        }
        let lines = self.lines.clone();
        let (sale_no, reason, supervisor_pin) = self.form.submit(&REFUND_REASONS)?;
        Ok(Refund {
            staff_id: cx.staff_id,
            sale_no,
            lines,
            reason,
            supervisor_pin,
            at: cx.at,
        })
    }
}

impl StaffScreen for RefundState {
    type Adapter<'a> = crate::RefundAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        use crate::{RefundMethod, RefundRow};
        a.set_sale_no(s(&self.form.sale_entry));
        let rows: Vec<RefundRow> = self
            .sale
            .iter()
            .flat_map(|sale| &sale.lines)
            .map(|l| RefundRow {
                text: s(format!(
                    "#{} {} {}",
                    l.line + 1,
                    item_name(v.settings, v.lang, &l.item),
                    l.amount
                )),
                refundable: l.refundable,
                ticked: self.lines.contains(&l.line),
            })
            .collect();
        a.set_found(self.sale.is_some());
        a.set_lines(ModelRc::new(VecModel::from(rows)));
        a.set_amount(money(self.amount()));
        a.set_reason(reason(self.form.reason));
        a.set_pin(s(dots(&self.form.supervisor_pin)));
        a.set_done(self.refunded.is_some());
        if let Some(done) = &self.refunded {
            a.set_done_sale(s(&done.sale_no));
            a.set_done_amount(money(done.amount));
            a.set_method(match done.method {
                PaymentMethod::Cash => RefundMethod::Cash,
                PaymentMethod::Card => RefundMethod::Card,
                PaymentMethod::Mobile => RefundMethod::Mobile,
                PaymentMethod::Free => RefundMethod::Free,
            });
            a.set_balance(done.card_balance.map(money).unwrap_or_default());
            a.set_printed(done.printed);
        }
        Screen::Refund
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_find(k.tap(|m, _, _| m.find_refund_sale()));
        a.on_toggle(k.staff(|m, _, _, row: i32| {
            if let Ok(row) = usize::try_from(row) {
                m.toggle_refund_line(row);
            }
            None
        }));
        a.on_submit(k.submit::<Self>());
        a.on_back(k.go_back());
    }
}
