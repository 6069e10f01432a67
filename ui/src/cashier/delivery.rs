//! The deliveries screen (送餐): the current period's delivery list, "prepare
//! all" (sells from the standing orders and prints the roster), and each
//! line confirmed as delivered or not delivered with a reason. A scanned
//! roster QR selects its line; the back end owns the QR's format and hands
//! each line's text with the list, so the screen only compares.

use super::*;
use crate::delivery_service::{DeliveryList, DeliveryStatus};

/// The reasons offered for a meal not delivered (stored with its void).
pub const DELIVERY_REASONS: [&str; 3] = [
    "家中无人 / nobody at home",
    "拒收 / the resident refused it",
    "住院或外出 / in hospital or away",
];

/// What the deliveries screen asks of the worker.
#[derive(Debug)]
pub enum DeliveryCommand {
    /// The current period's list as prepared so far.
    List { at: NaiveDateTime },
    /// Prepare all and print the roster.
    Prepare { staff_id: u64, at: NaiveDateTime },
    Confirm {
        staff_id: u64,
        sale_no: String,
        delivered: bool,
        reason: String,
        at: NaiveDateTime,
    },
}

/// The deliveries screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeliveryState {
    /// The list as the back end last gave it.
    pub list: Option<DeliveryList>,
    /// The line chosen (its sale number), by a tap or a scan.
    pub selected: Option<String>,
    /// "Prepare all" was sent and not answered yet.
    pub preparing: bool,
    /// The last reply came from "prepare all" (its count and print are shown).
    pub just_prepared: bool,
}

impl CashierMode {
    /// "Deliveries" on the order screen: the list is fetched.
    pub fn start_deliveries(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        self.staff_id()?;
        self.delivery = DeliveryState::default();
        self.reason = None;
        self.go(Page::Deliveries, Field::Amount);
        self.busy = true;
        Some(CashierCommand::Delivery(DeliveryCommand::List { at }))
    }

    /// "Prepare all".
    pub fn prepare_deliveries(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        self.busy = true;
        self.delivery.preparing = true;
        Some(CashierCommand::Delivery(DeliveryCommand::Prepare {
            staff_id,
            at,
        }))
    }

    /// A tap on line `row` of the list.
    pub fn select_delivery(&mut self, row: usize) {
        let sale_no = self
            .delivery
            .list
            .as_ref()
            .and_then(|l| l.rows.get(row))
            .map(|r| r.sale_no.clone());
        if sale_no.is_some() {
            self.delivery.selected = sale_no;
            self.reason = None;
            self.note = Note::None;
        }
    }

    /// A scan on the deliveries screen: a roster line's QR selects its line.
    pub fn delivery_scanned(&mut self, text: &str) {
        let found = self.delivery.list.as_ref().and_then(|l| {
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
    pub fn selected_delivery(&self) -> Option<&crate::delivery_service::DeliveryRow> {
        let sale_no = self.delivery.selected.as_deref()?;
        self.delivery
            .list
            .as_ref()?
            .rows
            .iter()
            .find(|r| r.sale_no == sale_no)
    }

    /// "Delivered" (`true`) or "Not delivered" with the chosen reason.
    pub fn confirm_delivery(
        &mut self,
        delivered: bool,
        at: NaiveDateTime,
    ) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let Some(row) = self.selected_delivery() else {
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
            match self.reason.and_then(|r| DELIVERY_REASONS.get(r)) {
                Some(r) => (*r).to_owned(),
                None => {
                    self.note = Note::NeedReason;
                    return None;
                }
            }
        };
        self.busy = true;
        Some(CashierCommand::Delivery(DeliveryCommand::Confirm {
            staff_id,
            sale_no,
            delivered,
            reason,
            at,
        }))
    }

    /// The worker's answer to a [`DeliveryCommand`].
    pub(super) fn apply_deliveries(&mut self, reply: Result<DeliveryList, CashierError>) {
        let prepared = std::mem::take(&mut self.delivery.preparing);
        match reply {
            Ok(list) => {
                self.delivery.just_prepared = prepared;
                self.delivery.list = Some(list);
                self.reason = None;
                self.note = Note::None;
            }
            Err(e) => {
                self.delivery.just_prepared = false;
                self.note = note(e);
            }
        }
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
        let mut m = CashierMode::new(Instant::now());
        m.staff = Some(StaffView {
            id: 1,
            name: "王芳".into(),
            supervisor: false,
        });
        assert!(m.start_deliveries(at).is_some());
        m.apply(CashierReply::Deliveries(Ok(DeliveryList {
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
        assert_eq!(m.delivery.selected.as_deref(), Some("8"));
        assert!(m.confirm_delivery(false, at).is_none());
        assert_eq!(m.note, Note::NeedReason);
        m.reason = Some(0);
        assert!(matches!(
            m.confirm_delivery(false, at),
            Some(CashierCommand::Delivery(DeliveryCommand::Confirm { ref sale_no, delivered: false, ref reason, .. }))
                if sale_no == "8" && reason == DELIVERY_REASONS[0]
        ));
        m.busy = false;
        m.select_delivery(0);
        assert!(m.confirm_delivery(true, at).is_none(), "confirmed already");
    }

    #[test]
    fn prepare_all_shows_its_answer_once_and_outside_a_period_says_so() {
        let at = NaiveDateTime::default();
        let mut m = CashierMode::new(Instant::now());
        m.staff = Some(StaffView {
            id: 1,
            name: "王芳".into(),
            supervisor: false,
        });
        assert!(m.prepare_deliveries(at).is_some());
        let list = DeliveryList {
            period: "lunch".into(),
            prepared: 0,
            printed: true,
            rows: vec![row("7", DeliveryStatus::Prepared)],
        };
        m.apply(CashierReply::Deliveries(Ok(list.clone())));
        assert!(m.delivery.just_prepared, "prepared before: printed again");
        m.select_delivery(0);
        assert!(m.confirm_delivery(true, at).is_some());
        m.apply(CashierReply::Deliveries(Ok(list)));
        assert!(
            !m.delivery.just_prepared,
            "a confirmation is not a preparation"
        );
        assert!(m.prepare_deliveries(at).is_some());
        m.apply(CashierReply::Deliveries(Err(CashierError::Refused(
            canteen_core::Refusal::DeliveryOutsidePeriod,
        ))));
        assert_eq!(m.note, Note::OutsidePeriod);
        assert!(!m.delivery.just_prepared && !m.delivery.preparing);
    }
}
