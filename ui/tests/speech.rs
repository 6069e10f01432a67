//! What the kiosk says: the priced screen's speech has the amount to pay
//! and never a name or an ID number, even when the diner's label holds a
//! full name; every diner-facing state of the gallery says something in
//! Chinese and in English.

mod common;

use canteen_core::ResidentId;
use canteen_core::session::Stage;
use canteen_ui::memory::{MemoryService, synthetic_number};
use canteen_ui::speech::{self, Welcome};
use canteen_ui::{CardStatus, Lang, ResidentRecord, ResidentStatus};
use common::{lunch, settings};

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
    let number = synthetic_number(birth, 7);
    let id = ResidentId::parse(&number, at.date()).unwrap();
    let name = "张三丰";
    for (cats, zh_amount, en_amount) in [
        (vec![], "本餐十元", "10 yuan"),
        (vec!["dibao".to_owned()], "本餐九元六角", "9 yuan 60"),
    ] {
        let mut service = MemoryService::new();
        service.register(
            id.clone(),
            ResidentRecord {
                // As if a full name had reached the label: it must not be said.
                masked_name: name.to_owned(),
                categories: cats,
                status: ResidentStatus::Active,
                card_status: CardStatus::Active,
                card_balance: None,
            },
        );
        let order = canteen_ui::identify::identify(
            &mut service,
            &settings,
            &canteen_core::Scan::read(&number, at.date()),
            at,
        )
        .unwrap();
        assert_eq!(order.diner.label, name, "the screen's label holds the name");
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
        let (mut service, demo) = MemoryService::with_demo_residents(at.date());
        let n = &demo
            .iter()
            .find(|d| d.description.starts_with("85"))
            .unwrap()
            .number;
        let scan = canteen_core::Scan::read(n, at.date());
        canteen_ui::identify::identify(&mut service, &settings(), &scan, at).unwrap()
    };
    let zh = speech::reminder(Lang::Zh, &Stage::Priced(order.clone())).unwrap();
    assert!(zh.contains("确认"), "{zh}");
    let en = speech::reminder(Lang::En, &Stage::Paying(order)).unwrap();
    assert!(en.contains("pay"), "{en}");
}
