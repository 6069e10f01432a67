//! Text that does not fit (feature `testing`): walks every `Text` element of
//! a window as it is laid out now and reports each one whose words need more
//! room than its box gives (clipped, elided to "Commun…", broken mid-word),
//! whose lines need more height than its box, or whose box leaves its parent
//! or the window. Sizes come from the window's own renderer, so on the
//! software renderer with the embedded font they are the real ones; the
//! gallery (`crate::gallery::run_gallery`) calls it on every state.
//!
//! Short labels without a space (`输入证件号`, `清除顾客`, `Free`) must stay
//! on one line: Chinese may break between any two characters, but a label
//! of a few characters split over two lines reads as two words.

use std::fmt;
use std::ops::ControlFlow;

use i_slint_backend_testing::ElementRoot;
use i_slint_core::item_tree::{ItemRc, ParentItemTraversalMode};
use i_slint_core::items::{ComplexText, SimpleText, TextOverflow, TextWrap};
use i_slint_core::layout::Orientation;
use slint::ComponentHandle;

use crate::KioskWindow;

/// Slack for rounding in the layout, in logical pixels.
const SLACK: f32 = 1.5;
/// Labels up to this many characters without a space must not wrap.
const SHORT_LABEL: usize = 6;

/// One text that does not fit, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct Overflow {
    pub text: String,
    pub problem: String,
}

impl fmt::Display for Overflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.text, self.problem)
    }
}

struct TextItem {
    text: String,
    wrap: TextWrap,
    overflow: TextOverflow,
}

fn text_of(item: &ItemRc) -> Option<TextItem> {
    if let Some(t) = item.downcast::<ComplexText>() {
        let t = t.as_pin_ref();
        return Some(TextItem {
            text: t.text().to_string(),
            wrap: t.wrap(),
            overflow: t.overflow(),
        });
    }
    item.downcast::<SimpleText>().map(|t| TextItem {
        text: t.as_pin_ref().text().to_string(),
        wrap: TextWrap::NoWrap,
        overflow: TextOverflow::Clip,
    })
}

/// (x, y, width, height) of `item` in window coordinates.
fn rect(item: &ItemRc) -> (f32, f32, f32, f32) {
    let g = item.geometry();
    let p = item.map_to_window(g.origin);
    (p.x, p.y, g.size.width, g.size.height)
}

fn inside(inner: (f32, f32, f32, f32), outer: (f32, f32, f32, f32)) -> bool {
    inner.0 >= outer.0 - SLACK
        && inner.1 >= outer.1 - SLACK
        && inner.0 + inner.2 <= outer.0 + outer.2 + SLACK
        && inner.1 + inner.3 <= outer.1 + outer.3 + SLACK
}

/// Every text of `ui` that does not fit, as laid out now.
pub fn overflows(ui: &KioskWindow) -> Vec<Overflow> {
    let window = ui.window();
    let scale = window.scale_factor();
    let size = window.size();
    let screen = (
        0.0,
        0.0,
        size.width as f32 / scale,
        size.height as f32 / scale,
    );
    let mut found = Vec::new();
    let root = ItemRc::new_root(ui.item_tree());
    root.visit_descendants(|item| {
        check(item, screen, &mut found);
        ControlFlow::<()>::Continue(())
    });
    found
}

fn check(item: &ItemRc, screen: (f32, f32, f32, f32), found: &mut Vec<Overflow>) {
    let Some(t) = text_of(item) else { return };
    if t.text.trim().is_empty() {
        return;
    }
    let Some(adapter) = item.window_adapter() else {
        return;
    };
    let mut report = |problem: String| {
        found.push(Overflow {
            text: t.text.clone(),
            problem,
        });
    };
    let r = rect(item);
    let (w, h) = (r.2, r.3);
    if !inside(r, screen) {
        report(format!(
            "box {r:?} leaves the window {}×{}",
            screen.2, screen.3
        ));
    }
    if let Some(parent) = item.parent_item(ParentItemTraversalMode::StopAtPopups) {
        let p = rect(&parent);
        if p.2 > 0.0 && p.3 > 0.0 && !inside(r, p) {
            report(format!("box {r:?} leaves its parent's {p:?}"));
        }
    }
    let this = item.borrow();
    let across = this
        .as_ref()
        .layout_info(Orientation::Horizontal, -1.0, &adapter, item);
    let down = this
        .as_ref()
        .layout_info(Orientation::Vertical, w, &adapter, item);
    let one_line = across.preferred;
    match t.wrap {
        TextWrap::NoWrap if one_line > w + SLACK => report(format!(
            "needs {one_line:.0} px on one line, has {w:.0}{}",
            if t.overflow == TextOverflow::Elide {
                " (elided)"
            } else {
                " (clipped)"
            }
        )),
        TextWrap::WordWrap | TextWrap::CharWrap if across.min > w + SLACK => report(format!(
            "a word needs {:.0} px, the box has {w:.0}",
            across.min
        )),
        _ => {}
    }
    if down.preferred > h + SLACK {
        report(format!(
            "needs {:.0} px of height at {w:.0} px wide, has {h:.0}",
            down.preferred
        ));
    }
    let short = t.text.chars().count() <= SHORT_LABEL && !t.text.contains(char::is_whitespace);
    if short && t.wrap != TextWrap::NoWrap && one_line > w + SLACK {
        report(format!(
            "a short label wraps: needs {one_line:.0} px on one line, has {w:.0}"
        ));
    }
}
