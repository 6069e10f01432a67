//! Every screen and every error state, rendered through the software renderer
//! into PNG files named after the state (`welcome.png`, `priced-age90.png`,
//! `error-invalid-id.png`, `done.png`, `cashier-order.png`, …), with the real
//! component, the real controller and worker, and the demo residents and staff
//! of the caller's back end ([`BackEnd`]: the kiosk passes the real ledger on a
//! temporary database, seeded for [`DAY`]). The staff screens are the
//! `cashier-*` states. A person looks at these; `canteen screenshots` is the
//! command.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use canteen_core::session::{Event, PayMethod};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use slint::ComponentHandle;
use slint::platform::software_renderer::MinimalSoftwareWindow;

use crate::screenshot::{OffscreenPlatform, render_rgb, write_png};
use crate::{
    Delivery, DoneAdapter, HandoverAdapter, Kiosk, KioskAdapter, KioskSettings, KioskWindow, Lang,
    OrderAdapter, PaidAdapter, PayAdapter, RefundAdapter, ShiftCloseAdapter, ShiftOpenAdapter,
    SignInAdapter, VoidAdapter,
};

/// Why the gallery could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum GalleryError {
    #[error("cannot set up the software renderer: {0}")]
    Platform(#[from] slint::PlatformError),
    #[error(
        "the gallery's back end is missing its demo diner `{0}`: seed it for the gallery's day"
    )]
    NoDiner(&'static str),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the worker stopped answering")]
    WorkerGone,
    #[error("cashier step `{0}` sent nothing to the worker")]
    CashierStep(&'static str),
}

/// What the kiosk says on one state of the gallery, in both languages
/// (`None`: nothing, e.g. on the staff screens).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spoken {
    pub state: String,
    pub zh: Option<String>,
    pub en: Option<String>,
}

/// A gallery run: the PNG files written, and what is said on each state.
#[derive(Debug, Default)]
pub struct GalleryRun {
    pub files: Vec<PathBuf>,
    pub spoken: Vec<Spoken>,
}

/// The gallery's day (a Monday): the back end's demo ages count from it, and
/// its clock reads lunch, then after lunch and after dinner.
pub const DAY: (i32, u32, u32) = (2026, 11, 23);

/// [`DAY`] as a date.
pub fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(DAY.0, DAY.1, DAY.2).expect("valid date")
}

/// What the gallery asks its back end to do wrong for a few states; `None`
/// puts it right again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Refuse every sale as the ledger does when a price no longer holds.
    RefuseSales,
    /// The receipt printer is out of paper.
    PaperOut,
    /// No receipt printer configured (the shipped default).
    NoPrinter,
    /// The database fails: selling stops for good.
    DatabaseDown,
}

/// The back end a gallery run drives: the service the worker owns, the demo
/// diners to scan, and the switch for its faults. Seeded for [`DAY`] with
/// the demo residents (aged 92 free, 85 and 65 (低保) with meal cards
/// DEMO-0085 and DEMO-0065, 70 with a card short of balance, 75 suspended, 78
/// with card DEMO-0078 lost, 40 unregistered), staff 1 (cashier, PIN 1234),
/// 2 (supervisor, PIN 9999) and 3 (cashier), and standing lunch deliveries
/// on two routes.
pub struct BackEnd {
    pub service: Box<dyn crate::KioskService>,
    /// (description, full synthetic number): a diner is found by the start
    /// of the description ("92", "85", …).
    pub diners: Vec<(String, String)>,
    /// Sets (or, with `None`, clears) the fault; called on the UI thread
    /// between states.
    pub fault: Box<dyn FnMut(Option<Fault>)>,
}

/// Called on every state of the gallery, laid out, with the state's name.
pub type Inspect<'a> = &'a mut dyn FnMut(&str, &KioskWindow);

struct Shooter<'a> {
    window: Rc<MinimalSoftwareWindow>,
    ui: KioskWindow,
    inspect: Option<Inspect<'a>>,
    /// `None`: walk the states without rendering (speech only).
    out: Option<PathBuf>,
    written: Vec<PathBuf>,
    kiosk: Kiosk,
    spoken: Vec<Spoken>,
}

