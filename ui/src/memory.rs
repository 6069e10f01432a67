//! An in-memory back end for demos, screenshots and tests: a few synthetic
//! residents, a sales list and a printer that can be told to run out of paper.
//!
//! The counter's side (staff, shifts, voids, reports) is in `memory_cashier`.
//! Nothing here is durable. The real kiosk uses the ledger; this exists so a
//! newcomer can try every path without hardware and so the UI tests need no
//! database.

use std::collections::HashMap;

use canteen_core::cashier::CashierRules;
use canteen_core::session::PayMethod;
use canteen_core::{Money, PeriodId, ResidentId};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::cashier_service::ShiftView;
use crate::memory_cashier::{MemoryAudit, MemoryRefund, MemoryStaff, MemoryVoid, demo_staff};
use crate::service::{
    CardHolder, CardStatus, KioskService, PrintError, ResidentRecord, ResidentStatus, SaleRequest,
    ServiceError, Sold,
};

/// A synthetic resident: the full number is only for typing into the demo.
#[derive(Clone, Debug)]
pub struct DemoResident {
    pub number: String,
    pub description: &'static str,
    pub record: ResidentRecord,
}

/// One recorded sale.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemorySale {
    pub sale_no: String,
    pub id: Option<ResidentId>,
    pub total: Money,
    pub subsidy: Money,
    pub method: PayMethod,
    pub at: NaiveDateTime,
    /// (period, uses quota) per line.
    pub quota_lines: Vec<(Option<PeriodId>, bool)>,
    /// Cash at the counter: (tendered, change).
    pub cash: Option<(Money, Money)>,
    /// The lines in order (numbered from 0, as line refunds name them).
    pub lines: Vec<MemoryLine>,
}

/// One line of a sale: one meal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryLine {
    pub item: String,
    pub charged: Money,
    pub subsidy: Money,
}

#[derive(Debug, Default)]
pub struct MemoryService {
    residents: HashMap<ResidentId, ResidentRecord>,
    pub sales: Vec<MemorySale>,
    pub printer_out_of_paper: bool,
    /// No receipt printer configured (the shipped default).
    pub no_printer: bool,
    pub fail_database: bool,
    /// Refuse every sale as the ledger does when a price no longer holds.
    pub refuse_sales: bool,
    pub printed: Vec<(String, bool)>,
    /// The counter (see `memory_cashier`): staff, audit records, shifts, voids.
    pub staff: Vec<MemoryStaff>,
    pub audit: Vec<MemoryAudit>,
    pub shifts: Vec<ShiftView>,
    pub voids: Vec<MemoryVoid>,
    pub refunds: Vec<MemoryRefund>,
    /// Times the cash drawer was opened.
    pub drawer_kicks: u32,
    pub closed_days: Vec<NaiveDate>,
    pub cashier_rules: CashierRules,
    /// Meal-card balances by card number (the counter tops them up).
    pub cards: HashMap<String, Money>,
    /// Who holds each demo meal card (a verified card QR finds them).
    pub card_holders: HashMap<String, ResidentId>,
    /// Deliveries to the housebound (see `memory_delivery`).
    pub deliveries: crate::memory_delivery::MemoryDeliveries,
}

/// A valid 18-digit number for a birth date (region 110101, sequence 00, `sex` digit).
pub fn synthetic_number(birth: NaiveDate, seq: u8) -> String {
    let first17 = format!(
        "110101{}{:02}{}",
        birth.format("%Y%m%d"),
        seq / 10,
        seq % 10
    );
    let bytes: [u8; 17] = first17.as_bytes().try_into().expect("17 digits");
    format!(
        "{first17}{}",
        char::from(canteen_core::resident_id::check_char(&bytes))
    )
}

fn years_before(today: NaiveDate, years: i32) -> NaiveDate {
    // A birthday a month before today's date, so the age holds all day.
    let d = today.with_year(today.year() - years).unwrap_or(today);
    d - chrono::Days::new(30)
}

impl MemoryService {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn register(&mut self, id: ResidentId, record: ResidentRecord) {
        self.residents.insert(id, record);
    }

    pub(crate) fn resident_mut(&mut self, id: &ResidentId) -> Option<&mut ResidentRecord> {
        self.residents.get_mut(id)
    }

