//! The display language: Chinese (the source text of every `@tr()`) by default,
//! English selectable. Names from the configuration come in both languages and
//! the controllers pick one with [`Lang::pick`].

/// A display language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` (as on the command line).
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "zh" | "zh-CN" | "zh_CN" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Switches every `@tr()` string; call after the first component exists.
    pub fn select(self) {
        // "" is the source language (Chinese); "en" the bundled English. Both are
        // always bundled, so this cannot fail once a component exists.
        let _ = slint::select_bundled_translation(match self {
            Lang::Zh => "",
            Lang::En => "en",
        });
    }
}
