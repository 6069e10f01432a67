//! The staff screens' wiring: the staff button opens cashier mode, and every
//! staff screen wires its own adapter's callbacks
//! ([`crate::cashier::StaffScreen::wire`], called for each page by the
//! registration point) with the callbacks built here, except the entry
//! fields' focus, the keypad and the reason buttons, which all staff screens
//! share (`StaffForm`, wired once here): a tap or key becomes a
//! [`CashierMode`] method call through [`Kiosk::staff`] / [`Kiosk::tap`]
//! (a touch that may send one command to the worker).

use std::rc::Rc;
use std::time::Instant;

use canteen_core::session::Stage;
use slint::{ComponentHandle, SharedString};

use super::Kiosk;
use crate::cashier::{CashierMode, Form, PageState};
use crate::cashier_view::field_of;
use crate::{FormField, KioskAdapter, KioskWindow, StaffForm};

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
        let form = ui.global::<StaffForm<'_>>();
        form.on_key(self.keypad());
        form.on_focus(self.staff(|m, _, _, tapped: FormField| {
            m.focus(field_of(tapped));
            None
        }));
        form.on_pick_reason(self.reason_picker());
        PageState::wire_all(self, ui);
    }

    /// "Sign out" / "Back" out of cashier mode: the welcome screen.
    pub(crate) fn leave_button(&self) -> impl Fn() + 'static {
        let me = Rc::downgrade(&self.0);
        move || {
            if let Some(k) = me.upgrade() {
                Kiosk(k).leave_cashier(false);
            }
        }
    }

    /// A keypad key (every staff screen's keypad types into cashier mode's
    /// current field).
    fn keypad(&self) -> impl Fn(SharedString) + 'static {
        self.staff(|m, _, _, k: SharedString| {
            m.key(k.as_str());
            None
        })
    }

    /// "Back" from a form.
    pub(crate) fn go_back(&self) -> impl Fn() + 'static {
        self.tap(|m, _, _| {
            m.back();
            None
        })
    }

    /// "Submit" on form `F`'s page: its command goes to the worker, or its
    /// note says what is missing ([`CashierMode::submit`]).
    pub(crate) fn submit<F: Form>(&self) -> impl Fn() + 'static {
        self.tap(|m, settings, at| m.submit::<F>(&settings.cashier, at))
    }

    /// A reason toggle (its index; -1 for none), on whichever form is up.
    fn reason_picker(&self) -> impl Fn(i32) + 'static {
        self.staff(|m, _, _, r: i32| {
            m.pick_reason(usize::try_from(r).ok());
            None
        })
    }
}
