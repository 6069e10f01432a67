//! Display-ready strings for the staff screens: from [`CashierMode`] to the
//! adapter globals of `slint/cashier.slint`. PINs show as dots, typed ID
//! numbers masked (all but the last four while typing, canteen-core's mask once
//! identified), money as `¥12.00`. Pure formatting; the `.slint` files only lay
//! it out.

use canteen_core::cashier::mask_but_last_four;
use canteen_core::{Money, PaymentMethod};
use chrono::NaiveDateTime;
use slint::{ComponentHandle, ModelRc, SharedString, VecModel};

use crate::cashier::{CashierMode, Field, Note, PageState, RefundState, menu_now};
use crate::cashier_service::ReportKind;
use crate::lang::Lang;
use crate::settings::KioskSettings;
use crate::{
    CartRow, HandoverAdapter, KioskAdapter, KioskWindow, MenuTile, NoSaleAdapter, Note as UiNote,
    OrderAdapter, PaidAdapter, PayAdapter, RefundAdapter, RefundMethod, RefundRow, ReportAdapter,
    Screen, ShiftCloseAdapter, ShiftOpenAdapter, SignInAdapter, TierChoice, TopUpAdapter,
    VoidAdapter,
};

fn s(x: impl AsRef<str>) -> SharedString {
    SharedString::from(x.as_ref())
}

fn money(m: Money) -> SharedString {
    s(m.to_string())
}

/// A signed amount of fen as `+¥1.00` / `−¥10.00` / `¥0.00`.
pub fn signed(fen: i64) -> String {
    let abs = Money::from_fen(fen.abs());
    match fen.signum() {
        1 => format!("+{abs}"),
        -1 => format!("−{abs}"),
        _ => abs.to_string(),
    }
}

/// A chosen reason as the screens' index (-1: none chosen).
pub(crate) fn reason(r: Option<usize>) -> i32 {
    r.map_or(-1, |r| i32::try_from(r).unwrap_or(-1))
}

fn dots(pin: &str) -> String {
    "●".repeat(pin.chars().count())
}

pub(crate) fn note(n: &Note) -> (UiNote, String) {
    match n {
        Note::None => (UiNote::None, String::new()),
        Note::WrongPin(left) => (UiNote::WrongPin, left.to_string()),
        Note::Locked(minutes) => (UiNote::Locked, minutes.to_string()),
        Note::UnknownStaff => (UiNote::UnknownStaff, String::new()),
        Note::NeedWhoPin => (UiNote::NeedWhoPin, String::new()),
        Note::BadAmount => (UiNote::BadAmount, String::new()),
        Note::TooLittle(total) => (UiNote::TooLittle, total.to_string()),
        Note::NeedReference => (UiNote::NeedReference, String::new()),
        Note::SupervisorRequired(limit) => (UiNote::SupervisorRequired, limit.to_string()),
        Note::SupervisorRefused => (UiNote::SupervisorRefused, String::new()),
        Note::InvalidId => (UiNote::InvalidId, String::new()),
        Note::Suspended => (UiNote::Suspended, String::new()),
        Note::Lost => (UiNote::Lost, String::new()),
        Note::EmptyCart => (UiNote::EmptyCart, String::new()),
        Note::NoSuchSale => (UiNote::NoSuchSale, String::new()),
        Note::AlreadyVoided => (UiNote::AlreadyVoided, String::new()),
        Note::NeedReason => (UiNote::NeedReason, String::new()),
        Note::NotYourShift => (UiNote::NotYourShift, String::new()),
        Note::DayClosed => (UiNote::DayClosed, String::new()),
        Note::PriceChanged => (UiNote::PriceChanged, String::new()),
        Note::PrintFailed => (UiNote::PrintFailed, String::new()),
        Note::Database => (UiNote::Database, String::new()),
        Note::Refused => (UiNote::Refused, String::new()),
        Note::NoShift => (UiNote::NoShift, String::new()),
        Note::Voided(refund) if *refund == Money::ZERO => (UiNote::VoidedNoCash, String::new()),
        Note::Voided(refund) => (UiNote::Voided, refund.to_string()),
        Note::ShiftClosed(diff) => (UiNote::ShiftClosed, signed(*diff)),
        Note::ShiftOpenAlready => (UiNote::ShiftOpenAlready, String::new()),
        Note::Reprinted => (UiNote::Reprinted, String::new()),
        Note::DrawerOpened => (UiNote::DrawerOpened, String::new()),
        Note::NeedCard => (UiNote::NeedCard, String::new()),
        Note::BadCardNo => (UiNote::BadCardNo, String::new()),
        Note::UnknownCard => (UiNote::UnknownCard, String::new()),
        Note::SplitPayment => (UiNote::SplitPayment, String::new()),
        Note::AlreadyRefunded => (UiNote::AlreadyRefunded, String::new()),
        Note::NeedLines => (UiNote::NeedLines, String::new()),
        Note::OutsidePeriod => (UiNote::OutsidePeriod, String::new()),
    }
}

