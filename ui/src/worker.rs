//! The worker thread: it owns the back end (ledger, printer) so no SQL and no
//! device I/O ever run on the UI thread. The UI sends [`Command`]s; the worker
//! answers with [`Reply`]s on a channel (a cashier command runs itself:
//! [`CashierCommand::run`]) and calls a `notify` hook, which the
//! app turns into `slint::invoke_from_event_loop` and tests into nothing (they
//! pump the replies themselves). The worker stamps a [`Heartbeat`] after each
//! command, so a watchdog can tell a worker that answers from a hung one.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use canteen_core::Scan;
use canteen_core::session::{Completed, Event, Order, PayMethod};
use chrono::NaiveDateTime;

use crate::cashier::{CashierCommand, CashierReply};
use crate::identify::{identify, identify_card, service_error};
use crate::service::{KioskService, PrintError, PrinterStatus, SaleRequest, Sold};
use crate::settings::KioskSettings;

/// What the UI asks of the worker.
#[derive(Debug)]
pub enum Command {
    /// A scan, typed where it was read (`canteen_core::scan`).
    Scan {
        scan: Scan,
        at: NaiveDateTime,
    },
    /// A meal card whose QR signature the kiosk verified.
    Card {
        card_no: String,
        /// The holder's birth date, as the signed card carries it.
        born: Option<chrono::NaiveDate>,
        at: NaiveDateTime,
    },
    Commit {
        order: Order,
        method: PayMethod,
        at: NaiveDateTime,
    },
    Reprint {
        sale_no: String,
    },
    /// Cashier mode (staff screens).
    Cashier(CashierCommand),
    /// Nothing to do but stamp the heartbeat (the watchdog's question).
    Ping,
    Stop,
}

/// When the worker last finished a command: shared with the UI thread.
#[derive(Clone, Debug)]
pub struct Heartbeat(Arc<Mutex<Instant>>);

impl Heartbeat {
    fn new() -> Heartbeat {
        Heartbeat(Arc::new(Mutex::new(Instant::now())))
    }

    fn beat(&self) {
        if let Ok(mut at) = self.0.lock() {
            *at = Instant::now();
        }
    }

    /// True when the worker finished a command within `within` of `now`.
    pub fn answered_within(&self, now: Instant, within: Duration) -> bool {
        self.0
            .lock()
            .map(|at| now.saturating_duration_since(*at) <= within)
            .unwrap_or(false)
    }
}

/// What comes back.
#[derive(Debug)]
pub enum Reply {
    /// An event for the session.
    Session(Event),
    /// The printer's state after a print.
    Printer(PrinterStatus),
    /// The answer to a cashier command.
    Cashier(CashierReply),
}

/// The UI's handle on the worker.
pub struct Worker {
    commands: Sender<Command>,
    replies: Receiver<Reply>,
    heartbeat: Heartbeat,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread around `service`; `notify` runs after each reply.
    pub fn spawn(
        mut service: Box<dyn KioskService>,
        settings: KioskSettings,
        notify: Box<dyn Fn() + Send>,
    ) -> Worker {
        let (commands, command_rx) = mpsc::channel::<Command>();
        let (reply_tx, replies) = mpsc::channel::<Reply>();
        let heartbeat = Heartbeat::new();
        let beat = heartbeat.clone();
        let thread = std::thread::Builder::new()
            .name("kiosk-worker".into())
            .spawn(move || {
                for command in command_rx {
                    let out = match command {
                        Command::Stop => break,
                        Command::Ping => {
                            beat.beat();
                            continue;
                        }
                        Command::Scan { scan, at } => {
                            let event = match identify(service.as_mut(), &settings, &scan, at) {
                                Ok(order) => Event::Scanned(order),
                                Err(kind) => Event::Rejected(kind),
                            };
                            vec![Reply::Session(event)]
                        }
                        Command::Card { card_no, born, at } => {
                            let event = match identify_card(
                                service.as_mut(),
                                &settings,
                                &card_no,
                                born,
                                at,
                            ) {
                                Ok(order) => Event::Scanned(order),
                                Err(kind) => Event::Rejected(kind),
                            };
                            vec![Reply::Session(event)]
                        }
                        Command::Commit { order, method, at } => {
                            commit(service.as_mut(), &order, method, at)
                        }
                        // Always exactly one reply a cashier command.
                        Command::Cashier(command) => {
                            vec![Reply::Cashier(command.run(service.as_mut(), &settings))]
                        }
                        Command::Reprint { sale_no } => {
                            vec![Reply::Printer(PrintError::status(
                                &service.print(&sale_no, true),
                            ))]
                        }
                    };
                    beat.beat();
                    for reply in out {
                        if reply_tx.send(reply).is_err() {
                            return;
                        }
                    }
                    notify();
                }
            })
            .expect("spawn the kiosk worker thread");
        Worker {
            commands,
            replies,
            heartbeat,
            thread: Some(thread),
        }
    }

    /// When the worker last finished a command (see [`Command::Ping`]).
    pub fn heartbeat(&self) -> Heartbeat {
        self.heartbeat.clone()
    }

    pub fn send(&self, command: Command) {
        // A dead worker shows up as no reply; the idle timeout returns to welcome.
        let _ = self.commands.send(command);
    }

    /// Replies that have arrived, without waiting.
    pub fn try_recv(&self) -> Option<Reply> {
        self.replies.try_recv().ok()
    }

    /// Waits for the next reply (tests, which have no event loop).
    pub fn recv_blocking(&self) -> Option<Reply> {
        self.replies.recv().ok()
    }
}

impl crate::controller::Kiosk {
    /// Asks the worker to stamp its heartbeat (it answers after whatever it
    /// is doing); with [`Kiosk::worker_heartbeat`](crate::Kiosk::worker_heartbeat)
    /// a watchdog sees a hung sale path.
    pub fn ping_worker(&self) {
        self.0.borrow().worker.send(Command::Ping);
    }

    /// When the worker last finished a command.
    pub fn worker_heartbeat(&self) -> Heartbeat {
        self.0.borrow().worker.heartbeat()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Commit first; the back end prints the committed sale only after the
/// commit; a failed print keeps the sale.
fn commit(
    service: &mut dyn KioskService,
    order: &Order,
    method: PayMethod,
    at: NaiveDateTime,
) -> Vec<Reply> {
    match service.commit(&SaleRequest { order, method, at }) {
        Err(e) => vec![Reply::Session(Event::Failed(service_error(e)))],
        Ok(Sold { sale_no, printed }) => {
            let printer = PrintError::status(&printed);
            let done = Completed {
                sale_no,
                paid: order.total(),
                subsidy: order.subsidy(),
                method,
                printed: printer.fine(),
                // The ledger refused the sale unless the balance covered it.
                card_balance: (method == PayMethod::MealCard)
                    .then_some(order.diner.card_balance)
                    .flatten()
                    .map(|b| b - order.total()),
            };
            vec![
                Reply::Printer(printer),
                Reply::Session(Event::Committed(done)),
            ]
        }
    }
}
