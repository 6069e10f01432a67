//! The screens' recurring steps, written once for every window rig (the
//! demo's and the one over a seeded ledger both deref to
//! `canteen_ui::testing::Headless`): a tap and what it shows or the page it
//! leads to; typing on the keypad and confirming; a diner's scan of an ID
//! or a meal card, the way home and the hand-over of an order to the
//! counter; signing in and opening the shift; and the
//! supervisor-approved refund and void.

use canteen_ui::cashier::Page;
use canteen_ui::testing::Headless;

/// Steps a test takes on the screens; each checks what it must to go on.
pub trait Steps {
    /// Taps `label` and checks that `shown` is then on screen.
    fn tap_showing(&self, label: &str, shown: &str);

    /// Taps `label` and checks that cashier mode is then on `page`.
    fn tap_to(&self, label: &str, page: Page);

    /// Taps `label`, waits for the worker's one reply and checks that cashier
    /// mode is then on `page`.
    fn load(&self, label: &str, page: Page);

    /// Types `keys` on the keypad, taps `button` and waits for the worker's
    /// one reply.
    fn submit(&self, keys: &str, button: &str);

    /// Scans `number` and checks that the priced screen asks `pays`
    /// ("您需支付 {pays}").
    fn scan_priced(&self, number: &str, pays: &str);

    /// Scans meal card `card_no` (its signed QR carrying `born`, or a bare
    /// number) on the diner's screens and waits for the worker's answer.
    fn scan_card(&self, card_no: &str, born: Option<chrono::NaiveDate>);

    /// Taps 返回首页 and checks that the welcome screen is back.
    fn back_home(&self);

    /// On the priced screen: confirms the order and chooses to pay at the
    /// counter, which the diner's screen then says.
    fn hand_over(&self);

    /// Signs in as `who` from the welcome screen and opens the shift with
    /// `float` on the keypad.
    fn open_counter(&self, who: &str, pin: &str, float: &str);

    /// On the refund screen: ticks `lines`, picks `reason` and confirms with
    /// the supervisor's `pin`.
    fn refund_with(&self, lines: &[&str], reason: &str, pin: &str);

    /// From the order screen: voids the sale offered for `reason` with the
    /// supervisor's `pin`.
    fn void_with(&self, reason: &str, pin: &str);
}

impl Steps for Headless {
    fn tap_showing(&self, label: &str, shown: &str) {
        self.tap(label);
        assert!(self.shows(shown), "after {label:?}, {shown:?} is on screen");
    }

    fn tap_to(&self, label: &str, page: Page) {
        self.tap(label);
        assert_eq!(
            self.kiosk.cashier_page(),
            Some(page),
            "{label:?} leads there"
        );
    }

    fn load(&self, label: &str, page: Page) {
        self.tap(label);
        self.pump();
        assert_eq!(
            self.kiosk.cashier_page(),
            Some(page),
            "{label:?} leads there"
        );
    }

    fn submit(&self, keys: &str, button: &str) {
        self.type_keys(keys);
        self.tap(button);
        self.pump();
    }

    fn scan_priced(&self, number: &str, pays: &str) {
        self.scan(number);
        assert_eq!(self.stage(), "priced", "{number} scanned");
        let asks = format!("您需支付 {pays}");
        assert!(self.shows(&asks), "{asks:?} is on screen");
    }

    fn scan_card(&self, card_no: &str, born: Option<chrono::NaiveDate>) {
        self.kiosk.scan_card(card_no, born);
        assert!(self.kiosk.pump_one(), "worker answered the card");
    }

    fn back_home(&self) {
        self.tap("返回首页");
        assert_eq!(self.stage(), "welcome", "back home");
        assert!(self.shows("请刷身份证或扫码"), "the welcome prompt");
    }

    fn hand_over(&self) {
        self.tap("确认点餐");
        self.tap("现金或手机支付");
        assert_eq!(self.stage(), "counter", "handed over to the counter");
    }

    fn open_counter(&self, who: &str, pin: &str, float: &str) {
        self.sign_in(who, pin);
        assert!(self.kiosk.cashier_page().is_some(), "{who} signed in");
        self.open_shift(float);
    }

    fn refund_with(&self, lines: &[&str], reason: &str, pin: &str) {
        for line in lines {
            self.tap(line);
        }
        self.tap(reason);
        self.submit(pin, "确认退款");
    }

    fn void_with(&self, reason: &str, pin: &str) {
        self.tap("作废");
        self.tap(reason);
        self.submit(pin, "确认作废");
    }
}
