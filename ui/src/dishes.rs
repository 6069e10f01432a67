//! Today's dishes on the welcome screen: the kiosk hands the controller
//! [`TodayDishes`] (what its ledger holds for today, per meal period;
//! [`crate::Kiosk::set_dishes`]), and [`show`] puts the current period's on
//! the screen as display-ready rows — each dish's name and its diet tags as
//! an icon kind and a word in the screen's language — one page at a time.
//! Pages turn every [`PAGE_SECONDS`] by the clock, so about ten dishes show
//! in the large type on a 1024×600 panel without scrolling.

use canteen_core::dishes::{DishInput, check_dishes};
use canteen_core::{Dish, TagCatalog, TagIcon};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::lang::Lang;
use crate::{DishRow, KioskWindow, TagChip, TagKind, WelcomeAdapter};

/// How long one page of dishes shows before the next.
pub const PAGE_SECONDS: u32 = 8;

/// Today's dishes per meal period (the local entry already chosen over the
/// office's by the back end).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TodayDishes {
    /// The date they are for; none is nothing to show.
    pub date: Option<NaiveDate>,
    /// (period id, dishes), periods without dishes left out.
    pub periods: Vec<(String, Vec<Dish>)>,
}

impl TodayDishes {
    /// The dishes of `period` on `date` (none when these are another day's).
    pub fn for_period(&self, date: NaiveDate, period: &str) -> &[Dish] {
        if self.date != Some(date) {
            return &[];
        }
        self.periods
            .iter()
            .find(|(p, _)| p == period)
            .map_or(&[], |(_, d)| d.as_slice())
    }
}

/// Dishes per page for a window `height` logical pixels tall: two under
/// the prices of a 600- or 800-pixel panel, four on a 1080-pixel screen.
pub fn page_size(height: f32) -> usize {
    if height >= 1000.0 { 4 } else { 2 }
}

/// The page showing at `now` of `count` dishes in pages of `size`, and how
/// many pages there are.
pub fn page_at(now: NaiveDateTime, count: usize, size: usize) -> (usize, usize) {
    let pages = count.div_ceil(size.max(1)).max(1);
    let tick = (now.num_seconds_from_midnight() / PAGE_SECONDS) as usize;
    (tick % pages, pages)
}

fn kind(icon: TagIcon) -> TagKind {
    match icon {
        TagIcon::Oil => TagKind::Oil,
        TagIcon::Salt => TagKind::Salt,
        TagIcon::Sugar => TagKind::Sugar,
        TagIcon::Chili => TagKind::Chili,
        TagIcon::Soft => TagKind::Soft,
        TagIcon::Halal => TagKind::Halal,
        TagIcon::Allergen => TagKind::Allergen,
    }
}

/// One dish as the screen shows it; a tag the catalog does not know (a
/// newer office's) is left out rather than shown as an id.
pub fn row(dish: &Dish, catalog: &TagCatalog, lang: Lang) -> DishRow {
    let tags: Vec<TagChip> = dish
        .tags
        .iter()
        .filter_map(|id| catalog.find(id))
        .map(|t| TagChip {
            kind: kind(t.icon),
            word: SharedString::from(lang.pick(&t.zh, &t.en)),
        })
        .collect();
    let name = dish.name(lang == Lang::En);
    let label = std::iter::once(name.to_owned())
        .chain(tags.iter().map(|t| t.word.to_string()))
        .collect::<Vec<_>>()
        .join(" ");
    DishRow {
        name: name.into(),
        label: label.into(),
        tags: ModelRc::new(VecModel::from(tags)),
    }
}

