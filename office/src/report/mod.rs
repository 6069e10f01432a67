//! The office's reports, read from the stored records: each a list of rows
//! (serde, one struct per report) that the CLI writes as CSV (or XLSX).
//!
//! Sales count on their local date; a void counts on its own date against the
//! lines of the sale it reverses, exactly as the kiosk's Z report does, so a
//! day's subsidy report sums to that day's Z net and subsidy.

mod anomalies;
mod gaps;
mod partner;
mod subsidy;
mod xlsx;

pub use anomalies::{Anomaly, anomalies};
pub use gaps::{Gap, gaps};
pub use partner::{PartnerRow, partner};
pub use subsidy::{MealRow, SubsidyRow, meals, subsidy};
pub use xlsx::write_subsidy;

use chrono::NaiveDate;

/// An inclusive range of local dates.
#[derive(Clone, Copy, Debug)]
pub struct Dates {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Dates {
    fn params(&self) -> (String, String) {
        (self.from.to_string(), self.to.to_string())
    }
}
