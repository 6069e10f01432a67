//! One forwarding of the counter's back-end traits ([`crate::CashierService`]
//! and its [`crate::DeliveryDesk`] part) to a service reached through
//! `self`: [`forward_counter!`](crate::forward_counter) writes both impls,
//! each method getting the inner service from one expression (lock a shared
//! service; or check a fault first, as the kiosk's staged demo back end does)
//! and passing its arguments on unchanged. A wrapper thus never restates
//! the traits' method list.

/// `forward_counter!([generics] Type, |s| inner)` implements
/// `CashierService` and `DeliveryDesk` for `Type` by calling the same method
/// on `inner`, an expression of `s` (that is, `self`) that may return early
/// with a `CashierError` through `?`.
#[macro_export]
macro_rules! forward_counter {
    ([$($gen:tt)*] $ty:ty, |$s:ident| $inner:expr) => {
        impl<$($gen)*> $crate::DeliveryDesk for $ty {
            fn deliveries(
                &mut self,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::DeliveryList, $crate::CashierError> {
                let $s = self;
                $inner.deliveries(at)
            }
            fn prepare_deliveries(
                &mut self,
                staff_id: u64,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::DeliveryList, $crate::CashierError> {
                let $s = self;
                $inner.prepare_deliveries(staff_id, at)
            }
            fn confirm_delivery(
                &mut self,
                staff_id: u64,
                sale_no: &str,
                delivered: bool,
                reason: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::DeliveryList, $crate::CashierError> {
                let $s = self;
                $inner.confirm_delivery(staff_id, sale_no, delivered, reason, at)
            }
        }

        impl<$($gen)*> $crate::CashierService for $ty {
            fn sign_in(
                &mut self,
                who: &str,
                pin: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::StaffView, $crate::CashierError> {
                let $s = self;
                $inner.sign_in(who, pin, at)
            }
            fn sign_out(
                &mut self,
                staff_id: u64,
                idle: bool,
                at: ::chrono::NaiveDateTime,
            ) -> Result<(), $crate::CashierError> {
                let $s = self;
                $inner.sign_out(staff_id, idle, at)
            }
            fn current_shift(
                &mut self,
            ) -> Result<Option<$crate::ShiftView>, $crate::CashierError> {
                let $s = self;
                $inner.current_shift()
            }
            fn open_shift(
                &mut self,
                staff_id: u64,
                float: ::canteen_core::Money,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::ShiftView, $crate::CashierError> {
                let $s = self;
                $inner.open_shift(staff_id, float, at)
            }
            fn close_shift(
                &mut self,
                staff_id: u64,
                counted: ::canteen_core::Money,
                supervisor_pin: Option<&str>,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::ShiftView, $crate::CashierError> {
                let $s = self;
                $inner.close_shift(staff_id, counted, supervisor_pin, at)
            }
            fn counter_sale(
                &mut self,
                sale: &$crate::CounterSale,
            ) -> Result<$crate::CounterPaid, $crate::CashierError> {
                let $s = self;
                $inner.counter_sale(sale)
            }
            fn void_sale(
                &mut self,
                staff_id: u64,
                sale_no: &str,
                reason: &str,
                supervisor_pin: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::VoidDone, $crate::CashierError> {
                let $s = self;
                $inner.void_sale(staff_id, sale_no, reason, supervisor_pin, at)
            }
            fn refund_sale(
                &mut self,
                sale_no: &str,
            ) -> Result<$crate::RefundableSale, $crate::CashierError> {
                let $s = self;
                $inner.refund_sale(sale_no)
            }
            fn refund_lines(
                &mut self,
                staff_id: u64,
                sale_no: &str,
                lines: &[u64],
                reason: &str,
                supervisor_pin: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::RefundDone, $crate::CashierError> {
                let $s = self;
                $inner.refund_lines(staff_id, sale_no, lines, reason, supervisor_pin, at)
            }
            fn report(
                &mut self,
                kind: $crate::ReportKind,
                date: ::chrono::NaiveDate,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::ReportView, $crate::CashierError> {
                let $s = self;
                $inner.report(kind, date, at)
            }
            fn reprint(
                &mut self,
                staff_id: u64,
                sale_no: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<(), $crate::CashierError> {
                let $s = self;
                $inner.reprint(staff_id, sale_no, at)
            }
            fn no_sale(
                &mut self,
                staff_id: u64,
                supervisor_pin: &str,
                reason: &str,
                at: ::chrono::NaiveDateTime,
            ) -> Result<(), $crate::CashierError> {
                let $s = self;
                $inner.no_sale(staff_id, supervisor_pin, reason, at)
            }
            fn top_up_card(
                &mut self,
                staff_id: u64,
                card_no: &str,
                amount: ::canteen_core::Money,
                at: ::chrono::NaiveDateTime,
            ) -> Result<$crate::TopUpDone, $crate::CashierError> {
                let $s = self;
                $inner.top_up_card(staff_id, card_no, amount, at)
            }
        }
    };
}
