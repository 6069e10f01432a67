//! Every screen and every error state, rendered through the software renderer
//! into PNG files named after the state (`welcome.png`, `priced-age90.png`,
//! `error-invalid-id.png`, `done.png`, `cashier-order.png`, …), with the real
//! component, the real controller and worker, and the demo residents and staff
//! of the caller's back end ([`BackEnd`]: the kiosk passes the real ledger on a
//! temporary database, seeded for [`DAY`]). The staff screens are the
//! `cashier-*` states. A person looks at these; `canteen screenshots` is the
//! command.

mod staff;

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

    /// [`Shooter::shoot`] when a state is named.
    fn shoot_if(&mut self, name: Option<&str>) -> Result<(), GalleryError> {
        name.map_or(Ok(()), |name| self.shoot(name))
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

/// Walks every state of the gallery, rendering each into `out` when given
/// (which must exist; the files are in [`GalleryRun::files`]), and records
/// what the kiosk says on each (`canteen speech` uses it). `inspect`, when
/// given, is called on every state once it is laid out (the overflow test
/// looks at every text there). Installs the offscreen platform: call before
/// any other window; may be called again on the same thread, at another size
/// or in another language.
pub fn run_gallery(
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
    // A diner scans, confirms and pays by `method`, then the worker's
    // `replies` come; `shots` names the priced, paying and paid states to
    // shoot on the way (`None`: not that one).
    let pays = |s: &mut Shooter<'_>,
                diner: &'static str,
                method: PayMethod,
                replies: usize,
                shots: [Option<&str>; 3]|
     -> Result<(), GalleryError> {
        let [priced, paying, paid] = shots;
        scan(&number(diner)?)?;
        s.shoot_if(priced)?;
        kiosk.handle(Event::Confirm);
        s.shoot_if(paying)?;
        kiosk.handle(Event::Choose(method));
        pump(&kiosk, replies)?;
        s.shoot_if(paid)
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

    let shots = [Some("priced-age65-dibao"), Some("paying"), Some("done")];
    pays(&mut s, "65", PayMethod::MealCard, 2, shots)?;
    scan(&number("65")?)?;
    s.shoot("priced-quota-used")?;
    kiosk.handle(Event::Cancel);

    let shots = [
        Some("priced-age40-unregistered"),
        Some("paying-no-card"),
        Some("counter"),
    ];
    pays(&mut s, "40", PayMethod::Counter, 0, shots)?;
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
    // The insufficient balance shows only if the balance fell between the
    // scan and the tap.
    let shots = [
        None,
        Some("paying-short-balance"),
        Some("error-insufficient-balance"),
    ];
    pays(&mut s, "70", PayMethod::MealCard, 1, shots)?;

    // The 85-year-old's order paid by meal card while the back end fails:
    // a refusal is one reply from the worker, a commit two.
    let card_sale = |s: &mut Shooter<'_>, replies: usize, shot: &str| {
        let shots = [None, None, Some(shot)];
        pays(s, "85", PayMethod::MealCard, replies, shots)
    };
    fault(Some(Fault::RefuseSales));
    card_sale(&mut s, 1, "error-refused")?;
    fault(None);

    fault(Some(Fault::PaperOut));
    card_sale(&mut s, 2, "done-print-failed")?;
    fault(None);
    ui.global::<DoneAdapter<'_>>().invoke_reprint();
    pump(&kiosk, 1)?;
    s.shoot("done-reprinted")?;
    kiosk.handle(Event::Cancel);

    // The shipped default: no receipt printer, so nothing is said of one.
    fault(Some(Fault::NoPrinter));
    card_sale(&mut s, 2, "done-no-printer")?;
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

    staff::cashier_states(&mut s, &ui, &kiosk, &number("85")?, &number("70")?)?;

    // Last: a database failure stops selling for good.
    fault(Some(Fault::DatabaseDown));
    scan(&number("92")?)?;
    s.shoot("error-database")?;
    Ok(GalleryRun {
        files: s.written,
        spoken: s.spoken,
    })
}
