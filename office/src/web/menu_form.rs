//! The menu as a form: one block per item (names, market price, whether it
//! is subsidised, its meal periods, a price per tier of the pricing), each
//! field with its own explanation when it is wrong, in the page language.
//!
//! There is no validation here. The posted fields change the newest menu as
//! written ([`canteen_config::menu_text::MenuFile`]); its text goes, with the
//! newest pricing text, through [`crate::publish::rules_bundle`] — the raw
//! TOML editor's path and the kiosks' own configuration check — and that
//! check's problems are put back beside the fields their keys name
//! (`items[1].tier_prices.age80`). Nothing is published unless every field
//! is good. A form opened before another bundle was issued is refused (its
//! items may no longer be the menu's), so no one overwrites a newer menu.

use canteen_config::menu_text::MenuFile;
use canteen_config::{Config, Problem};

use super::Nav;
use crate::export::Lang;

/// One text field: its form name (the configuration key it edits), label,
/// value and, when the check refused it, why.
pub struct Field {
    pub name: String,
    pub label: String,
    pub value: String,
    pub error: String,
}

/// One checkbox of an item's meal periods.
pub struct Check {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One menu item's block of the form.
pub struct ItemForm {
    pub index: usize,
    pub id: String,
    pub name_zh: Field,
    pub name_en: Field,
    pub market: Field,
    pub subsidised: bool,
    pub periods: Vec<Check>,
    pub periods_label: String,
    pub periods_error: String,
    pub tiers: Vec<Field>,
    /// Problems of the item that belong to no one field.
    pub other_errors: Vec<String>,
}

impl ItemForm {
    /// The form name of one of this item's fields.
    pub fn name(&self, key: &str) -> String {
        key_of(self.index, key)
    }

    /// Each refused field's label and why, in form order (for the summary
    /// above the form; the same messages stand beside the fields).
    pub fn errors(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .other_errors
            .iter()
            .map(|e| (self.id.clone(), e.clone()))
            .collect();
        let fields = [&self.name_zh, &self.name_en, &self.market];
        let (before, after) = (fields.iter().copied(), self.tiers.iter());
        out.extend(
            before
                .filter(|f| !f.error.is_empty())
                .map(|f| (f.label.clone(), f.error.clone())),
        );
        if !self.periods_error.is_empty() {
            out.push((self.periods_label.clone(), self.periods_error.clone()));
        }
        out.extend(
            after
                .filter(|f| !f.error.is_empty())
                .map(|f| (f.label.clone(), f.error.clone())),
        );
        out
    }

