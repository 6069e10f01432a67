//! The subsidy claim as a table people read: one line per canteen, date, meal
//! period, tier and category (from [`crate::report::subsidy`]), with meals,
//! market total, what diners paid and the subsidy claimed (fen inside, yuan
//! on paper), then — in their own columns — the meals of those delivered to
//! the housebound and their delivery fees, a totals row, and column headers
//! and labels in Chinese or English. Every file of the claim (XLSX, Excel
//! CSV, the printable page, the web page) takes its number columns from
//! [`ClaimLine::amounts`] and [`NUMBER_KINDS`], so a column is added here once.
//!
//! The labels (午餐, 60–79岁, 低保 …) are the configuration's own names of
//! its periods, tiers, categories and menu items (`name_zh`/`name_en` in
//! `pricing.toml` and `menu.toml`, carried by core's `PricingRules`); an id
//! the configuration no longer names shows as itself.

use canteen_core::PricingRules;
use canteen_core::closing::NO_KEY;

use super::Lang;
use crate::report::SubsidyRow;

/// The claim table's column headers, in order.
pub const COLUMNS_ZH: [&str; 11] = [
    "食堂",
    "日期",
    "餐次",
    "年龄段",
    "补贴类别",
    "份数",
    "市场价（元）",
    "个人支付（元）",
    "补贴金额（元）",
    "其中送餐（份）",
    "送餐费（元）",
];

pub const COLUMNS_EN: [&str; 11] = [
    "Canteen",
    "Date",
    "Meal period",
    "Tier",
    "Category",
    "Meals",
    "Market (yuan)",
    "Paid (yuan)",
    "Subsidy (yuan)",
    "Of which delivered (meals)",
    "Delivery fees (yuan)",
];

/// What each number column (after the five text columns) holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberKind {
    /// A count of meals.
    Meals,
    /// An amount in fen, shown as yuan.
    Fen,
}

/// The kinds of [`ClaimLine::amounts`], in column order.
pub const NUMBER_KINDS: [NumberKind; 6] = [
    NumberKind::Meals,
    NumberKind::Fen,
    NumberKind::Fen,
    NumberKind::Fen,
    NumberKind::Meals,
    NumberKind::Fen,
];

/// The number cells as text: meals as integers, fen as yuan (`45.00`).
pub fn number_texts(amounts: [i64; 6]) -> [String; 6] {
    let mut k = 0;
    amounts.map(|v| {
        let text = match NUMBER_KINDS[k] {
            NumberKind::Meals => v.to_string(),
            NumberKind::Fen => super::yuan_text(v),
        };
        k += 1;
        text
    })
}

/// The column headers in `lang`.
pub fn columns(lang: Lang) -> [&'static str; 11] {
    match lang {
        Lang::Zh => COLUMNS_ZH,
        Lang::En => COLUMNS_EN,
    }
}

/// The label of the totals row.
pub fn totals_label(lang: Lang) -> &'static str {
    lang.pick("合计", "Total")
}

/// A display name in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub zh: String,
    pub en: String,
}

impl Label {
    fn new(zh: &str, en: &str) -> Label {
        Label {
            zh: zh.to_owned(),
            en: en.to_owned(),
        }
    }

    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// The configuration's names of periods, tiers, categories and items.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    periods: Vec<(String, Label)>,
    tiers: Vec<(String, Label)>,
    categories: Vec<(String, Label)>,
    items: Vec<(String, Label)>,
}

fn find(list: &[(String, Label)], id: &str) -> Label {
    list.iter()
        .find(|(i, _)| i == id)
        .map_or_else(|| Label::new(id, id), |(_, l)| l.clone())
}

impl Labels {
    pub fn new(rules: &PricingRules) -> Labels {
        Labels {
            periods: rules
                .periods
                .all()
                .iter()
                .map(|p| (p.id.0.clone(), Label::new(&p.name_zh, &p.name_en)))
                .collect(),
            tiers: rules
                .tiers
                .iter()
                .map(|t| (t.id.clone(), Label::new(&t.name_zh, &t.name_en)))
                .collect(),
            categories: rules
                .categories
                .iter()
                .map(|c| (c.id.clone(), Label::new(&c.name_zh, &c.name_en)))
                .collect(),
            items: rules
                .items
                .iter()
                .map(|i| (i.id.clone(), Label::new(&i.name_zh, &i.name_en)))
                .collect(),
        }
    }

    /// A meal period ([`NO_KEY`]: sold outside every period).
    pub fn period(&self, id: &str) -> Label {
        match id {
            NO_KEY => Label::new("餐次外", "Outside meal periods"),
            id => find(&self.periods, id),
        }
    }

