//! From raw file shapes to a trusted [`Config`]: every rule is checked and every
//! problem collected (not just the first), each with its file and key path.

use std::collections::{BTreeMap, HashSet};

use canteen_core::cashier::CashierRules;
use canteen_core::{
    Category, MealPeriod, MenuItem, Money, MoneyParseError, Percent, PeriodId, Periods,
    PricingRules, Tier,
};
use chrono::{FixedOffset, NaiveTime};
use serde::de::DeserializeOwned;

use crate::error::{ConfigError, Problems};
use crate::raw::{CanteenFile, CashierSection, ItemEntry, MenuFile, PricingFile};
use crate::source::SourceFile;
use crate::{Canteen, Config};

pub fn config(files: &[SourceFile]) -> Result<Config, ConfigError> {
    let text = |name: &str| {
        files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.as_str())
            .unwrap_or_default()
    };
    // Parse all three first so syntax errors in every file are reported together.
    let canteen_file = parse::<CanteenFile>("canteen.toml", text("canteen.toml"));
    let pricing_file = parse::<PricingFile>("pricing.toml", text("pricing.toml"));
    let menu_file = parse::<MenuFile>("menu.toml", text("menu.toml"));
    let (canteen_file, pricing_file, menu_file) = match (canteen_file, pricing_file, menu_file) {
        (Ok(c), Ok(p), Ok(m)) => (c, p, m),
        (c, p, m) => {
            let problems = [c.err(), p.err(), m.err()]
                .into_iter()
                .flatten()
                .flat_map(|e| e.problems)
                .collect();
            return Err(ConfigError { problems });
        }
    };

    let mut problems = Vec::new();
    let cashier = cashier(canteen_file.cashier.as_ref(), &mut problems);
    let kiosk = crate::devices::kiosk(canteen_file.kiosk.as_ref(), &mut problems);
    let devices = crate::devices::devices(canteen_file.devices.as_ref(), &mut problems);
    let peers = crate::peers::peers(canteen_file.peers.as_ref(), &mut problems);
    let privacy = crate::privacy::privacy(canteen_file.privacy.as_ref(), &mut problems);
    let voice = crate::voice::voice(canteen_file.voice.as_ref(), &mut problems);
    let log = crate::log::log(canteen_file.log.as_ref(), &mut problems);
    let canteen = canteen(canteen_file, &mut problems);
    let pricing = pricing(pricing_file, menu_file, &mut problems);
    if problems.is_empty() {
        Ok(Config {
            canteen: canteen.expect("no problems"),
            pricing,
            cashier,
            kiosk,
            devices,
            peers,
            privacy,
            voice,
            log,
        })
    } else {
        Err(ConfigError { problems })
    }
}

pub(crate) fn parse<T: DeserializeOwned>(file: &str, text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let key = match e.span() {
            Some(span) => {
                let before = &text[..span.start.min(text.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                format!("line {line}, column {column}")
            }
            None => "(file)".to_owned(),
        };
        ConfigError::one(file, key, e.message().trim().to_owned())
    })
}

fn canteen(raw: CanteenFile, problems: &mut Vec<crate::Problem>) -> Option<Canteen> {
    let mut p = Problems::new("canteen.toml");
    let c = raw.canteen;
    check_id(&mut p, "canteen.id", &c.id);
    if c.name_zh.trim().is_empty() {
        p.add(
            "canteen.name_zh",
            "is empty: give the canteen's Chinese name, shown on screens and receipts",
        );
    }
    let timezone = parse_offset(&c.timezone);
    if timezone.is_none() {
        p.add(
            "canteen.timezone",
            format!(
                "`{}` is not a UTC offset: write it as \"+08:00\" (between -12:00 and +14:00)",
                c.timezone
            ),
        );
    }
    let ok = p.found.is_empty();
    problems.append(&mut p.found);
    ok.then(|| Canteen {
        id: c.id,
        name_zh: c.name_zh,
        name_en: c.name_en,
        timezone: timezone.expect("checked"),
        age_convention: c.age_convention,
    })
}