impl Shooter<'_> {
    fn shoot(&mut self, name: &str) -> Result<(), GalleryError> {
        if let Some(inspect) = self.inspect.as_mut() {
            // Lay the state out as a frame would, then look at it.
            let _ = render_rgb(&self.window);
            inspect(name, &self.ui);
        }
        self.spoken.push(Spoken {
            state: name.to_owned(),
            zh: self.kiosk.spoken_in(Lang::Zh),
            en: self.kiosk.spoken_in(Lang::En),
        });
        let Some(out) = &self.out else {
            return Ok(());
        };
        let (w, h, rgb) = render_rgb(&self.window);
        let path = out.join(format!("{name}.png"));
        write_png(&path, w, h, &rgb).map_err(|source| GalleryError::Write {
            path: path.clone(),
            source,
        })?;
        self.written.push(path);
        Ok(())
    }
}

fn pump(kiosk: &Kiosk, replies: usize) -> Result<(), GalleryError> {
    for _ in 0..replies {
        if !kiosk.pump_one() {
            return Err(GalleryError::WorkerGone);
        }
    }
    Ok(())
}

/// Renders the gallery into `out` (which must exist) at `width`×`height`.
/// Installs the offscreen platform: call once per process, before any window.
pub fn render_gallery(
    out: &Path,
    lang: Lang,
    width: u32,
    height: u32,
    settings: KioskSettings,
    back_end: BackEnd,
) -> Result<Vec<PathBuf>, GalleryError> {
    run_gallery(Some(out), lang, width, height, settings, back_end).map(|run| run.files)
}

/// Walks every state of the gallery, rendering each into `out` when given,
/// and records what the kiosk says on each (`canteen speech` uses it).
/// Installs the offscreen platform: call once per process, before any window.
pub fn run_gallery(
    out: Option<&Path>,
    lang: Lang,
    width: u32,
    height: u32,
    settings: KioskSettings,
    back_end: BackEnd,
) -> Result<GalleryRun, GalleryError> {
    run_gallery_with(out, lang, width, height, settings, back_end, None)
}

