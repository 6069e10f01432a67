//! The real ledger-backed service with faults on cue, for the screenshot
//! gallery, the demo and the screen tests: [`Staged`] passes every call to
//! its [`LedgerService`] unless a [`Fault`] is set, and then fails the way
//! that fault would (a refused sale, a printer out of paper or absent, a
//! database that stops answering). Nothing here decides a price or a rule:
//! what is sold, refused, stored and printed is the ledger's.

use canteen_core::Refusal;
use canteen_ui::gallery::Fault;
use canteen_ui::{CashierError, KioskService, PrintError, SaleRequest, ServiceError, Sold};

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

    /// How a receipt fails under the fault in force, if it does.
    fn print_fault(&self) -> Option<PrintError> {
        match self.fault {
            Some(Fault::PaperOut) => Some(PrintError::OutOfPaper),
            Some(Fault::NoPrinter) => Some(PrintError::NoPrinter),
            _ => None,
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
    // The look-ups go to the ledger unless the database is down.
    canteen_ui::kiosk_lookups! {
        forward |s| {
            s.up()?;
            &mut s.service
        }
    }

    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<Sold, ServiceError> {
        self.up()?;
        if self.fault == Some(Fault::RefuseSales) {
            return Err(ServiceError::Refused(Refusal::PriceChanged));
        }
        // A printer fault: the sale commits with no printer to reach, and
        // its receipt fails the way the fault says.
        let failed = self.print_fault();
        let printer = failed.as_ref().and_then(|_| self.service.printer.take());
        let sold = self.service.commit(sale);
        if printer.is_some() {
            self.service.printer = printer;
        }
        let mut sold = sold?;
        match failed {
            Some(e) => sold.printed = Err(e),
            None if sold.printed.is_ok() => self.printed.push((sold.sale_no.clone(), false)),
            None => {}
        }
        Ok(sold)
    }

    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError> {
        if let Some(e) = self.print_fault() {
            return Err(e);
        }
        self.service.print(sale_no, copy)?;
        self.printed.push((sale_no.to_owned(), copy));
        Ok(())
    }
}

// The counter's calls go to the ledger unless the database is down.
canteen_ui::forward_counter!([] Staged, |s| {
    s.counter_up()?;
    &mut s.service
});
