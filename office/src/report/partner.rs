//! What each canteen operator earned: paid by diners plus the subsidy claimed
//! for them, per operator and canteen.

use crate::store::db::Db;
use serde::Serialize;

use super::Dates;
use crate::error::Result;
use crate::store::rows;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerRow {
    pub operator: String,
    pub canteen: String,
    pub meals: i64,
    pub paid_fen: i64,
    pub subsidy_fen: i64,
    pub revenue_fen: i64,
}

pub fn partner(db: &mut dyn Db, dates: Dates) -> Result<Vec<PartnerRow>> {
    rows::all_with(
        db,
        "SELECT d.operator, d.canteen, sum(CASE WHEN l.item = 'delivery-fee' THEN 0 ELSE l.sign END), sum(l.sign * l.charged_fen), sum(l.sign * l.subsidy_fen)
         FROM report_lines l JOIN devices d USING (device_id)
         WHERE l.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2 ORDER BY 1, 2",
        &dates.params(),
        |r| {
            let (paid, subsidy): (i64, i64) = (r.get(3)?, r.get(4)?);
            Ok(PartnerRow {
                operator: r.get(0)?,
                canteen: r.get(1)?,
                meals: r.get(2)?,
                paid_fen: paid,
                subsidy_fen: subsidy,
                revenue_fen: paid + subsidy,
            })
        },
    )
}
