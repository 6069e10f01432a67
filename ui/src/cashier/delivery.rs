//! The deliveries screen (送餐): the current period's delivery list, "prepare
//! all" (sells from the standing orders and prints the roster), and each
//! line confirmed as delivered or not delivered with a reason. A scanned
//! roster QR selects its line; the back end owns the QR's format and hands
//! each line's text with the list, so the screen only compares.

use super::*;
use crate::delivery_service::{DeliveryList, DeliveryRow, DeliveryStatus};

/// The reasons offered for a meal not delivered (stored with its void).
pub const DELIVERY_REASONS: [&str; 3] = [
    "家中无人 / nobody at home",
    "拒收 / the resident refused it",
    "住院或外出 / in hospital or away",
];

command! {
    /// The current period's list as prepared so far.
    ListDeliveries { at: NaiveDateTime }
    run(c, service, _) -> Result<DeliveryList, CashierError> {
        service.deliveries(c.at)
    }
    apply(reply, mode) {
        mode.apply_deliveries(reply);
    }
}

command! {
    /// Prepare all (sales from the standing orders) and print the roster.
    PrepareDeliveries { staff_id: u64, at: NaiveDateTime }
    run(c, service, _) -> Result<DeliveryList, CashierError> {
        service.prepare_deliveries(c.staff_id, c.at)
    }
    apply(reply, mode) {
        mode.apply_deliveries(reply);
    }
}

command! {
    /// One line confirmed as delivered, or not delivered with a reason.
    ConfirmDelivery {
        staff_id: u64, sale_no: String, delivered: bool, reason: String, at: NaiveDateTime,
    }
    run(c, service, _) -> Result<DeliveryList, CashierError> {
        service.confirm_delivery(c.staff_id, &c.sale_no, c.delivered, &c.reason, c.at)
    }
    apply(reply, mode) {
        mode.apply_deliveries(reply);
    }
}

/// The deliveries screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryState {
    /// The list as the back end last gave it.
    pub list: Option<DeliveryList>,
    /// The line chosen (its sale number), by a tap or a scan.
    pub selected: Option<String>,
    /// The reason chosen for a meal not delivered.
    pub reason: Option<usize>,
    /// "Prepare all" was sent and not answered yet.
    pub preparing: bool,
    /// The last reply came from "prepare all" (its count and print are shown).
    pub just_prepared: bool,
}

impl DeliveryState {
    /// The chosen line, if one is chosen.
    pub fn selected_row(&self) -> Option<&DeliveryRow> {
        let sale_no = self.selected.as_deref()?;
        self.list
            .as_ref()?
            .rows
            .iter()
            .find(|r| r.sale_no == sale_no)
    }

    /// Chooses line `row` of the list; false when there is no such line.
    fn select(&mut self, row: usize) -> bool {
        let Some(row) = self.list.as_ref().and_then(|l| l.rows.get(row)) else {
            return false;
        };
        self.selected = Some(row.sale_no.clone());
        self.reason = None;
        true
    }
}

impl CashierMode {
    fn delivery_mut(&mut self) -> Option<&mut DeliveryState> {
        DeliveryState::on_mut(&mut self.page)
    }

    /// "Deliveries" on the order screen: the list is fetched.
    pub fn start_deliveries(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        self.staff_id()?;
        self.go(
            PageState::Deliveries(DeliveryState::default()),
            Field::Amount,
        );
        self.send(ListDeliveries { at })
    }

    /// "Prepare all".
    pub fn prepare_deliveries(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        self.delivery_mut()?.preparing = true;
        self.send(PrepareDeliveries { staff_id, at })
    }

    /// A tap on line `row` of the list.
    pub fn select_delivery(&mut self, row: usize) {
        if self.delivery_mut().is_some_and(|d| d.select(row)) {
            self.note = Note::None;
        }
    }

    /// A scan on the deliveries screen: a roster line's QR selects its line.
    pub fn delivery_scanned(&mut self, text: &str) {
        let found = self.delivery().and_then(|d| d.list.as_ref()).and_then(|l| {
            l.rows
                .iter()
                .position(|r| !r.qr.is_empty() && r.qr == text.trim())
        });
        match found {
            Some(row) => self.select_delivery(row),
            None => self.note = Note::NoSuchSale,
        }
    }

    /// The chosen line's status, if one is chosen.
    pub fn selected_delivery(&self) -> Option<&DeliveryRow> {
        self.delivery()?.selected_row()
    }

    /// "Delivered" (`true`) or "Not delivered" with the chosen reason.
    pub fn confirm_delivery(
        &mut self,
        delivered: bool,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let state = self.delivery()?;
        let Some(row) = state.selected_row() else {
            self.note = Note::NoSuchSale;
            return None;
        };
        if row.status != DeliveryStatus::Prepared {
            self.note = Note::Refused;
            return None;
        }
        let sale_no = row.sale_no.clone();
        let reason = if delivered {
            String::new()
        } else {
            match state.reason.and_then(|r| DELIVERY_REASONS.get(r)) {
                Some(r) => (*r).to_owned(),
                None => {
                    self.note = Note::NeedReason;
                    return None;
                }
            }
        };
        self.send(ConfirmDelivery {
            staff_id,
            sale_no,
            delivered,
            reason,
            at,
        })
    }

