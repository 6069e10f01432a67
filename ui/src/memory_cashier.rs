//! The counter's back end in memory ([`CashierService`] for [`MemoryService`]):
//! two demo staff, PIN lockout after five wrong tries, an audit list, one cash
//! shift at a time with its expected cash, counter sales with change and a
//! drawer-kick counter, supervisor-authorised voids and line refunds (the
//! ledger's rules: a line once, never a voided sale or a closed day; a void
//! after refunds pays back what remains) and X/Z reports.
//!
//! For demos, screenshots and the UI tests only. It trusts the total the
//! controller priced (the ledger re-prices inside its transaction) and its
//! "chain head" is a digest of the sale numbers, not a journal hash.

use std::hash::{Hash, Hasher};

use canteen_core::PaymentError::{MissingCard, MissingReference};
use canteen_core::cashier::{AuditAction, MAX_FAILED_PINS};
use canteen_core::session::PayMethod;
use canteen_core::{Money, PaymentChoice, PaymentMethod, Refusal};
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use crate::cashier_service::{
    CashierError, CashierService, CounterPaid, CounterSale, RefundDone, RefundableLine,
    RefundableSale, ReportKind, ReportView, ShiftView, StaffView, TopUpDone, VoidDone,
};
use crate::memory::{MemoryLine, MemorySale, MemoryService};

/// A staff member with a PIN (demo data: PINs in the clear, in memory only).
#[derive(Clone, Debug)]
pub struct MemoryStaff {
    pub id: u64,
    pub name: String,
    pub supervisor: bool,
    pub pin: String,
    pub failed: u32,
    pub locked_until: Option<NaiveDateTime>,
}

/// One audit record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryAudit {
    pub staff_id: Option<u64>,
    pub action: AuditAction,
    pub detail: String,
}

/// One void.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryVoid {
    pub sale_no: String,
    pub reason: String,
    pub supervisor_id: u64,
    pub amount: Money,
    pub at: NaiveDateTime,
}

/// One line refund (some lines of a sale paid back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryRefund {
    pub sale_no: String,
    /// (line number from 0, as in the ledger, quantity) refunded.
    pub lines: Vec<(u32, u32)>,
    pub reason: String,
    pub supervisor_id: u64,
    pub amount: Money,
    pub subsidy: Money,
    pub at: NaiveDateTime,
}

/// The demo staff: cashiers 1 (PIN 1234) and 3 (PIN 5678), supervisor 2 (PIN 9999).
pub fn demo_staff() -> Vec<MemoryStaff> {
    let staff = |id, name: &str, supervisor, pin: &str| MemoryStaff {
        id,
        name: name.to_owned(),
        supervisor,
        pin: pin.to_owned(),
        failed: 0,
        locked_until: None,
    };
    vec![
        staff(1, "王芳", false, "1234"),
        staff(2, "李主管", true, "9999"),
        staff(3, "张强", false, "5678"),
    ]
}

impl MemoryService {
    fn log(&mut self, staff_id: Option<u64>, action: AuditAction, detail: impl Into<String>) {
        self.audit.push(MemoryAudit {
            staff_id,
            action,
            detail: canteen_core::cashier::mask_id_numbers(&detail.into()),
        });
    }

    fn supervisor(&mut self, pin: &str, at: NaiveDateTime) -> Result<u64, CashierError> {
        let found = self
            .staff
            .iter()
            .find(|s| s.supervisor && s.pin == pin && s.locked_until.is_none_or(|u| u <= at))
            .map(|s| s.id);
        match found {
            Some(id) => Ok(id),
            None => {
                self.log(
                    None,
                    AuditAction::SupervisorRefused,
                    "no supervisor has this PIN",
                );
                Err(CashierError::SupervisorRefused)
            }
        }
    }

    fn open_shift_mut(&mut self) -> Option<&mut ShiftView> {
        self.shifts.last_mut().filter(|s| s.counted.is_none())
    }

