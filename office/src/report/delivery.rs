//! The monthly delivery report: per canteen and volunteer route, the meals
//! delivered (confirmed by the kiosk), not delivered (voided), and not yet
//! confirmed, and the delivery fees of the meals that stand. Meals are the
//! delivered sales' meal lines (a delivery fee line is not a meal); a meal
//! counts in the month of its sale, whatever day its outcome came.

use crate::store::db::Db;
use serde::Serialize;

use super::Dates;
use crate::error::Result;
use crate::store::rows::{self, row_struct};

row_struct! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct DeliveryRow {
        pub canteen: String,
        pub route: String,
        pub delivered_meals: i64,
        pub not_delivered_meals: i64,
        pub unconfirmed_meals: i64,
        /// Fees of the delivered and unconfirmed meals (a voided meal's fee is
        /// given back with it).
        pub fee_fen: i64,
    }
}

pub fn delivery(db: &mut dyn Db, dates: Dates) -> Result<Vec<DeliveryRow>> {
    rows::all(
        db,
        "SELECT d.canteen, l.delivery_route,
                sum(CASE WHEN l.item <> 'delivery-fee' AND o.outcome = 'delivered' THEN 1 ELSE 0 END),
                sum(CASE WHEN l.item <> 'delivery-fee' AND o.outcome = 'not_delivered' THEN 1 ELSE 0 END),
                sum(CASE WHEN l.item <> 'delivery-fee' AND o.outcome IS NULL THEN 1 ELSE 0 END),
                sum(CASE WHEN l.item = 'delivery-fee' AND o.outcome IS DISTINCT FROM 'not_delivered'
                         THEN l.charged_fen ELSE 0 END)
         FROM report_lines l JOIN devices d USING (device_id)
              LEFT JOIN delivery_outcomes o
                     ON o.device_id = l.device_id AND o.db_epoch = l.db_epoch AND o.sale_seq = l.seq
         WHERE l.sign = 1 AND l.delivery_route IS NOT NULL AND l.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2 ORDER BY 1, 2",
        &dates.params(),
    )
}
