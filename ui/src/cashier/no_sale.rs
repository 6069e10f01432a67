//! Opening the drawer without a sale: a reason and a supervisor PIN.

use super::*;

/// The no-sale screen's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoSaleState {
    pub reason: Option<usize>,
    pub supervisor_pin: String,
}

/// Opens the drawer without a sale, authorised by a supervisor.
#[derive(Debug)]
pub struct NoSale {
    pub staff_id: u64,
    pub supervisor_pin: String,
    pub reason: String,
    pub at: NaiveDateTime,
}

impl CashierCmd for NoSale {
    type Reply = Result<(), CashierError>;

    fn run(self, service: &mut dyn KioskService, _: &KioskSettings) -> Self::Reply {
        service.no_sale(self.staff_id, &self.supervisor_pin, &self.reason, self.at)
    }

    fn apply(reply: Self::Reply, mode: &mut CashierMode) {
        match reply {
            Ok(()) => {
                mode.go(PageState::Order(()), Field::Amount);
                mode.note = Note::DrawerOpened;
            }
            Err(e) => mode.refused(e),
        }
    }
}

impl CashierMode {
    /// "Open drawer" (no sale): a reason and a supervisor's PIN.
    pub fn start_no_sale(&mut self) {
        self.go(
            PageState::NoSale(NoSaleState::default()),
            Field::SupervisorPin,
        );
    }

    pub fn submit_no_sale(&mut self, at: NaiveDateTime) -> Option<CashierCommand> {
        let staff_id = self.staff_id()?;
        let PageState::NoSale(s) = &mut self.page else {
            return None;
        };
        let Some(reason) = s.reason.and_then(|r| NO_SALE_REASONS.get(r)) else {
            self.note = Note::NeedReason;
            return None;
        };
        if s.supervisor_pin.is_empty() {
            self.note = Note::SupervisorRefused;
            return None;
        }
        let supervisor_pin = std::mem::take(&mut s.supervisor_pin);
        self.busy = true;
        Some(
            NoSale {
                staff_id,
                supervisor_pin,
                reason: (*reason).to_owned(),
                at,
            }
            .into(),
        )
    }
}
