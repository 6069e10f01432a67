//! Display-ready strings: from the session's stage to the adapter globals of
//! the screens. Pure formatting of domain values; the `.slint` files only lay
//! them out.

use canteen_core::session::{CardNotice, ErrorKind, OfferKind, Order, Stage};
use canteen_core::{Money, PricingRules};
use chrono::NaiveDateTime;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::lang::Lang;
use crate::settings::KioskSettings;
use crate::{
    CounterAdapter, DoneAdapter, ErrorAdapter, ErrorCode, KioskAdapter, KioskWindow, OfferRow,
    PaymentAdapter, PriceRow, PricedAdapter, Screen, WelcomeAdapter,
};

fn s(x: impl AsRef<str>) -> SharedString {
    SharedString::from(x.as_ref())
}

fn money(m: Money) -> SharedString {
    s(m.to_string())
}

/// The status bar's sync item: `MM-DD HH:MM` of the last sync ("" when never)
/// and the records still to send.
pub fn show_sync(ui: &KioskWindow, status: crate::controller::SyncStatus) {
    let k = ui.global::<KioskAdapter<'_>>();
    k.set_last_sync(s(status
        .last_sync
        .map(|t| t.format("%m-%d %H:%M").to_string())
        .unwrap_or_default()));
    k.set_sync_pending(i32::try_from(status.pending).unwrap_or(i32::MAX));
}

/// The clock and the welcome screen (which changes with the time of day),
/// with the period's dishes from `dishes`.
pub fn show_time(
    ui: &KioskWindow,
    settings: &KioskSettings,
    lang: Lang,
    now: NaiveDateTime,
    dishes: &crate::TodayDishes,
) {
    let k = ui.global::<KioskAdapter<'_>>();
    k.set_canteen_name(s(
        lang.pick(&settings.canteen_name_zh, &settings.canteen_name_en)
    ));
    k.set_clock(s(now.format("%H:%M").to_string()));
    k.set_english(lang == Lang::En);
    let w = ui.global::<WelcomeAdapter<'_>>();
    let rules = &settings.rules;
    let period = rules.periods.at(now.time());
    let item = period.and_then(|p| settings.default_item(p.id.as_str()));
    match (period, item) {
        (Some(p), Some(item)) => {
            w.set_in_period(true);
            w.set_period(s(format!(
                "{} {}–{}",
                lang.pick(&p.name_zh, &p.name_en),
                p.start.format("%H:%M"),
                p.end.format("%H:%M")
            )));
            w.set_menu(s(lang.pick(&item.name_zh, &item.name_en)));
            w.set_market(money(item.market));
            w.set_prices(ModelRc::new(VecModel::from(price_rows(rules, item, lang))));
            let today = dishes.for_period(now.date(), p.id.as_str());
            crate::dishes::show(ui, today, lang, now);
        }
        _ => {
            w.set_in_period(false);
            w.set_next_period(s(next_period(rules, now, lang)));
            crate::dishes::show(ui, &[], lang, now);
        }
    }
}

fn price_rows(rules: &PricingRules, item: &canteen_core::MenuItem, lang: Lang) -> Vec<PriceRow> {
    let mut rows: Vec<PriceRow> = rules
        .tiers
        .iter()
        .filter(|t| !t.cashier_only)
        .filter_map(|t| {
            let price = item.tier_prices.get(&t.id)?;
            Some(PriceRow {
                tier: s(lang.pick(&t.name_zh, &t.name_en)),
                price: money(*price),
            })
        })
        .collect();
    rows.push(PriceRow {
        tier: s(lang.pick("其他", "Others")),
        price: money(item.market),
    });
    rows
}

fn next_period(rules: &PricingRules, now: NaiveDateTime, lang: Lang) -> String {
    rules
        .periods
        .next_after(now.time())
        .map(|p| {
            format!(
                "{} {}",
                lang.pick(&p.name_zh, &p.name_en),
                p.start.format("%H:%M")
            )
        })
        .unwrap_or_default()
}

