//! Driving a kiosk window headlessly (feature `testing`): the real component on
//! Slint's testing backend, the real controller and worker thread, replies
//! pumped by the test, and controls found and tapped by accessible label — the
//! way a diner (or a screen reader) sees them. Shared by this crate's flow
//! tests and the kiosk's tests over the real ledger.

use chrono::NaiveDateTime;
use i_slint_backend_testing::ElementHandle;

use crate::{Delivery, Kiosk, KioskService, KioskSettings, KioskWindow, Lang};

/// A kiosk window on the testing backend, in Chinese, with a pinned clock.
pub struct Headless {
    pub ui: KioskWindow,
    pub kiosk: Kiosk,
}

impl Headless {
    /// Opens the window over `service`; the clock always reads `clock()`.
    pub fn new(
        settings: KioskSettings,
        service: Box<dyn KioskService>,
        clock: fn() -> NaiveDateTime,
    ) -> Headless {
        i_slint_backend_testing::init_no_event_loop();
        let ui = KioskWindow::new().expect("the kiosk window opens on the testing backend");
        // The layout the tests see: a 1280×800 panel (the full Theme).
        slint::ComponentHandle::window(&ui).set_size(slint::PhysicalSize::new(1280, 800));
        slint::ComponentHandle::global::<crate::Theme<'_>>(&ui)
            .set_compact(800 < crate::COMPACT_BELOW);
        let kiosk = crate::init(
            &ui,
            settings,
            service,
            Lang::Zh,
            Box::new(clock),
            Delivery::Manual,
        );
        Headless { ui, kiosk }
    }

    /// Scans and waits for the worker's answer.
    pub fn scan(&self, text: &str) {
        self.kiosk.scan(text);
        assert!(self.kiosk.pump_one(), "worker answered the scan");
    }

    pub fn find(&self, label: &str) -> Vec<ElementHandle> {
        ElementHandle::find_by_accessible_label(&self.ui, label).collect()
    }

    pub fn shows(&self, label: &str) -> bool {
        !self.find(label).is_empty()
    }

    /// Taps the control labelled `label` (exactly one must be on screen).
    pub fn tap(&self, label: &str) {
        let found = self.find(label);
        assert_eq!(found.len(), 1, "exactly one control labelled {label:?}");
        found[0].invoke_accessible_default_action();
    }

    /// Waits for the commit's replies (printer state, then the session event).
    pub fn await_commit(&self) {
        assert!(self.kiosk.pump_one(), "worker answered the commit");
        assert!(self.kiosk.pump_one(), "worker sent the session event");
    }

    /// Taps `label` (a payment choice, or the free meal's confirmation),
    /// waits for the commit and checks that the done screen is up.
    pub fn commit_with(&self, label: &str) {
        self.tap(label);
        self.await_commit();
        assert_eq!(self.stage(), "done", "{label:?} committed the sale");
    }

    /// Checks that every one of `labels` is on screen, naming the first that
    /// is not.
    pub fn assert_shows(&self, labels: &[&str]) {
        for label in labels {
            assert!(self.shows(label), "{label:?} is on screen");
        }
    }

    /// Waits for a commit the back end refused (one reply: the session event).
    pub fn await_refusal(&self) {
        assert!(self.kiosk.pump_one(), "worker answered the commit");
    }

    /// Taps each character of `keys` on the on-screen keypad (staff screens).
    pub fn type_keys(&self, keys: &str) {
        for c in keys.chars() {
            self.tap(&c.to_string());
        }
    }

    /// The value shown in the entry field captioned `caption` (exactly one).
    pub fn field(&self, caption: &str) -> String {
        let found = self.find(caption);
        assert_eq!(found.len(), 1, "exactly one field {caption:?}");
        found[0]
            .accessible_value()
            .map(|v| v.to_string())
            .unwrap_or_default()
    }

    /// Waits for one worker reply (a cashier command has exactly one).
    pub fn pump(&self) {
        assert!(self.kiosk.pump_one(), "the worker answered");
    }

    /// Opens the PIN pad from the welcome screen and signs in as `who`.
    pub fn sign_in(&self, who: &str, pin: &str) {
        self.tap("工作人员");
        self.tap("工号");
        self.type_keys(who);
        self.tap("密码");
        self.type_keys(pin);
        self.tap("登录");
        self.pump();
    }

    /// Signed in on the shift-open screen: opens the shift with `float`.
    pub fn open_shift(&self, float: &str) {
        self.type_keys(float);
        self.tap("开班");
        self.pump();
    }

    /// Signs in as `who`, opens the shift with a float of ¥200 and turns desk
    /// mode on (back to self-service, staff at the counter).
    pub fn open_desk(&self, who: &str, pin: &str) {
        self.sign_in(who, pin);
        self.open_shift("200");
        self.tap("柜台模式");
    }

    /// On the order screen: taps the menu tiles labelled `tiles`, takes
    /// `tendered` in cash, waits for the commit and goes on to the next order.
    pub fn sell_cash(&self, tiles: &[&str], tendered: &str) {
        for tile in tiles {
            self.tap(tile);
        }
        self.tap("现金收款");
        self.type_keys(tendered);
        self.tap("确认收款");
        self.pump();
        assert!(self.shows("收款成功"), "the sale committed");
        self.tap("下一单");
    }

    pub fn stage(&self) -> &'static str {
        self.kiosk.stage().name()
    }
}
