//! The counter's back-end methods, listed once ([`counter_methods!`](crate::counter_methods)):
//! the [`crate::CashierService`] and [`crate::DeliveryDesk`] traits are
//! declared from the list (in `cashier_service`), and
//! [`forward_counter!`](crate::forward_counter) writes both impls for a
//! wrapper from the same list, each method getting the inner service from
//! one expression (lock a shared service; or check a fault first, as the
//! kiosk's staged demo back end does) and passing its arguments on
//! unchanged. A method is added in one place, and no wrapper restates the
//! traits' method list.

/// Declares (`declare ERROR;`) or forwards (`forward ERROR; |s| inner;`) a
/// list of back-end methods, each `fn name(args) -> T;` taking `&mut self`
/// and answering `Result<T, ERROR>`: the one shape behind
/// [`counter_methods!`] and [`kiosk_lookups!`](crate::kiosk_lookups).
#[doc(hidden)]
#[macro_export]
macro_rules! __service_methods {
    (declare $err:ty; $($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        $($(#[$doc])*
        fn $name(&mut self, $($arg: $ty),*) -> Result<$ret, $err>;)*
    };
    (forward $err:ty; |$s:ident| $inner:expr;
        $($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $ret:ty;)*
    ) => {
        $(fn $name(&mut self, $($arg: $ty),*) -> Result<$ret, $err> {
            let $s = self;
            $inner.$name($($arg),*)
        })*
    };
}

/// The list of the counter's back-end methods (every one takes `&mut self`
/// and answers `Result<_, CashierError>`), handed to one of two uses:
/// `counter_methods!(declare)` declares the traits `DeliveryDesk` and
/// `CashierService` where it stands; `counter_methods!(forward [generics]
/// Type, |s| inner)` implements both for `Type` (see [`forward_counter!`]).
#[macro_export]
macro_rules! counter_methods {
    (@with_list [declare] DeliveryDesk { $($desk:tt)* } CashierService { $($counter:tt)* }) => {
        /// Deliveries at the counter (worker thread only).
        pub trait DeliveryDesk {
            $crate::__service_methods!(declare $crate::CashierError; $($desk)*);
        }

        /// Everything the counter needs from storage and devices (worker
        /// thread only); deliveries to the housebound are its
        /// [`DeliveryDesk`] part.
        pub trait CashierService: DeliveryDesk {
            $crate::__service_methods!(declare $crate::CashierError; $($counter)*);
        }
    };
    (@with_list [forward [$($gen:tt)*] $ty:ty, |$s:ident| $inner:expr]
        DeliveryDesk { $($desk:tt)* } CashierService { $($counter:tt)* }
    ) => {
        impl<$($gen)*> $crate::DeliveryDesk for $ty {
            $crate::__service_methods!(forward $crate::CashierError; |$s| $inner; $($desk)*);
        }

        impl<$($gen)*> $crate::CashierService for $ty {
            $crate::__service_methods!(forward $crate::CashierError; |$s| $inner; $($counter)*);
        }
    };
    ($($use:tt)*) => {
        $crate::counter_methods! { @with_list [$($use)*]
        DeliveryDesk {
            /// The delivery list of the period `at` falls in, as prepared so far
            /// (nothing written; empty outside every period).
            fn deliveries(at: ::chrono::NaiveDateTime) -> $crate::DeliveryList;
            /// Prepares the period's deliveries from the standing orders (once:
            /// again sells nothing twice), prints the roster grouped by route and
            /// returns the list with what this call prepared.
            fn prepare_deliveries(staff_id: u64, at: ::chrono::NaiveDateTime) -> $crate::DeliveryList;
            /// Records delivery `sale_no` as delivered, or as not delivered with
            /// `reason` (its sale is voided), then returns the list.
            fn confirm_delivery(staff_id: u64, sale_no: &str, delivered: bool, reason: &str, at: ::chrono::NaiveDateTime) -> $crate::DeliveryList;
        }
        CashierService {
            /// Checks a PIN (every attempt audited; five wrong in a row lock the account).
            fn sign_in(who: &str, pin: &str, at: ::chrono::NaiveDateTime) -> $crate::StaffView;
            /// Leaves cashier mode (audited); `idle` when the idle timeout did it.
            fn sign_out(staff_id: u64, idle: bool, at: ::chrono::NaiveDateTime) -> ();
            /// The open shift so far, if any.
            fn current_shift() -> Option<$crate::ShiftView>;
            /// Opens a shift with the float counted into the drawer.
            fn open_shift(staff_id: u64, float: ::canteen_core::Money, at: ::chrono::NaiveDateTime) -> $crate::ShiftView;
            /// Closes the open shift with the counted cash; a difference above the limit
            /// needs `supervisor_pin`.
            fn close_shift(staff_id: u64, counted: ::canteen_core::Money, supervisor_pin: Option<&str>, at: ::chrono::NaiveDateTime) -> $crate::ShiftView;
            /// Commits the sale (and its audits), then prints; the drawer opens only
            /// for a committed cash sale.
            fn counter_sale(sale: &$crate::CounterSale) -> $crate::CounterPaid;
            /// Voids `sale_no` with a supervisor's PIN and a reason (a compensating record).
            fn void_sale(staff_id: u64, sale_no: &str, reason: &str, supervisor_pin: &str, at: ::chrono::NaiveDateTime) -> $crate::VoidDone;
            /// Sale `sale_no` with its lines and which of them can still be refunded.
            fn refund_sale(sale_no: &str) -> $crate::RefundableSale;
            /// Refunds `lines` (line numbers, one meal each) of `sale_no` with a
            /// supervisor's PIN and a reason: a compensating record naming the
            /// supervisor; then the slip prints and, for cash, the drawer opens.
            fn refund_lines(staff_id: u64, sale_no: &str, lines: &[u64], reason: &str, supervisor_pin: &str, at: ::chrono::NaiveDateTime) -> $crate::RefundDone;
            /// Builds (Z: stores) and prints the report of `date`.
            fn report(kind: $crate::ReportKind, date: ::chrono::NaiveDate, at: ::chrono::NaiveDateTime) -> $crate::ReportView;
            /// Reprints a receipt marked 补打 / COPY (audited).
            fn reprint(staff_id: u64, sale_no: &str, at: ::chrono::NaiveDateTime) -> ();
            /// Opens the cash drawer without a sale: only with a supervisor's PIN,
            /// audited with the cashier, the supervisor and the reason, before it opens.
            fn no_sale(staff_id: u64, supervisor_pin: &str, reason: &str, at: ::chrono::NaiveDateTime) -> ();
            /// Tops up meal card `card_no` with `amount` in cash taken by `staff_id`
            /// (a card the registry does not know is refused with `unknown_card`),
            /// audited, then prints a receipt with the new balance.
            fn top_up_card(staff_id: u64, card_no: &str, amount: ::canteen_core::Money, at: ::chrono::NaiveDateTime) -> $crate::TopUpDone;
        }
        }
    };
}

/// `forward_counter!([generics] Type, |s| inner)` implements
/// `CashierService` and `DeliveryDesk` for `Type` by calling the same method
/// on `inner`, an expression of `s` (that is, `self`) that may return early
/// with a `CashierError` through `?`.
#[macro_export]
macro_rules! forward_counter {
    ($($wrapper:tt)*) => {
        $crate::counter_methods!(forward $($wrapper)*);
    };
}
