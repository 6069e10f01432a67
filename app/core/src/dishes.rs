//! The day's dishes: about ten per date and meal period, each with a name in
//! Chinese (and English), diet tags from a [`TagCatalog`] and an optional
//! small photo. Dishes carry no price — the buffet price rules stay those of
//! the pricing — so a menu of the day only tells diners what is cooked.
//!
//! [`DishInput`] is what a person writes (tags by id or word, a photo's
//! bytes); [`check_dishes`] turns a list of them into [`Dish`]es or lists
//! every problem at once, each saying which dish and what to do.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diet_tag::TagCatalog;

/// The most dishes one period's menu may list.
pub const MAX_DISHES: usize = 20;
/// The most tags one dish may carry: they sit in one row under its name,
/// icon and word each, and three fit a 1024-pixel panel in English.
pub const MAX_TAGS: usize = 3;
/// The longest dish name, in characters (Chinese or English).
pub const MAX_NAME_CHARS: usize = 14;
/// The largest photo, in bytes (a small PNG or JPEG thumbnail).
pub const MAX_PHOTO_BYTES: usize = 48 * 1024;

/// One dish as checked: tags are catalog ids, the photo hex-encoded bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dish {
    pub name_zh: String,
    /// The English name ("" when none was given: the Chinese one is shown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name_en: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// A PNG or JPEG of at most [`MAX_PHOTO_BYTES`], hex-encoded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_hex: Option<String>,
}

impl Dish {
    /// The name in the screen's language.
    pub fn name(&self, english: bool) -> &str {
        if english && !self.name_en.is_empty() {
            &self.name_en
        } else {
            &self.name_zh
        }
    }
}

/// One period's dishes on one date at one canteen, as the office publishes
/// them (`version` counts the office's published versions of this menu).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayMenu {
    pub canteen: String,
    pub date: NaiveDate,
    pub period: String,
    pub version: u64,
    pub dishes: Vec<Dish>,
}

/// A dish as a person wrote it, before [`check_dishes`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DishInput {
    pub name_zh: String,
    pub name_en: String,
    /// Tag ids or words (`low-oil`, `少油`, `Low oil`).
    pub tags: Vec<String>,
    /// The photo's bytes, when the dish has one.
    pub photo: Option<Vec<u8>>,
}

/// What is wrong with a menu; dishes are counted from 1 as a person reads
/// the file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DishProblem {
    #[error("the menu lists no dishes: add at least one [[dishes]] entry")]
    NoDishes,
    #[error("the menu lists {count} dishes; at most {MAX_DISHES} fit on the welcome screen: remove {}", count - MAX_DISHES)]
    TooManyDishes { count: usize },
    #[error("dish {dish}: name_zh is empty; give the dish its Chinese name")]
    EmptyName { dish: usize },
    #[error(
        "dish {dish}: the name `{name}` is {chars} characters; shorten it to at most {MAX_NAME_CHARS}"
    )]
    NameTooLong {
        dish: usize,
        name: String,
        chars: usize,
    },
    #[error("dish {dish}: the name has control characters; write plain text")]
    ControlCharacters { dish: usize },
    #[error("dish {dish}: `{name}` is listed twice; list each dish once")]
    DuplicateDish { dish: usize, name: String },
    #[error("dish {dish}: unknown tag `{tag}`; use one of: {choices}")]
    UnknownTag {
        dish: usize,
        tag: String,
        choices: String,
    },
    #[error("dish {dish}: tag `{tag}` is given twice; give it once")]
    DuplicateTag { dish: usize, tag: String },
    #[error(
        "dish {dish}: {count} tags; at most {MAX_TAGS} fit under a dish on the screen, keep the most important (allergens first)"
    )]
    TooManyTags { dish: usize, count: usize },
    #[error(
        "dish {dish}: the photo is over {MAX_PHOTO_BYTES} bytes ({bytes} or more); save a smaller thumbnail (about 200×150 pixels)"
    )]
    PhotoTooBig { dish: usize, bytes: usize },
    #[error("dish {dish}: the photo is not a PNG or JPEG image; save it as one of those")]
    PhotoNotImage { dish: usize },
}