    fn sale_index(&self, sale_no: &str) -> Result<usize, CashierError> {
        let want = sale_no.trim().trim_start_matches('0');
        self.sales
            .iter()
            .position(|s| s.sale_no.trim_start_matches('0') == want && !want.is_empty())
            .ok_or(CashierError::NoSuchSale)
    }

    fn voided(&self, sale_no: &str) -> bool {
        self.voids.iter().any(|v| v.sale_no == sale_no)
    }

    /// Quantity of line `line` of `sale_no` refunded so far.
    fn refunded_qty(&self, sale_no: &str, line: u32) -> u32 {
        self.refunds
            .iter()
            .filter(|r| r.sale_no == sale_no)
            .flat_map(|r| &r.lines)
            .filter(|(l, _)| *l == line)
            .map(|(_, q)| q)
            .sum()
    }

    /// What refunds of `sale_no` paid back so far.
    fn refunded_amount(&self, sale_no: &str) -> Money {
        self.refunds
            .iter()
            .filter(|r| r.sale_no == sale_no)
            .map(|r| r.amount)
            .sum()
    }

    /// Sale `sale_no` if a line refund may touch it: it exists and is not
    /// voided. (A sale in memory is paid one way, so none is split.)
    fn refundable_index(&self, sale_no: &str) -> Result<usize, CashierError> {
        let i = self.sale_index(sale_no)?;
        if self.voided(&self.sales[i].sale_no) {
            return Err(CashierError::AlreadyVoided);
        }
        Ok(i)
    }
}

/// How a sale in memory was paid (and so how a refund pays back).
fn method_of(sale: &MemorySale) -> PaymentMethod {
    match sale.method {
        _ if sale.cash.is_some() => PaymentMethod::Cash,
        PayMethod::MealCard => PaymentMethod::Card,
        PayMethod::Free => PaymentMethod::Free,
        PayMethod::Counter => PaymentMethod::Mobile,
    }
}

/// A line of a sale is one meal.
const LINE_QTY: u32 = 1;

fn recompute(shift: &mut ShiftView) {
    shift.expected = Money::from_fen(
        shift.float.fen() + shift.tendered.fen() - shift.change.fen() - shift.refunds.fen()
            + shift.top_ups.fen(),
    );
}

impl CashierService for MemoryService {
    fn sign_in(
        &mut self,
        who: &str,
        pin: &str,
        at: NaiveDateTime,
    ) -> Result<StaffView, CashierError> {
        let who = who.trim();
        let lock_minutes = self.cashier_rules.lock_minutes;
        let Some(i) = self
            .staff
            .iter()
            .position(|s| s.id.to_string() == who || s.name == who)
        else {
            self.log(None, AuditAction::SignInFailed, "unknown staff");
            return Err(CashierError::UnknownStaff);
        };
        let id = self.staff[i].id;
        if let Some(until) = self.staff[i].locked_until.filter(|u| *u > at) {
            self.log(Some(id), AuditAction::SignInFailed, "refused: locked");
            let secs = (until - at).num_seconds();
            let minutes = u32::try_from((secs + 59) / 60).unwrap_or(u32::MAX);
            return Err(CashierError::Locked { minutes });
        }
        let s = &mut self.staff[i];
        if s.pin == pin {
            s.failed = 0;
            s.locked_until = None;
            let view = StaffView {
                id,
                name: s.name.clone(),
                supervisor: s.supervisor,
            };
            self.log(Some(id), AuditAction::SignIn, "");
            return Ok(view);
        }
        if s.locked_until.is_some() {
            s.locked_until = None;
            s.failed = 0;
        }
        s.failed += 1;
        let failed = s.failed;
        self.log(
            Some(id),
            AuditAction::SignInFailed,
            format!("wrong PIN ({failed} in a row)"),
        );
        if failed >= MAX_FAILED_PINS {
            let s = &mut self.staff[i];
            s.failed = 0;
            s.locked_until = Some(at + TimeDelta::minutes(i64::from(lock_minutes)));
            self.log(Some(id), AuditAction::Locked, "locked");
            return Err(CashierError::Locked {
                minutes: lock_minutes,
            });
        }
        Err(CashierError::WrongPin {
            left: MAX_FAILED_PINS - failed,
        })
    }

