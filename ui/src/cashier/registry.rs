//! The staff screens' one registration point: every page of cashier mode with
//! the state it carries ([`PageState`], and its name [`Page`]), and every
//! command a screen sends to the worker ([`CashierCommand`], answered by
//! [`CashierReply`]).
//!
//! A command is one struct in its screen's file implementing [`CashierCmd`]
//! (declared with `command!`, which writes the struct and the impl):
//! how it runs against the back end on the worker thread (`run`) and how its
//! answer changes cashier mode on the UI thread (`apply`), as mini-redis's
//! `cmd/` has one struct a command with its own `apply`. The two lists below
//! turn those structs into the enums that cross the worker's channel, so the
//! worker dispatches with one call ([`CashierCommand::run`]) and cashier mode
//! applies with one call ([`CashierMode::apply`](super::CashierMode::apply)).
//!
//! Each page's state also implements [`StaffScreen`] in its screen's file
//! (how it is shown and how its adapter is wired), so the view
//! ([`PageState::show`]) and the wiring ([`PageState::wire_all`]) come from
//! the list too, as does [`OnPage`] (a page's state, while its page is up).
//!
//! A new staff screen is its `src/cashier/<screen>.rs` (state, methods,
//! commands, `StaffScreen`) and `slint/cashier/<screen>.slint`, plus one line
//! in each list here.

use super::CashierMode;
use super::delivery::{ConfirmDelivery, DeliveryState, ListDeliveries, PrepareDeliveries};
use super::no_sale::{NoSale, NoSaleState};
use super::order::{Lookup, OrderPage};
use super::pay::{HandoverPage, PayState, Sell};
use super::refund::{FindRefundSale, Refund, RefundState};
use super::report::{Report, Reprint};
use super::screen::{StaffScreen, View};
use super::shift::{CloseShift, CurrentShift, OpenShift, ShiftCloseState, ShiftOpenState};
use super::sign_in::{SignIn, SignInState, SignOut};
use super::top_up::{TopUp, TopUpState};
use super::void::{SaleForm, Void};
use crate::cashier_service::{CounterPaid, ReportView};
use crate::controller::Kiosk;
use crate::service::KioskService;
use crate::settings::KioskSettings;
use crate::{KioskWindow, Screen};
use slint::ComponentHandle;

/// One thing a staff screen asks of the back end.
pub trait CashierCmd: Sized {
    /// What the back end answers.
    type Reply;
    /// Runs the command on the worker thread (the back end, never the UI).
    fn run(self, service: &mut dyn KioskService, settings: &KioskSettings) -> Self::Reply;
    /// The answer back on the UI thread: what it changes in cashier mode.
    fn apply(reply: Self::Reply, mode: &mut CashierMode);
}

/// Declares a command in its screen's file: the struct whose fields travel to
/// the worker, and its [`CashierCmd`] impl from two parts —
/// `run(cmd, service, settings) -> Reply { … }` (what it asks of the back end)
/// and either `apply(reply, mode) { … }` (the whole reply) or
/// `ok(value, mode) { … }` for a `Result` reply whose error is a refusal shown
/// on the page up ([`CashierMode::refused`]).
macro_rules! command {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$fdoc:meta])* $field:ident: $ty:ty),* $(,)? }
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name {
            $($(#[$fdoc])* pub $field: $ty,)*
        }
        command!(@impl $name $($rest)*);
    };
    (
        $(#[$doc:meta])*
        $name:ident ($($ty:ty),* $(,)?);
        $($rest:tt)*
    ) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name($(pub $ty),*);
        command!(@impl $name $($rest)*);
    };
    (@impl $name:ident
        run($cmd:pat, $service:pat, $settings:pat) -> $reply:ty $run:block
        ok($value:pat, $mode:ident) $ok:block
    ) => {
        command!(@impl $name
            run($cmd, $service, $settings) -> $reply $run
            apply(reply, $mode) {
                match reply {
                    Ok($value) => $ok,
                    Err(e) => $mode.refused(e),
                }
            }
        );
    };
    (@impl $name:ident
        run($cmd:pat, $service:pat, $settings:pat) -> $reply:ty $run:block
        apply($reply_value:pat, $mode:pat) $apply:block
    ) => {
        impl $crate::cashier::CashierCmd for $name {
            type Reply = $reply;

            fn run(
                self,
                $service: &mut dyn $crate::service::KioskService,
                $settings: &$crate::settings::KioskSettings,
            ) -> $reply {
                let $cmd = self;
                $run
            }

            fn apply($reply_value: $reply, $mode: &mut $crate::cashier::CashierMode) $apply
        }
    };
}

