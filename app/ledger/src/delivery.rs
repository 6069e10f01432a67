//! Meals delivered to the housebound: the standing orders (schema v15,
//! `delivery_orders`) and the period's delivery sales.
//!
//! A standing order is configuration the office's bundle carries (a bundle
//! replaces the whole set): address line and route, a note for the kitchen,
//! the diner's age tier as the office computed it (the kiosk keeps no birth
//! date), the periods and how many meals. [`crate::delivery_roster`] turns the
//! orders of one period into sales, one per resident, in one transaction, and
//! records each delivery's outcome.

use canteen_core::PricingRules;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;

use crate::Ledger;
use crate::error::{LedgerError, Result};
use crate::residents::{join_list, split_list};

/// A resident's standing order, as core defines it (and bundles carry it).
pub use canteen_core::StandingOrder as DeliveryOrder;

/// A standing order with its resident as the kiosk knows them (masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryResident {
    pub resident_key: String,
    pub masked_name: String,
    pub categories: Vec<String>,
    pub active: bool,
    #[serde(flatten)]
    pub order: DeliveryOrder,
}

pub(crate) fn put(conn: &Connection, resident_key: &str, o: &DeliveryOrder) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO delivery_orders (resident_key, address, route, note, tier, periods, meals)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (resident_key) DO UPDATE SET address = excluded.address, route = excluded.route,
           note = excluded.note, tier = excluded.tier, periods = excluded.periods, meals = excluded.meals",
    )?
    .execute((
        resident_key,
        &o.address,
        &o.route,
        &o.note,
        &o.tier,
        join_list(&o.periods),
        o.meals,
    ))?;
    Ok(())
}

/// Every standing order, by route then resident.
pub(crate) fn all(conn: &Connection) -> Result<Vec<DeliveryResident>> {
    let mut stmt = conn.prepare_cached(
        "SELECT d.resident_key, r.masked_name, r.categories, r.status = 'active',
                d.address, d.route, d.note, d.tier, d.periods, d.meals
         FROM delivery_orders d JOIN residents r USING (resident_key)
         ORDER BY d.route, r.masked_name, d.resident_key",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(DeliveryResident {
                resident_key: r.get(0)?,
                masked_name: r.get(1)?,
                categories: split_list(&r.get::<_, String>(2)?),
                active: r.get(3)?,
                order: DeliveryOrder {
                    address: r.get(4)?,
                    route: r.get(5)?,
                    note: r.get(6)?,
                    tier: r.get(7)?,
                    periods: split_list(&r.get::<_, String>(8)?),
                    meals: r.get(9)?,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    Ok(rows)
}

fn known(conn: &Connection, resident_key: &str) -> Result<()> {
    conn.prepare_cached("SELECT 1 FROM residents WHERE resident_key = ?1")?
        .query_row([resident_key], |_| Ok(()))
        .optional()?
        .ok_or(LedgerError::UnknownResident)
}

impl Ledger {
    /// Sets (or replaces) one resident's standing order; the resident must be
    /// registered, the order well-formed for `rules`.
    pub fn set_delivery_order(
        &mut self,
        resident_key: &str,
        order: &DeliveryOrder,
        rules: &PricingRules,
    ) -> Result<()> {
        if let Some(why) = order.problem(rules) {
            return Err(LedgerError::BadDeliveryOrder(why));
        }
        known(&self.conn, resident_key)?;
        put(&self.conn, resident_key, order)
    }

    /// Replaces every standing order with `orders` in one transaction (an
    /// office bundle's set; residents must be registered first).
    pub fn replace_delivery_orders(
        &mut self,
        orders: &[(String, DeliveryOrder)],
        rules: &PricingRules,
    ) -> Result<()> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("DELETE FROM delivery_orders", [])?;
        for (key, order) in orders {
            if let Some(why) = order.problem(rules) {
                return Err(LedgerError::BadDeliveryOrder(why));
            }
            known(&tx, key)?;
            put(&tx, key, order)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every standing order, by route.
    pub fn delivery_orders(&self) -> Result<Vec<DeliveryResident>> {
        all(&self.conn)
    }
}