/// Puts cashier mode on screen.
pub fn show(
    ui: &KioskWindow,
    settings: &KioskSettings,
    lang: Lang,
    mode: &CashierMode,
    at: NaiveDateTime,
) {
    let (n, arg) = note(&mode.note);
    let (n, arg) = (n, s(arg));
    let k = ui.global::<KioskAdapter<'_>>();
    k.set_staff(s(mode.staff.as_ref().map_or("", |st| st.name.as_str())));
    let pin_field = mode.field == Field::SupervisorPin;
    let screen = match &mode.page {
        PageState::SignIn(st) => {
            let a = ui.global::<SignInAdapter<'_>>();
            a.set_who(s(&st.who));
            a.set_pin(s(dots(&st.pin)));
            a.set_pin_field(mode.field == Field::Pin);
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::SignIn
        }
        PageState::ShiftOpen(st) => {
            let a = ui.global::<ShiftOpenAdapter<'_>>();
            a.set_staff(s(mode.staff.as_ref().map_or("", |st| st.name.as_str())));
            a.set_amount(s(&st.float));
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::ShiftOpen
        }
        PageState::Order(()) => {
            show_order(ui, settings, lang, mode, at, n, arg);
            Screen::Order
        }
        PageState::Handover(()) => {
            let a = ui.global::<HandoverAdapter<'_>>();
            if let Some(order) = &mode.handover {
                a.set_diner(s(&order.diner.label));
                a.set_lines(ModelRc::new(VecModel::from(order_rows(
                    settings,
                    lang,
                    &order.lines,
                ))));
                a.set_due(money(order.total()));
            }
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::Handover
        }
        PageState::TopUp(st) => {
            let a = ui.global::<TopUpAdapter<'_>>();
            a.set_card(s(&st.card));
            a.set_amount(s(&st.amount));
            a.set_card_field(mode.field == Field::CardNo);
            match &st.topped {
                Some(t) => {
                    a.set_done_card(s(mask_but_last_four(&t.card_no)));
                    a.set_done_amount(money(t.amount));
                    a.set_balance(money(t.balance));
                    a.set_printed(t.printed);
                }
                None => {
                    a.set_done_card(SharedString::new());
                    a.set_done_amount(SharedString::new());
                    a.set_balance(SharedString::new());
                    a.set_printed(true);
                }
            }
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::TopUp
        }
        PageState::Pay(st) => {
            let a = ui.global::<PayAdapter<'_>>();
            a.set_mobile(st.mobile);
            a.set_due(mode.total(settings, at).map(money).unwrap_or_default());
            a.set_entry(s(&st.entry));
            a.set_change(mode.change(settings, at).map(money).unwrap_or_default());
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::Pay
        }
        PageState::Paid(p) => {
            let a = ui.global::<PaidAdapter<'_>>();
            a.set_sale_no(s(&p.sale_no));
            a.set_total(money(p.total));
            a.set_cash(p.tendered.is_some());
            a.set_tendered(p.tendered.map(money).unwrap_or_default());
            a.set_change(money(p.change));
            a.set_printed(p.printed);
            Screen::Paid
        }
        PageState::Void(f) => {
            let a = ui.global::<VoidAdapter<'_>>();
            a.set_sale_no(s(&f.sale_entry));
            a.set_reason(reason(f.reason));
            a.set_pin(s(dots(&f.supervisor_pin)));
            a.set_pin_field(pin_field);
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::Void
        }
        PageState::Refund(r) => {
            show_refund(ui, settings, lang, r, pin_field, n, arg);
            Screen::Refund
        }
        PageState::Deliveries(d) => {
            crate::delivery_view::show(ui, settings, lang, d, n, arg);
            Screen::Deliveries
        }
        PageState::NoSale(st) => {
            let a = ui.global::<NoSaleAdapter<'_>>();
            a.set_reason(reason(st.reason));
            a.set_pin(s(dots(&st.supervisor_pin)));
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::NoSale
        }
        PageState::ShiftClose(st) => {
            let a = ui.global::<ShiftCloseAdapter<'_>>();
            if let Some(sh) = &mode.shift {
                a.set_float(money(sh.float));
                a.set_cash_in(s(signed(sh.tendered.fen() - sh.change.fen())));
                a.set_refunds(money(sh.refunds));
                a.set_top_ups(money(sh.top_ups));
                a.set_expected(money(sh.expected));
            }
            a.set_counted(s(&st.counted));
            a.set_difference(s(mode.shift_difference().map(signed).unwrap_or_default()));
            a.set_needs_supervisor(mode.needs_supervisor(settings));
            a.set_pin(s(dots(&st.supervisor_pin)));
            a.set_pin_field(pin_field);
            a.set_note(n);
            a.set_note_arg(arg);
            Screen::ShiftClose
        }
        PageState::Report(r) => {
            let a = ui.global::<ReportAdapter<'_>>();
            {
                a.set_z(r.kind == ReportKind::Z);
                a.set_date(s(r.date.format("%Y-%m-%d").to_string()));
                a.set_sales(s(r.sale_count.to_string()));
                a.set_voids(s(r.void_count.to_string()));
                a.set_gross(money(r.gross));
                a.set_voided(money(r.voided));
                a.set_refunds(s(r.refund_count.to_string()));
                a.set_refunded(money(r.refunded));
                a.set_net(money(r.net));
                a.set_subsidy(money(r.subsidy));
                a.set_grand_total(r.grand_total.map(money).unwrap_or_default());
                a.set_chain_head(s(r
                    .chain_head
                    .as_ref()
                    .map(|(seq, hash)| format!("#{seq} {}…", hash.get(..16).unwrap_or(hash)))
                    .unwrap_or_default()));
                a.set_shift_expected(r.shift_expected.map(money).unwrap_or_default());
                a.set_printed(r.printed);
            }
            Screen::Report
        }
    };
    k.set_screen(screen);
}