    /// Registers the demo residents (ages counted from `today`) and the demo
    /// staff (cashier 1, PIN 1234; supervisor 2, PIN 9999) and returns the residents.
    pub fn with_demo_residents(today: NaiveDate) -> (Self, Vec<DemoResident>) {
        let mut svc = Self::new();
        svc.staff = demo_staff();
        svc.deliveries = crate::memory_delivery::MemoryDeliveries::demo();
        // The demo cards (as `canteen demo` registers them in the ledger).
        svc.cards
            .insert("DEMO-0085".to_owned(), Money::from_yuan(50));
        svc.cards
            .insert("DEMO-0065".to_owned(), Money::from_yuan(100));
        let rec = |name: &str, cats: &[&str], status, card: Option<i64>| ResidentRecord {
            masked_name: name.to_owned(),
            categories: cats.iter().map(|c| (*c).to_owned()).collect(),
            status,
            card_status: CardStatus::Active,
            card_balance: card.map(Money::from_yuan),
        };
        let people = [
            (
                92,
                12,
                "92 岁，免费午餐 / age 92, free lunch",
                rec("王*华", &[], ResidentStatus::Active, None),
            ),
            (
                85,
                21,
                "85 岁，饭卡 / age 85, meal card",
                rec("李*", &[], ResidentStatus::Active, Some(50)),
            ),
            (
                65,
                33,
                "65 岁，低保，饭卡 / age 65, dibao, meal card",
                rec("张*明", &["dibao"], ResidentStatus::Active, Some(100)),
            ),
            (
                70,
                45,
                "70 岁，饭卡余额不足 / age 70, low card balance",
                rec("赵*英", &[], ResidentStatus::Active, Some(5)),
            ),
            (
                75,
                57,
                "75 岁，已暂停 / age 75, suspended",
                rec("孙*", &[], ResidentStatus::Suspended, None),
            ),
            (
                78,
                61,
                "78 岁，卡已挂失 / age 78, card lost",
                ResidentRecord {
                    card_status: CardStatus::Lost,
                    ..rec("周*平", &[], ResidentStatus::Active, Some(20))
                },
            ),
        ];
        let mut demo = Vec::new();
        for (age, seq, description, record) in people {
            let number = synthetic_number(years_before(today, age), seq);
            let id = ResidentId::parse(&number, today).expect("synthetic numbers are valid");
            if matches!(age, 85 | 65 | 78) {
                svc.card_holders.insert(format!("DEMO-00{age}"), id.clone());
            }
            svc.register(id, record.clone());
            demo.push(DemoResident {
                number,
                description,
                record,
            });
        }
        // Not registered: priced by age from the number alone.
        demo.push(DemoResident {
            number: synthetic_number(years_before(today, 40), 73),
            description: "40 岁，未登记 / age 40, not registered",
            record: rec("", &[], ResidentStatus::Active, None),
        });
        (svc, demo)
    }
}

impl KioskService for MemoryService {
    fn resident(&mut self, id: &ResidentId) -> Result<Option<ResidentRecord>, ServiceError> {
        if self.fail_database {
            return Err(ServiceError::Database("simulated".into()));
        }
        Ok(self.residents.get(id).cloned())
    }

    fn card_holder(
        &mut self,
        card_no: &str,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<Option<CardHolder>, ServiceError> {
        let Some(id) = self.card_holders.get(card_no).cloned() else {
            return Ok(None);
        };
        let Some(record) = self.residents.get(&id).cloned() else {
            return Ok(None);
        };
        Ok(Some(CardHolder {
            record,
            birth_date: id.birth_date(),
            used_in_period: self.used_in_period(&id, date, period)?,
        }))
    }

    fn used_in_period(
        &mut self,
        id: &ResidentId,
        date: NaiveDate,
        period: &PeriodId,
    ) -> Result<u32, ServiceError> {
        let used = self
            .sales
            .iter()
            .filter(|s| s.id.as_ref() == Some(id) && s.at.date() == date)
            .flat_map(|s| &s.quota_lines)
            .filter(|(p, uses)| *uses && p.as_ref() == Some(period))
            .count();
        Ok(u32::try_from(used).unwrap_or(u32::MAX))
    }

    fn commit(&mut self, sale: &SaleRequest<'_>) -> Result<Sold, ServiceError> {
        let sale_no = self.record(sale)?;
        let printed = self.print(&sale_no, false);
        Ok(Sold { sale_no, printed })
    }

    fn print(&mut self, sale_no: &str, copy: bool) -> Result<(), PrintError> {
        if self.no_printer {
            return Err(PrintError::NoPrinter);
        }
        if self.printer_out_of_paper {
            return Err(PrintError::OutOfPaper);
        }
        self.printed.push((sale_no.to_owned(), copy));
        Ok(())
    }
}

impl MemoryService {
    /// Records a self-service sale; its number.
    fn record(&mut self, sale: &SaleRequest<'_>) -> Result<String, ServiceError> {
        if self.fail_database {
            return Err(ServiceError::Database("simulated".into()));
        }
        if self.refuse_sales {
            return Err(ServiceError::Refused(canteen_core::Refusal::PriceChanged));
        }
        let order = sale.order;
        let total = order.total();
        if sale.method == PayMethod::MealCard {
            let holder = order
                .diner
                .card_no
                .as_ref()
                .and_then(|c| self.card_holders.get(c));
            let id = order
                .diner
                .id
                .as_ref()
                .or(holder)
                .cloned()
                .ok_or(ServiceError::NoCard)?;
            let record = self.residents.get_mut(&id).ok_or(ServiceError::NoCard)?;
            let balance = record.card_balance.ok_or(ServiceError::NoCard)?;
            if balance < total {
                return Err(ServiceError::InsufficientBalance {
                    balance,
                    due: total,
                });
            }
            record.card_balance = Some(balance - total);
        }
        let sale_no = format!("{:06}", self.sales.len() + 1);
        self.sales.push(MemorySale {
            sale_no: sale_no.clone(),
            id: order.diner.id.clone(),
            total,
            subsidy: order.subsidy(),
            method: sale.method,
            at: sale.at,
            quota_lines: order
                .lines
                .iter()
                .map(|l| (l.period.clone(), l.uses_quota))
                .collect(),
            cash: None,
            lines: order
                .lines
                .iter()
                .map(|l| MemoryLine {
                    item: l.item.clone(),
                    charged: l.charged,
                    subsidy: l.subsidy,
                })
                .collect(),
        });
        Ok(sale_no)
    }
}
