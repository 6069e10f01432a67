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

    /// Taps `label`, which commits the sale, and waits for it.
    fn tap_commit(&self, label: &str) {
        self.tap(label);
        self.rig.await_commit();
    }

    fn done(&self, path: &str, stage: &str) -> u32 {
        assert_eq!(self.rig.stage(), stage, "{path}");
        let n = self.taps.get();
        eprintln!("{path}: {n} tap(s) after the scan, ends on {stage}");
        n
    }
}

#[test]
fn ninety_plus_eats_free_in_one_tap() {
    let k = Counted::new();
    k.scan("92");
    assert!(k.rig.shows("您需支付 免费"));
    k.tap_commit("确认，免费用餐");
    assert!(k.done("90+ free", "done") <= 2);
    assert!(k.rig.shows("已付 免费"));
}

#[test]
fn eighty_five_with_a_card_pays_in_two_taps() {
    let k = Counted::new();
    k.scan("85");
    assert!(k.rig.shows("您需支付 ¥10.00"));
    k.tap("确认点餐");
    k.tap_commit("饭卡支付");
    assert!(k.done("80–89 card", "done") <= 2);
    assert!(k.rig.shows("已付 ¥10.00"));
    assert!(k.rig.shows("饭卡余额 ¥40.00"));
}

#[test]
fn sixty_five_dibao_with_a_card_pays_in_two_taps() {
    let k = Counted::new();
    k.scan("65");
    assert!(k.rig.shows("您需支付 ¥11.52"));
    k.tap("确认点餐");
    k.tap_commit("饭卡支付");
    assert!(k.done("60–79 低保 card", "done") <= 2);
    assert!(k.rig.shows("已付 ¥11.52"));
}

#[test]
fn under_sixty_is_sent_to_the_counter_in_two_taps() {
    let k = Counted::new();
    k.scan("40");
    assert!(k.rig.shows("您需支付 ¥15.00"));
    k.tap("确认点餐");
    k.tap("现金或手机支付");
    let n = k.done("under 60, counter", "counter");
    assert_eq!(n, 2);
    assert!(k.rig.shows("请到柜台付款"));
}

#[test]
fn a_second_meal_in_the_period_is_at_market_price_in_two_taps() {
    let k = Counted::new();
    k.scan("65");
    k.tap("确认点餐");
    k.tap_commit("饭卡支付");
    k.tap("完成");
    k.scan("65");
    assert!(k.rig.shows("本餐段已用过补贴餐，这一份按市场价"));
    assert!(k.rig.shows("您需支付 ¥15.00"));
    k.tap("确认点餐");
    k.tap_commit("饭卡支付");
    assert!(k.done("second meal, card", "done") <= 2);
    assert!(k.rig.shows("已付 ¥15.00"));
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
