//! The counter's back end over the ledger: [`LedgerService`] implements
//! `canteen_ui::CashierService` on the worker thread.
//!
//! Sign-in, lockout and every attempt's audit record are the ledger's
//! (`Ledger::sign_in`); supervisor PINs become an `Authorisation` only inside
//! this module, so no ledger type reaches the UI. A counter sale is
//! `Ledger::sell` with the total the cashier saw (a different total is refused
//! and nothing is written), then the audit records of a typed ID (masked) and
//! of the child tier, then the receipt — with the drawer kick only for cash,
//! and only after the commit. Voids are `Ledger::void_authorised`; X is
//! `report_x` (plus the open shift's expected cash), Z is `close_day`, both
//! printed with the grand total and chain head on Z. "No sale" opens the
//! drawer only after `Ledger::no_sale` has recorded the supervisor's consent.
//! A meal-card top-up is `Ledger::top_up_card` for a card the registry knows
//! (cash in, counted in the shift's expected cash), then its audit record with
//! the staff member, then a receipt with the new balance and the drawer kick.
//! A line refund is `Ledger::refund_lines` with the supervisor's
//! authorisation (the refund and its audit record in one transaction), then
//! the refund slip — with the drawer kick only for a cash refund, and only
//! after the commit.

use canteen_core::cashier::{AuditAction, mask_but_last_four};
use canteen_core::{Money, Payment, PaymentMethod, Refusal};
use canteen_ledger::{CardShown, CounterNote, LedgerError, SaleRequest as LedgerSale, ShiftReport};
use canteen_ui::{
    CashierError, CashierService, CounterPaid, CounterSale, RefundDone, RefundableLine,
    RefundableSale, ReportKind, ReportView, ShiftView, StaffView, TopUpDone, VoidDone,
};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use firmware_adapters::printer::Document;

use crate::ledger_service::LedgerService;
use crate::receipt;

fn shift_view(r: ShiftReport) -> ShiftView {
    ShiftView {
        open_seq: r.open_seq,
        staff_id: r.staff_id,
        cash: r.cash,
        counted: r.counted_fen.map(Money::from_fen),
        difference: r.difference_fen,
        sale_count: r.sale_count,
        void_count: r.void_count,
    }
}

/// The journal number of sale `sale_no` (as on the receipt).
pub(crate) fn sale_seq(sale_no: &str) -> Result<u64, CashierError> {
    sale_no
        .trim()
        .parse()
        .map_err(|_| CashierError::Refused(Refusal::NoSuchSale))
}

/// A ledger error as the counter shows it: its typed refusal, or a store
/// fault as `Database`.
pub(crate) fn cashier_error(e: LedgerError) -> CashierError {
    match e.refusal() {
        Some(refusal) => CashierError::Refused(refusal),
        None => CashierError::Database(e.to_string()),
    }
}

impl LedgerService {
    pub(crate) fn at(&self, local: NaiveDateTime) -> Result<DateTime<FixedOffset>, CashierError> {
        self.offset
            .from_local_datetime(&local)
            .single()
            .ok_or_else(|| CashierError::Database("the clock reads no valid local time".into()))
    }

    /// The supervisor's authorisation for `pin` (a refusal is audited by the ledger).
    fn authorise(
        &mut self,
        pin: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<canteen_ledger::Authorisation, CashierError> {
        let rules = self.cashier;
        self.ledger
            .authorise_supervisor(pin, at, &rules)
            .map_err(|e| match e {
                LedgerError::NotSupervisor | LedgerError::Pin(_) => {
                    CashierError::Refused(Refusal::NotSupervisor)
                }
                e => cashier_error(e),
            })
    }

    /// Stored sale `sale_no` (a sale number as on the receipt).
    fn stored_sale(&self, sale_no: &str) -> Result<canteen_ledger::CommittedSale, CashierError> {
        self.ledger
            .sale(sale_seq(sale_no)?)
            .map_err(|e| CashierError::Database(e.to_string()))?
            .ok_or(CashierError::Refused(Refusal::NoSuchSale))
    }
}

impl CashierService for LedgerService {
    fn sign_in(
        &mut self,
        who: &str,
        pin: &str,
        at: NaiveDateTime,
    ) -> Result<StaffView, CashierError> {
        let at = self.at(at)?;
        let rules = self.cashier;
        match self.ledger.sign_in(who, pin, at, &rules) {
            Ok(s) => Ok(StaffView {
                id: s.id,
                name: s.name,
                supervisor: s.role == canteen_core::cashier::Role::Supervisor,
            }),
            // A PIN of the wrong shape is a wrong PIN to the person typing it.
            Err(LedgerError::Pin(_)) => Err(CashierError::Refused(Refusal::WrongPin {
                left: canteen_core::cashier::MAX_FAILED_PINS,
            })),
            Err(e) => Err(cashier_error(e)),
        }
    }

