//! Quarantined sales: received and kept, but not re-derivable, so counted in
//! no claim and no partner statement. One row per sale with its reason.

use crate::store::db::Db;
use serde::Serialize;

use super::Dates;
use crate::error::Result;
use crate::store::rows::{self, row_struct};

row_struct! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct QuarantineRow {
        pub canteen: String,
        pub device_id: String,
        pub db_epoch: String,
        pub seq: u64,
        pub date: String,
        /// `arithmetic`, `price`, `future`, `time`, `rules_version`,
        /// `unknown_resident` or `suspended`.
        pub code: String,
        pub reason: String,
    }
}

pub fn quarantine(db: &mut dyn Db, dates: Dates) -> Result<Vec<QuarantineRow>> {
    rows::all(
        db,
        "SELECT d.canteen, q.device_id, q.db_epoch, q.seq, r.local_date, q.code, q.reason
         FROM quarantine q
         JOIN records r USING (device_id, db_epoch, seq)
         JOIN devices d USING (device_id)
         WHERE r.local_date BETWEEN ?1 AND ?2
         ORDER BY d.canteen, r.local_date, q.device_id, q.db_epoch, q.seq",
        &dates.params(),
    )
}
