//! The kiosk controller: it owns the session state machine, talks to the
//! worker and puts the current stage on screen. [`init`] wires every adapter
//! callback to it; scans (from serial scanners or the demo's terminal) come in
//! through [`Kiosk::scan`]. Cashier mode (the staff screens) is a
//! [`CashierMode`] beside the session: while it is on, it owns the screen and
//! scans identify the counter's diner. An order handed over from
//! self-service ("pay at the counter") stays in the session's `counter` stage
//! until staff open cashier mode from that screen and take payment for it (see
//! [`crate::cashier`]); on leaving cashier mode the diner's screen shows done.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use canteen_core::session::{Effect, Event, PayMethod, Session, Stage};
use chrono::NaiveDateTime;
use slint::ComponentHandle;

use crate::cashier::{CashierCommand, CashierMode, Page};
use crate::lang::Lang;
use crate::service::KioskService;
use crate::settings::KioskSettings;
use crate::worker::{Command, Reply, Worker};
mod cashier_wiring;
mod desk;
mod status;
mod voice;
pub use voice::{VoiceHook, VolumeHook, next_volume};

use crate::{
    CounterAdapter, DoneAdapter, ErrorAdapter, KioskAdapter, KioskWindow, PaymentAdapter,
    PricedAdapter, cashier_view, view,
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

pub(crate) struct Inner {
    ui: slint::Weak<KioskWindow>,
    session: Session,
    pub(crate) worker: Worker,
    settings: KioskSettings,
    lang: Lang,
    clock: Clock,
    last_sale: Option<String>,
    /// Cashier mode, while staff are at the screen.
    cashier: Option<CashierMode>,
    /// Desk mode: a cashier signed in beside the kiosk ([`crate::desk`]).
    desk: Option<crate::desk::Desk>,
    voice: RefCell<voice::VoiceState>,
    /// Today's dishes, as the kiosk last handed them ([`Kiosk::set_dishes`]).
    dishes: crate::TodayDishes,
}

/// A handle on the controller (cheap to clone; UI thread only).
#[derive(Clone)]
pub struct Kiosk(pub(crate) Rc<RefCell<Inner>>);

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
        cashier: None,
        desk: None,
        voice: RefCell::default(),
        dishes: crate::TodayDishes::default(),
    })));
    kiosk.wire(ui);
    crate::lang::select(lang);
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
        self.wire_cashier(ui);
        self.wire_desk(ui);
        self.wire_voice(ui);
    }

    /// A callback that runs `f` on cashier mode (a touch: the idle clock
    /// restarts), sends what it returns to the worker and redraws.
    fn staff<A: 'static>(
        &self,
        f: impl Fn(&mut CashierMode, &KioskSettings, NaiveDateTime, A) -> Option<CashierCommand>
        + 'static,
    ) -> impl Fn(A) + 'static {
        let me = Rc::downgrade(&self.0);
        move |arg: A| {
            if let Some(k) = me.upgrade() {
                Kiosk(k).cashier_do(|m, settings, at| f(m, settings, at, arg));
            }
        }
    }

    /// [`Kiosk::staff`] for a callback without arguments.
    fn tap(
        &self,
        f: impl Fn(&mut CashierMode, &KioskSettings, NaiveDateTime) -> Option<CashierCommand> + 'static,
    ) -> impl Fn() + 'static {
        let call = self.staff(move |m, settings, at, ()| f(m, settings, at));
        move || call(())
    }

    fn cashier_do(
        &self,
        f: impl FnOnce(&mut CashierMode, &KioskSettings, NaiveDateTime) -> Option<CashierCommand>,
    ) {
        {
            let mut guard = self.0.borrow_mut();
            let inner = &mut *guard;
            let at = (inner.clock)();
            let Some(mode) = inner.cashier.as_mut() else {
                return;
            };
            mode.last_touch = Instant::now();
            if mode.busy {
                // One command at a time: the worker has not answered yet.
                return;
            }
            if let Some(command) = f(mode, &inner.settings, at) {
                inner.worker.send(Command::Cashier(command));
            }
        }
        self.render();
    }

    /// Leaves cashier mode (audited as a sign-out) for the welcome screen.
    fn leave_cashier(&self, idle: bool) {
        let handed = {
            let mut inner = self.0.borrow_mut();
            let at = (inner.clock)();
            let mut mode = inner.cashier.take();
            if let Some(command) = mode.as_ref().and_then(|m| m.sign_out(idle, at)) {
                inner.worker.send(Command::Cashier(command));
            }
            mode.as_mut().and_then(|m| m.handover_done.take())
        };
        if let Some(ui) = self.0.borrow().ui.upgrade() {
            ui.global::<KioskAdapter<'_>>().set_staff("".into());
        }
        match handed {
            // The handed-over order was paid: the diner's done screen.
            Some(done) => self.handle(Event::Committed(done)),
            None => self.render(),
        }
    }

    /// Whether cashier mode is on, and its page.
    pub fn cashier_page(&self) -> Option<Page> {
        self.0.borrow().cashier.as_ref().map(|m| m.page)
    }

    /// A copy of cashier mode's state (tests, screenshots).
    pub fn cashier(&self) -> Option<CashierMode> {
        self.0.borrow().cashier.clone()
    }

    /// A scanned line (ID number or QR payload) as text: read into a
    /// [`Scan`](canteen_core::Scan) on today's date here, then as
    /// [`Kiosk::scanned`]. Tests, screenshots and benches type their scans so.
    pub fn scan(&self, text: &str) {
        let today = (self.0.borrow().clock)().date();
        self.scanned(canteen_core::Scan::read(text, today));
    }

    /// A scan, typed where it was read (a serial scanner's frame, the
    /// terminal): cashier mode's diner or screen, else the diner's sale.
    pub fn scanned(&self, scan: canteen_core::Scan) {
        if self.0.borrow().cashier.is_some() {
            self.cashier_do(|m, _, at| m.scanned(scan, at));
            return;
        }
        let inner = self.0.borrow();
        let at = (inner.clock)();
        inner.worker.send(Command::Scan { scan, at });
    }

    /// A meal card whose QR signature the kiosk has verified with the office's
    /// public key, and the birth date it carries: the worker prices its holder.
    pub fn scan_card(&self, card_no: &str, born: Option<chrono::NaiveDate>) {
        if self.0.borrow().cashier.is_some() {
            // In cashier mode a card is scanned to top it up.
            self.cashier_do(|m, _, _| {
                m.card_scanned(card_no);
                None
            });
            return;
        }
        let inner = self.0.borrow();
        let at = (inner.clock)();
        let card_no = card_no.to_owned();
        inner.worker.send(Command::Card { card_no, born, at });
    }

    /// A meal-card QR code that failed its signature check (forged or
    /// altered): the diner is told the card is not valid and to ask staff.
    pub fn refuse_card(&self) {
        if self.0.borrow().cashier.is_some() {
            // Staff are at the screen: say so on the top-up screen, and leave
            // the diner's session alone.
            self.cashier_do(|m, _, _| {
                m.card_refused();
                None
            });
            return;
        }
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
            // The order waits in the `counter` stage until staff take it over
            // in cashier mode (or the idle timeout drops it).
            Some(Effect::HandOver(_)) | None => {}
        }
        self.render();
    }

    /// Time passed: the clock, the welcome screen and the idle timeout.
    pub fn tick(&self, now: Instant) {
        let idle = {
            let inner = self.0.borrow();
            inner.cashier.as_ref().map(|m| {
                now.saturating_duration_since(m.last_touch) > inner.settings.cashier_idle()
            })
        };
        match idle {
            Some(true) => self.leave_cashier(true),
            Some(false) => self.render(),
            None => self.voice_tick(now),
        }
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
            Reply::Cashier(reply) => self.cashier_reply(reply),
            Reply::Printer(status) => self.show_printer(status),
        }
    }

    pub fn set_lang(&self, lang: Lang) {
        self.0.borrow_mut().lang = lang;
        crate::lang::select(lang);
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
            let now = (inner.clock)();
            view::show_time(&ui, &inner.settings, inner.lang, now, &inner.dishes);
            match &inner.cashier {
                Some(mode) => cashier_view::show(&ui, &inner.settings, inner.lang, mode, now),
                None => {
                    view::show_stage(&ui, &inner.settings, inner.lang, inner.session.stage());
                    desk::show(&ui, &inner);
                }
            }
            voice::screen(&inner, now);
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
