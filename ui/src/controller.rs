//! The kiosk controller: it owns the session state machine, talks to the
//! worker and puts the current stage on screen. [`init`] wires every adapter
//! callback to it; scans (from serial scanners or the demo's terminal) come in
//! through [`Kiosk::scan`].

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use canteen_core::session::{Effect, Event, PayMethod, Session, Stage};
use chrono::NaiveDateTime;
use slint::ComponentHandle;

use crate::lang::Lang;
use crate::service::KioskService;
use crate::settings::KioskSettings;
use crate::worker::{Command, Reply, Worker};
use crate::{
    CounterAdapter, DoneAdapter, ErrorAdapter, KioskAdapter, KioskWindow, PaymentAdapter,
    PricedAdapter, view,
};

/// The local wall clock (the canteen's timezone). Tests and screenshots pin it.
pub type Clock = Box<dyn Fn() -> NaiveDateTime>;

/// The office sync as the status bar shows it: the last sync that left
/// nothing pending (local time; `None` when never) and the records waiting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncStatus {
    pub last_sync: Option<NaiveDateTime>,
    pub pending: u64,
}

/// How worker replies reach the UI thread.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Through the Slint event loop (the running app).
    EventLoop,
    /// The caller pumps them ([`Kiosk::pump`], [`Kiosk::pump_one`]): tests, screenshots.
    Manual,
}

struct Inner {
    ui: slint::Weak<KioskWindow>,
    session: Session,
    worker: Worker,
    settings: KioskSettings,
    lang: Lang,
    clock: Clock,
    last_sale: Option<String>,
}

/// A handle on the controller (cheap to clone; UI thread only).
#[derive(Clone)]
pub struct Kiosk(Rc<RefCell<Inner>>);

