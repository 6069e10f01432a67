//! The display language: Chinese (the source text of every `@tr()`) by default,
//! English selectable. Names from the configuration come in both languages and
//! the controllers pick one with [`Lang::pick`] (`canteen_core::Lang`, shared
//! with the office); [`select`] switches the bundled translation.

pub use canteen_core::Lang;

/// Switches every `@tr()` string to `lang`; call after the first component
/// exists.
pub fn select(lang: Lang) {
    // "" is the source language (Chinese); "en" the bundled English. Both are
    // always bundled, so this cannot fail once a component exists.
    let _ = slint::select_bundled_translation(match lang {
        Lang::Zh => "",
        Lang::En => "en",
    });
}
