//! The X / Z reports and a receipt reprint.

use super::*;

command! {
    /// The X (the day so far) or Z (the day closed) report, printed.
    Report { kind: ReportKind, at: NaiveDateTime }
    run(c, service, _) -> Result<ReportView, CashierError> {
        service.report(c.kind, c.at.date(), c.at)
    }
    ok(report, mode) {
        mode.go(PageState::Report(report), mode.field)
    }
}

command! {
    /// Prints a sale's receipt again (audited).
    Reprint { staff_id: u64, sale_no: String, at: NaiveDateTime }
    run(c, service, _) -> Result<(), CashierError> {
        service.reprint(c.staff_id, &c.sale_no, c.at)
    }
    ok((), mode) {
        mode.note = Note::Reprinted
    }
}

impl CashierMode {
    pub fn report(&mut self, kind: ReportKind, at: NaiveDateTime) -> Option<CashierCommand> {
        self.send(Report { kind, at })
    }

    pub fn reprint(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let sale_no = self.last_sale.clone()?;
        self.send(Reprint {
            staff_id,
            sale_no,
            at,
        })
    }
}

impl StaffScreen for ReportView {
    type Adapter<'a> = crate::ReportAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, _: &View<'_>) -> Screen {
        let r = self;
        a.set_z(r.kind == ReportKind::Z);
        a.set_date(s(r.date.format("%Y-%m-%d").to_string()));
        a.set_sales(s(r.sale_count.to_string()));
        a.set_voids(s(r.void_count.to_string()));
        a.set_gross(money(r.gross));
        a.set_voided(money(r.voided));
        a.set_refunds(s(r.refund_count.to_string()));
        a.set_refunded(money(r.refunded));
        a.set_net(money(r.net));
        a.set_subsidy(money(r.subsidy));
        a.set_grand_total(r.grand_total.map(money).unwrap_or_default());
        a.set_chain_head(s(r
            .chain_head
            .as_ref()
            .map(|(seq, hash)| format!("#{seq} {}…", hash.get(..16).unwrap_or(hash)))
            .unwrap_or_default()));
        a.set_shift_expected(r.shift_expected.map(money).unwrap_or_default());
        a.set_printed(r.printed);
        Screen::Report
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_back(k.go_back());
    }
}
