//! The subsidy claim: per canteen, day, meal period, tier and category, the
//! net meals, market total, amount paid and subsidy claimed; and the meal list
//! (one row per line, with the masked ID) behind it. The masked ID is the
//! registry's (`110***********002X`, kept at import) by resident key; a
//! resident the registry does not know shows the synced line's (kiosks send
//! the at-rest form, all `*`, since issue #12).

use crate::store::db::Db;
use serde::Serialize;

use super::Dates;
use crate::error::Result;
use crate::store::db::FromValue;
use crate::store::rows::{self, row_struct};

row_struct! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct SubsidyRow {
        pub canteen: String,
        pub date: String,
        pub period: String,
        pub tier: String,
        pub category: String,
        pub meals: i64,
        pub market_fen: i64,
        pub paid_fen: i64,
        pub subsidy_fen: i64,
        /// Of `meals`, those delivered to the housebound (net of voids).
        pub delivered_meals: i64,
        /// Delivery fees charged (in `paid_fen` too; never subsidised).
        pub delivery_fee_fen: i64,
    }
}

impl SubsidyRow {
    /// The row's six numbers, in column order: meals, market, paid,
    /// subsidy, delivered meals, delivery fees (the claim's number columns,
    /// [`crate::export::claim_table::NUMBER_KINDS`]).
    pub fn amounts(&self) -> [i64; 6] {
        [
            self.meals,
            self.market_fen,
            self.paid_fen,
            self.subsidy_fen,
            self.delivered_meals,
            self.delivery_fee_fen,
        ]
    }
}

/// The claim of `dates`, read from the totals kept as sales arrive
/// ([`crate::store::totals`]). Meal counts leave out delivery fee lines
/// (`core::DELIVERY_FEE_ITEM`): a fee is charged as a line of its sale but
/// is not a meal.
pub fn subsidy(db: &mut dyn Db, dates: Dates) -> Result<Vec<SubsidyRow>> {
    rows::all(
        db,
        "SELECT d.canteen, t.local_date, t.period, t.tier, t.category,
                sum(t.meals), sum(t.market_fen), sum(t.paid_fen), sum(t.subsidy_fen),
                sum(t.delivered_meals), sum(t.delivery_fee_fen)
         FROM day_totals t JOIN devices d USING (device_id)
         WHERE t.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
        &dates.params(),
    )
}

/// The claim of `dates` derived again from every report line: what
/// [`subsidy`] must equal (the totals are only ever sums of these lines).
pub fn subsidy_from_lines(db: &mut dyn Db, dates: Dates) -> Result<Vec<SubsidyRow>> {
    rows::all(
        db,
        "SELECT d.canteen, l.local_date, l.period, l.tier, l.category,
                sum(CASE WHEN l.item = 'delivery-fee' THEN 0 ELSE l.sign END),
                sum(l.sign * l.market_fen), sum(l.sign * l.charged_fen), sum(l.sign * l.subsidy_fen),
                sum(CASE WHEN l.delivery_route IS NOT NULL AND l.item <> 'delivery-fee' THEN l.sign ELSE 0 END),
                sum(CASE WHEN l.item = 'delivery-fee' THEN l.sign * l.charged_fen ELSE 0 END)
         FROM report_lines l JOIN devices d USING (device_id)
         WHERE l.local_date BETWEEN ?1 AND ?2
         GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5",
        &dates.params(),
    )
}

row_struct! {
    /// One meal line behind the claim (a void's lines with sign −1), its
    /// diner shown as `D`: the masked ID in the meal list ([`MealRow`]), the
    /// full ID number and name in the civil-affairs claim
    /// ([`super::ClaimRow`]); CSV writes a diner struct's fields in place.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct MealLine<D> {
        pub canteen: String,
        pub device_id: String,
        pub seq: u64,
        pub date: String,
        pub period: String,
        pub item: String,
        pub tier: String,
        pub category: String,
        pub diner: D,
        pub sign: i64,
        pub market_fen: i64,
        pub paid_fen: i64,
        pub subsidy_fen: i64,
    }
}

/// A meal line with the diner's masked ID (the registry's, else the synced
/// line's; empty for no one).
pub type MealRow = MealLine<String>;

/// The meal lines of `dates` in the claim's order (canteen, date, kiosk,
/// sale), the diner read from SQL expression `diner` over the lines `l` and
/// the registry `r`; only the lines naming a resident when `named_only`.
pub(super) fn meal_lines<D: FromValue>(
    db: &mut dyn Db,
    dates: Dates,
    diner: &str,
    named_only: bool,
) -> Result<Vec<MealLine<D>>> {
    let named = if named_only {
        "AND l.resident_key IS NOT NULL"
    } else {
        ""
    };
    rows::all(
        db,
        &format!(
            "SELECT d.canteen, l.device_id, l.seq, l.local_date, l.period, l.item, l.tier, l.category,
                    {diner}, l.sign, l.market_fen, l.charged_fen, l.subsidy_fen
             FROM report_lines l JOIN devices d USING (device_id)
                  LEFT JOIN registry r ON r.resident_key = l.resident_key
             WHERE l.local_date BETWEEN ?1 AND ?2 {named}
             ORDER BY d.canteen, l.local_date, l.device_id, l.db_epoch, l.seq, l.line_no"
        ),
        &dates.params(),
    )
}

/// The meal list of `dates`: every line, with the diner's masked ID.
pub fn meals(db: &mut dyn Db, dates: Dates) -> Result<Vec<MealRow>> {
    meal_lines(db, dates, "coalesce(r.masked_id, l.masked_id, '')", false)
}