/// Checks a menu and returns its dishes (tags as ids, in the order given),
/// or every problem found.
pub fn check_dishes(
    inputs: &[DishInput],
    catalog: &TagCatalog,
) -> Result<Vec<Dish>, Vec<DishProblem>> {
    let mut problems = Vec::new();
    if inputs.is_empty() {
        problems.push(DishProblem::NoDishes);
    }
    if inputs.len() > MAX_DISHES {
        problems.push(DishProblem::TooManyDishes {
            count: inputs.len(),
        });
    }
    let mut dishes = Vec::with_capacity(inputs.len());
    let mut names = std::collections::HashSet::new();
    for (i, input) in inputs.iter().enumerate() {
        let dish = i + 1;
        let name_zh = input.name_zh.trim().to_owned();
        let name_en = input.name_en.trim().to_owned();
        if name_zh.is_empty() {
            problems.push(DishProblem::EmptyName { dish });
        } else if !names.insert(name_zh.clone()) {
            problems.push(DishProblem::DuplicateDish {
                dish,
                name: name_zh.clone(),
            });
        }
        for name in [&name_zh, &name_en] {
            if name.chars().any(char::is_control) {
                problems.push(DishProblem::ControlCharacters { dish });
            } else if name.chars().count() > MAX_NAME_CHARS {
                problems.push(DishProblem::NameTooLong {
                    dish,
                    name: name.clone(),
                    chars: name.chars().count(),
                });
            }
        }
        if input.tags.len() > MAX_TAGS {
            problems.push(DishProblem::TooManyTags {
                dish,
                count: input.tags.len(),
            });
        }
        let mut tags: Vec<String> = Vec::new();
        for tag in &input.tags {
            match catalog.find(tag) {
                None => problems.push(DishProblem::UnknownTag {
                    dish,
                    tag: tag.clone(),
                    choices: catalog.choices(),
                }),
                Some(t) if tags.contains(&t.id) => problems.push(DishProblem::DuplicateTag {
                    dish,
                    tag: tag.clone(),
                }),
                Some(t) => tags.push(t.id.clone()),
            }
        }
        let photo_hex = match &input.photo {
            None => None,
            Some(bytes) if bytes.len() > MAX_PHOTO_BYTES => {
                problems.push(DishProblem::PhotoTooBig {
                    dish,
                    bytes: bytes.len(),
                });
                None
            }
            Some(bytes) if !is_image(bytes) => {
                problems.push(DishProblem::PhotoNotImage { dish });
                None
            }
            Some(bytes) => Some(hex::encode(bytes)),
        };
        dishes.push(Dish {
            name_zh,
            name_en,
            tags,
            photo_hex,
        });
    }
    if problems.is_empty() {
        Ok(dishes)
    } else {
        Err(problems)
    }
}

/// Re-checks dishes that arrived already checked (a bundle, the ledger):
/// the same rules, so a kiosk never shows what the office could not send.
pub fn recheck(dishes: &[Dish], catalog: &TagCatalog) -> Result<(), Vec<DishProblem>> {
    let inputs: Vec<DishInput> = dishes
        .iter()
        .map(|d| DishInput {
            name_zh: d.name_zh.clone(),
            name_en: d.name_en.clone(),
            tags: d.tags.clone(),
            photo: d
                .photo_hex
                .as_ref()
                .map(|h| hex::decode(h).unwrap_or_default()),
        })
        .collect();
    check_dishes(&inputs, catalog).map(drop)
}

/// PNG or JPEG by their first bytes.
fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n") || bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// Every problem on its own line, for an error message.
pub fn problems_text(problems: &[DishProblem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
#[path = "dishes_tests.rs"]
mod tests;