fn item_name<'a>(settings: &'a KioskSettings, lang: Lang, id: &'a str) -> &'a str {
    settings
        .rules
        .item(id)
        .map_or(id, |i| lang.pick(&i.name_zh, &i.name_en))
}

fn show_refund(
    ui: &KioskWindow,
    settings: &KioskSettings,
    lang: Lang,
    state: &RefundState,
    pin_field: bool,
    n: UiNote,
    arg: SharedString,
) {
    let a = ui.global::<RefundAdapter<'_>>();
    a.set_sale_no(s(&state.form.sale_entry));
    let rows: Vec<RefundRow> = state
        .sale
        .iter()
        .flat_map(|sale| &sale.lines)
        .map(|l| RefundRow {
            text: s(format!(
                "#{} {} {}",
                l.line + 1,
                item_name(settings, lang, &l.item),
                l.amount
            )),
            refundable: l.refundable,
            ticked: state.lines.contains(&l.line),
        })
        .collect();
    a.set_found(state.sale.is_some());
    a.set_lines(ModelRc::new(VecModel::from(rows)));
    a.set_amount(money(state.amount()));
    a.set_reason(reason(state.form.reason));
    a.set_pin(s(dots(&state.form.supervisor_pin)));
    a.set_pin_field(pin_field);
    a.set_note(n);
    a.set_note_arg(arg);
    a.set_done(state.refunded.is_some());
    if let Some(done) = &state.refunded {
        a.set_done_sale(s(&done.sale_no));
        a.set_done_amount(money(done.amount));
        a.set_method(match done.method {
            PaymentMethod::Cash => RefundMethod::Cash,
            PaymentMethod::Card => RefundMethod::Card,
            PaymentMethod::Mobile => RefundMethod::Mobile,
            PaymentMethod::Free => RefundMethod::Free,
        });
        a.set_balance(done.card_balance.map(money).unwrap_or_default());
        a.set_printed(done.printed);
    }
}

