//! Today's dishes for the welcome screen, read off the UI thread: a
//! [`DishesWatch`] thread with its own ledger connection looks every
//! [`WATCH_EVERY`] at what the ledger holds for today's meal periods (a
//! supervisor's local entry over the office's, as [`load`] reads them) and
//! hands the screen [`TodayDishes`] whenever they changed — after a bundle
//! brought the office's menu, after `canteen menu today set`, at midnight.

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use canteen_core::Periods;
use canteen_ledger::{Ledger, LedgerError};
use canteen_ui::TodayDishes;
use chrono::{NaiveDate, NaiveDateTime};

/// How often the watch reads the ledger.
pub const WATCH_EVERY: Duration = Duration::from_secs(20);

/// What the ledger holds for each of `periods` on `date`.
pub fn load(
    ledger: &Ledger,
    date: NaiveDate,
    periods: &Periods,
) -> Result<TodayDishes, LedgerError> {
    let mut today = TodayDishes {
        date: Some(date),
        periods: Vec::new(),
    };
    for p in periods.all() {
        if let Some(shown) = ledger.dishes_for(date, p.id.as_str())? {
            today.periods.push((p.id.as_str().to_owned(), shown.dishes));
        }
    }
    Ok(today)
}

/// The watch's thread; dropping it ends the thread.
pub struct DishesWatch {
    stop: Sender<()>,
    thread: Option<JoinHandle<()>>,
}

impl DishesWatch {
    /// Starts the watch on its own connection `ledger`: `on_change` gets
    /// today's dishes at once and whenever they change; `clock` is the
    /// kiosk's local wall clock.
    pub fn spawn(
        ledger: Ledger,
        periods: Periods,
        clock: Box<dyn Fn() -> NaiveDateTime + Send>,
        mut on_change: Box<dyn FnMut(TodayDishes) + Send>,
    ) -> Result<DishesWatch, LedgerError> {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("dishes-watch".into())
            .spawn(move || {
                let mut shown: Option<TodayDishes> = None;
                loop {
                    match load(&ledger, clock().date(), &periods) {
                        Ok(today) if shown.as_ref() != Some(&today) => {
                            on_change(today.clone());
                            shown = Some(today);
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!("today's dishes cannot be read: {e}"),
                    }
                    match stopped.recv_timeout(WATCH_EVERY) {
                        Err(RecvTimeoutError::Timeout) => {}
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            })
            .map_err(LedgerError::Io)?;
        Ok(DishesWatch {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for DishesWatch {
    fn drop(&mut self) {
        let _ = self.stop.send(());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