/// `[cashier]`: lockout, shift difference limit, idle timeout (defaults if absent).
fn cashier(raw: Option<&CashierSection>, problems: &mut Vec<crate::Problem>) -> CashierRules {
    let Some(c) = raw else {
        return CashierRules::default();
    };
    let mut p = Problems::new("canteen.toml");
    if !(1..=1440).contains(&c.lock_minutes) {
        p.add(
            "cashier.lock_minutes",
            format!(
                "{} is out of range: a locked account stays locked 1 to 1440 minutes",
                c.lock_minutes
            ),
        );
    }
    let limit = match c.shift_difference_limit.parse::<Money>() {
        Ok(m) if m >= Money::ZERO => m,
        Ok(m) => {
            p.add(
                "cashier.shift_difference_limit",
                format!("{m} is negative: write an amount of ¥0.00 or more, e.g. \"5.00\""),
            );
            Money::ZERO
        }
        Err(e) => {
            p.add(
                "cashier.shift_difference_limit",
                format!(
                    "`{}` is not an amount ({e}): write yuan like \"5.00\"",
                    c.shift_difference_limit
                ),
            );
            Money::ZERO
        }
    };
    if !(15..=3600).contains(&c.cashier_idle_seconds) {
        p.add(
            "cashier.cashier_idle_seconds",
            format!(
                "{} is out of range: cashier mode times out after 15 to 3600 seconds",
                c.cashier_idle_seconds
            ),
        );
    }
    problems.append(&mut p.found);
    CashierRules {
        lock_minutes: c.lock_minutes,
        shift_difference_limit: limit,
        cashier_idle_seconds: c.cashier_idle_seconds,
    }
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 || !(-12 * 60..=14 * 60).contains(&(sign * (h * 60 + m))) {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Ids are short machine names: they appear in CLI arguments, journals and reports.
fn check_id(p: &mut Problems<'_>, key: &str, id: &str) {
    let ok = !id.is_empty()
        && id.len() <= 40
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !ok {
        p.add(
            key,
            format!("`{id}` is not a valid id: use 1–40 lower-case letters, digits, `-` or `_`"),
        );
    }
}

fn check_unique<'a>(p: &mut Problems<'_>, what: &str, ids: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            p.add(
                format!("{what}[{i}].id"),
                format!("`{id}` is used twice: every {what} entry needs its own id"),
            );
        }
    }
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M")
        .ok()
        .filter(|_| s.len() == 5)
}

/// A percentage written as "96" or "96.5": at most two decimals, 0–100.
fn parse_percent(s: &str) -> Option<Percent> {
    // Reuse the exact decimal parser of money: "96.5" → 9650 "fen" = basis points.
    let bp = s.parse::<Money>().ok()?.fen();
    u32::try_from(bp)
        .ok()
        .filter(|bp| *bp <= 10_000)
        .map(Percent::from_basis_points)
}

