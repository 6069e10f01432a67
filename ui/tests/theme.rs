//! The Theme meets the elderly-first rules: contrast of every text/background
//! pair at least 7:1 (computed from the compiled Theme global), body text at
//! least 32 px, prices at least 64 px, touch targets at least 96 px.

use canteen_ui::{KioskWindow, Theme, contrast};
use slint::ComponentHandle;

#[test]
fn theme_contrast_and_sizes() {
    i_slint_backend_testing::init_no_event_loop();
    let ui = KioskWindow::new().unwrap();
    for (name, fg, bg) in contrast::theme_pairs(&ui) {
        let r = contrast::ratio(fg, bg);
        assert!(r >= 7.0, "{name}: contrast {r:.2} < 7:1");
    }
    let t = ui.global::<Theme<'_>>();
    // Both variants: the full one and the compact one of a 1024×600 panel.
    for compact in [false, true] {
        t.set_compact(compact);
        assert!(
            t.get_body() >= 32.0 && t.get_small() >= 32.0,
            "compact {compact}"
        );
        assert!(t.get_price_size() >= 64.0 && t.get_price_large() >= 64.0);
        assert!(t.get_price_minor() >= 64.0);
        assert!(
            t.get_price_large() > t.get_price_minor(),
            "the amount to pay is larger than the figures beside it"
        );
        assert!(t.get_target_min() >= 96.0);
        assert!(t.get_staff_target() >= 72.0, "staff buttons ≥ 72 px");
    }
}

#[test]
fn contrast_formula_matches_known_values() {
    use slint::Color;
    let black = Color::from_rgb_u8(0, 0, 0);
    let white = Color::from_rgb_u8(255, 255, 255);
    assert!((contrast::ratio(black, white) - 21.0).abs() < 1e-9);
    assert!((contrast::ratio(white, white) - 1.0).abs() < 1e-9);
    // #767676 on white is the well-known 4.54:1.
    let grey = Color::from_rgb_u8(0x76, 0x76, 0x76);
    assert!((contrast::ratio(grey, white) - 4.54).abs() < 0.01);
}