    fn sign_out(
        &mut self,
        staff_id: u64,
        idle: bool,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        let at = self.at(at)?;
        let done = if idle {
            self.ledger.audit(
                Some(staff_id),
                AuditAction::SignOut,
                "idle timeout",
                None,
                at,
            )
        } else {
            self.ledger.sign_out(staff_id, at)
        };
        done.map(|_| ()).map_err(cashier_error)
    }

    fn current_shift(&mut self) -> Result<Option<ShiftView>, CashierError> {
        self.ledger
            .current_shift()
            .map(|s| s.map(shift_view))
            .map_err(|e| CashierError::Database(e.to_string()))
    }

    fn open_shift(
        &mut self,
        staff_id: u64,
        float: Money,
        at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        let at = self.at(at)?;
        self.ledger
            .open_shift(staff_id, float, at)
            .map(shift_view)
            .map_err(cashier_error)
    }

    fn close_shift(
        &mut self,
        staff_id: u64,
        counted: Money,
        supervisor_pin: Option<&str>,
        at: NaiveDateTime,
    ) -> Result<ShiftView, CashierError> {
        let at = self.at(at)?;
        let supervisor = match supervisor_pin {
            Some(pin) => Some(self.authorise(pin, at)?),
            None => None,
        };
        let rules = self.cashier;
        self.ledger
            .close_shift(staff_id, counted, supervisor.as_ref(), at, &rules)
            .map(shift_view)
            .map_err(cashier_error)
    }

    fn counter_sale(&mut self, sale: &CounterSale) -> Result<CounterPaid, CashierError> {
        let at = self.at(sale.at)?;
        let req = LedgerSale {
            rules: &self.rules,
            age_convention: self.age_convention,
            at,
            items: sale.items.clone(),
            companion_items: sale.companion_items.clone(),
            expected_total: Some(sale.expected_total),
            id: sale.id.as_ref(),
            tier_override: sale.tier.as_deref(),
            payment: sale.payment.clone(),
        };
        // What staff did for this sale goes into the audit trail with it, in
        // the sale's own transaction (masked data only).
        let mut notes = Vec::new();
        if sale.manual_id
            && let Some(id) = &sale.id
        {
            notes.push(CounterNote {
                staff_id: sale.staff_id,
                action: AuditAction::ManualIdEntry,
                detail: format!("typed at the counter: {}", id.masked_at_rest()),
            });
        }
        if let Some(tier) = &sale.tier {
            notes.push(CounterNote {
                staff_id: sale.staff_id,
                action: AuditAction::ChildTier,
                detail: format!("cashier-only tier {tier}"),
            });
        }
        // `card_no`: an order handed over from self-service by a meal-card holder.
        let committed = self
            .ledger
            .sell_at_counter(
                &req,
                sale.card_no.as_deref().map(|card_no| CardShown {
                    card_no,
                    born: sale.card_born,
                }),
                &notes,
            )
            .map_err(cashier_error)?;
        self.committed();
        let seq = committed.seq;
        let cash = committed.payments.iter().find_map(|p| match p {
            Payment::Cash {
                tendered, change, ..
            } => Some((*tendered, *change)),
            _ => None,
        });
        let mut doc = receipt::document(
            &self.header,
            &self.ledger.identity().device_id,
            &committed,
            false,
        );
        if cash.is_some() {
            // Committed above: only now may the drawer open.
            doc = doc.drawer_kick();
        }
        let printed = self.print_fine(&doc);
        Ok(CounterPaid {
            sale_no: seq.to_string(),
            total: Money::from_fen(committed.total_fen),
            tendered: cash.map(|(t, _)| t),
            change: cash.map_or(Money::ZERO, |(_, c)| c),
            printed,
        })
    }