fn pricing(raw: PricingFile, menu: MenuFile, problems: &mut Vec<crate::Problem>) -> PricingRules {
    let mut p = Problems::new("pricing.toml");

    // Periods.
    check_unique(&mut p, "periods", raw.periods.iter().map(|x| x.id.as_str()));
    let mut periods = Vec::new();
    for (i, e) in raw.periods.iter().enumerate() {
        check_id(&mut p, &format!("periods[{i}].id"), &e.id);
        let start = parse_time(&e.start);
        let end = parse_time(&e.end);
        for (key, value, parsed) in [("start", &e.start, start), ("end", &e.end, end)] {
            if parsed.is_none() {
                p.add(
                    format!("periods[{i}].{key}"),
                    format!("`{value}` is not a time: write 24-hour \"HH:MM\", e.g. \"11:00\""),
                );
            }
        }
        if let (Some(start), Some(end)) = (start, end) {
            if start >= end {
                p.add(format!("periods[{i}].end"), format!("{} ends at {} but starts at {}: a period must end after it starts, within one day", e.id, e.end, e.start));
            } else {
                periods.push(MealPeriod {
                    id: PeriodId(e.id.clone()),
                    name_zh: e.name_zh.clone(),
                    name_en: e.name_en.clone(),
                    start,
                    end,
                });
            }
        }
    }
    for (i, a) in periods.iter().enumerate() {
        for b in &periods[i + 1..] {
            if a.overlaps(b) {
                p.add(
                    "periods",
                    format!("`{}` ({}–{}) and `{}` ({}–{}) overlap: meal periods must not share any time", a.id, a.start.format("%H:%M"), a.end.format("%H:%M"), b.id, b.start.format("%H:%M"), b.end.format("%H:%M")),
                );
            }
        }
    }

    // Tiers.
    check_unique(&mut p, "tiers", raw.tiers.iter().map(|x| x.id.as_str()));
    let mut tiers = Vec::new();
    for (i, e) in raw.tiers.iter().enumerate() {
        check_id(&mut p, &format!("tiers[{i}].id"), &e.id);
        if e.cashier_only && (e.min_age.is_some() || e.max_age.is_some()) {
            p.add(format!("tiers[{i}]"), format!("`{}` is cashier_only and also has ages: a cashier-only tier is chosen by staff, so remove min_age/max_age", e.id));
        }
        if !e.cashier_only && e.min_age.is_none() && e.max_age.is_none() {
            p.add(
                format!("tiers[{i}]"),
                format!(
                    "`{}` has no min_age or max_age: give an age range, or set cashier_only = true",
                    e.id
                ),
            );
        }
        if let (Some(min), Some(max)) = (e.min_age, e.max_age) {
            if min > max {
                p.add(
                    format!("tiers[{i}].max_age"),
                    format!("{max} is below min_age {min}: max_age must be at least min_age"),
                );
            }
        }
        tiers.push(e.clone());
    }
    let by_age: Vec<&Tier> = tiers.iter().filter(|t| !t.cashier_only).collect();
    for (i, a) in by_age.iter().enumerate() {
        for b in &by_age[i + 1..] {
            let (a_lo, a_hi) = (a.min_age.unwrap_or(0), a.max_age.unwrap_or(u32::MAX));
            let (b_lo, b_hi) = (b.min_age.unwrap_or(0), b.max_age.unwrap_or(u32::MAX));
            if a_lo <= b_hi && b_lo <= a_hi {
                p.add("tiers", format!("`{}` and `{}` cover some of the same ages: every age may fall in one tier only", a.id, b.id));
            }
        }
    }

    // Categories.
    check_unique(
        &mut p,
        "categories",
        raw.categories.iter().map(|x| x.id.as_str()),
    );
    let mut categories = Vec::new();
    for (i, e) in raw.categories.iter().enumerate() {
        check_id(&mut p, &format!("categories[{i}].id"), &e.id);
        match parse_percent(&e.pays_percent) {
            Some(pays) => categories.push(Category { id: e.id.clone(), name_zh: e.name_zh.clone(), name_en: e.name_en.clone(), min_age: e.min_age, pays }),
            None => p.add(
                format!("categories[{i}].pays_percent"),
                format!("`{}` is not a percentage: write what the diner pays as \"0\" to \"100\" with at most two decimals, e.g. \"96\"", e.pays_percent),
            ),
        }
    }
    problems.append(&mut p.found);

    let items = items(menu, &periods, &tiers, problems);
    let delivery = crate::delivery::fees(raw.delivery.as_ref(), &tiers, problems);
    PricingRules {
        version: 0,
        periods: Periods::new(periods),
        tiers,
        categories,
        stacking: raw.category_stacking,
        quota_per_period: raw.quota_per_period,
        items,
        delivery,
    }
}

fn items(
    menu: MenuFile,
    periods: &[MealPeriod],
    tiers: &[Tier],
    problems: &mut Vec<crate::Problem>,
) -> Vec<MenuItem> {
    let mut p = Problems::new("menu.toml");
    check_unique(&mut p, "items", menu.items.iter().map(|x| x.id.as_str()));
    let period_ids: Vec<&str> = periods.iter().map(|x| x.id.as_str()).collect();
    let tier_ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
    let mut items = Vec::new();
    for (i, e) in menu.items.into_iter().enumerate() {
        if let Some(item) = item(&mut p, i, e, &period_ids, &tier_ids) {
            items.push(item);
        }
    }
    problems.append(&mut p.found);
    items
}

