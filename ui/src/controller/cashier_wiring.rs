//! The staff screens' wiring: every cashier-mode adapter callback becomes a
//! [`CashierMode`] method call through [`Kiosk::staff`] / [`Kiosk::tap`]
//! (a touch that may send one command to the worker), and the order screen's
//! 柜台模式 button hands over to desk mode ([`crate::desk`]).

use std::rc::Rc;
use std::time::Instant;

use canteen_core::session::Stage;
use slint::{ComponentHandle, SharedString};

use super::Kiosk;
use crate::cashier::{CashierMode, Field};
use crate::cashier_service::ReportKind;
use crate::{
    DeliveryAdapter, HandoverAdapter, KioskAdapter, KioskWindow, NoSaleAdapter, OrderAdapter,
    PaidAdapter, PayAdapter, RefundAdapter, ReportAdapter, ShiftCloseAdapter, ShiftOpenAdapter,
    SignInAdapter, TopUpAdapter, VoidAdapter,
};

impl Kiosk {
    pub(super) fn wire_cashier(&self, ui: &KioskWindow) {
        let me = Rc::downgrade(&self.0);
        ui.global::<KioskAdapter<'_>>().on_staff_mode(move || {
            if let Some(k) = me.upgrade() {
                let k = Kiosk(k);
                let mut mode = CashierMode::new(Instant::now());
                match k.stage() {
                    Stage::Welcome => {}
                    // The diner chose to pay at the counter: staff take it over.
                    Stage::Counter(order) => mode.handover = Some(order),
                    _ => return,
                }
                k.end_desk(&mut mode);
                k.0.borrow_mut().cashier = Some(mode);
                k.render();
            }
        });
        let leave = || {
            let me = Rc::downgrade(&self.0);
            move || {
                if let Some(k) = me.upgrade() {
                    Kiosk(k).leave_cashier(false);
                }
            }
        };
        let key = || {
            self.staff(|m, _, _, k: SharedString| {
                m.key(k.as_str());
                None
            })
        };
        let focus = |field: Field| {
            self.tap(move |m, _, _| {
                m.focus(field);
                None
            })
        };
        let back = || {
            self.tap(|m, _, _| {
                m.back();
                None
            })
        };
        let pick_reason = || {
            self.staff(|m, _, _, r: i32| {
                m.pick_reason(usize::try_from(r).ok());
                None
            })
        };
        let a = ui.global::<SignInAdapter<'_>>();
        a.on_key(key());
        a.on_focus_who(focus(Field::Who));
        a.on_focus_pin(focus(Field::Pin));
        a.on_submit(self.tap(|m, _, at| m.submit_sign_in(at)));
        a.on_back(leave());

        let a = ui.global::<ShiftOpenAdapter<'_>>();
        a.on_key(key());
        a.on_submit(self.tap(|m, _, at| m.submit_open_shift(at)));
        a.on_close_day(self.tap(|m, _, at| m.report(ReportKind::Z, at)));
        a.on_sign_out(leave());

        let a = ui.global::<OrderAdapter<'_>>();
        a.on_key(key());
        a.on_add(self.staff(|m, settings, at, i: i32| {
            let menu = crate::cashier::menu_now(settings, at);
            if let Some(item) = usize::try_from(i).ok().and_then(|i| menu.get(i)) {
                m.add(&item.id);
            }
            None
        }));
        a.on_add_row(self.staff(|m, _, _, i: i32| {
            if let Ok(i) = usize::try_from(i) {
                m.add_row(i);
            }
            None
        }));
        a.on_remove(self.staff(|m, _, _, i: i32| {
            if let Ok(i) = usize::try_from(i) {
                m.remove(i);
            }
            None
        }));
        a.on_start_id(self.tap(|m, _, _| {
            m.start_id();
            None
        }));
        a.on_confirm_id(self.tap(|m, _, at| m.confirm_id(at)));
        a.on_cancel_id(self.tap(|m, _, _| {
            m.cancel_id();
            None
        }));
        a.on_clear_diner(self.tap(|m, _, _| {
            m.diner = None;
            None
        }));
        a.on_toggle_tier(self.staff(|m, _, _, id: SharedString| {
            m.toggle_tier(&id);
            None
        }));
        a.on_pay_cash(self.tap(|m, settings, at| {
            m.start_pay(false, settings, at);
            None
        }));
        a.on_pay_mobile(self.tap(|m, settings, at| {
            m.start_pay(true, settings, at);
            None
        }));
        a.on_void(self.tap(|m, _, _| {
            m.start_void();
            None
        }));
        a.on_refund(self.tap(|m, _, _| m.start_refund()));
        a.on_report_x(self.tap(|m, _, at| m.report(ReportKind::X, at)));
        a.on_reprint(self.tap(|m, _, at| m.reprint(at)));
        a.on_close_shift(self.tap(|m, _, _| m.start_close_shift()));
        a.on_no_sale(self.tap(|m, _, _| {
            m.start_no_sale();
            None
        }));
        a.on_sign_out(leave());
        a.on_handover(self.tap(|m, _, _| {
            m.start_handover();
            None
        }));
        a.on_top_up(self.tap(|m, _, _| {
            m.start_top_up();
            None
        }));
        a.on_deliveries(self.tap(|m, _, at| m.start_deliveries(at)));

        let a = ui.global::<DeliveryAdapter<'_>>();
        a.on_prepare(self.tap(|m, _, at| m.prepare_deliveries(at)));
        a.on_select(self.staff(|m, _, _, row: i32| {
            if let Ok(row) = usize::try_from(row) {
                m.select_delivery(row);
            }
            None
        }));
        a.on_pick_reason(pick_reason());
        a.on_delivered(self.tap(|m, _, at| m.confirm_delivery(true, at)));
        a.on_not_delivered(self.tap(|m, _, at| m.confirm_delivery(false, at)));
        a.on_back(back());

        let a = ui.global::<TopUpAdapter<'_>>();
        a.on_key(key());
        a.on_focus_card(focus(Field::CardNo));
        a.on_focus_amount(focus(Field::Amount));
        a.on_submit(self.tap(|m, _, at| m.submit_top_up(at)));
        a.on_back(back());

        let a = ui.global::<HandoverAdapter<'_>>();
        a.on_pay_cash(self.tap(|m, _, _| {
            m.start_handover_pay(false);
            None
        }));
        a.on_pay_mobile(self.tap(|m, _, _| {
            m.start_handover_pay(true);
            None
        }));
        a.on_back(back());

        let a = ui.global::<PayAdapter<'_>>();
        a.on_key(key());
        a.on_submit(self.tap(|m, settings, at| m.submit_pay(settings, at)));
        a.on_back(back());

        let a = ui.global::<PaidAdapter<'_>>();
        a.on_next(self.tap(|m, _, _| {
            m.next_order();
            None
        }));
        a.on_reprint(self.tap(|m, _, at| m.reprint(at)));

        let a = ui.global::<VoidAdapter<'_>>();
        a.on_key(key());
        a.on_focus_sale(focus(Field::SaleNo));
        a.on_focus_pin(focus(Field::SupervisorPin));
        a.on_pick_reason(pick_reason());
        a.on_submit(self.tap(|m, _, at| m.submit_void(at)));
        a.on_back(back());

        let a = ui.global::<RefundAdapter<'_>>();
        a.on_key(key());
        a.on_focus_sale(focus(Field::SaleNo));
        a.on_focus_pin(focus(Field::SupervisorPin));
        a.on_find(self.tap(|m, _, _| m.find_refund_sale()));
        a.on_toggle(self.staff(|m, _, _, row: i32| {
            if let Ok(row) = usize::try_from(row) {
                m.toggle_refund_line(row);
            }
            None
        }));
        a.on_pick_reason(pick_reason());
        a.on_submit(self.tap(|m, _, at| m.submit_refund(at)));
        a.on_back(back());

        let a = ui.global::<ShiftCloseAdapter<'_>>();
        a.on_key(key());
        a.on_focus_counted(focus(Field::Amount));
        a.on_focus_pin(focus(Field::SupervisorPin));
        a.on_submit(self.tap(|m, settings, at| m.submit_close_shift(settings, at)));
        a.on_back(back());

        let a = ui.global::<NoSaleAdapter<'_>>();
        a.on_key(key());
        a.on_pick_reason(pick_reason());
        a.on_submit(self.tap(|m, _, at| m.submit_no_sale(at)));
        a.on_back(back());

        ui.global::<ReportAdapter<'_>>().on_back(back());
    }
}