/// A priced order's lines grouped by item, in order: name, count, amount.
fn order_rows(
    settings: &KioskSettings,
    lang: Lang,
    lines: &[canteen_core::LineBreakdown],
) -> Vec<CartRow> {
    let mut rows: Vec<(String, u32, Money)> = Vec::new();
    for line in lines {
        match rows.iter_mut().find(|(id, ..)| *id == line.item) {
            Some((_, n, amount)) => {
                *n += 1;
                *amount += line.charged;
            }
            None => rows.push((line.item.clone(), 1, line.charged)),
        }
    }
    rows.into_iter()
        .map(|(id, count, amount)| CartRow {
            name: s(item_name(settings, lang, &id)),
            count: i32::try_from(count).unwrap_or(i32::MAX),
            amount: money(amount),
        })
        .collect()
}

fn show_order(
    ui: &KioskWindow,
    settings: &KioskSettings,
    lang: Lang,
    mode: &CashierMode,
    at: NaiveDateTime,
    n: UiNote,
    arg: SharedString,
) {
    let a = ui.global::<OrderAdapter<'_>>();
    let rules = &settings.rules;
    let name = |id: &str| {
        rules.item(id).map_or(id.to_owned(), |i| {
            lang.pick(&i.name_zh, &i.name_en).to_owned()
        })
    };
    // Each tile shows what one more of it would cost this diner now.
    let tiles: Vec<MenuTile> = menu_now(settings, at)
        .into_iter()
        .map(|item| {
            let mut items: Vec<String> = mode
                .cart
                .iter()
                .flat_map(|(i, c)| std::iter::repeat_n(i.clone(), *c as usize))
                .collect();
            items.push(item.id.clone());
            let price = crate::cashier::price_cart(
                settings,
                &items,
                mode.diner.as_ref(),
                mode.tier.as_deref(),
                at,
            )
            .ok()
            .and_then(|l| l.last().map(|l| l.charged))
            .unwrap_or(item.market);
            MenuTile {
                name: s(lang.pick(&item.name_zh, &item.name_en)),
                price: money(price),
            }
        })
        .collect();
    a.set_menu(ModelRc::new(VecModel::from(tiles)));
    let lines = mode.priced(settings, at).unwrap_or_default();
    let mut offset = 0;
    let rows: Vec<CartRow> = mode
        .cart
        .iter()
        .map(|(item, count)| {
            let n = *count as usize;
            let amount: Money = lines.iter().skip(offset).take(n).map(|l| l.charged).sum();
            offset += n;
            CartRow {
                name: s(name(item)),
                count: i32::try_from(*count).unwrap_or(i32::MAX),
                amount: money(amount),
            }
        })
        .collect();
    a.set_cart(ModelRc::new(VecModel::from(rows)));
    a.set_total(mode.total(settings, at).map(money).unwrap_or_default());
    a.set_pending(
        mode.handover
            .as_ref()
            .map(|o| money(o.total()))
            .unwrap_or_default(),
    );
    match &mode.diner {
        Some(d) => {
            a.set_diner(s(&d.label));
            let mut who = Vec::new();
            let person = canteen_core::Diner::resident(
                &d.id,
                at.date(),
                settings.age_convention,
                d.categories.clone(),
            );
            if let canteen_core::Diner::Resident { age: Some(age), .. } = person {
                who.push(match lang {
                    Lang::Zh => format!("{age}岁"),
                    Lang::En => format!("age {age}"),
                });
            }
            for c in d.categories.iter().filter_map(|c| rules.category(c)) {
                who.push(lang.pick(&c.name_zh, &c.name_en).to_owned());
            }
            a.set_tier(s(who.join(" · ")));
        }
        None => {
            a.set_diner(SharedString::new());
            a.set_tier(SharedString::new());
        }
    }
    a.set_entering_id(mode.id_entry.is_some());
    a.set_id_entry(s(mode
        .id_entry
        .as_deref()
        .map(mask_but_last_four)
        .unwrap_or_default()));
    let tiers: Vec<TierChoice> = settings
        .rules
        .tiers
        .iter()
        .filter(|t| t.cashier_only)
        .map(|t| TierChoice {
            id: s(&t.id),
            label: s(lang.pick(&t.name_zh, &t.name_en)),
            chosen: mode.tier.as_deref() == Some(t.id.as_str()),
        })
        .collect();
    a.set_tiers(ModelRc::new(VecModel::from(tiers)));
    a.set_note(n);
    a.set_note_arg(arg);
}