/// [`run_gallery`], calling `inspect` on every state once it is laid out
/// (the overflow test looks at every text there). May be called again on
/// the same thread, at another size or in another language.
pub fn run_gallery_with(
    out: Option<&Path>,
    lang: Lang,
    width: u32,
    height: u32,
    settings: KioskSettings,
    back_end: BackEnd,
    inspect: Option<Inspect<'_>>,
) -> Result<GalleryRun, GalleryError> {
    let window = OffscreenPlatform::install(width, height)?;
    let day = day();
    let at = |h, m| NaiveDateTime::new(day, NaiveTime::from_hms_opt(h, m, 0).expect("valid time"));
    let now = Rc::new(Cell::new(at(12, 0)));
    let clock = {
        let now = now.clone();
        Box::new(move || now.get())
    };
    let BackEnd {
        service,
        diners,
        mut fault,
    } = back_end;
    let number = |prefix: &'static str| -> Result<String, GalleryError> {
        diners
            .iter()
            .find(|(description, _)| description.starts_with(prefix))
            .map(|(_, number)| number.clone())
            .ok_or(GalleryError::NoDiner(prefix))
    };
    let ui = KioskWindow::new()?;
    let kiosk = crate::init(&ui, settings, service, lang, clock, Delivery::Manual);
    ui.show()?;
    // What the window's `changed height` does on a real panel, at once.
    ui.global::<crate::Theme<'_>>()
        .set_compact(height < crate::COMPACT_BELOW);
    // The staff screen's voice button shows when the kiosk has a voice.
    kiosk.set_voice_volume(80, Box::new(|_| {}));
    let mut s = Shooter {
        window,
        ui: ui.clone_strong(),
        inspect,
        out: out.map(Path::to_path_buf),
        written: Vec::new(),
        kiosk: kiosk.clone(),
        spoken: Vec::new(),
    };
    let scan = |text: &str| -> Result<(), GalleryError> {
        kiosk.scan(text);
        pump(&kiosk, 1)
    };

    s.shoot("welcome")?;
    // Today's ten dishes with their diet tags, page by page as the clock turns them.
    kiosk.set_dishes(crate::TodayDishes {
        date: Some(day),
        periods: vec![("lunch".into(), crate::dishes::demo_dishes())],
    });
    s.shoot("welcome-dishes")?;
    now.set(at(12, 0) + chrono::Duration::seconds(i64::from(crate::dishes::PAGE_SECONDS)));
    kiosk.render();
    s.shoot("welcome-dishes-page2")?;
    now.set(at(12, 0) + chrono::Duration::seconds(i64::from(crate::dishes::PAGE_SECONDS) * 4 - 1));
    kiosk.render();
    s.shoot("welcome-dishes-page4")?;
    now.set(at(12, 0));
    kiosk.set_dishes(crate::TodayDishes::default());
    kiosk.set_scanner_connected(false);
    s.shoot("status-scanner-disconnected")?;
    kiosk.set_scanner_connected(true);
    kiosk.set_sync_status(crate::SyncStatus {
        last_sync: Some(at(2, 0)),
        pending: 3,
    });
    s.shoot("status-synced")?;

    scan(&number("92")?)?;
    s.shoot("priced-age90")?;
    kiosk.handle(Event::Confirm);
    s.shoot("committing")?;
    pump(&kiosk, 2)?;
    s.shoot("done-free")?;

    scan(&number("85")?)?;
    s.shoot("priced-age85")?;
    kiosk.handle(Event::AddOffer(0));
    kiosk.handle(Event::AddOffer(1));
    s.shoot("priced-extras")?;
    kiosk.handle(Event::Cancel);

    scan(&number("65")?)?;
    s.shoot("priced-age65-dibao")?;
    kiosk.handle(Event::Confirm);
    s.shoot("paying")?;
    kiosk.handle(Event::Choose(PayMethod::MealCard));
    pump(&kiosk, 2)?;
    s.shoot("done")?;
    scan(&number("65")?)?;
    s.shoot("priced-quota-used")?;
    kiosk.handle(Event::Cancel);

    scan(&number("40")?)?;
    s.shoot("priced-age40-unregistered")?;
    kiosk.handle(Event::Confirm);
    s.shoot("paying-no-card")?;
    kiosk.handle(Event::Choose(PayMethod::Counter));
    s.shoot("counter")?;
    kiosk.handle(Event::Cancel);

    scan("11010119500101001X")?;
    s.shoot("error-invalid-id")?;
    kiosk.refuse_card();
    s.shoot("error-invalid-card")?;
    scan(&number("75")?)?;
    s.shoot("error-card-suspended")?;
    kiosk.scan_card("DEMO-0078", None);
    pump(&kiosk, 1)?;
    s.shoot("error-card-lost")?;
    scan(&number("78")?)?;
    s.shoot("priced-card-lost")?;
    kiosk.handle(Event::Cancel);
    scan(&number("70")?)?;
    kiosk.handle(Event::Confirm);
    s.shoot("paying-short-balance")?;
    // Only if the balance fell between the scan and the tap.
    kiosk.handle(Event::Choose(PayMethod::MealCard));
    pump(&kiosk, 1)?;
    s.shoot("error-insufficient-balance")?;

    fault(Some(Fault::RefuseSales));
    scan(&number("85")?)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::MealCard));
    pump(&kiosk, 1)?;
    s.shoot("error-refused")?;
    fault(None);

    fault(Some(Fault::PaperOut));
    scan(&number("85")?)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::MealCard));
    pump(&kiosk, 2)?;
    s.shoot("done-print-failed")?;
    fault(None);
    ui.global::<DoneAdapter<'_>>().invoke_reprint();
    pump(&kiosk, 1)?;
    s.shoot("done-reprinted")?;
    kiosk.handle(Event::Cancel);

    // The shipped default: no receipt printer, so nothing is said of one.
    fault(Some(Fault::NoPrinter));
    scan(&number("85")?)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::MealCard));
    pump(&kiosk, 2)?;
    s.shoot("done-no-printer")?;
    kiosk.handle(Event::Cancel);
    fault(None);

    now.set(at(15, 0));
    scan(&number("92")?)?;
    s.shoot("error-outside-period")?;
    kiosk.handle(Event::Cancel);
    s.shoot("welcome-outside-period")?;
    now.set(at(20, 0));
    kiosk.render();
    s.shoot("welcome-after-dinner")?;
    now.set(at(12, 0));
    kiosk.render();

    cashier_states(&mut s, &ui, &kiosk, &number("85")?, &number("70")?)?;

    // Last: a database failure stops selling for good.
    fault(Some(Fault::DatabaseDown));
    scan(&number("92")?)?;
    s.shoot("error-database")?;
    Ok(GalleryRun {
        files: s.written,
        spoken: s.spoken,
    })
}

/// Waits for the answer to the cashier command `step` just sent.
fn answer(kiosk: &Kiosk, step: &'static str) -> Result<(), GalleryError> {
    if !kiosk.cashier().is_some_and(|m| m.busy) {
        return Err(GalleryError::CashierStep(step));
    }
    pump(kiosk, 1)
}