fn item(
    p: &mut Problems<'_>,
    i: usize,
    e: ItemEntry,
    period_ids: &[&str],
    tier_ids: &[&str],
) -> Option<MenuItem> {
    let at = |key: &str| format!("items[{i}].{key}");
    let before = p.found.len();
    check_id(p, &at("id"), &e.id);
    if e.id == canteen_core::DELIVERY_FEE_ITEM {
        p.add(
            at("id"),
            "`delivery-fee` is the delivery fee's own line: give the item another id",
        );
    }
    if e.name_zh.trim().is_empty() {
        p.add_zh(
            at("name_zh"),
            "is empty: give the name diners see on screen and receipt",
            "名称为空：请填写顾客在屏幕和小票上看到的中文名称",
        );
    }
    let market = e
        .market
        .parse::<Money>()
        .map_err(|err| p.add_zh(at("market"), err.to_string(), money_zh(&err)))
        .ok();
    for period in &e.periods {
        if !period_ids.contains(&period.as_str()) {
            p.add_zh(
                at("periods"),
                format!(
                    "`{period}` is not a meal period: use one of {}",
                    list(period_ids)
                ),
                format!("“{period}”不是餐段：请选用 {}", list(period_ids)),
            );
        }
    }
    if e.subsidised && e.periods.is_empty() {
        p.add_zh(at("periods"), format!("`{}` is subsidised but has no periods: the quota counts meals per period, so list its periods (or set subsidised = false)", e.id),
            "享受补贴的菜品必须至少选一个餐段（补贴份数按餐段计）：请勾选餐段，或取消“补贴”");
    }
    if !e.subsidised && !e.tier_prices.is_empty() {
        p.add_zh(at("tier_prices"), format!("`{}` is never subsidised, so tier prices would be ignored: remove them or set subsidised = true", e.id),
            "此菜品不享受补贴，档位价不会生效：请清空档位价，或勾选“补贴”");
    }
    let mut tier_prices = BTreeMap::new();
    for (tier, text) in &e.tier_prices {
        let key = at(&format!("tier_prices.{tier}"));
        if !tier_ids.contains(&tier.as_str()) {
            p.add_zh(
                &key,
                format!("`{tier}` is not a tier: use one of {}", list(tier_ids)),
                format!("“{tier}”不是价格档位：请选用 {}", list(tier_ids)),
            );
            continue;
        }
        match (text.parse::<Money>(), market) {
            (Err(err), _) => p.add_zh(&key, err.to_string(), money_zh(&err)),
            (Ok(price), Some(market)) if price > market => p.add_zh(
                &key,
                format!("{price} is above the market price {market}: a tier price may be at most the market price"),
                format!("{price} 高于市场价 {market}：档位价不能高于市场价，请改低或提高市场价"),
            ),
            (Ok(price), _) => {
                tier_prices.insert(tier.clone(), price);
            }
        }
    }
    (p.found.len() == before).then(|| MenuItem {
        id: e.id,
        name_zh: e.name_zh,
        name_en: e.name_en,
        market: market.expect("no problems"),
        periods: e.periods.into_iter().map(PeriodId).collect(),
        subsidised: e.subsidised,
        tier_prices,
    })
}

/// A price that did not parse, explained in Chinese.
fn money_zh(err: &MoneyParseError) -> String {
    match err {
        MoneyParseError::Malformed(t) => {
            format!("“{t}”不是金额：请用元填写，最多两位小数，如 12.00")
        }
        MoneyParseError::Negative(t) => format!("“{t}”是负数：价格必须为零或更多"),
        MoneyParseError::TooLarge(t) => format!("“{t}”太大：请填写合理的价格"),
    }
}

fn list(ids: &[&str]) -> String {
    if ids.is_empty() {
        "(none configured)".to_owned()
    } else {
        ids.iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