    fn void_sale(
        &mut self,
        _staff_id: u64,
        sale_no: &str,
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<VoidDone, CashierError> {
        let at = self.at(at)?;
        let sale = self.stored_sale(sale_no)?;
        let seq = sale.seq;
        let supervisor = self.authorise(supervisor_pin, at)?;
        let void = self
            .ledger
            .void_authorised(seq, reason, &supervisor, at)
            .map_err(cashier_error)?;
        // What the void pays back (earlier line refunds are not paid twice),
        // in cash when the sale was paid in cash.
        let cash_refund = if sale
            .payments
            .iter()
            .any(|p| matches!(p, Payment::Cash { .. }))
        {
            Money::from_fen(void.refund_fen)
        } else {
            Money::ZERO
        };
        Ok(VoidDone {
            void_no: void.seq.to_string(),
            sale_no: seq.to_string(),
            amount: Money::from_fen(void.refund_fen),
            cash_refund,
        })
    }

    fn refund_sale(&mut self, sale_no: &str) -> Result<RefundableSale, CashierError> {
        let canteen_ledger::Refundable {
            sale,
            state,
            method,
        } = self
            .ledger
            .refundable(sale_seq(sale_no)?)
            .map_err(cashier_error)?;
        Ok(RefundableSale {
            sale_no: sale.seq.to_string(),
            lines: (0u64..)
                .zip(&sale.lines)
                .map(|(line, l)| RefundableLine {
                    line,
                    item: l.item.clone(),
                    amount: l.charged,
                    refundable: state.refundable(line),
                })
                .collect(),
            method,
        })
    }

    fn refund_lines(
        &mut self,
        _staff_id: u64,
        sale_no: &str,
        lines: &[u64],
        reason: &str,
        supervisor_pin: &str,
        at: NaiveDateTime,
    ) -> Result<RefundDone, CashierError> {
        let at = self.at(at)?;
        let sale = self.stored_sale(sale_no)?;
        let supervisor = self.authorise(supervisor_pin, at)?;
        let asked: Vec<(u64, u64)> = lines.iter().map(|l| (*l, 1)).collect();
        let refund = self
            .ledger
            .refund_lines(sale.seq, &asked, reason, &supervisor, at)
            .map_err(cashier_error)?;
        let method = PaymentMethod::parse(&refund.method).unwrap_or(PaymentMethod::Cash);
        // Back onto the meal card: its balance now.
        let card_balance = sale.payments.iter().find_map(|p| match p {
            Payment::Card { card_no, .. } => self.ledger.card_balance(card_no).ok(),
            _ => None,
        });
        let mut doc = receipt::refund_document(
            &self.header,
            &self.ledger.identity().device_id,
            &refund,
            &supervisor.supervisor().name,
            card_balance,
        );
        if method == PaymentMethod::Cash {
            // Committed above: only now may the drawer open, for the cash.
            doc = doc.drawer_kick();
        }
        let printed = self.print_fine(&doc);
        Ok(RefundDone {
            refund_no: refund.seq.to_string(),
            sale_no: sale.seq.to_string(),
            lines: refund.lines.iter().map(|l| l.line).collect(),
            amount: Money::from_fen(refund.refund_fen),
            method,
            card_balance,
            printed,
        })
    }

    fn report(
        &mut self,
        kind: ReportKind,
        date: NaiveDate,
        at: NaiveDateTime,
    ) -> Result<ReportView, CashierError> {
        let at = self.at(at)?;
        let mut view = match kind {
            ReportKind::X => {
                let day = self.ledger.report_x(date).map_err(cashier_error)?;
                let shift = self.ledger.current_shift().map_err(cashier_error)?;
                let mut v = receipt::report_view(kind, &day);
                v.shift_expected = shift.map(|s| Money::from_fen(s.expected_fen));
                v
            }
            ReportKind::Z => {
                let z = self.ledger.close_day(date, at).map_err(cashier_error)?;
                let mut v = receipt::report_view(kind, &z.closing.day);
                v.grand_total = Some(z.closing.grand_total);
                v.chain_head = Some((z.closing.head_seq, hex::encode(z.closing.chain_head)));
                v
            }
        };
        let doc = receipt::report_document(&self.header, &self.ledger.identity().device_id, &view);
        view.printed = self.print_fine(&doc);
        Ok(view)
    }

    fn reprint(
        &mut self,
        staff_id: u64,
        sale_no: &str,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        let at = self.at(at)?;
        let seq = sale_seq(sale_no)?;
        canteen_ui::KioskService::print(self, sale_no, true)
            .map_err(|_| CashierError::Refused(Refusal::PrintFailed))?;
        self.ledger
            .audit(
                Some(staff_id),
                AuditAction::Reprint,
                "补打 / COPY",
                Some(seq),
                at,
            )
            .map(|_| ())
            .map_err(cashier_error)
    }

    fn no_sale(
        &mut self,
        staff_id: u64,
        supervisor_pin: &str,
        reason: &str,
        at: NaiveDateTime,
    ) -> Result<(), CashierError> {
        let at = self.at(at)?;
        let supervisor = self.authorise(supervisor_pin, at)?;
        self.ledger
            .no_sale(staff_id, &supervisor, reason, at)
            .map_err(cashier_error)?;
        // Recorded above: only now the drawer opens (a kick with nothing printed).
        let _ = self.print_document(&Document::new().drawer_kick());
        Ok(())
    }

    fn top_up_card(
        &mut self,
        staff_id: u64,
        card_no: &str,
        amount: Money,
        at: NaiveDateTime,
    ) -> Result<TopUpDone, CashierError> {
        let at = self.at(at)?;
        let card_no = card_no.trim();
        // Only a card the registry knows takes money at the counter.
        match self.ledger.resident_by_card(card_no) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(CashierError::Refused(Refusal::UnknownCard)),
            Err(e) => return Err(cashier_error(e)),
        }
        let up = self
            .ledger
            .top_up_card(card_no, amount, staff_id, at)
            .map_err(cashier_error)?;
        let masked = mask_but_last_four(card_no);
        let balance = Money::from_fen(up.balance_fen);
        let doc = receipt::top_up_document(
            &self.header,
            &self.ledger.identity().device_id,
            up.seq,
            &up.at,
            &masked,
            amount,
            balance,
        )
        // Committed above: only now may the drawer open for the cash.
        .drawer_kick();
        let printed = self.print_fine(&doc);
        Ok(TopUpDone {
            top_up_no: up.seq.to_string(),
            card_no: card_no.to_owned(),
            amount,
            balance,
            printed,
        })
    }
}
