//! Per device and database epoch: how far the contiguous, verified run goes,
//! and every missing range, chain break and conflict refused on the way.
//! A device that is registered but never sent anything shows with high water 0.

use crate::store::db::Db;
use serde::Serialize;

use crate::error::Result;
use crate::store::rows::{self, row_struct};

row_struct! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Gap {
        pub device_id: String,
        pub db_epoch: String,
        pub high_water: u64,
        /// `ok`, `chain_break` (including missing ranges) or `conflict`.
        pub problem: String,
        pub first_bad_seq: Option<u64>,
        pub detail: String,
    }
}

pub fn gaps(db: &mut dyn Db) -> Result<Vec<Gap>> {
    rows::all(
        db,
        "WITH heads (device_id, db_epoch, high_water) AS (
             SELECT device_id, db_epoch, max(seq) FROM records GROUP BY 1, 2
             UNION ALL
             SELECT device_id, '', 0 FROM devices WHERE device_id NOT IN (SELECT device_id FROM records)
         ),
         epochs AS (
             SELECT device_id, db_epoch FROM heads
             UNION SELECT device_id, db_epoch FROM alerts
         )
         SELECT e.device_id, e.db_epoch, coalesce(h.high_water, 0),
                coalesce(a.kind, 'ok'), a.first_bad_seq, coalesce(a.detail, '')
         FROM epochs e
         LEFT JOIN heads h USING (device_id, db_epoch)
         LEFT JOIN alerts a USING (device_id, db_epoch)
         ORDER BY 1, 2, 5",
        &[],
    )
}
