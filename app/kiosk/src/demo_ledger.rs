//! The demo on the real ledger in a temporary folder, for the screenshot
//! gallery (`canteen screenshots`, `canteen speech`), the screen tests and
//! the benchmark: [`DemoLedger::open`] opens a `canteen-ledger` database in a
//! fresh temporary folder and seeds it through the ledger's own calls — three
//! staff (1 王芳, cashier, PIN 1234; 2 李主管, supervisor, PIN 9999; 3 张强,
//! cashier, PIN 5678), the [`crate::demo`] residents and meal cards, and
//! standing lunch deliveries for three of them on two routes — then serves it
//! through [`LedgerService`] with a file printer, wrapped in [`Staged`] so a
//! caller can make it fail on cue. Every rule is the ledger's: this module
//! only seeds data.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_core::cashier::Role;
use canteen_ledger::{DeliveryOrder, Ledger, LedgerError};
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};
use firmware_adapters::printer::Printer;

use crate::demo::{self, DemoDiner, DemoError};
use crate::ledger_service::LedgerService;
use crate::staged::Staged;

/// The demo's staff, added in this order (so numbered 1, 2, 3).
const STAFF: [(&str, Role, &str); 3] = [
    ("王芳", Role::Cashier, "1234"),
    ("李主管", Role::Supervisor, "9999"),
    ("张强", Role::Cashier, "5678"),
];

/// (diner's description prefix, route, address, note) of the standing
/// lunch deliveries.
const DELIVERIES: [(&str, &str, &str, &str); 3] = [
    ("92", "A 幸福里", "幸福里3栋2单元501", "软食"),
    ("85", "A 幸福里", "幸福里5栋1单元302", ""),
    ("65", "B 光明路", "光明路18号院4号楼", "少盐"),
];

/// Why the demo ledger could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum DemoLedgerError {
    #[error("cannot create a temporary folder for the demo ledger: {0}")]
    Folder(#[from] std::io::Error),
    #[error("cannot set up the demo ledger: {0}")]
    Ledger(#[from] LedgerError),
    #[error("cannot seed the demo ledger: {0}")]
    Demo(#[from] DemoError),
    #[error("cannot open the demo's file printer: {0}")]
    Printer(#[from] firmware_adapters::printer::PrinterError),
    #[error("{0} is not a local time in the canteen's timezone")]
    Time(NaiveDate),
}

/// A seeded demo ledger, served and shared with its owner.
pub struct DemoLedger {
    /// The service the worker owns a handle on; its temporary folder goes
    /// with the last handle.
    pub service: Arc<Mutex<Staged>>,
    /// Who to scan, by description ("92 岁…", "40 岁，未登记…").
    pub diners: Vec<DemoDiner>,
    /// Where the file printer writes (receipts, slips, drawer kicks).
    pub printer_file: PathBuf,
}

impl DemoLedger {
    /// A fresh demo ledger whose residents' ages count from `day`, priced
    /// and run with `config`.
    pub fn open(config: &Config, day: NaiveDate) -> Result<DemoLedger, DemoLedgerError> {
        let folder = tempfile::tempdir()?;
        let tz = config.canteen.timezone;
        let now = morning(tz, day)?;
        let mut ledger = Ledger::open(&folder.path().join("data"))?;
        for (name, role, pin) in STAFF {
            ledger.add_staff(name, role, pin, now)?;
        }
        let diners = demo::register(&mut ledger, &config.pricing.category_ids(), day, now)?;
        deliveries(&mut ledger, config, &diners, day)?;
        let printer_file = folder.path().join("printer.bin");
        let service = LedgerService::from_config(ledger, config)
            .with_printer(Printer::open_file(&printer_file)?);
        Ok(DemoLedger {
            service: Arc::new(Mutex::new(Staged::new(service, Some(folder)))),
            diners,
            printer_file,
        })
    }

    /// The demo diner whose description starts with `prefix` ("92", "40" …).
    pub fn number(&self, prefix: &str) -> Option<String> {
        number(&self.diners, prefix)
    }

    /// The gallery's view of it: the service, the diners, the fault switch.
    pub fn back_end(&self) -> canteen_ui::gallery::BackEnd {
        let service = self.service.clone();
        canteen_ui::gallery::BackEnd {
            service: Box::new(self.service.clone()),
            diners: self
                .diners
                .iter()
                .map(|d| (d.description.to_owned(), d.number.clone()))
                .collect(),
            fault: Box::new(move |fault| {
                if let Ok(mut s) = service.lock() {
                    s.fault = fault;
                }
            }),
        }
    }

    /// A fresh demo ledger for a gallery run on the gallery's day.
    pub fn for_gallery(config: &Config) -> Result<canteen_ui::gallery::BackEnd, DemoLedgerError> {
        Ok(DemoLedger::open(config, canteen_ui::gallery::day())?.back_end())
    }
}

fn number(diners: &[DemoDiner], prefix: &str) -> Option<String> {
    diners
        .iter()
        .find(|d| d.description.starts_with(prefix))
        .map(|d| d.number.clone())
}

/// 08:00 on `day` in the canteen's timezone: when the demo is seeded.
fn morning(tz: FixedOffset, day: NaiveDate) -> Result<DateTime<FixedOffset>, DemoLedgerError> {
    day.and_hms_opt(8, 0, 0)
        .and_then(|t| tz.from_local_datetime(&t).single())
        .ok_or(DemoLedgerError::Time(day))
}

/// Standing lunch orders for [`DELIVERIES`], the tier the office would
/// have computed for each diner's age on `day`.
fn deliveries(
    ledger: &mut Ledger,
    config: &Config,
    diners: &[DemoDiner],
    day: NaiveDate,
) -> Result<(), DemoLedgerError> {
    let mut orders = Vec::new();
    for (prefix, route, address, note) in DELIVERIES {
        let Some(id) = number(diners, prefix).and_then(|n| ResidentId::parse(&n, day).ok()) else {
            continue;
        };
        let Some(resident) = ledger.resident(&id)? else {
            continue;
        };
        let tier = id
            .birth_date()
            .and_then(|born| canteen_core::age_on(born, day, config.canteen.age_convention))
            .and_then(|age| config.pricing.tier_for_age(age))
            .map(|t| t.id.clone());
        orders.push((
            resident.resident_key,
            DeliveryOrder {
                address: address.into(),
                route: route.into(),
                note: note.into(),
                tier,
                periods: vec!["lunch".into()],
                meals: 1,
            },
        ));
    }
    ledger.replace_delivery_orders(&orders, &config.pricing)?;
    Ok(())
}