    fn sign_out(
        &mut self,
        staff_id: u64,
        idle: bool,
        _at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        self.log(
            Some(staff_id),
            AuditAction::SignOut,
            if idle { "idle timeout" } else { "" },
        );
        Ok(())
    }

    fn current_shift(&mut self) -> Result<Option<ShiftView>, CashierError> {
        Ok(self.open_shift_mut().cloned())
    }

    fn open_shift(
        &mut self,
        staff_id: u64,
        float: Money,
        _at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        if self.open_shift_mut().is_some() {
            return Err(CashierError::ShiftAlreadyOpen);
        }
        if float <= Money::ZERO {
            return Err(CashierError::BadAmount);
        }
        let mut shift = ShiftView {
            open_seq: u64::try_from(self.sales.len() + self.shifts.len() + 1).unwrap_or(0),
            staff_id,
            float,
            tendered: Money::ZERO,
            change: Money::ZERO,
            refunds: Money::ZERO,
            top_ups: Money::ZERO,
            expected: float,
            counted: None,
            difference: None,
            sale_count: 0,
            void_count: 0,
        };
        recompute(&mut shift);
        self.shifts.push(shift.clone());
        self.log(
            Some(staff_id),
            AuditAction::ShiftOpen,
            format!("float {float}"),
        );
        Ok(shift)
    }

    fn close_shift(
        &mut self,
        staff_id: u64,
        counted: Money,
        supervisor_pin: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        let limit = self.cashier_rules.shift_difference_limit;
        let shift = self.open_shift_mut().ok_or(CashierError::NoOpenShift)?;
        if shift.staff_id != staff_id {
            return Err(CashierError::NotYourShift);
        }
        let difference = counted.fen() - shift.expected.fen();
        if difference.abs() > limit.fen() {
            match supervisor_pin {
                None => {
                    return Err(CashierError::SupervisorRequired {
                        difference: Money::from_fen(difference.abs()),
                    });
                }
                Some(pin) => {
                    self.supervisor(pin, at)?;
                }
            }
        }
        let shift = self.open_shift_mut().ok_or(CashierError::NoOpenShift)?;
        shift.counted = Some(counted);
        shift.difference = Some(difference);
        let closed = shift.clone();
        self.log(
            Some(staff_id),
            AuditAction::ShiftClose,
            format!("counted {counted}, difference {difference} fen"),
        );
        Ok(closed)
    }

