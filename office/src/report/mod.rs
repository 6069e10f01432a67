//! The office's reports, read from the stored records: each a list of rows
//! (serde, one struct per report) that the CLI writes as CSV (the subsidy
//! claim's files for people are in [`crate::export`]).
//!
//! Sales count on their local date; a void counts on its own date against the
//! lines of the sale it reverses (those no refund took back before it), a line
//! refund on its own date against the lines it names, exactly as the kiosk's Z
//! report does, so a day's subsidy report sums to that day's Z net and subsidy.

mod anomalies;
mod claim;
pub mod dashboard;
mod delivery;
mod fund;
mod gaps;
mod partner;
mod quarantine;
mod subsidy;

pub use anomalies::{Anomaly, anomalies};
pub use claim::{ClaimRow, Opened, claim_ids};
pub use delivery::{DeliveryRow, delivery};
pub use fund::{Balance, FundStatement, Month, PartnerStatement, fund, statement};
pub use gaps::{Gap, gaps};
pub use partner::{PartnerRow, partner};
pub use quarantine::{QuarantineRow, quarantine};
pub use subsidy::{MealLine, MealRow, SubsidyRow, meals, subsidy, subsidy_from_lines};

use chrono::NaiveDate;

/// A report row written as CSV: its column names, so an empty report still
/// has its header line.
pub trait CsvRow: serde::Serialize {
    const COLUMNS: &'static [&'static str];
}

impl CsvRow for SubsidyRow {
    const COLUMNS: &'static [&'static str] = &[
        "canteen",
        "date",
        "period",
        "tier",
        "category",
        "meals",
        "market_fen",
        "paid_fen",
        "subsidy_fen",
        "delivered_meals",
        "delivery_fee_fen",
    ];
}

impl CsvRow for DeliveryRow {
    const COLUMNS: &'static [&'static str] = &[
        "canteen",
        "route",
        "delivered_meals",
        "not_delivered_meals",
        "unconfirmed_meals",
        "fee_fen",
    ];
}

impl CsvRow for ClaimRow {
    const COLUMNS: &'static [&'static str] = &[
        "canteen",
        "device_id",
        "seq",
        "date",
        "period",
        "item",
        "tier",
        "category",
        "id_number",
        "name",
        "sign",
        "market_fen",
        "paid_fen",
        "subsidy_fen",
    ];
}

impl CsvRow for PartnerRow {
    const COLUMNS: &'static [&'static str] = &[
        "operator",
        "canteen",
        "meals",
        "paid_fen",
        "subsidy_fen",
        "revenue_fen",
    ];
}

impl CsvRow for Anomaly {
    const COLUMNS: &'static [&'static str] = &[
        "date",
        "period",
        "masked_id",
        "resident_key",
        "canteens",
        "meals",
        "devices",
    ];
}

impl CsvRow for QuarantineRow {
    const COLUMNS: &'static [&'static str] = &[
        "canteen",
        "device_id",
        "db_epoch",
        "seq",
        "date",
        "code",
        "reason",
    ];
}

impl CsvRow for Gap {
    const COLUMNS: &'static [&'static str] = &[
        "device_id",
        "db_epoch",
        "high_water",
        "problem",
        "first_bad_seq",
        "detail",
    ];
}

/// An inclusive range of local dates.
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Dates {
    fn params(&self) -> [crate::store::db::Value; 2] {
        [self.from.to_string().into(), self.to.to_string().into()]
    }
}
