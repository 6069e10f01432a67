//! The status bar's setters: training mode, scanner connected, office sync,
//! the printer. The
//! first two are called on the UI thread by the kiosk's device and sync
//! threads (through the event loop); a disconnected scanner also changes what
//! the welcome screen shows and says aloud. The printer's state comes with
//! each print's reply; a kiosk without a printer shows no printer at all.

use slint::ComponentHandle;

use super::{Kiosk, SyncStatus};
use crate::service::PrinterStatus;
use crate::{KioskAdapter, WelcomeAdapter, view};

impl Kiosk {
    /// Shows whether a scanner is connected (a status, never a crash).
    pub fn set_scanner_connected(&self, ok: bool) {
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            ui.global::<KioskAdapter<'_>>().set_scanner_ok(ok);
            ui.global::<WelcomeAdapter<'_>>().set_scanner_ok(ok);
        }
        self.0.borrow().voice.borrow_mut().scanner_down = !ok;
        self.render();
    }

    /// Today's dishes, which the welcome screen shows for the period in
    /// progress (call on the UI thread; the kiosk reads them off it).
    pub fn set_dishes(&self, dishes: crate::TodayDishes) {
        self.0.borrow_mut().dishes = dishes;
        self.render();
    }

    /// Shows the training banner (培训模式 / TRAINING) on every screen while
    /// the kiosk sells into its practice copy.
    pub fn set_training(&self, on: bool) {
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            ui.global::<KioskAdapter<'_>>().set_training(on);
        }
    }

    /// Shows the office sync's state in the status bar ("上次同步 11-23 02:00",
    /// "未同步"). The sync runs on its own thread; call this on the UI thread
    /// (e.g. through `slint::invoke_from_event_loop`) after each run.
    pub fn set_sync_status(&self, status: SyncStatus) {
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            view::show_sync(&ui, status);
        }
    }

    /// Shows the printer's state after a print: a badge that says what is
    /// wrong (paper out, not reachable), none when there is no printer.
    pub(crate) fn show_printer(&self, status: PrinterStatus) {
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            let k = ui.global::<KioskAdapter<'_>>();
            k.set_printer_ok(status.fine());
            k.set_printer_paper_out(status == PrinterStatus::PaperOut);
            k.set_printer_present(status != PrinterStatus::Absent);
        }
    }
}