macro_rules! pages {
    ($($(#[$doc:meta])* $name:ident($state:ty),)*) => {
        /// The staff screens, each with its own state.
        #[derive(Clone, Debug)]
        pub enum PageState {
            $($(#[$doc])* $name($state),)*
        }

        /// Which staff screen is up (the name of a [`PageState`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Page {
            $($(#[$doc])* $name,)*
        }

        impl PageState {
            /// This state's screen.
            pub fn page(&self) -> Page {
                match self {
                    $(PageState::$name(_) => Page::$name,)*
                }
            }

            /// Puts the page up on the window; the screen to show.
            pub fn show(&self, v: &View<'_>) -> Screen {
                match self {
                    $(PageState::$name(s) => s.show(&v.ui.global::<<$state as StaffScreen>::Adapter<'_>>(), v),)*
                }
            }

            /// Wires every staff screen's adapter callbacks (once, at start).
            pub fn wire_all(k: &Kiosk, ui: &KioskWindow) {
                $(<$state as StaffScreen>::wire(k, &ui.global::<<$state as StaffScreen>::Adapter<'_>>());)*
            }
        }

        $(impl OnPage for $state {
            fn on(page: &PageState) -> Option<&Self> {
                match page {
                    PageState::$name(s) => Some(s),
                    _ => None,
                }
            }

            fn on_mut(page: &mut PageState) -> Option<&mut Self> {
                match page {
                    PageState::$name(s) => Some(s),
                    _ => None,
                }
            }
        })*
    };
}

/// A page's own state, found in [`PageState`] while its page is up (one impl
/// a page, written by the list below).
pub trait OnPage: Sized {
    /// This state, when its page is up.
    fn on(page: &PageState) -> Option<&Self>;
    /// [`OnPage::on`], to change it.
    fn on_mut(page: &mut PageState) -> Option<&mut Self>;
}

pages! {
    /// Staff number and PIN.
    SignIn(SignInState),
    /// The float counted into the drawer.
    ShiftOpen(ShiftOpenState),
    /// The counter order (its cart is cashier mode's, shared with payment).
    Order(OrderPage),
    /// Cash tendered or a mobile reference, for the order or a handover.
    Pay(PayState),
    /// The committed sale: change to hand back.
    Paid(CounterPaid),
    /// A void: the sale, a reason, a supervisor's PIN.
    Void(SaleForm),
    /// Closing the shift: the cash counted against the expected.
    ShiftClose(ShiftCloseState),
    /// The X or Z report as the back end gave it.
    Report(ReportView),
    /// Opening the drawer without a sale.
    NoSale(NoSaleState),
    /// An order handed over from self-service, waiting for payment.
    Handover(HandoverPage),
    /// Meal-card top-up: card number (scanned or typed), cash amount.
    TopUp(TopUpState),
    /// Line refund: the sale, its lines ticked, a reason and a supervisor's
    /// PIN; then what was paid back.
    Refund(RefundState),
    /// The period's deliveries: prepare all, confirm each.
    Deliveries(DeliveryState),
}

macro_rules! commands {
    ($($name:ident,)*) => {
        /// What cashier mode asks of the worker: one command struct a variant.
        #[derive(Debug)]
        pub enum CashierCommand {
            $($name($name),)*
        }

        /// What comes back: exactly one reply a command, its own `Reply`.
        #[derive(Debug)]
        pub enum CashierReply {
            $($name(<$name as CashierCmd>::Reply),)*
        }

        impl CashierCommand {
            /// Runs the command against the back end (the worker thread).
            pub fn run(
                self,
                service: &mut dyn KioskService,
                settings: &KioskSettings,
            ) -> CashierReply {
                match self {
                    $(CashierCommand::$name(c) => CashierReply::$name(c.run(service, settings)),)*
                }
            }
        }

        impl CashierReply {
            pub(super) fn apply_to(self, mode: &mut CashierMode) {
                match self {
                    $(CashierReply::$name(r) => <$name as CashierCmd>::apply(r, mode),)*
                }
            }
        }

        $(impl From<$name> for CashierCommand {
            fn from(c: $name) -> CashierCommand {
                CashierCommand::$name(c)
            }
        })*
    };
}

commands! {
    SignIn,
    SignOut,
    CurrentShift,
    OpenShift,
    CloseShift,
    Lookup,
    Sell,
    Void,
    Report,
    Reprint,
    NoSale,
    TopUp,
    FindRefundSale,
    Refund,
    ListDeliveries,
    PrepareDeliveries,
    ConfirmDelivery,
}
