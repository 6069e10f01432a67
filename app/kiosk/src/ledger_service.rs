//! The kiosk's back end over the ledger: [`LedgerService`] implements
//! `canteen_ui::KioskService` on the worker thread.
//!
//! A scan's look-up reads the registry (masked name, categories, status, the
//! meal card's balance) and the quota the ledger will count, so the priced
//! screen shows what the sale charges. Saving hands the order's lines to
//! `Ledger::sell` with the total the diner saw: a sale that would come to
//! another total is refused inside the transaction and nothing is written.
//! A companion's meal goes in as a companion line (market price, no quota).
//! A diner who showed a verified meal card instead of an ID is found by the
//! card (`Ledger::resident_by_card`) and sold to as the card's holder.
//! Refusals (`LedgerError::code()` is `Some`) become screens the diner can
//! leave; store faults stop selling. The receipt prints only after the commit,
//! from the committed sale `Ledger::sell` hands back (the sale as stored: the
//! ledger builds both from the same journal record); a reprint reads the sale
//! back by its number. With `[peers]`, each commit wakes the pusher that
//! sends the sale's quota uses to the canteen's other terminals
//! ([`crate::peers`]); the count the screen prices with includes theirs. The counter's side (`CashierService`) is in
//! `ledger_cashier`.

use canteen_core::cashier::CashierRules;
use canteen_core::session::{Order, PayMethod};
use canteen_core::{AgeConvention, PaymentChoice, PeriodId, PricingRules, Refusal, ResidentId};
use canteen_ledger::{
    CardStatus as LedgerCard, CommittedSale, Ledger, LedgerError, ResidentStatus as LedgerStatus,
    SaleRequest as LedgerSale,
};
use canteen_ui::{
    CardHolder, CardStatus, KioskService, PrintError, ResidentRecord, ResidentStatus, SaleRequest,
    ServiceError, Sold,
};
use chrono::{FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use firmware_adapters::printer::{Document, EncodeOptions, Printer, PrinterError};

use crate::peers::PeerWake;
use crate::receipt::{self, ReceiptHeader};

/// The ledger, the pricing it sells with, and the receipt printer if any.
pub struct LedgerService {
    pub(crate) ledger: Ledger,
    pub(crate) rules: PricingRules,
    pub(crate) age_convention: AgeConvention,
    pub(crate) offset: FixedOffset,
    pub(crate) header: ReceiptHeader,
    pub(crate) printer: Option<Printer>,
    /// The counter's rules (lockout, shift difference limit); see `ledger_cashier`.
    pub(crate) cashier: CashierRules,
    /// Wakes the peers' pusher after each commit (`[peers]`), if configured.
    pub(crate) peers: Option<PeerWake>,
}

impl LedgerService {
    pub fn new(
        ledger: Ledger,
        rules: PricingRules,
        age_convention: AgeConvention,
        offset: FixedOffset,
        header: ReceiptHeader,
    ) -> LedgerService {
        LedgerService {
            ledger,
            rules,
            age_convention,
            offset,
            header,
            printer: None,
            cashier: CashierRules::default(),
            peers: None,
        }
    }

    /// The service over `ledger` with `config`'s pricing, age convention,
    /// timezone, receipt header and counter rules (no printer, no peers).
    pub fn from_config(ledger: Ledger, config: &canteen_config::Config) -> LedgerService {
        let header = ReceiptHeader::of(config);
        LedgerService::new(
            ledger,
            config.pricing.clone(),
            config.canteen.age_convention,
            config.canteen.timezone,
            header,
        )
        .with_cashier_rules(config.cashier)
    }

    /// Hands each committed sale's quota uses to the canteen's other
    /// terminals: `wake` after every commit (it never blocks; the pusher reads
    /// the uses from the ledger on its own thread).
    pub fn with_peers(mut self, wake: PeerWake) -> LedgerService {
        self.peers = Some(wake);
        self
    }

    /// After a commit: the peers' pusher has new uses to send, if any.
    pub(crate) fn committed(&self) {
        if let Some(p) = &self.peers {
            p.wake();
        }
    }

    /// The counter's rules (`[cashier]` in `canteen.toml`).
    pub fn with_cashier_rules(mut self, rules: CashierRules) -> LedgerService {
        self.cashier = rules;
        self
    }

    /// Prints receipts on `printer` (without one, every print reports
    /// `NoPrinter`: no badge, no reprint, no "take your receipt").
    pub fn with_printer(mut self, printer: Printer) -> LedgerService {
        self.printer = Some(printer);
        self
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The ledger, e.g. for a sale made at the counter beside the kiosk.
    pub fn ledger_mut(&mut self) -> &mut Ledger {
        &mut self.ledger
    }

    fn card_no(&self, id: &ResidentId) -> Result<String, ServiceError> {
        let resident = self.ledger.resident(id).map_err(fault)?;
        resident.and_then(|r| r.card_no).ok_or(ServiceError::NoCard)
    }
}

impl KioskService for LedgerService {
    fn resident(&mut self, id: &ResidentId) -> Result<Option<ResidentRecord>, ServiceError> {
        let Some(r) = self.ledger.resident(id).map_err(fault)? else {
            return Ok(None);
        };
        let card_balance = match &r.card_no {
            Some(card) => Some(self.ledger.card_balance(card).map_err(fault)?),
            None => None,
        };
        Ok(Some(record(r, card_balance)))
    }

    fn card_holder(
        &mut self,
        card_no: &str,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<Option<CardHolder>, ServiceError> {
        let Some(r) = self.ledger.resident_by_card(card_no).map_err(fault)? else {
            return Ok(None);
        };
        let balance = self.ledger.card_balance(card_no).map_err(fault)?;
        let used = self
            .ledger
            .quota_used_by_key(&r.resident_key, date, period.as_str())
            .map_err(fault)?;
        Ok(Some(CardHolder {
            used_in_period: used,
            record: record(r, Some(balance)),
        }))
    }

    fn used_in_period(
        &mut self,
        id: &ResidentId,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<u32, ServiceError> {
        self.ledger
            .quota_used(id, date, period.as_str())
            .map_err(fault)
    }

    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<Sold, ServiceError> {
        let order = sale.order;
        let id = order.diner.id.as_ref();
        // A diner who showed a meal card (verified) and no ID number.
        let holder = match id {
            None => order.diner.card_no.as_deref(),
            Some(_) => None,
        };
        let payment = match sale.method {
            PayMethod::Free => PaymentChoice::Free,
            PayMethod::MealCard => PaymentChoice::Card {
                card_no: match (id, holder) {
                    (Some(id), _) => self.card_no(id)?,
                    (None, Some(card)) => card.to_owned(),
                    (None, None) => return Err(ServiceError::NoCard),
                },
            },
            // Cash and mobile are taken by the cashier, who records that sale;
            // the self-service flow hands over and never commits one itself.
            PayMethod::Counter => return Err(ServiceError::Refused(Refusal::PayAtCounter)),
        };
        let at = self
            .offset
            .from_local_datetime(&sale.at)
            .single()
            .ok_or_else(|| ServiceError::Database("the clock reads no valid local time".into()))?;
        // One span per sale: its lines (never the diner) and how it ended.
        let span = tracing::info_span!("sale", method = ?sale.method, lines = order.lines.len());
        let _sale = span.enter();
        let (items, companion_items) = canteen_ui::cashier::split_lines(order);
        let req = LedgerSale {
            rules: &self.rules,
            age_convention: self.age_convention,
            at,
            items,
            companion_items,
            expected_total: Some(order.total()),
            id,
            tier_override: None,
            payment,
        };
        let sold = match holder {
            Some(card) => self
                .ledger
                .sell_card_holder(card, order.diner.card_born, &req),
            None => self.ledger.sell(&req),
        };
        match sold {
            Ok(committed) => {
                tracing::info!(seq = committed.seq, "sale committed");
                self.committed();
                let printed = self.print_sale(&committed, false);
                Ok(Sold {
                    sale_no: committed.seq.to_string(),
                    printed,
                })
            }
            Err(e) => {
                // The ledger's messages name no person (IDs are masked).
                tracing::warn!("sale not committed: {e}");
                Err(refusal(e, order))
            }
        }
    }

    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError> {
        let seq: u64 = sale_no
            .parse()
            .map_err(|_| PrintError::Unreachable(format!("no sale {sale_no}")))?;
        let sale = self
            .ledger
            .sale(seq)
            .map_err(|e| PrintError::Unreachable(e.to_string()))?
            .ok_or_else(|| PrintError::Unreachable(format!("no sale {sale_no}")))?;
        self.print_sale(&sale, copy)
    }
}

impl LedgerService {
    /// Prints the receipt of committed `sale`; `copy` marks a reprint.
    fn print_sale(&mut self, sale: &CommittedSale, copy: bool) -> Result<(), PrintError> {
        let doc = receipt::document(&self.header, &self.ledger.identity().device_id, sale, copy);
        self.print_document(&doc)
    }

    /// Prints `doc` like [`Self::print_document`]; false only when a
    /// configured printer failed (a kiosk without one has nothing to reprint).
    pub(crate) fn print_fine(&mut self, doc: &Document) -> bool {
        PrintError::status(&self.print_document(doc)).fine()
    }

    /// Prints `doc` (a receipt, a slip, a report, a bare drawer kick) on the
    /// receipt printer; why it did not, when it did not.
    pub(crate) fn print_document(&mut self, doc: &Document) -> Result<(), PrintError> {
        let Some(printer) = self.printer.as_mut() else {
            return Err(PrintError::NoPrinter);
        };
        printer
            .print(doc, &EncodeOptions::default())
            .map_err(|e| match e {
                PrinterError::PaperOut => PrintError::OutOfPaper,
                other => PrintError::Unreachable(other.to_string()),
            })
    }
}

/// A registry row in display-safe form.
fn record(
    r: canteen_ledger::Resident,
    card_balance: Option<canteen_core::Money>,
) -> ResidentRecord {
    ResidentRecord {
        masked_name: r.masked_name,
        categories: r.categories,
        status: match r.status {
            LedgerStatus::Active => ResidentStatus::Active,
            LedgerStatus::Suspended => ResidentStatus::Suspended,
        },
        card_status: match r.card_status {
            LedgerCard::Active => CardStatus::Active,
            LedgerCard::Lost => CardStatus::Lost,
            LedgerCard::Suspended => CardStatus::Suspended,
        },
        card_balance,
    }
}

/// What the diner sees when the ledger says no; store faults stop selling.
fn refusal(e: LedgerError, order: &Order) -> ServiceError {
    match e {
        LedgerError::InsufficientBalance { balance } => ServiceError::InsufficientBalance {
            balance,
            due: order.total(),
        },
        e => match e.refusal() {
            Some(refusal) => ServiceError::Refused(refusal),
            None => fault(e),
        },
    }
}

fn fault(e: LedgerError) -> ServiceError {
    ServiceError::Database(e.to_string())
}

/// Local time now in the canteen's timezone (for callers building a service).
pub fn local_now(offset: FixedOffset) -> NaiveDateTime {
    chrono::Utc::now().with_timezone(&offset).naive_local()
}
