//! Every diner-facing state of the gallery (the screenshots' states) says
//! something in Chinese and in English, the staff screens and the short
//! committing screen say nothing, and no state says a name or an ID number.

mod support;

use canteen_config::Config;
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ui::Lang;
use canteen_ui::gallery::run_gallery;

#[test]
fn every_diner_facing_state_speaks_in_both_languages() {
    let run = run_gallery(
        None,
        Lang::Zh,
        1280,
        800,
        support::demo::settings(),
        DemoLedger::for_gallery(&Config::defaults()).unwrap(),
        None,
    )
    .unwrap();
    assert!(
        run.files.is_empty(),
        "nothing rendered without an output directory"
    );
    let text = |state: &str, lang: Lang| {
        let s = run
            .spoken
            .iter()
            .find(|s| s.state == state)
            .unwrap_or_else(|| panic!("{state}"));
        match lang {
            Lang::Zh => s.zh.clone(),
            Lang::En => s.en.clone(),
        }
        .unwrap_or_else(|| panic!("{state} says nothing in {lang:?}"))
    };
    let mut diner = 0;
    for s in &run.spoken {
        if s.state.starts_with("cashier-") || s.state == "committing" {
            assert_eq!((&s.zh, &s.en), (&None, &None), "{} is silent", s.state);
            continue;
        }
        diner += 1;
        let (zh, en) = (text(&s.state, Lang::Zh), text(&s.state, Lang::En));
        assert!(
            zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}: {zh}",
            s.state
        );
        assert!(en.is_ascii() && en.len() > 10, "{}: {en}", s.state);
        for t in [&zh, &en] {
            assert!(!t.contains('*'), "{}: a masked name or ID in {t}", s.state);
            assert!(
                !t.contains('¥'),
                "{}: amounts are said in words: {t}",
                s.state
            );
        }
    }
    assert!(diner >= 25, "{diner} diner-facing states");
    assert!(text("priced-age85", Lang::Zh).contains("本餐十元"));
    assert!(text("priced-age85", Lang::En).contains("10 yuan"));
    assert!(text("priced-age90", Lang::Zh).contains("本餐免费"));
    assert!(text("priced-age65-dibao", Lang::Zh).contains("十一元五角二分"));
    assert!(text("done", Lang::Zh).contains("请取餐"));
    assert!(text("done", Lang::En).contains("take your meal"));
    assert!(text("error-invalid-id", Lang::Zh).contains("请再刷一次身份证"));
    assert!(text("status-scanner-disconnected", Lang::Zh).contains("扫码器未连接"));
    assert!(text("welcome-after-dinner", Lang::Zh).contains("下一餐：早餐"));
}