/// Puts the screen for `stage` up.
pub fn show_stage(ui: &KioskWindow, settings: &KioskSettings, lang: Lang, stage: &Stage) {
    let screen = match stage {
        Stage::Welcome => Screen::Welcome,
        Stage::Priced(order) => {
            show_priced(ui, settings, lang, order);
            Screen::Priced
        }
        Stage::Paying(order) => {
            let p = ui.global::<PaymentAdapter<'_>>();
            p.set_due(money(order.total()));
            p.set_balance(order.diner.card_balance.map(money).unwrap_or_default());
            p.set_balance_short(order.diner.card_balance.is_some_and(|b| b < order.total()));
            Screen::Paying
        }
        Stage::Committing(..) => Screen::Committing,
        Stage::Counter(order) => {
            ui.global::<CounterAdapter<'_>>()
                .set_due(money(order.total()));
            Screen::Counter
        }
        Stage::Done(done) => {
            let d = ui.global::<DoneAdapter<'_>>();
            d.set_paid(money(done.paid));
            d.set_subsidy(money(done.subsidy));
            d.set_free(done.paid == Money::ZERO);
            d.set_printed(done.printed);
            d.set_no_printer(!ui.global::<KioskAdapter<'_>>().get_printer_present());
            d.set_balance(done.card_balance.map(money).unwrap_or_default());
            Screen::Done
        }
        Stage::Error(kind) => {
            show_error(ui, settings, lang, kind);
            Screen::Error
        }
    };
    ui.global::<KioskAdapter<'_>>().set_screen(screen);
}

fn show_priced(ui: &KioskWindow, settings: &KioskSettings, lang: Lang, order: &Order) {
    let rules = &settings.rules;
    let p = ui.global::<PricedAdapter<'_>>();
    let d = &order.diner;
    p.set_diner(s(&d.label));
    let mut who: Vec<String> = Vec::new();
    if let Some(age) = d.age {
        who.push(match lang {
            Lang::Zh => format!("{age}岁"),
            Lang::En => format!("Age {age}"),
        });
    }
    if let Some(t) = d.tier.as_deref().and_then(|t| rules.tier(t)) {
        who.push(lang.pick(&t.name_zh, &t.name_en).to_owned());
    }
    for c in d.categories.iter().filter_map(|c| rules.category(c)) {
        who.push(lang.pick(&c.name_zh, &c.name_en).to_owned());
    }
    p.set_tier(s(who.join(" · ")));
    let mut items: Vec<(String, usize)> = Vec::new();
    for line in &order.lines {
        let name = rules
            .item(&line.item)
            .map_or(line.item.as_str(), |i| lang.pick(&i.name_zh, &i.name_en));
        match items.iter_mut().find(|(n, _)| n == name) {
            Some((_, c)) => *c += 1,
            None => items.push((name.to_owned(), 1)),
        }
    }
    let sep = lang.pick("，", ", ");
    p.set_items(s(items
        .iter()
        .map(|(n, c)| format!("{n} ×{c}"))
        .collect::<Vec<_>>()
        .join(sep)));
    p.set_market(money(order.market()));
    p.set_subsidy(money(order.subsidy()));
    p.set_due(money(order.total()));
    p.set_free(order.total() == Money::ZERO);
    p.set_quota_used(order.quota_used);
    p.set_card_lost(d.card_notice == Some(CardNotice::Lost));
    p.set_card_suspended(d.card_notice == Some(CardNotice::Suspended));
    let offers: Vec<OfferRow> = order
        .offers
        .iter()
        .map(|o| {
            let added = order.lines.iter().skip(1).filter(|l| **l == o.line).count();
            OfferRow {
                label: s(rules
                    .item(&o.line.item)
                    .map_or(o.line.item.as_str(), |i| lang.pick(&i.name_zh, &i.name_en))),
                price: money(o.line.charged),
                companion: o.kind == OfferKind::Companion,
                count: i32::try_from(added).unwrap_or(i32::MAX),
            }
        })
        .collect();
    p.set_offers(ModelRc::new(VecModel::from(offers)));
}

fn show_error(ui: &KioskWindow, settings: &KioskSettings, lang: Lang, kind: &ErrorKind) {
    let e = ui.global::<ErrorAdapter<'_>>();
    e.set_title(s(crate::messages::error_title(kind, lang)));
    e.set_advice(s(crate::messages::error_advice(
        kind,
        settings,
        lang,
        &|m| m.to_string(),
    )));
    e.set_code(match kind {
        ErrorKind::InvalidId => ErrorCode::InvalidId,
        ErrorKind::InvalidCard => ErrorCode::InvalidCard,
        ErrorKind::CardSuspended => ErrorCode::CardSuspended,
        ErrorKind::CardLost => ErrorCode::CardLost,
        ErrorKind::OutsidePeriod { .. } => ErrorCode::OutsidePeriod,
        ErrorKind::InsufficientBalance { .. } => ErrorCode::InsufficientBalance,
        ErrorKind::Refused => ErrorCode::Refused,
        ErrorKind::Database => ErrorCode::Database,
    });
}