    /// Whether any of its fields was refused.
    pub fn has_errors(&self) -> bool {
        !self.periods_error.is_empty()
            || !self.other_errors.is_empty()
            || [&self.name_zh, &self.name_en, &self.market]
                .into_iter()
                .chain(&self.tiers)
                .any(|f| !f.error.is_empty())
    }
}

/// The whole form: the bundle version it was opened at, and its items.
pub struct MenuForm {
    pub base: u64,
    pub items: Vec<ItemForm>,
    /// Problems that name no field of the form (e.g. of `pricing.toml`).
    pub general: Vec<String>,
}

impl MenuForm {
    /// Whether the check refused anything shown.
    pub fn has_errors(&self) -> bool {
        !self.general.is_empty() || self.items.iter().any(ItemForm::has_errors)
    }
}

fn key_of(index: usize, key: &str) -> String {
    format!("items[{index}].{key}")
}

/// A problem's explanation in the page language (the Chinese one where the
/// check wrote one, else the English).
fn explain(nav: &Nav, p: &Problem) -> String {
    if matches!(nav.lang, Lang::Zh) && !p.message_zh.is_empty() {
        p.message_zh.clone()
    } else {
        p.message.clone()
    }
}

/// The form of `menu` as the pricing of `config` shapes it (its periods and
/// tiers), opened at bundle `base`, with `problems` beside their fields.
pub fn build(
    nav: &Nav,
    menu: &MenuFile,
    config: &Config,
    base: u64,
    problems: &[Problem],
) -> MenuForm {
    let mut placed = vec![false; problems.len()];
    let mut error_at = |key: &str| -> String {
        let found: Vec<String> = problems
            .iter()
            .enumerate()
            .filter(|(_, p)| p.file == "menu.toml" && p.key == key)
            .map(|(i, p)| {
                placed[i] = true;
                explain(nav, p)
            })
            .collect();
        found.join("; ")
    };
    let mut items = Vec::new();
    for (index, item) in menu.items.iter().enumerate() {
        let at = |key: &str| key_of(index, key);
        let mut field = |key: &str, label: &str, value: &str| Field {
            name: at(key),
            label: label.to_owned(),
            value: value.to_owned(),
            error: error_at(&at(key)),
        };
        let name_zh = field(
            "name_zh",
            nav.t("中文名称", "Name (Chinese)"),
            &item.name_zh,
        );
        let name_en = field(
            "name_en",
            nav.t("英文名称", "Name (English)"),
            &item.name_en,
        );
        let market = field(
            "market",
            nav.t("市场价（元）", "Market price (yuan)"),
            &item.market,
        );
        let tiers = config
            .pricing
            .tiers
            .iter()
            .map(|t| {
                let value = item.tier_prices.get(&t.id).map_or("", String::as_str);
                field(
                    &format!("tier_prices.{}", t.id),
                    nav.t(&t.name_zh, &t.name_en),
                    value,
                )
            })
            .collect();
        let periods = config
            .pricing
            .periods
            .all()
            .iter()
            .map(|p| Check {
                value: p.id.as_str().to_owned(),
                label: nav.t(&p.name_zh, &p.name_en).to_owned(),
                checked: item.periods.iter().any(|x| x == p.id.as_str()),
            })
            .collect();
        let periods_error = error_at(&at("periods"));
        let other_errors = [at("id"), at("tier_prices")]
            .iter()
            .map(|k| error_at(k))
            .filter(|e| !e.is_empty())
            .collect();
        items.push(ItemForm {
            index,
            id: item.id.clone(),
            name_zh,
            name_en,
            market,
            subsidised: item.subsidised,
            periods,
            periods_label: nav.t("餐段", "Meal periods").to_owned(),
            periods_error,
            tiers,
            other_errors,
        });
    }
    // Whatever names no field: shown above the form, with its file and key.
    let general = problems
        .iter()
        .zip(placed)
        .filter(|(_, placed)| !placed)
        .map(|(p, _)| format!("{} · {}: {}", p.file, p.key, explain(nav, p)))
        .collect();
    MenuForm {
        base,
        items,
        general,
    }
}

/// `menu` with the posted `fields` (name, value pairs; a checkbox appears
/// only when ticked) applied to its items, the tiers and periods offered
/// being those of `config`. Values are taken as typed (trimmed); an empty
/// tier price means the item has no price of its own for that tier.
pub fn apply(menu: &MenuFile, config: &Config, fields: &[(String, String)]) -> MenuFile {
    let value = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim().to_owned())
    };
    let mut edited = menu.clone();
    for (index, item) in edited.items.iter_mut().enumerate() {
        let at = |key: &str| key_of(index, key);
        if let Some(v) = value(&at("name_zh")) {
            item.name_zh = v;
        }
        if let Some(v) = value(&at("name_en")) {
            item.name_en = v;
        }
        if let Some(v) = value(&at("market")) {
            item.market = v;
        }
        item.subsidised = value(&at("subsidised")).is_some();
        let ticked: Vec<&str> = fields
            .iter()
            .filter(|(k, _)| *k == at("periods"))
            .map(|(_, v)| v.as_str())
            .collect();
        item.periods = config
            .pricing
            .periods
            .all()
            .iter()
            .map(|p| p.id.as_str())
            .filter(|id| ticked.contains(id))
            .map(str::to_owned)
            .collect();
        for tier in &config.pricing.tiers {
            match value(&at(&format!("tier_prices.{}", tier.id))) {
                Some(v) if !v.is_empty() => {
                    item.tier_prices.insert(tier.id.clone(), v);
                }
                _ => {
                    item.tier_prices.remove(&tier.id);
                }
            }
        }
    }
    edited
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::users::Role;

    fn nav(lang: Lang) -> Nav {
        Nav {
            lang,
            user: "a".into(),
            role: Role::Admin,
            csrf: String::new(),
            here: "menus",
        }
    }

    fn shipped() -> MenuFile {
        MenuFile::parse(include_str!("../../../config/defaults/menu.toml")).unwrap()
    }

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn posted_fields_change_only_what_they_name_and_untouched_items_keep_theirs() {
        let config = Config::defaults();
        let menu = shipped();
        let fields = pairs(&[
            ("items[1].name_zh", " 午餐 "),
            ("items[1].market", "16.00"),
            ("items[1].subsidised", "1"),
            ("items[1].periods", "lunch"),
            ("items[1].periods", "dinner"),
            ("items[1].tier_prices.age80", "11.00"),
            ("items[1].tier_prices.age90", ""),
        ]);
        let edited = apply(&menu, &config, &fields);
        let lunch = &edited.items[1];
        assert_eq!(
            (lunch.name_zh.as_str(), lunch.market.as_str()),
            ("午餐", "16.00")
        );
        assert_eq!(lunch.periods, ["lunch", "dinner"]);
        assert_eq!(
            lunch.tier_prices.get("age80").map(String::as_str),
            Some("11.00")
        );
        assert!(!lunch.tier_prices.contains_key("age90"), "emptied");
        assert!(!lunch.tier_prices.contains_key("age60"), "not posted: none");
        // Item 0 got no name fields: kept; its unticked box means "not subsidised".
        assert_eq!(edited.items[0].name_zh, menu.items[0].name_zh);
        assert!(!edited.items[0].subsidised);
    }

    #[test]
    fn the_check_s_problems_land_beside_their_fields_in_the_page_language() {
        let config = Config::defaults();
        let mut menu = shipped();
        menu.items[1]
            .tier_prices
            .insert("age80".into(), "12,5".into());
        let problems = Config::from_texts(&[("menu.toml", &menu.to_toml())])
            .unwrap_err()
            .problems;
        let zh = build(&nav(Lang::Zh), &menu, &config, 0, &problems);
        let en = build(&nav(Lang::En), &menu, &config, 0, &problems);
        let age80 = |f: &MenuForm| {
            f.items[1]
                .tiers
                .iter()
                .find(|t| t.name == "items[1].tier_prices.age80")
                .unwrap()
                .error
                .clone()
        };
        assert!(age80(&zh).contains("不是金额"), "{}", age80(&zh));
        assert!(age80(&en).contains("is not an amount"), "{}", age80(&en));
        assert!(zh.general.is_empty() && zh.items[1].has_errors());
        let summary = zh.items[1].errors();
        assert_eq!(summary.len(), 1, "{summary:?}");
        assert_eq!(summary[0], ("80–89岁".to_owned(), age80(&zh)));
        assert!(!zh.items[0].has_errors());
    }
}