/// Cashier mode: PIN pad (wrong, locked), shift open, an order handed over
/// from self-service (`handover` chose to pay at the counter), counter order (typed
/// ID, child tier), cash and mobile payment, paid, a line refund (the sale,
/// its lines ticked, refunded), void, no-sale drawer,
/// meal-card top-up, deliveries (empty, prepared, a line chosen, confirmed), X,
/// shift close with a
/// difference, Z. Driven through the adapters' callbacks like taps.
fn cashier_states(
    s: &mut Shooter<'_>,
    ui: &KioskWindow,
    kiosk: &Kiosk,
    number: &str,
    handover: &str,
) -> Result<(), GalleryError> {
    // Every screen's keypad goes to the same controller.
    let keys = |text: &str| {
        for c in text.chars() {
            ui.global::<SignInAdapter<'_>>()
                .invoke_key(c.to_string().into());
        }
    };
    let sign_in = ui.global::<SignInAdapter<'_>>();
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    s.shoot("cashier-sign-in")?;
    keys("3");
    sign_in.invoke_focus_pin();
    for _ in 0..5 {
        keys("0000");
        sign_in.invoke_submit();
        answer(kiosk, "wrong pin")?;
        if kiosk
            .cashier()
            .is_some_and(|m| matches!(m.note, crate::cashier::Note::WrongPin(1)))
        {
            s.shoot("cashier-sign-in-wrong-pin")?;
        }
    }
    s.shoot("cashier-sign-in-locked")?;
    sign_in.invoke_back();

    // A diner chooses "pay at the counter"; staff take the order over.
    kiosk.scan(handover);
    pump(kiosk, 1)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::Counter));
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    keys("1");
    sign_in.invoke_focus_pin();
    keys("1234");
    sign_in.invoke_submit();
    answer(kiosk, "sign in")?;
    keys("200");
    s.shoot("cashier-shift-open")?;
    ui.global::<ShiftOpenAdapter<'_>>().invoke_submit();
    answer(kiosk, "open shift")?;
    s.shoot("cashier-handover")?;
    let handed = ui.global::<HandoverAdapter<'_>>();
    handed.invoke_back();
    s.shoot("cashier-order-pending")?;
    ui.global::<OrderAdapter<'_>>().invoke_handover();
    handed.invoke_pay_cash();
    keys("20");
    s.shoot("cashier-handover-pay")?;
    ui.global::<PayAdapter<'_>>().invoke_submit();
    answer(kiosk, "pay handover")?;
    ui.global::<PaidAdapter<'_>>().invoke_next();
    s.shoot("cashier-order-empty")?;
    desk_states(s, ui, kiosk, handover)?;

    let order = ui.global::<OrderAdapter<'_>>();
    order.invoke_start_id();
    keys(&number[..12]);
    s.shoot("cashier-order-typing-id")?;
    keys(&number[12..]);
    order.invoke_confirm_id();
    answer(kiosk, "lookup")?;
    order.invoke_add(0);
    order.invoke_add(1);
    order.invoke_add_row(1);
    s.shoot("cashier-order")?;
    order.invoke_toggle_tier("child".into());
    s.shoot("cashier-order-child")?;
    order.invoke_toggle_tier("child".into());

    order.invoke_pay_mobile();
    keys("4200001234");
    s.shoot("cashier-pay-mobile")?;
    ui.global::<PayAdapter<'_>>().invoke_back();
    order.invoke_pay_cash();
    keys("50");
    s.shoot("cashier-pay-cash")?;
    ui.global::<PayAdapter<'_>>().invoke_submit();
    answer(kiosk, "pay cash")?;
    s.shoot("cashier-paid")?;
    ui.global::<PaidAdapter<'_>>().invoke_next();

    // Refund the soup of that sale: the sale offered, its lines ticked, done.
    order.invoke_refund();
    s.shoot("cashier-refund")?;
    answer(kiosk, "refund lookup")?;
    let refund = ui.global::<RefundAdapter<'_>>();
    refund.invoke_toggle(1);
    refund.invoke_pick_reason(0);
    keys("99");
    s.shoot("cashier-refund-lines")?;
    keys("99");
    refund.invoke_submit();
    answer(kiosk, "refund")?;
    s.shoot("cashier-refunded")?;
    refund.invoke_back();

    order.invoke_void();
    let void = ui.global::<VoidAdapter<'_>>();
    void.invoke_pick_reason(1);
    keys("99");
    s.shoot("cashier-void")?;
    keys("99");
    void.invoke_submit();
    answer(kiosk, "void")?;
    s.shoot("cashier-voided")?;

    order.invoke_no_sale();
    ui.global::<crate::NoSaleAdapter<'_>>()
        .invoke_pick_reason(0);
    keys("99");
    s.shoot("cashier-no-sale")?;
    ui.global::<crate::NoSaleAdapter<'_>>().invoke_back();

    // A meal card scanned on the top-up screen, ¥50 cash.
    order.invoke_top_up();
    let top_up = ui.global::<crate::TopUpAdapter<'_>>();
    kiosk.scan_card("DEMO-0065", None);
    keys("50");
    s.shoot("cashier-top-up")?;
    top_up.invoke_submit();
    answer(kiosk, "top up")?;
    s.shoot("cashier-topped-up")?;
    top_up.invoke_back();

    // The period's deliveries: prepared (the roster prints), one marked
    // delivered, one selected by scanning its roster QR and marked not
    // delivered with a reason.
    order.invoke_deliveries();
    answer(kiosk, "deliveries")?;
    s.shoot("cashier-deliveries-empty")?;
    let delivery = ui.global::<crate::DeliveryAdapter<'_>>();
    delivery.invoke_prepare();
    answer(kiosk, "prepare deliveries")?;
    s.shoot("cashier-deliveries")?;
    delivery.invoke_select(0);
    delivery.invoke_delivered();
    answer(kiosk, "delivered")?;
    let qr = kiosk
        .cashier()
        .and_then(|m| {
            m.delivery()?
                .list
                .as_ref()?
                .rows
                .get(1)
                .map(|r| r.qr.clone())
        })
        .unwrap_or_default();
    kiosk.scan(&qr);
    delivery.invoke_pick_reason(0);
    s.shoot("cashier-delivery-line")?;
    delivery.invoke_not_delivered();
    answer(kiosk, "not delivered")?;
    s.shoot("cashier-deliveries-confirmed")?;
    delivery.invoke_back();

    order.invoke_report_x();
    answer(kiosk, "x report")?;
    s.shoot("cashier-x-report")?;
    ui.global::<crate::ReportAdapter<'_>>().invoke_back();

    order.invoke_close_shift();
    answer(kiosk, "close shift info")?;
    keys("190");
    s.shoot("cashier-shift-close")?;
    let close = ui.global::<ShiftCloseAdapter<'_>>();
    close.invoke_submit();
    s.shoot("cashier-shift-close-supervisor")?;
    keys("9999");
    close.invoke_submit();
    answer(kiosk, "close shift")?;
    s.shoot("cashier-shift-closed")?;
    ui.global::<ShiftOpenAdapter<'_>>().invoke_close_day();
    answer(kiosk, "z report")?;
    s.shoot("cashier-z-report")?;
    ui.global::<crate::ReportAdapter<'_>>().invoke_back();
    ui.global::<ShiftOpenAdapter<'_>>().invoke_sign_out();
    // Leaving answers with a sign-out after cashier mode is gone.
    pump(kiosk, 1)?;
    Ok(())
}