    /// The worker's answer to a deliveries command.
    fn apply_deliveries(&mut self, reply: Result<DeliveryList, CashierError>) {
        let Some(state) = self.delivery_mut() else {
            if let Err(e) = reply {
                self.note = note(e);
            }
            return;
        };
        let prepared = std::mem::take(&mut state.preparing);
        match reply {
            Ok(list) => {
                state.just_prepared = prepared;
                state.list = Some(list);
                state.reason = None;
                self.note = Note::None;
            }
            Err(e) => {
                state.just_prepared = false;
                self.note = note(e);
            }
        }
    }
}

impl StaffScreen for DeliveryState {
    type Adapter<'a> = crate::DeliveryAdapter<'a>;

    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen {
        crate::delivery_view::show(a, v.settings, v.lang, self);
        Screen::Deliveries
    }

    fn wire(k: &Kiosk, a: &Self::Adapter<'_>) {
        a.on_prepare(k.tap(|m, _, at| m.prepare_deliveries(at)));
        a.on_select(k.staff(|m, _, _, row: i32| {
            if let Ok(row) = usize::try_from(row) {
                m.select_delivery(row);
            }
            None
        }));
        a.on_delivered(k.tap(|m, _, at| m.confirm_delivery(true, at)));
        a.on_not_delivered(k.tap(|m, _, at| m.confirm_delivery(false, at)));
        a.on_back(k.go_back());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery_service::DeliveryRow;

    fn row(sale_no: &str, status: DeliveryStatus) -> DeliveryRow {
        DeliveryRow {
            sale_no: sale_no.into(),
            qr: format!("QR-{sale_no}"),
            route: "A".into(),
            masked_name: "王*".into(),
            address: "1-101".into(),
            note: String::new(),
            collect: Money::ZERO,
            total: Money::ZERO,
            status,
        }
    }

    #[test]
    fn a_scan_selects_its_line_and_not_delivered_needs_a_reason() {
        let at = NaiveDateTime::default();
        let mut m = super::super::signed_in();
        assert!(m.start_deliveries(at).is_some());
        m.apply(CashierReply::ListDeliveries(Ok(DeliveryList {
            period: "lunch".into(),
            prepared: 0,
            printed: false,
            rows: vec![
                row("7", DeliveryStatus::Delivered),
                row("8", DeliveryStatus::Prepared),
            ],
        })));
        m.delivery_scanned("nonsense");
        assert_eq!(m.note, Note::NoSuchSale);
        m.delivery_scanned(" QR-8\n");
        assert_eq!(m.delivery().unwrap().selected.as_deref(), Some("8"));
        assert!(m.confirm_delivery(false, at).is_none());
        assert_eq!(m.note, Note::NeedReason);
        m.pick_reason(Some(0));
        assert!(matches!(
            m.confirm_delivery(false, at),
            Some(CashierCommand::ConfirmDelivery(ConfirmDelivery { ref sale_no, delivered: false, ref reason, .. }))
                if sale_no == "8" && reason == DELIVERY_REASONS[0]
        ));
        m.busy = false;
        m.select_delivery(0);
        assert!(m.confirm_delivery(true, at).is_none(), "confirmed already");
    }

    #[test]
    fn prepare_all_shows_its_answer_once_and_outside_a_period_says_so() {
        let at = NaiveDateTime::default();
        let mut m = super::super::signed_in();
        assert!(m.start_deliveries(at).is_some());
        m.busy = false;
        assert!(m.prepare_deliveries(at).is_some());
        let list = DeliveryList {
            period: "lunch".into(),
            prepared: 0,
            printed: true,
            rows: vec![row("7", DeliveryStatus::Prepared)],
        };
        m.apply(CashierReply::PrepareDeliveries(Ok(list.clone())));
        assert!(
            m.delivery().unwrap().just_prepared,
            "prepared before: printed again"
        );
        m.select_delivery(0);
        assert!(m.confirm_delivery(true, at).is_some());
        m.apply(CashierReply::ConfirmDelivery(Ok(list)));
        assert!(
            !m.delivery().unwrap().just_prepared,
            "a confirmation is not a preparation"
        );
        assert!(m.prepare_deliveries(at).is_some());
        m.apply(CashierReply::PrepareDeliveries(Err(CashierError::Refused(
            canteen_core::Refusal::DeliveryOutsidePeriod,
        ))));
        assert_eq!(m.note, Note::OutsidePeriod);
        assert!(!m.delivery().unwrap().just_prepared && !m.delivery().unwrap().preparing);
    }
}