    fn counter_sale(&mut self, sale: &CounterSale) -> Result<CounterPaid, CashierError> {
        if self.fail_database {
            return Err(CashierError::Database("simulated".into()));
        }
        if self.closed_days.contains(&sale.at.date()) {
            return Err(CashierError::DayClosed);
        }
        if self.open_shift_mut().is_none() {
            return Err(CashierError::NoOpenShift);
        }
        let total = sale.expected_total;
        let (method, tendered, change) = match &sale.payment {
            PaymentChoice::Cash { tendered } if *tendered >= total => {
                (PayMethod::Counter, Some(*tendered), *tendered - total)
            }
            PaymentChoice::Cash { .. } => return Err(CashierError::TooLittle),
            PaymentChoice::Mobile { reference } if reference.trim().is_empty() => {
                return Err(CashierError::Refused(Refusal::Payment(MissingReference)));
            }
            PaymentChoice::Mobile { .. } => (PayMethod::Counter, None, Money::ZERO),
            PaymentChoice::Free => (PayMethod::Free, None, Money::ZERO),
            PaymentChoice::Card { .. } => {
                Err(Refusal::Payment(MissingCard)).map_err(CashierError::Refused)?
            }
        };
        let sale_no = format!("{:06}", self.sales.len() + 1);
        self.sales.push(MemorySale {
            sale_no: sale_no.clone(),
            id: sale.id.clone(),
            total,
            subsidy: Money::ZERO,
            method,
            at: sale.at,
            quota_lines: Vec::new(),
            cash: tendered.map(|t| (t, change)),
            lines: sale
                .items
                .iter()
                .chain(&sale.companion_items)
                .zip(&sale.charged)
                .map(|(item, charged)| MemoryLine {
                    item: item.clone(),
                    charged: *charged,
                    subsidy: Money::ZERO,
                })
                .collect(),
        });
        if let Some(shift) = self.open_shift_mut() {
            if let Some(t) = tendered {
                shift.tendered += t;
                shift.change += change;
            }
            shift.sale_count += 1;
            recompute(shift);
        }
        if sale.manual_id
            && let Some(id) = &sale.id
        {
            self.log(
                Some(sale.staff_id),
                AuditAction::ManualIdEntry,
                format!("sale {sale_no}: {}", id.masked()),
            );
        }
        if let Some(tier) = &sale.tier {
            self.log(
                Some(sale.staff_id),
                AuditAction::ChildTier,
                format!("sale {sale_no}: cashier-only tier {tier}"),
            );
        }
        let printed = !self.printer_out_of_paper;
        if printed {
            self.printed.push((sale_no.clone(), false));
        }
        // The drawer opens only for a committed cash sale.
        if tendered.is_some() {
            self.drawer_kicks += 1;
        }
        Ok(CounterPaid {
            sale_no,
            total,
            tendered,
            change,
            printed,
        })
    }