/// Desk mode (from the order screen, shift open): the handed-over order
/// already paid shows done; the next diner who pays at the counter gets the
/// staff panel, cash chosen, confirmed; then the staff button ends desk mode
/// and the cashier signs in again (PIN only) back to the order screen.
fn desk_states(
    s: &mut Shooter<'_>,
    ui: &KioskWindow,
    kiosk: &Kiosk,
    diner: &str,
) -> Result<(), GalleryError> {
    ui.global::<OrderAdapter<'_>>().invoke_desk();
    s.shoot("done-counter")?;
    kiosk.handle(Event::Cancel);
    s.shoot("desk-welcome")?;
    kiosk.scan(diner);
    pump(kiosk, 1)?;
    kiosk.handle(Event::Confirm);
    kiosk.handle(Event::Choose(PayMethod::Counter));
    s.shoot("desk-counter")?;
    let desk = ui.global::<crate::DeskAdapter<'_>>();
    desk.invoke_cash();
    s.shoot("desk-counter-cash")?;
    desk.invoke_confirm();
    // The desk sale's answer, then (staff button) the desk's sign-out's.
    pump(kiosk, 1)?;
    kiosk.handle(Event::Cancel);
    ui.global::<KioskAdapter<'_>>().invoke_staff_mode();
    pump(kiosk, 1)?;
    for c in "1234".chars() {
        ui.global::<SignInAdapter<'_>>()
            .invoke_key(c.to_string().into());
    }
    ui.global::<SignInAdapter<'_>>().invoke_submit();
    answer(kiosk, "sign in again")
}
