//! Deliveries in memory ([`DeliveryDesk`] for [`MemoryService`]): standing
//! orders as ready-made rows, "prepare all" once (again prepares nothing),
//! each delivery confirmed once, a reason required when it came back. For
//! the UI tests and the gallery only; the kiosk's rules are the ledger's.

use canteen_core::{Money, Refusal};
use chrono::NaiveDateTime;

use crate::cashier_service::CashierError;
use crate::delivery_service::{DeliveryDesk, DeliveryList, DeliveryRow, DeliveryStatus};
use crate::memory::MemoryService;

/// The in-memory delivery book.
#[derive(Clone, Debug, Default)]
pub struct MemoryDeliveries {
    /// The period's standing orders, as the rows "prepare all" adds.
    pub standing: Vec<DeliveryRow>,
    /// Prepared deliveries, by route.
    pub rows: Vec<DeliveryRow>,
    /// Rosters sent to the printer.
    pub rosters_printed: u32,
}

impl MemoryDeliveries {
    /// Three demo standing orders on two routes for `period`.
    pub fn demo() -> MemoryDeliveries {
        let row = |n: u32, route: &str, name: &str, address: &str, note: &str, fen: [i64; 2]| {
            DeliveryRow {
                sale_no: (900 + n).to_string(),
                qr: format!("CANTEEN-DELIVERY:1:demo:{}", 900 + n),
                route: route.into(),
                masked_name: name.into(),
                address: address.into(),
                note: note.into(),
                collect: Money::from_fen(fen[0]),
                total: Money::from_fen(fen[1]),
                status: DeliveryStatus::Prepared,
            }
        };
        MemoryDeliveries {
            standing: vec![
                row(
                    1,
                    "A 幸福里",
                    "王*芳",
                    "幸福里3栋2单元501",
                    "软食",
                    [1200, 1200],
                ),
                row(2, "A 幸福里", "李*", "幸福里5栋1单元302", "", [0, 800]),
                row(3, "B 光明路", "张*华", "光明路18号院4号楼", "少盐", [0, 0]),
            ],
            rows: Vec::new(),
            rosters_printed: 0,
        }
    }

    fn list(&self, prepared: u64, printed: bool) -> DeliveryList {
        DeliveryList {
            period: "lunch".into(),
            prepared,
            printed,
            rows: self.rows.clone(),
        }
    }
}

impl DeliveryDesk for MemoryService {
    fn deliveries(&mut self, _at: NaiveDateTime) -> Result<DeliveryList, CashierError> {
        Ok(self.deliveries.list(0, false))
    }

    fn prepare_deliveries(
        &mut self,
        _staff_id: u64,
        _at: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        let book = &mut self.deliveries;
        let new: Vec<DeliveryRow> = book
            .standing
            .iter()
            .filter(|s| !book.rows.iter().any(|r| r.sale_no == s.sale_no))
            .cloned()
            .collect();
        let prepared = new.len() as u64;
        book.rows.extend(new);
        book.rows.sort_by(|a, b| a.route.cmp(&b.route));
        let printed = !self.printer_out_of_paper && !self.no_printer;
        if printed {
            self.deliveries.rosters_printed += 1;
        }
        Ok(self.deliveries.list(prepared, printed))
    }

    fn confirm_delivery(
        &mut self,
        _staff_id: u64,
        sale_no: &str,
        delivered: bool,
        reason: &str,
        _at: NaiveDateTime,
    ) -> Result<DeliveryList, CashierError> {
        if !delivered && reason.trim().is_empty() {
            return Err(CashierError::Refused(Refusal::MissingReason));
        }
        let row = self
            .deliveries
            .rows
            .iter_mut()
            .find(|r| r.sale_no == sale_no)
            .ok_or(CashierError::NoSuchSale)?;
        if row.status != DeliveryStatus::Prepared {
            return Err(CashierError::Refused(Refusal::DeliveryConfirmed));
        }
        row.status = if delivered {
            DeliveryStatus::Delivered
        } else {
            DeliveryStatus::NotDelivered
        };
        Ok(self.deliveries.list(0, false))
    }
}