    /// A tier ([`NO_KEY`]: no tier, the market price).
    pub fn tier(&self, id: &str) -> Label {
        match id {
            NO_KEY => Label::new("其他（市场价）", "Other (market price)"),
            id => find(&self.tiers, id),
        }
    }

    /// The report's category column: [`NO_KEY`], or ids joined with `+`.
    pub fn category(&self, ids: &str) -> Label {
        if ids == NO_KEY || ids.is_empty() {
            return Label::new("无", "None");
        }
        let names: Vec<Label> = ids
            .split('+')
            .map(|id| find(&self.categories, id))
            .collect();
        Label {
            zh: names
                .iter()
                .map(|l| l.zh.as_str())
                .collect::<Vec<_>>()
                .join("、"),
            en: names
                .iter()
                .map(|l| l.en.as_str())
                .collect::<Vec<_>>()
                .join(" + "),
        }
    }

    /// A menu item (or the delivery fee's own line).
    pub fn item(&self, id: &str) -> Label {
        if id == canteen_core::DELIVERY_FEE_ITEM {
            return Label::new("送餐费", "Delivery fee");
        }
        find(&self.items, id)
    }
}

/// One line of the claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimLine {
    pub canteen: String,
    pub date: String,
    pub period: Label,
    pub tier: Label,
    pub category: Label,
    /// The subsidy report row's six numbers ([`SubsidyRow::amounts`]).
    pub numbers: [i64; 6],
}

/// The claim: its lines, their totals (the six numbers summed over every
/// line), and the labels the meal list uses.
#[derive(Clone, Debug)]
pub struct ClaimTable {
    pub lines: Vec<ClaimLine>,
    pub totals: [i64; 6],
    pub labels: Labels,
}

impl ClaimTable {
    /// The table of the subsidy report's `rows`, labelled with `rules`' names.
    pub fn new(rows: &[SubsidyRow], rules: &PricingRules) -> ClaimTable {
        let labels = Labels::new(rules);
        let mut totals = [0; 6];
        let lines = rows
            .iter()
            .map(|r| {
                let numbers = r.amounts();
                for (total, n) in totals.iter_mut().zip(numbers) {
                    *total += n;
                }
                ClaimLine {
                    canteen: r.canteen.clone(),
                    date: r.date.clone(),
                    period: labels.period(&r.period),
                    tier: labels.tier(&r.tier),
                    category: labels.category(&r.category),
                    numbers,
                }
            })
            .collect();
        ClaimTable {
            lines,
            totals,
            labels,
        }
    }
}

impl ClaimLine {
    /// The five text cells, in column order.
    pub fn texts(&self, lang: Lang) -> [&str; 5] {
        [
            &self.canteen,
            &self.date,
            self.period.pick(lang),
            self.tier.pick(lang),
            self.category.pick(lang),
        ]
    }

    /// The six numbers, in column order (kinds: [`NUMBER_KINDS`]).
    pub fn amounts(&self) -> [i64; 6] {
        self.numbers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tier: &str, category: &str, meals: i64, market: i64, paid: i64) -> SubsidyRow {
        SubsidyRow {
            canteen: "east".into(),
            date: "2026-11-23".into(),
            period: "lunch".into(),
            tier: tier.into(),
            category: category.into(),
            meals,
            market_fen: market,
            paid_fen: paid,
            subsidy_fen: market - paid,
            delivered_meals: 0,
            delivery_fee_fen: 0,
        }
    }

    #[test]
    fn lines_are_labelled_from_the_configuration_and_totalled() {
        let rules = canteen_config::Config::defaults().pricing;
        let table = ClaimTable::new(
            &[
                row("age60", "dibao", 2, 3000, 2304),
                row("none", "none", 1, 1500, 1500),
                row("gone", "dibao+x", -1, -1500, -1000),
            ],
            &rules,
        );
        let l = &table.lines[0];
        assert_eq!(
            (
                l.period.zh.as_str(),
                l.tier.zh.as_str(),
                l.category.zh.as_str()
            ),
            ("午餐", "60–79岁", "低保")
        );
        assert_eq!(l.texts(Lang::En)[2], "Lunch");
        assert_eq!(table.lines[1].tier.zh, "其他（市场价）");
        assert_eq!(table.lines[1].category.zh, "无");
        assert_eq!(table.lines[2].tier.zh, "gone");
        assert_eq!(table.lines[2].category.zh, "低保、x");
        // meals, market, paid, subsidy, delivered meals, delivery fees
        assert_eq!(table.totals, [2, 3000, 2804, 196, 0, 0]);
    }
}
