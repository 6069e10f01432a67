//! The same resident (by keyed hash) eating a sale at two or more kiosks in
//! one meal period of one day — at two canteens, or at two terminals of one
//! canteen, each of which counted the period's subsidised meal on its own: a
//! card shared or an ID misused. Shows the masked ID only: the registry's
//! (`110***********002X`, kept at import), else the synced lines' (kiosks
//! send the at-rest form, all `*`, since issue #12). This needs one
//! resident key everywhere: kiosks enrolled with `canteen enroll` derive it
//! with the office's community secret.
//!
//! A meal counts at a canteen only while it stands: a void or refund there (a
//! line with sign −1 on the same day) takes it back, so a sale voided at the
//! till is not an anomaly. `meals` is the net count across the canteens.
//!
//! Only a resident's day and period that two kiosks counted a subsidised
//! line in can be one (`shared_devices`, kept as sales arrive,
//! [`crate::store::totals`]): the report reads those kiosks' lines only
//! (`CROSS JOIN` keeps SQLite from reading every line of the range first).

use crate::store::db::Db;
use serde::Serialize;

use super::Dates;
use crate::error::Result;
use crate::store::rows::{self, row_struct};

row_struct! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Anomaly {
        pub date: String,
        pub period: String,
        pub masked_id: String,
        pub resident_key: String,
        /// The canteens in name order, joined by `;`.
        pub canteens: String,
        pub meals: i64,
        /// The kiosks (device ids) in order, joined by `;`.
        pub devices: String,
    }
}

pub fn anomalies(db: &mut dyn Db, dates: Dates) -> Result<Vec<Anomaly>> {
    let mut found: Vec<Anomaly> = rows::all(
        db,
        "WITH standing AS (
             SELECT l.local_date, l.period, l.resident_key, l.device_id, d.canteen,
                    coalesce(max(r.masked_id), max(l.masked_id)) AS masked_id,
                    sum(l.sign) AS meals
             FROM shared_devices s CROSS JOIN report_lines l
                  JOIN devices d ON d.device_id = l.device_id
                  LEFT JOIN registry r ON r.resident_key = l.resident_key
             WHERE s.local_date BETWEEN ?1 AND ?2 AND l.subsidy_fen > 0
               AND l.local_date = s.local_date AND l.device_id = s.device_id
               AND l.period = s.period AND l.resident_key = s.resident_key
             GROUP BY l.local_date, l.period, l.resident_key, l.device_id, d.canteen
             HAVING sum(l.sign) > 0
         )
         SELECT local_date, period, max(masked_id), resident_key, string_agg(canteen, ','),
                sum(meals), string_agg(device_id, ',')
         FROM standing
         GROUP BY local_date, period, resident_key
         HAVING count(*) > 1
         ORDER BY 1, 2, 3",
        &dates.params(),
    )?;
    for anomaly in &mut found {
        anomaly.canteens = sorted(&anomaly.canteens);
        anomaly.devices = sorted(&anomaly.devices);
    }
    Ok(found)
}

/// `string_agg`'s `b,a,b` as `a;b`: in order, each once (both databases
/// agree on `string_agg(x, ',')`, not on `DISTINCT` inside it).
fn sorted(all: &str) -> String {
    let mut names: Vec<&str> = all.split(',').collect();
    names.sort_unstable();
    names.dedup();
    names.join(";")
}