/// Puts `dishes` (the current period's; empty outside a period) on the
/// welcome screen, the page due at `now`.
pub(crate) fn show(ui: &KioskWindow, dishes: &[Dish], lang: Lang, now: NaiveDateTime) {
    let w = ui.global::<WelcomeAdapter<'_>>();
    let window = ui.window();
    let size = page_size(window.size().to_logical(window.scale_factor()).height);
    let (page, pages) = page_at(now, dishes.len(), size);
    let catalog = TagCatalog::shipped();
    let rows: Vec<DishRow> = dishes
        .iter()
        .skip(page * size)
        .take(size)
        .map(|d| row(d, &catalog, lang))
        .collect();
    let title = lang.pick("今日菜品", "Dishes");
    w.set_dishes_title(if pages > 1 {
        format!("{title} {}/{pages}", page + 1).into()
    } else {
        title.into()
    });
    w.set_show_dishes(!rows.is_empty() && w.get_in_period() && w.get_scanner_ok());
    w.set_dishes(ModelRc::new(VecModel::from(rows)));
}

/// Ten dishes of a lunch, as a canteen might cook them: the demo's and the
/// screenshots' menu.
pub fn demo_dishes() -> Vec<Dish> {
    let menu: [(&str, &str, &[&str]); 10] = [
        ("清蒸鲈鱼", "Steamed bass", &["少油", "少盐", "含海鲜"]),
        ("番茄炒蛋", "Tomato & egg", &["少糖", "含蛋"]),
        ("肉末豆腐", "Minced tofu", &["软食", "少辣", "含大豆"]),
        ("白灼菜心", "Choy sum", &["少油", "少盐"]),
        ("土豆炖牛肉", "Beef stew", &["清真", "软食"]),
        ("宫保鸡丁", "Kung pao", &["少辣", "含花生"]),
        ("冬瓜排骨汤", "Melon soup", &["少盐", "软食"]),
        ("南瓜小米粥", "Millet congee", &["少糖", "软食"]),
        ("凉拌黄瓜", "Cucumber", &["少油"]),
        ("馒头", "Steamed bun", &["含麸质", "含奶"]),
    ];
    let inputs: Vec<DishInput> = menu
        .iter()
        .map(|(zh, en, tags)| DishInput {
            name_zh: (*zh).into(),
            name_en: (*en).into(),
            tags: tags.iter().map(|t| (*t).into()).collect(),
            photo: None,
        })
        .collect();
    check_dishes(&inputs, &TagCatalog::shipped()).expect("the demo menu is valid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_turn_with_the_clock_and_cover_every_dish() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let at = |s| day.and_hms_opt(12, 0, s).unwrap();
        // 10 dishes, 3 a page: 4 pages, each PAGE_SECONDS long.
        assert_eq!(page_at(at(0), 10, 3), (0, 4));
        assert_eq!(page_at(at(8), 10, 3), (1, 4));
        assert_eq!(page_at(at(7), 10, 3), (0, 4));
        let seen: std::collections::BTreeSet<usize> =
            (0..60).map(|s| page_at(at(s), 10, 3).0).collect();
        assert_eq!(seen.into_iter().collect::<Vec<_>>(), [0, 1, 2, 3]);
        assert_eq!(page_at(at(30), 0, 3), (0, 1));
    }

    #[test]
    fn a_row_names_the_dish_and_its_tags_in_the_language() {
        let catalog = TagCatalog::shipped();
        let dish = &demo_dishes()[0];
        let zh = row(dish, &catalog, Lang::Zh);
        assert_eq!(zh.label, "清蒸鲈鱼 少油 少盐 含海鲜");
        let en = row(dish, &catalog, Lang::En);
        assert_eq!(en.label, "Steamed bass Low oil Low salt Seafood");
        let mut unknown = dish.clone();
        unknown.tags.push("from-a-newer-office".into());
        assert_eq!(row(&unknown, &catalog, Lang::Zh).label, zh.label);
    }

    #[test]
    fn dishes_of_another_day_or_period_are_not_shown() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let today = TodayDishes {
            date: Some(day),
            periods: vec![("lunch".into(), demo_dishes())],
        };
        assert_eq!(today.for_period(day, "lunch").len(), 10);
        assert!(today.for_period(day, "dinner").is_empty());
        assert!(
            today
                .for_period(day.succ_opt().unwrap(), "lunch")
                .is_empty()
        );
    }
}
