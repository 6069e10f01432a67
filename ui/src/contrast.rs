//! WCAG 2 contrast of the Theme's text/background pairs. Elderly-first means
//! at least 7:1 (level AAA) for every pair the screens use; a test checks the
//! values compiled into the Theme global.

use slint::{Color, ComponentHandle};

use crate::{KioskWindow, Theme};

/// The relative luminance of an sRGB colour (alpha ignored).
pub fn luminance(c: Color) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())
}

/// The contrast ratio of two colours, from 1 to 21.
pub fn ratio(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Every (name, text colour, background colour) pair the screens draw.
pub fn theme_pairs(ui: &KioskWindow) -> Vec<(&'static str, Color, Color)> {
    let t = ui.global::<Theme<'_>>();
    vec![
        ("text on background", t.get_text(), t.get_background()),
        (
            "muted text on background",
            t.get_text_muted(),
            t.get_background(),
        ),
        ("price on background", t.get_price(), t.get_background()),
        ("danger on background", t.get_danger(), t.get_background()),
        (
            "text on danger (scanner down)",
            t.get_text_on_primary(),
            t.get_danger(),
        ),
        ("text on panel", t.get_text_on_panel(), t.get_panel()),
        ("text on primary", t.get_text_on_primary(), t.get_primary()),
        (
            "text on secondary",
            t.get_text_on_secondary(),
            t.get_secondary(),
        ),
        ("text on notice", t.get_text_on_notice(), t.get_notice()),
        (
            "text on status bar",
            t.get_text_on_status_bar(),
            t.get_status_bar(),
        ),
        ("text on bad status", t.get_text(), t.get_status_bad()),
        (
            "text on pressed secondary",
            t.get_text_on_secondary(),
            t.get_secondary().darker(0.1),
        ),
        (
            "text on pressed primary",
            t.get_text_on_primary(),
            t.get_primary().darker(0.3),
        ),
    ]
}
