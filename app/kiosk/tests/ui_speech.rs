//! What the kiosk says: the priced screen's speech has the amount to pay
//! and never a name or an ID number, even when the diner's label holds a
//! full name; every diner-facing state of the gallery says something in
//! Chinese and in English.

mod support;

use canteen_config::Config;
use canteen_core::session::Stage;
use canteen_kiosk::demo::synthetic_number;
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ui::Lang;
use canteen_ui::speech::{self, Welcome};
use chrono::TimeZone;
use support::demo::{lunch, settings};

/// Words and digits that would identify the diner.
fn assert_identifies_nobody(text: &str, name: &str, number: &str) {
    assert!(!text.contains(name), "name spoken: {text}");
    assert!(
        !text.contains(&name[..3]),
        "part of the name spoken: {text}"
    );
    assert!(!text.contains(number), "ID spoken: {text}");
    assert!(!text.contains('*'), "a masked form spoken: {text}");
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        assert!(run < 4, "a run of digits spoken: {text}");
    }
}

#[test]
fn the_priced_speech_has_the_amount_and_no_name_or_id() {
    let at = lunch();
    let settings = settings();
    let birth = at.date() - chrono::Days::new(85 * 366);
    let name = "张三丰";
    let config = Config::defaults();
    let demo = DemoLedger::open(&config, at.date()).unwrap();
    for (seq, cats, zh_amount, en_amount) in [
        (7, "", "本餐十元", "10 yuan"),
        (9, "dibao", "本餐九元六角", "9 yuan 60"),
    ] {
        let number = synthetic_number(birth, seq);
        let mut service = demo.service.lock().unwrap();
        let ledger = service.service.ledger_mut();
        let csv = format!("id_number,name,categories,card_no,status\n{number},{name},{cats},,\n");
        let read = ledger.read_residents_csv(csv.as_bytes(), at.date(), &["dibao".into()]);
        assert!(read.bad.is_empty(), "{:?}", read.bad);
        let now = config.canteen.timezone.from_local_datetime(&at).unwrap();
        ledger
            .import_residents(&read.good, now, &mut || {})
            .unwrap();
        let mut order = canteen_ui::identify::identify(
            &mut *service,
            &settings,
            &canteen_core::Scan::read(&number, at.date()),
            at,
        )
        .unwrap();
        assert_ne!(
            order.diner.label, name,
            "the registry keeps the name masked"
        );
        // As if a full name had reached the label: it must not be said.
        order.diner.label = name.to_owned();
        let stage = Stage::Priced(order);
        let welcome = Welcome {
            scanner_ok: true,
            now: at,
        };
        let zh = speech::say(&settings, Lang::Zh, &stage, welcome).unwrap();
        let en = speech::say(&settings, Lang::En, &stage, welcome).unwrap();
        assert!(zh.contains(zh_amount), "{zh}");
        assert!(zh.contains("八十五岁"), "{zh}");
        assert!(en.contains(en_amount), "{en}");
        for text in [&zh, &en] {
            assert_identifies_nobody(text, name, &number);
        }
    }
}

#[test]
fn the_idle_reminder_is_for_screens_that_wait_for_the_diner() {
    assert!(speech::reminder(Lang::Zh, &Stage::Welcome).is_none());
    let order = {
        let at = lunch();
        let demo = DemoLedger::open(&Config::defaults(), at.date()).unwrap();
        let n = demo.number("85").unwrap();
        let mut service = demo.service.lock().unwrap();
        let scan = canteen_core::Scan::read(&n, at.date());
        canteen_ui::identify::identify(&mut *service, &settings(), &scan, at).unwrap()
    };
    let zh = speech::reminder(Lang::Zh, &Stage::Priced(order.clone())).unwrap();
    assert!(zh.contains("确认"), "{zh}");
    let en = speech::reminder(Lang::En, &Stage::Paying(order)).unwrap();
    assert!(en.contains("pay"), "{en}");
}
