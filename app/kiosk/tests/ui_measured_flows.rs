//! Measured diner flows: each path driven by accessible label through the
//! real component and controller over the demo on the real ledger, counting the
//! taps after the scan until the diner is done (or sent to the counter, or
//! back at the welcome screen). A card holder's or a free diner's standard
//! meal takes at most two taps (DESIGN: no more than two taps for a
//! standard meal). The counts are printed (`--nocapture`) for the record.

mod support;

use std::cell::Cell;

use support::demo::Rig;

/// A rig that counts the diner's taps.
struct Counted {
    rig: Rig,
    taps: Cell<u32>,
}

/// The taps of a path: a free meal's confirmation, a card payment, or the
/// counter.
const FREE: &[&str] = &["确认，免费用餐"];
const CARD: &[&str] = &["确认点餐", "饭卡支付"];
const COUNTER: &[&str] = &["确认点餐", "现金或手机支付"];

impl Counted {
    fn new() -> Counted {
        Counted {
            rig: Rig::new(),
            taps: Cell::new(0),
        }
    }

    /// Scans `prefix`'s demo number and starts counting.
    fn scan(&self, prefix: &str) {
        self.rig.scan(&self.rig.number(prefix));
        self.taps.set(0);
    }

    fn tap(&self, label: &str) {
        self.rig.tap(label);
        self.taps.set(self.taps.get() + 1);
    }

    fn done(&self, path: &str, stage: &str) -> u32 {
        assert_eq!(self.rig.stage(), stage, "{path}");
        let n = self.taps.get();
        eprintln!("{path}: {n} tap(s) after the scan, ends on {stage}");
        n
    }

    /// Scans `diner`'s demo number and checks what the priced screen asks.
    fn priced(&self, diner: &str, pays: &str) {
        self.scan(diner);
        assert!(self.rig.shows(&format!("您需支付 {pays}")), "diner {diner}");
    }

    /// From the priced screen: taps `taps` (the last tap of a path that ends
    /// done commits the sale, and is waited for), checks the stage it ends
    /// on and what that screen shows, and that it took those taps, at most
    /// two.
    fn finish(&self, path: &str, taps: &[&str], ends: &str, then: &[&str]) {
        for tap in taps {
            self.tap(tap);
        }
        if ends == "done" {
            self.rig.await_commit();
        }
        let n = self.done(path, ends);
        assert!(n <= 2, "{path}: {n} taps");
        assert_eq!(n as usize, taps.len(), "{path}");
        self.rig.assert_shows(then);
    }
}

/// The standard paths one after the other on one kiosk (a window per test):
/// diner (demo description prefix), what they pay, the taps, where the path
/// ends and what that screen shows. A done diner taps 完成 for the next.
#[test]
fn standard_meals_take_at_most_two_taps() {
    let k = Counted::new();
    for (diner, pays, taps, ends, then) in [
        ("92", "免费", FREE, "done", &["已付 免费"][..]),
        (
            "85",
            "¥10.00",
            CARD,
            "done",
            &["已付 ¥10.00", "饭卡余额 ¥40.00"],
        ),
        ("65", "¥11.52", CARD, "done", &["已付 ¥11.52"]),
        ("40", "¥15.00", COUNTER, "counter", &["请到柜台付款"]),
    ] {
        k.priced(diner, pays);
        k.finish(&format!("diner {diner}"), taps, ends, then);
        if ends == "done" {
            k.rig.tap("完成");
        }
    }
}

#[test]
fn a_second_meal_in_the_period_is_at_market_price_in_two_taps() {
    let k = Counted::new();
    k.priced("65", "¥11.52");
    k.finish("first meal, card", CARD, "done", &["已付 ¥11.52"]);
    k.tap("完成");
    k.priced("65", "¥15.00");
    assert!(k.rig.shows("本餐段已用过补贴餐，这一份按市场价"));
    k.finish("second meal, card", CARD, "done", &["已付 ¥15.00"]);
}

#[test]
fn an_invalid_card_is_one_tap_back_to_the_start() {
    let k = Counted::new();
    k.rig.kiosk.refuse_card();
    k.taps.set(0);
    assert_eq!(k.rig.stage(), "error");
    assert!(k.rig.shows("无法使用这张饭卡"));
    k.tap("返回首页");
    assert_eq!(k.done("invalid card", "welcome"), 1);
}
