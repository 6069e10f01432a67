//! The staff screens' shared display formatting: PINs as dots, money as
//! `¥12.00`, signed differences, a chosen reason's index, an order's rows, the
//! [`Note`] line; and [`show`], which puts cashier mode on the window by
//! asking the page up to show itself ([`crate::cashier::StaffScreen`], in
//! each screen's file) under the one note line all staff screens share
//! (`StaffForm`). Pure formatting; the `.slint` files only lay it out.

use canteen_core::Money;
use chrono::NaiveDateTime;
use slint::{ComponentHandle, SharedString};

use crate::cashier::{CashierMode, Field, Note, View};
use crate::lang::Lang;
use crate::settings::KioskSettings;
use crate::{CartRow, FormField, KioskAdapter, KioskWindow, Note as UiNote, StaffForm};

pub(crate) fn s(x: impl AsRef<str>) -> SharedString {
    SharedString::from(x.as_ref())
}

pub(crate) fn money(m: Money) -> SharedString {
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

pub(crate) fn dots(pin: &str) -> String {
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
    let form = ui.global::<StaffForm<'_>>();
    form.set_note(n);
    form.set_note_arg(s(arg));
    form.set_field(form_field(mode.field));
    let k = ui.global::<KioskAdapter<'_>>();
    k.set_staff(s(mode.staff.as_ref().map_or("", |st| st.name.as_str())));
    let view = View {
        ui,
        settings,
        lang,
        mode,
        at,
    };
    k.set_screen(mode.page.show(&view));
}

/// Cashier mode's fields and the screens' names for them.
const FIELDS: [(Field, FormField); 7] = [
    (Field::Who, FormField::Who),
    (Field::Pin, FormField::Pin),
    (Field::Amount, FormField::Amount),
    (Field::IdNumber, FormField::IdNumber),
    (Field::SaleNo, FormField::SaleNo),
    (Field::SupervisorPin, FormField::SupervisorPin),
    (Field::CardNo, FormField::CardNo),
];

/// The field the keypad types into, as the screens name it.
fn form_field(field: Field) -> FormField {
    FIELDS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or(FormField::Who, |(_, ff)| *ff)
}

/// The field a tapped entry field names.
pub(crate) fn field_of(tapped: FormField) -> Field {
    FIELDS
        .iter()
        .find(|(_, ff)| *ff == tapped)
        .map_or(Field::Who, |(f, _)| *f)
}

pub(crate) fn item_name<'a>(settings: &'a KioskSettings, lang: Lang, id: &'a str) -> &'a str {
    settings
        .rules
        .item(id)
        .map_or(id, |i| lang.pick(&i.name_zh, &i.name_en))
}

/// A priced order's lines grouped by item, in order: name, count, amount.
pub(crate) fn order_rows(
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
