//! The same resident (by keyed hash) eating a sale at two or more canteens in
//! one meal period of one day: a card shared or an ID misused. Shows the masked
//! ID only.

use rusqlite::Connection;
use serde::Serialize;

use super::Dates;
use crate::error::Result;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anomaly {
    pub date: String,
    pub period: String,
    pub masked_id: String,
    pub resident_key: String,
    /// The canteens in name order, joined by `;`.
    pub canteens: String,
    pub meals: i64,
}

pub fn anomalies(conn: &Connection, dates: Dates) -> Result<Vec<Anomaly>> {
    let mut stmt = conn.prepare(
        "SELECT l.local_date, l.period, max(l.masked_id), l.resident_key,
                group_concat(DISTINCT d.canteen), count(*)
         FROM report_lines l JOIN devices d USING (device_id)
         WHERE l.sign = 1 AND l.resident_key IS NOT NULL AND l.local_date BETWEEN ?1 AND ?2
         GROUP BY l.local_date, l.period, l.resident_key
         HAVING count(DISTINCT d.canteen) > 1
         ORDER BY 1, 2, 3",
    )?;
    let rows = stmt
        .query_map(super::Dates::params(&dates), |r| {
            Ok(Anomaly {
                date: r.get(0)?,
                period: r.get(1)?,
                masked_id: r.get(2)?,
                resident_key: r.get(3)?,
                canteens: {
                    let all: String = r.get(4)?;
                    let mut names: Vec<&str> = all.split(',').collect();
                    names.sort_unstable();
                    names.join(";")
                },
                meals: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}
