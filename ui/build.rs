//! Compiles the `.slint` files with debug info (element queries in tests find
//! nothing without it) and bundles the English translation. The Chinese text in
//! `@tr()` is the source; `translations/en/LC_MESSAGES/canteen-ui.po` holds the
//! English, looked up without a context so one entry serves every screen.

use slint_build::{CompilerConfiguration, DefaultTranslationContext};

fn main() {
    let config = CompilerConfiguration::new()
        .with_debug_info(true)
        .with_default_translation_context(DefaultTranslationContext::None)
        .with_bundled_translations("translations");
    slint_build::compile_with_config("slint/kiosk.slint", config).expect("kiosk.slint compiles");
}
