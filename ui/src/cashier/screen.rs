//! How a staff screen meets the window: [`StaffScreen`], implemented by each
//! page's state in its screen's file — its `Adapter` names the screen's
//! adapter global once, `show` puts the state on that adapter as
//! display-ready strings (PINs as dots, money as `¥12.00`), `wire` turns the
//! adapter's callbacks into [`CashierMode`] method calls through the
//! controller ([`Kiosk::staff`] / [`Kiosk::tap`]). The registration point
//! ([`super::PageState`]) fetches the adapter from the window and calls both
//! for every page.

use chrono::NaiveDateTime;

use super::CashierMode;
use crate::controller::Kiosk;
use crate::lang::Lang;
use crate::settings::KioskSettings;
use crate::{KioskWindow, Screen};

/// What a screen needs to put itself on the window.
pub struct View<'a> {
    pub ui: &'a KioskWindow,
    pub settings: &'a KioskSettings,
    pub lang: Lang,
    pub mode: &'a CashierMode,
    pub at: NaiveDateTime,
}

/// A staff screen's state on the window.
pub trait StaffScreen {
    /// The screen's adapter global (`cashier/<screen>.slint`).
    type Adapter<'a>: slint::Global<'a, KioskWindow>;
    /// Sets the screen's adapter from this state; the screen to show.
    fn show(&self, a: &Self::Adapter<'_>, v: &View<'_>) -> Screen;
    /// Wires the screen's adapter callbacks to cashier mode (once, at start).
    fn wire(k: &Kiosk, a: &Self::Adapter<'_>);
}
