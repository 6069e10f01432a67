//! The worker thread: it owns the back end (ledger, printer) so no SQL and no
//! device I/O ever run on the UI thread. The UI sends [`Command`]s; the worker
//! answers with [`Reply`]s on a channel and calls a `notify` hook, which the
//! app turns into `slint::invoke_from_event_loop` and tests into nothing (they
//! pump the replies themselves). The worker stamps a [`Heartbeat`] after each
//! command, so a watchdog can tell a worker that answers from a hung one.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use canteen_core::session::{Completed, Event, Order, PayMethod};
use canteen_core::{Refusal, Scan};
use chrono::NaiveDateTime;

use crate::cashier::{CashierCommand, CashierReply, CounterDiner, DeliveryCommand};
use crate::cashier_service::CashierError;
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
                        Command::Cashier(command) => {
                            vec![Reply::Cashier(cashier(
                                service.as_mut(),
                                &settings,
                                command,
                            ))]
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

/// Runs one cashier command against the back end; always exactly one reply.
fn cashier(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    command: CashierCommand,
) -> CashierReply {
    match command {
        CashierCommand::SignIn { who, pin, at } => CashierReply::SignedIn(
            service
                .sign_in(&who, &pin, at)
                .and_then(|staff| Ok((staff, service.current_shift()?))),
        ),
        CashierCommand::SignOut { staff_id, idle, at } => {
            // Leaving cashier mode never waits on the back end: a failed audit
            // is the ledger's fault to report, the screen goes back anyway.
            let _ = service.sign_out(staff_id, idle, at);
            CashierReply::SignedOut
        }
        CashierCommand::Shift => CashierReply::Shift(service.current_shift()),
        CashierCommand::OpenShift {
            staff_id,
            float,
            at,
        } => CashierReply::ShiftOpened(service.open_shift(staff_id, float, at)),
        CashierCommand::CloseShift {
            staff_id,
            counted,
            supervisor_pin,
            at,
        } => CashierReply::ShiftClosed(service.close_shift(
            staff_id,
            counted,
            supervisor_pin.as_deref(),
            at,
        )),
        CashierCommand::Lookup { scan, manual, at } => {
            CashierReply::Diner(lookup(service, settings, &scan, manual, at))
        }
        CashierCommand::Sell(sale) => CashierReply::Sold(service.counter_sale(&sale)),
        CashierCommand::Void {
            staff_id,
            sale_no,
            reason,
            supervisor_pin,
            at,
        } => CashierReply::Voided(service.void_sale(
            staff_id,
            &sale_no,
            &reason,
            &supervisor_pin,
            at,
        )),
        CashierCommand::Report { kind, at } => {
            CashierReply::Report(service.report(kind, at.date(), at))
        }
        CashierCommand::Reprint {
            staff_id,
            sale_no,
            at,
        } => CashierReply::Reprinted(service.reprint(staff_id, &sale_no, at)),
        CashierCommand::NoSale {
            staff_id,
            supervisor_pin,
            reason,
            at,
        } => CashierReply::DrawerOpened(service.no_sale(staff_id, &supervisor_pin, &reason, at)),
        CashierCommand::TopUp {
            staff_id,
            card_no,
            amount,
            at,
        } => CashierReply::ToppedUp(service.top_up_card(staff_id, &card_no, amount, at)),
        CashierCommand::RefundSale { sale_no } => {
            CashierReply::RefundSale(service.refund_sale(&sale_no))
        }
        CashierCommand::Refund {
            staff_id,
            sale_no,
            lines,
            reason,
            supervisor_pin,
            at,
        } => CashierReply::Refunded(service.refund_lines(
            staff_id,
            &sale_no,
            &lines,
            &reason,
            &supervisor_pin,
            at,
        )),
        CashierCommand::Delivery(command) => CashierReply::Deliveries(match command {
            DeliveryCommand::List { at } => service.deliveries(at),
            DeliveryCommand::Prepare { staff_id, at } => service.prepare_deliveries(staff_id, at),
            DeliveryCommand::Confirm {
                staff_id,
                sale_no,
                delivered,
                reason,
                at,
            } => service.confirm_delivery(staff_id, &sale_no, delivered, &reason, at),
        }),
    }
}

/// A scanned or typed ID at the counter (validated where it was read), looked
/// up in the registry, with the subsidised meals already taken this period.
fn lookup(
    service: &mut dyn KioskService,
    settings: &KioskSettings,
    scan: &Scan,
    manual: bool,
    at: NaiveDateTime,
) -> Result<CounterDiner, CashierError> {
    let id = scan
        .resident()
        .map_err(|e| CashierError::Refused(Refusal::Id(e)))?;
    let db = |e: crate::ServiceError| CashierError::Database(e.to_string());
    let record = service.resident(id).map_err(db)?;
    let (label, categories) = match record {
        Some(r) => match r.status {
            crate::ResidentStatus::Active => (r.masked_name, r.categories),
            crate::ResidentStatus::Suspended => {
                return Err(CashierError::Refused(Refusal::ResidentSuspended));
            }
        },
        None => (id.masked(), Vec::new()),
    };
    let label = if label.is_empty() { id.masked() } else { label };
    let used = match settings.rules.periods.at(at.time()) {
        Some(p) => service.used_in_period(id, at.date(), &p.id).map_err(db)?,
        None => 0,
    };
    Ok(CounterDiner {
        id: id.clone(),
        label,
        categories,
        used,
        manual,
    })
}
