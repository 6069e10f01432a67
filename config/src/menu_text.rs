//! `menu.toml` as written, for an editor that changes it item by item and
//! field by field (the office's menu form): read from text, changed, written
//! back as text. Nothing here checks a value: the written text is checked by
//! [`crate::Config::from_texts`] like any other menu, so a form and a hand-
//! edited file pass the same validation with the same messages.

use crate::error::ConfigError;
pub use crate::raw::{ItemEntry, MenuFile};

impl MenuFile {
    /// Reads a `menu.toml` text (its shape only: unknown keys and wrong types
    /// are refused, values are not checked).
    pub fn parse(text: &str) -> Result<MenuFile, ConfigError> {
        crate::validate::parse("menu.toml", text)
    }

    /// The `menu.toml` text of these items (comments are not kept).
    pub fn to_toml(&self) -> String {
        toml::to_string(self).expect("a menu of strings, lists and maps always serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_menu_survives_a_round_trip_through_text() {
        let shipped = include_str!("../defaults/menu.toml");
        let menu = MenuFile::parse(shipped).unwrap();
        assert_eq!(menu.items.len(), 5);
        let again = MenuFile::parse(&menu.to_toml()).unwrap();
        assert_eq!(again, menu);
        let config = crate::Config::from_texts(&[("menu.toml", &menu.to_toml())]).unwrap();
        assert_eq!(config.pricing.items.len(), 5);
    }

    #[test]
    fn a_bad_price_is_explained_in_english_and_chinese_at_its_key() {
        let mut menu = MenuFile::parse(include_str!("../defaults/menu.toml")).unwrap();
        menu.items[1]
            .tier_prices
            .insert("age80".into(), "ten".into());
        menu.items[1].market = "1.00".into();
        let err = crate::Config::from_texts(&[("menu.toml", &menu.to_toml())]).unwrap_err();
        let at = |key: &str| err.problems.iter().find(|p| p.key == key).unwrap();
        assert!(
            at("items[1].tier_prices.age80")
                .message
                .contains("`ten` is not an amount")
        );
        assert!(
            at("items[1].tier_prices.age80")
                .message_zh
                .contains("不是金额")
        );
        let above = at("items[1].tier_prices.age60");
        assert!(above.message.contains("above the market price"));
        assert!(above.message_zh.contains("高于市场价"));
    }
}
