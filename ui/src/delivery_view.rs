//! The deliveries screen's display-ready strings: from cashier mode's
//! [`crate::cashier::DeliveryState`] to `DeliveryAdapter` (names as the
//! registry masked them, money as `¥12.00`, the period's name in the
//! chosen language). Pure formatting; `cashier/delivery.slint` lays it out.

use slint::{ModelRc, SharedString, VecModel};

use crate::cashier::DeliveryState;
use crate::delivery_service::{DeliveryRow, DeliveryStatus};
use crate::lang::Lang;
use crate::settings::KioskSettings;
use crate::{DeliveryAdapter, DeliveryLine, DeliveryMark};

fn line(row: &DeliveryRow, selected: bool) -> DeliveryLine {
    DeliveryLine {
        sale_no: row.sale_no.as_str().into(),
        route: row.route.as_str().into(),
        name: row.masked_name.as_str().into(),
        address: row.address.as_str().into(),
        note: row.note.as_str().into(),
        collect: if row.collect.fen() > 0 {
            row.collect.to_string().into()
        } else {
            SharedString::new()
        },
        free: row.total.fen() == 0,
        mark: match row.status {
            DeliveryStatus::Prepared => DeliveryMark::Prepared,
            DeliveryStatus::Delivered => DeliveryMark::Delivered,
            DeliveryStatus::NotDelivered => DeliveryMark::NotDelivered,
        },
        selected,
    }
}

/// Puts the deliveries screen on its adapter `a`.
pub fn show(a: &DeliveryAdapter<'_>, settings: &KioskSettings, lang: Lang, state: &DeliveryState) {
    let period = state
        .list
        .as_ref()
        .and_then(|l| settings.rules.periods.get(&l.period))
        .map(|p| lang.pick(&p.name_zh, &p.name_en).to_owned())
        .unwrap_or_default();
    a.set_period(period.into());
    let selected = state.selected.as_deref();
    let lines: Vec<DeliveryLine> = state
        .list
        .iter()
        .flat_map(|l| &l.rows)
        .map(|r| line(r, Some(r.sale_no.as_str()) == selected))
        .collect();
    a.set_lines(ModelRc::new(VecModel::from(lines)));
    let list = state.list.as_ref();
    a.set_prepared_now(state.just_prepared);
    a.set_prepared_count(list.map_or(0, |l| l.prepared).to_string().into());
    a.set_printed(list.is_none_or(|l| l.printed));
    match state.selected_row() {
        Some(row) => {
            a.set_chosen(true);
            a.set_current(line(row, true));
        }
        None => a.set_chosen(false),
    }
    a.set_reason(crate::cashier_view::reason(state.reason));
}