/// Wires the window to a new controller whose worker owns `service`.
pub fn init(
    ui: &KioskWindow,
    settings: KioskSettings,
    service: Box<dyn KioskService>,
    lang: Lang,
    clock: Clock,
    delivery: Delivery,
) -> Kiosk {
    let notify: Box<dyn Fn() + Send> = match delivery {
        Delivery::EventLoop => {
            let weak = ui.as_weak();
            Box::new(move || {
                let _ =
                    weak.upgrade_in_event_loop(|ui| ui.global::<KioskAdapter<'_>>().invoke_pump());
            })
        }
        Delivery::Manual => Box::new(|| {}),
    };
    let worker = Worker::spawn(service, settings.clone(), notify);
    let session = Session::new(Instant::now(), settings.idle_timeout);
    let kiosk = Kiosk(Rc::new(RefCell::new(Inner {
        ui: ui.as_weak(),
        session,
        worker,
        settings,
        lang,
        clock,
        last_sale: None,
    })));
    kiosk.wire(ui);
    lang.select();
    kiosk.render();
    kiosk
}

impl Kiosk {
    fn wire(&self, ui: &KioskWindow) {
        let on = |event: Event| {
            let k = Rc::downgrade(&self.0);
            move || {
                if let Some(k) = k.upgrade() {
                    Kiosk(k).handle(event.clone());
                }
            }
        };
        let k = ui.global::<KioskAdapter<'_>>();
        let me = Rc::downgrade(&self.0);
        k.on_pump(move || {
            if let Some(k) = me.upgrade() {
                Kiosk(k).pump();
            }
        });
        let me = Rc::downgrade(&self.0);
        k.on_toggle_language(move || {
            if let Some(k) = me.upgrade() {
                let lang = if k.borrow().lang == Lang::Zh {
                    Lang::En
                } else {
                    Lang::Zh
                };
                Kiosk(k).set_lang(lang);
            }
        });
        let p = ui.global::<PricedAdapter<'_>>();
        p.on_confirm(on(Event::Confirm));
        p.on_cancel(on(Event::Cancel));
        let me = Rc::downgrade(&self.0);
        p.on_add_offer(move |i| {
            if let (Some(k), Ok(i)) = (me.upgrade(), usize::try_from(i)) {
                Kiosk(k).handle(Event::AddOffer(i));
            }
        });
        let pay = ui.global::<PaymentAdapter<'_>>();
        pay.on_meal_card(on(Event::Choose(PayMethod::MealCard)));
        pay.on_counter(on(Event::Choose(PayMethod::Counter)));
        pay.on_back(on(Event::Cancel));
        ui.global::<CounterAdapter<'_>>()
            .on_finish(on(Event::Cancel));
        ui.global::<ErrorAdapter<'_>>().on_back(on(Event::Cancel));
        let d = ui.global::<DoneAdapter<'_>>();
        d.on_finish(on(Event::Cancel));
        let me = Rc::downgrade(&self.0);
        d.on_reprint(move || {
            if let Some(k) = me.upgrade() {
                let inner = k.borrow();
                if let Some(sale_no) = inner.last_sale.clone() {
                    inner.worker.send(Command::Reprint { sale_no });
                }
            }
        });
    }

    /// A scanned line (ID number or QR payload), from any scanner.
    pub fn scan(&self, text: &str) {
        let inner = self.0.borrow();
        let at = (inner.clock)();
        inner.worker.send(Command::Scan {
            text: text.to_owned(),
            at,
        });
    }

    /// A meal card whose QR signature the kiosk has verified with the
    /// office's public key: the worker looks its holder up and prices the meal.
    pub fn scan_card(&self, card_no: &str) {
        let inner = self.0.borrow();
        let at = (inner.clock)();
        inner.worker.send(Command::Card {
            card_no: card_no.to_owned(),
            at,
        });
    }

    /// A meal-card QR code that failed its signature check (forged or
    /// altered): the diner is told the card is not valid and to ask staff.
    pub fn refuse_card(&self) {
        self.handle(Event::Rejected(
            canteen_core::session::ErrorKind::InvalidCard,
        ));
    }

    /// Applies a session event now (taps go through here).
    pub fn handle(&self, event: Event) {
        self.handle_at(event, Instant::now());
    }

    fn handle_at(&self, event: Event, now: Instant) {
        if let Event::Committed(done) = &event {
            self.0.borrow_mut().last_sale = Some(done.sale_no.clone());
        }
        let effect = self.0.borrow_mut().session.handle(event, now);
        match effect {
            Some(Effect::Commit { order, method }) => {
                let inner = self.0.borrow();
                let at = (inner.clock)();
                inner.worker.send(Command::Commit { order, method, at });
            }
            // The cashier screen picks the order up (cashier issue); until then
            // the diner is told to pay at the counter.
            Some(Effect::HandOver(_)) | None => {}
        }
        self.render();
    }

    /// Time passed: the clock, the welcome screen and the idle timeout.
    pub fn tick(&self, now: Instant) {
        self.handle_at(Event::Tick, now);
    }

    /// Applies every reply that has arrived from the worker.
    pub fn pump(&self) {
        loop {
            let reply = self.0.borrow().worker.try_recv();
            match reply {
                Some(r) => self.apply(r),
                None => break,
            }
        }
    }

    /// Waits for one reply from the worker and applies it (no event loop).
    pub fn pump_one(&self) -> bool {
        let reply = self.0.borrow().worker.recv_blocking();
        match reply {
            Some(r) => {
                self.apply(r);
                true
            }
            None => false,
        }
    }

    fn apply(&self, reply: Reply) {
        match reply {
            Reply::Session(event) => self.handle(event),
            Reply::Printer { ok } => {
                if let Some(ui) = self.0.borrow().ui.upgrade() {
                    ui.global::<KioskAdapter<'_>>().set_printer_ok(ok);
                }
            }
        }
    }

    /// Shows whether a scanner is connected (a status, never a crash).
    pub fn set_scanner_connected(&self, ok: bool) {
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            ui.global::<KioskAdapter<'_>>().set_scanner_ok(ok);
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

    pub fn set_lang(&self, lang: Lang) {
        self.0.borrow_mut().lang = lang;
        lang.select();
        self.render();
    }

    pub fn stage(&self) -> Stage {
        self.0.borrow().session.stage().clone()
    }

    pub fn idle_timeout(&self) -> Duration {
        self.0.borrow().settings.idle_timeout
    }

    /// Redraws from the session's stage and the clock.
    pub fn render(&self) {
        let inner = self.0.borrow();
        if let Some(ui) = inner.ui.upgrade() {
            view::show_time(&ui, &inner.settings, inner.lang, (inner.clock)());
            view::show_stage(&ui, &inner.settings, inner.lang, inner.session.stage());
        }
    }

    /// Starts the once-a-second tick (clock, idle timeout). Keep the timer alive.
    pub fn start_ticking(&self) -> slint::Timer {
        let timer = slint::Timer::default();
        let me = Rc::downgrade(&self.0);
        timer.start(
            slint::TimerMode::Repeated,
            Duration::from_secs(1),
            move || {
                if let Some(k) = me.upgrade() {
                    Kiosk(k).tick(Instant::now());
                }
            },
        );
        timer
    }
}
