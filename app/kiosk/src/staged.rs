//! The real ledger-backed service with faults on cue, for the screenshot
//! gallery, the demo and the screen tests: [`Staged`] passes every call to
//! its [`LedgerService`] unless a [`Fault`] is set, and then fails the way
//! that fault would (a refused sale, a printer out of paper or absent, a
//! database that stops answering). Nothing here decides a price or a rule:
//! what is sold, refused, stored and printed is the ledger's.

use canteen_core::{Money, PeriodId, Refusal, ResidentId};
use canteen_ui::gallery::Fault;
use canteen_ui::{
    CardHolder, CashierError, CashierService, CounterPaid, CounterSale, DeliveryDesk, DeliveryList,
    KioskService, PrintError, RefundDone, RefundableSale, ReportKind, ReportView, ResidentRecord,
    SaleRequest, ServiceError, ShiftView, StaffView, TopUpDone, VoidDone,
};
use chrono::{NaiveDate, NaiveDateTime};

use crate::ledger_service::LedgerService;

/// What the simulated database failure says.
const DOWN: &str = "simulated database failure";

/// A [`LedgerService`] that fails on cue.
pub struct Staged {
    pub service: LedgerService,
    /// The fault in force; `None`: every call goes to the ledger.
    pub fault: Option<Fault>,
    /// The receipts the self-service screens printed: (sale number, copy).
    pub printed: Vec<(String, bool)>,
    /// The temporary folder the ledger lives in, removed with the service.
    _folder: Option<tempfile::TempDir>,
}

impl Staged {
    /// `service` with no fault, keeping `folder` (if any) while it lives.
    pub fn new(service: LedgerService, folder: Option<tempfile::TempDir>) -> Staged {
        Staged {
            service,
            fault: None,
            printed: Vec::new(),
            _folder: folder,
        }
    }

    fn up(&self) -> Result<(), ServiceError> {
        match self.fault {
            Some(Fault::DatabaseDown) => Err(ServiceError::Database(DOWN.into())),
            _ => Ok(()),
        }
    }

    fn counter_up(&self) -> Result<(), CashierError> {
        match self.fault {
            Some(Fault::DatabaseDown) => Err(CashierError::Database(DOWN.into())),
            _ => Ok(()),
        }
    }
}

impl KioskService for Staged {
    fn resident(&mut self, id: &ResidentId) -> Result<Option<ResidentRecord>, ServiceError> {
        self.up()?;
        self.service.resident(id)
    }

    fn used_in_period(
        &mut self,
        id: &ResidentId,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<u32, ServiceError> {
        self.up()?;
        self.service.used_in_period(id, date, period)
    }

    fn card_holder(
        &mut self,
        card_no: &str,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<Option<CardHolder>, ServiceError> {
        self.up()?;
        self.service.card_holder(card_no, date, period)
    }

    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<String, ServiceError> {
        self.up()?;
        if self.fault == Some(Fault::RefuseSales) {
            return Err(ServiceError::Refused(Refusal::PriceChanged));
        }
        self.service.commit(sale)
    }

    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError> {
        match self.fault {
            Some(Fault::PaperOut) => Err(PrintError::OutOfPaper),
            Some(Fault::NoPrinter) => Err(PrintError::NoPrinter),
            _ => {
                self.service.print(sale_no, copy)?;
                self.printed.push((sale_no.to_owned(), copy));
                Ok(())
            }
        }
    }
}

impl CashierService for Staged {
    fn sign_in(
        &mut self,
        who: &str,
        pin: &str,
        at: NaiveDateTime,
    ) -> Result<StaffView, CashierError> {
        self.counter_up()?;
        self.service.sign_in(who, pin, at)
    }

    fn sign_out(
        &mut self,
        staff_id: u64,
        idle: bool,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        self.counter_up()?;
        self.service.sign_out(staff_id, idle, at)
    }

    fn current_shift(&mut self) -> Result<Option<ShiftView>, CashierError> {
        self.counter_up()?;
        self.service.current_shift()
    }

    fn open_shift(
        &mut self,
        staff_id: u64,
        float: Money,
        at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        self.counter_up()?;
        self.service.open_shift(staff_id, float, at)
    }

    fn close_shift(
        &mut self,
        staff_id: u64,
        counted: Money,
        supervisor_pin: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        self.counter_up()?;
        self.service
            .close_shift(staff_id, counted, supervisor_pin, at)
    }

    fn counter_sale(&mut self, sale: &CounterSale) -> Result<CounterPaid, CashierError> {
        self.counter_up()?;
        self.service.counter_sale(sale)
    }

    fn void_sale(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<VoidDone, CashierError> {
        self.counter_up()?;
        self.service
            .void_sale(staff_id, sale_no, reason, supervisor_pin, at)
    }

    fn refund_sale(&mut self, sale_no: &str) -> Result<RefundableSale, CashierError> {
        self.counter_up()?;
        self.service.refund_sale(sale_no)
    }

    fn refund_lines(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        lines: &[u64],
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<RefundDone, CashierError> {
        self.counter_up()?;
        self.service
            .refund_lines(staff_id, sale_no, lines, reason, supervisor_pin, at)
    }

    fn report(
        &mut self,
        kind: ReportKind,
        date: NaiveDate,
        at: NaiveDateTime,
    ) -> Result<ReportView, CashierError> {
        self.counter_up()?;
        self.service.report(kind, date, at)
    }

    fn reprint(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        self.counter_up()?;
        self.service.reprint(staff_id, sale_no, at)
    }

    fn no_sale(
        &mut self,
        staff_id: u64,
        supervisor_pin: &str,
        reason: &str,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        self.counter_up()?;
        self.service.no_sale(staff_id, supervisor_pin, reason, at)
    }

    fn top_up_card(
        &mut self,
        staff_id: u64,
        card_no: &str,
        amount: Money,
        at: NaiveDateTime,
    ) -> Result<TopUpDone, CashierError> {
        self.counter_up()?;
        self.service.top_up_card(staff_id, card_no, amount, at)
    }
}

impl DeliveryDesk for Staged {
    fn deliveries(&mut self, at: NaiveDateTime) -> Result<DeliveryList, CashierError> {
        self.counter_up()?;
        self.service.deliveries(at)
    }

    fn prepare_deliveries(
        &mut self,
        staff_id: u64,
        at: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        self.counter_up()?;
        self.service.prepare_deliveries(staff_id, at)
    }

    fn confirm_delivery(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        delivered: bool,
        reason: &str,
        at: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        self.counter_up()?;
        self.service
            .confirm_delivery(staff_id, sale_no, delivered, reason, at)
    }
}