    fn void_sale(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<VoidDone, CashierError> {
        let i = self.sale_index(sale_no)?;
        let sale_no = self.sales[i].sale_no.clone();
        if self.voided(&sale_no) {
            return Err(CashierError::AlreadyVoided);
        }
        if reason.trim().is_empty() {
            return Err(CashierError::Refused(Refusal::MissingReason));
        }
        let supervisor_id = self.supervisor(supervisor_pin, at)?;
        // A void after line refunds pays back what remains.
        let amount = self.sales[i].total - self.refunded_amount(&sale_no);
        let cash_refund = if self.sales[i].cash.is_some() {
            amount
        } else {
            Money::ZERO
        };
        self.voids.push(MemoryVoid {
            sale_no: sale_no.clone(),
            reason: reason.to_owned(),
            supervisor_id,
            amount,
            at,
        });
        if let Some(shift) = self.open_shift_mut() {
            shift.refunds += cash_refund;
            shift.void_count += 1;
            recompute(shift);
        }
        self.log(
            Some(supervisor_id),
            AuditAction::VoidAuthorised,
            format!("sale {sale_no} by cashier {staff_id}: {reason}"),
        );
        Ok(VoidDone {
            void_no: format!("V{}", self.voids.len()),
            sale_no,
            amount,
            cash_refund,
        })
    }

    fn refund_sale(&mut self, sale_no: &str) -> Result<RefundableSale, CashierError> {
        if self.fail_database {
            return Err(CashierError::Database("simulated".into()));
        }
        let sale = &self.sales[self.refundable_index(sale_no)?];
        let lines = (0u32..)
            .zip(&sale.lines)
            .map(|(n, l)| RefundableLine {
                line: u64::from(n),
                item: l.item.clone(),
                amount: l.charged,
                refundable: self.refunded_qty(&sale.sale_no, n) < LINE_QTY,
            })
            .collect();
        Ok(RefundableSale {
            sale_no: sale.sale_no.clone(),
            lines,
            method: method_of(sale),
        })
    }

    fn refund_lines(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        lines: &[u64],
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<RefundDone, CashierError> {
        if self.fail_database {
            return Err(CashierError::Database("simulated".into()));
        }
        let i = self.refundable_index(sale_no)?;
        let sale = self.sales[i].clone();
        if [sale.at.date(), at.date()]
            .iter()
            .any(|d| self.closed_days.contains(d))
        {
            return Err(CashierError::DayClosed);
        }
        if reason.trim().is_empty() {
            return Err(CashierError::Refused(Refusal::MissingReason));
        }
        let mut asked: Vec<u32> = lines
            .iter()
            .map(|l| u32::try_from(*l).unwrap_or(u32::MAX))
            .collect();
        asked.sort_unstable();
        if asked.is_empty() {
            return Err(CashierError::Refused(Refusal::NothingToRefund));
        }
        let supervisor_id = self.supervisor(supervisor_pin, at)?;
        let mut refunded = Vec::new();
        let (mut amount, mut subsidy) = (Money::ZERO, Money::ZERO);
        for (k, line) in asked.iter().enumerate() {
            let Some(l) = sale.lines.get(*line as usize) else {
                return Err(CashierError::Refused(Refusal::UnknownLine));
            };
            let again = asked[..k].iter().filter(|a| *a == line).count() as u32;
            if self.refunded_qty(&sale.sale_no, *line) + again + 1 > LINE_QTY {
                return Err(CashierError::Refused(Refusal::QtyTooLarge));
            }
            refunded.push((*line, 1));
            amount += l.charged;
            subsidy += l.subsidy;
        }
        let method = method_of(&sale);
        let mut card_balance = None;
        match method {
            PaymentMethod::Cash => {
                if let Some(shift) = self.open_shift_mut() {
                    shift.refunds += amount;
                    recompute(shift);
                }
            }
            PaymentMethod::Card => {
                if let Some(record) = sale.id.as_ref().and_then(|id| self.resident_mut(id))
                    && let Some(balance) = record.card_balance.as_mut()
                {
                    *balance += amount;
                    card_balance = Some(*balance);
                }
            }
            PaymentMethod::Mobile | PaymentMethod::Free => {}
        }
        self.refunds.push(MemoryRefund {
            sale_no: sale.sale_no.clone(),
            lines: refunded,
            reason: reason.to_owned(),
            supervisor_id,
            amount,
            subsidy,
            at,
        });
        let refund_no = format!("R{}", self.refunds.len());
        self.log(
            Some(supervisor_id),
            AuditAction::RefundAuthorised,
            format!(
                "refund of sale {} lines {asked:?} by cashier {staff_id}: {reason}",
                sale.sale_no
            ),
        );
        let printed = !self.printer_out_of_paper;
        if printed {
            self.printed.push((refund_no.clone(), false));
        }
        // Recorded above: only now does the drawer open, and only for cash.
        if method == PaymentMethod::Cash {
            self.drawer_kicks += 1;
        }
        Ok(RefundDone {
            refund_no,
            sale_no: sale.sale_no,
            lines: asked.into_iter().map(u64::from).collect(),
            amount,
            method,
            card_balance,
            printed,
        })
    }

    fn report(
        &mut self,
        kind: ReportKind,
        date: NaiveDate,
        _at: NaiveDateTime,
    ) -> Result<ReportView, CashierError> {
        let on_day: Vec<&MemorySale> = self.sales.iter().filter(|s| s.at.date() == date).collect();
        let gross: Money = on_day.iter().map(|s| s.total).sum();
        let voided: Money = self
            .voids
            .iter()
            .filter(|v| v.at.date() == date)
            .map(|v| v.amount)
            .sum();
        let subsidy: Money = on_day
            .iter()
            .filter(|s| !self.voided(&s.sale_no))
            .map(|s| s.subsidy)
            .sum();
        let refunds_on_day = || self.refunds.iter().filter(|r| r.at.date() == date);
        let refunded: Money = refunds_on_day().map(|r| r.amount).sum();
        let refunded_subsidy: Money = refunds_on_day().map(|r| r.subsidy).sum();
        let subsidy = subsidy - refunded_subsidy;
        let all: Money = self.sales.iter().map(|s| s.total).sum();
        let all_voided: Money = self.voids.iter().map(|v| v.amount).sum();
        let all_refunded: Money = self.refunds.iter().map(|r| r.amount).sum();
        let mut digest = std::collections::hash_map::DefaultHasher::new();
        for s in &self.sales {
            s.sale_no.hash(&mut digest);
        }
        let z = kind == ReportKind::Z;
        if z && !self.closed_days.contains(&date) {
            self.closed_days.push(date);
        }
        let shift_expected = self
            .shifts
            .last()
            .filter(|s| s.counted.is_none())
            .map(|s| s.expected);
        Ok(ReportView {
            kind,
            date,
            sale_count: on_day.len() as u64,
            void_count: self.voids.iter().filter(|v| v.at.date() == date).count() as u64,
            gross,
            voided,
            refund_count: refunds_on_day().count() as u64,
            refunded,
            net: gross - voided - refunded,
            subsidy,
            grand_total: z.then(|| all - all_voided - all_refunded),
            chain_head: z.then(|| {
                (
                    (self.sales.len() + self.voids.len() + self.refunds.len()) as u64,
                    format!("{:016x}", digest.finish()),
                )
            }),
            shift_expected: if z { None } else { shift_expected },
            printed: !self.printer_out_of_paper,
        })
    }

    fn reprint(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        _at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        let i = self.sale_index(sale_no)?;
        if self.printer_out_of_paper {
            return Err(CashierError::Refused(Refusal::PrintFailed));
        }
        let sale_no = self.sales[i].sale_no.clone();
        self.printed.push((sale_no.clone(), true));
        self.log(
            Some(staff_id),
            AuditAction::Reprint,
            format!("sale {sale_no}"),
        );
        Ok(())
    }

    fn no_sale(
        &mut self,
        staff_id: u64,
        supervisor_pin: &str,
        reason: &str,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        if reason.trim().is_empty() {
            return Err(CashierError::Refused(Refusal::MissingReason));
        }
        let supervisor_id = self.supervisor(supervisor_pin, at)?;
        self.log(
            Some(supervisor_id),
            AuditAction::NoSaleDrawer,
            format!("cashier {staff_id}: {reason}"),
        );
        // Audited first; only then does the drawer open.
        self.drawer_kicks += 1;
        Ok(())
    }

    fn top_up_card(
        &mut self,
        staff_id: u64,
        card_no: &str,
        amount: Money,
        at: NaiveDateTime,
    ) -> Result<TopUpDone, CashierError> {
        if self.fail_database {
            return Err(CashierError::Database("simulated".into()));
        }
        if self.closed_days.contains(&at.date()) {
            return Err(CashierError::DayClosed);
        }
        if amount <= Money::ZERO {
            return Err(CashierError::BadAmount);
        }
        let card_no = card_no.trim();
        let Some(balance) = self.cards.get_mut(card_no) else {
            return Err(CashierError::Refused(Refusal::UnknownCard));
        };
        *balance += amount;
        let balance = *balance;
        if let Some(shift) = self.open_shift_mut() {
            shift.top_ups += amount;
            recompute(shift);
        }
        let top_up_no = format!("T{:05}", self.audit.len() + 1);
        self.log(
            Some(staff_id),
            AuditAction::CardTopUp,
            format!("card {card_no}: +{amount}, balance {balance}"),
        );
        // The drawer opens for the cash and a receipt is printed.
        self.drawer_kicks += 1;
        let printed = !self.printer_out_of_paper;
        if printed {
            self.printed.push((top_up_no.clone(), false));
        }
        Ok(TopUpDone {
            top_up_no,
            card_no: card_no.to_owned(),
            amount,
            balance,
            printed,
        })
    }
}
