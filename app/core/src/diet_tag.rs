//! Diet tags for the day's dishes: the configured list a dish's tags come
//! from (少油, 少盐, 少糖, 少辣, 软食, 清真 and allergens such as 含花生), each with
//! its Chinese and English word and the id of the icon the welcome screen
//! draws. A tag is named by its id (`low-oil`) or by either of its words
//! (`少油`, `Low oil`), so an office clerk may write what they read.

use serde::{Deserialize, Serialize};

/// The icon a tag is drawn with (the ui crate draws each one in Slint).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TagIcon {
    /// A drop of oil, crossed out.
    Oil,
    /// A salt shaker.
    Salt,
    /// A sugar cube.
    Sugar,
    /// A chili, crossed out.
    Chili,
    /// A bowl (soft food).
    Soft,
    /// A crescent (清真).
    Halal,
    /// A warning triangle: the dish contains an allergen.
    Allergen,
}

/// One tag of the configured list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DietTag {
    /// Stable id, e.g. `low-oil`: what bundles and the ledger store.
    pub id: String,
    /// The word shown in Chinese, e.g. `少油`.
    pub zh: String,
    /// The word shown in English, e.g. `Low oil` (short: it sits beside a
    /// large icon on a 1024-pixel screen).
    pub en: String,
    pub icon: TagIcon,
}

/// The list of tags a canteen's dishes may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagCatalog(Vec<DietTag>);

/// The shipped list: (id, 中文, English, icon).
const SHIPPED: [(&str, &str, &str, TagIcon); 12] = [
    ("low-oil", "少油", "Low oil", TagIcon::Oil),
    ("low-salt", "少盐", "Low salt", TagIcon::Salt),
    ("low-sugar", "少糖", "Low sugar", TagIcon::Sugar),
    ("mild", "少辣", "Mild", TagIcon::Chili),
    ("soft", "软食", "Soft", TagIcon::Soft),
    ("halal", "清真", "Halal", TagIcon::Halal),
    ("peanut", "含花生", "Peanut", TagIcon::Allergen),
    ("seafood", "含海鲜", "Seafood", TagIcon::Allergen),
    ("egg", "含蛋", "Egg", TagIcon::Allergen),
    ("milk", "含奶", "Milk", TagIcon::Allergen),
    ("wheat", "含麸质", "Gluten", TagIcon::Allergen),
    ("soy", "含大豆", "Soy", TagIcon::Allergen),
];

impl Default for TagCatalog {
    fn default() -> Self {
        TagCatalog::shipped()
    }
}

impl TagCatalog {
    /// The shipped list of twelve tags (six diet tags, six allergens).
    pub fn shipped() -> TagCatalog {
        TagCatalog(
            SHIPPED
                .iter()
                .map(|(id, zh, en, icon)| DietTag {
                    id: (*id).into(),
                    zh: (*zh).into(),
                    en: (*en).into(),
                    icon: *icon,
                })
                .collect(),
        )
    }

    pub fn all(&self) -> &[DietTag] {
        &self.0
    }

    /// The tag named `name`: its id, or its Chinese or English word (any case,
    /// surrounding spaces ignored).
    pub fn find(&self, name: &str) -> Option<&DietTag> {
        let name = name.trim();
        self.0.iter().find(|t| {
            t.id.eq_ignore_ascii_case(name) || t.zh == name || t.en.eq_ignore_ascii_case(name)
        })
    }

    /// Every tag's id and words, for an error message that lists the choices.
    pub fn choices(&self) -> String {
        self.0
            .iter()
            .map(|t| format!("{} ({} / {})", t.id, t.zh, t.en))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_found_by_id_or_either_word_and_nothing_else() {
        let tags = TagCatalog::shipped();
        for name in ["low-oil", "LOW-OIL", "少油", "low oil", " Low oil "] {
            assert_eq!(tags.find(name).map(|t| t.id.as_str()), Some("low-oil"));
        }
        assert_eq!(tags.find("含花生").map(|t| t.icon), Some(TagIcon::Allergen));
        for name in ["", "oil", "少", "low_oil", "少油少盐"] {
            assert!(tags.find(name).is_none(), "{name:?}");
        }
    }

    #[test]
    fn every_shipped_name_finds_its_own_tag_and_english_words_are_short() {
        let tags = TagCatalog::shipped();
        for t in tags.all() {
            for name in [&t.id, &t.zh, &t.en] {
                assert_eq!(tags.find(name), Some(t), "{name}");
            }
            assert!(
                t.en.chars().count() <= 9,
                "{} too long for a tag chip",
                t.en
            );
        }
    }
}
