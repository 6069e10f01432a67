//! No text overflows on any screen: every state of the gallery (the same
//! states as `canteen screenshots`), in Chinese and English, at 1024×600 (a
//! 7-inch counter panel, compact theme), 1280×800 and 1920×1080, laid out by
//! the software renderer with the embedded font; every text element's words
//! and lines must fit its box, and its box the window (`canteen_ui::overflow`).

mod support;

use canteen_config::Config;
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ui::{KioskWindow, Lang, gallery, overflow};

const SIZES: [(u32, u32); 3] = [(1024, 600), (1280, 800), (1920, 1080)];

/// Every overflow of every state at `w`×`h` in `lang`, and how many states.
fn walk(lang: Lang, w: u32, h: u32) -> (Vec<String>, usize) {
    let mut found = Vec::new();
    let mut states = 0;
    let mut inspect = |state: &str, ui: &KioskWindow| {
        states += 1;
        for o in overflow::overflows(ui) {
            found.push(format!("{w}×{h} {} {state}: {o}", lang.code()));
        }
    };
    let back_end = DemoLedger::for_gallery(&Config::defaults()).unwrap();
    gallery::run_gallery(
        None,
        lang,
        w,
        h,
        support::demo::settings(),
        back_end,
        Some(&mut inspect),
    )
    .expect("the gallery runs");
    (found, states)
}

#[test]
fn no_text_overflows_in_any_state_size_or_language() {
    // The check finds what it is for: a window squeezed below its minimum
    // cuts text. (Same thread: the offscreen platform is installed once.)
    let (squeezed, _) = walk(Lang::En, 640, 400);
    assert!(
        !squeezed.is_empty(),
        "a 640×400 window cuts text, and the check must see it"
    );

    let mut found = Vec::new();
    for (w, h) in SIZES {
        for lang in [Lang::Zh, Lang::En] {
            let (f, states) = walk(lang, w, h);
            assert!(states >= 50, "{w}×{h}: only {states} states walked");
            found.extend(f);
        }
    }
    assert!(
        found.is_empty(),
        "{} texts do not fit:\n{}",
        found.len(),
        found.join("\n")
    );
}
