//! The delivery roster as printed on the receipt printer: the canteen's
//! name, the date and meal period, then one block per route with a line per
//! delivery — masked name, address line, note, dishes, and what the volunteer
//! collects at the door or 已付/免费 — and a QR code carrying the sale's
//! number ([`qr_text`]), which confirming the delivery reads back. Names are
//! the registry's masked forms; the address line is printed here only.

use canteen_core::Money;
use canteen_core::delivery::DeliveryStatus;
use canteen_ledger::{Roster, RosterLine};
use firmware_adapters::printer::{Document, TextStyle};

use crate::receipt::ReceiptHeader;

/// The QR text of a roster line (`canteen_core::roster_qr`'s format).
pub fn qr_text(device_id: &str, seq: u64) -> String {
    canteen_core::roster_qr::text(device_id, seq)
}

/// The sale number a roster line's QR text names, if it is one of this
/// device's (`None` for any other text).
pub fn seq_of(text: &str, device_id: &str) -> Option<u64> {
    let (device, seq) = canteen_core::roster_qr::parse(text)?;
    (device == device_id).then_some(seq)
}

/// What the volunteer does about money at the door.
fn collect(line: &RosterLine) -> String {
    match (line.collect_fen, line.total_fen) {
        (0, 0) => crate::receipt::method_label(canteen_core::PaymentMethod::Free).to_owned(),
        (0, _) => "已付 Paid".to_owned(),
        (fen, _) => format!("收 Collect {}", Money::from_fen(fen)),
    }
}

/// The printed roster of `roster`, for `device_id`, labelled through `header`
/// (item names, the training mark); `period_name` is the period's display name.
pub fn document(
    header: &ReceiptHeader,
    device_id: &str,
    roster: &Roster,
    period_name: &str,
) -> Document {
    let mut doc = header
        .title("送餐单 Delivery roster")
        .line(format!("{} {period_name}", roster.date));
    let mut route: Option<&str> = None;
    for line in &roster.lines {
        if route != Some(line.route.as_str()) {
            route = Some(&line.route);
            doc = doc.line("=".repeat(32)).styled(
                format!("路线 Route {}", line.route),
                TextStyle::default().bold().size(1, 2),
            );
        }
        doc = doc
            .line("-".repeat(32))
            .styled(
                format!("{}  No.{}", line.masked_name, line.seq),
                TextStyle::default().bold(),
            )
            .line(line.address.clone());
        if !line.note.is_empty() {
            doc = doc.line(format!("备注 {}", line.note));
        }
        let dishes: Vec<&str> = line.items.iter().map(|i| header.item_name(i)).collect();
        doc = doc
            .line(dishes.join("、"))
            .styled(collect(line), TextStyle::default().bold())
            .qr(qr_text(device_id, line.seq));
        match line.status {
            DeliveryStatus::Prepared => {}
            DeliveryStatus::Delivered => doc = doc.line("已送达 Delivered"),
            DeliveryStatus::NotDelivered => doc = doc.line("未送达 Not delivered"),
        }
    }
    doc.line("=".repeat(32))
        .line(format!(
            "共 {} 份 / {} deliveries",
            roster.lines.len(),
            roster.lines.len()
        ))
        .feed(3)
        .cut()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_text_gives_back_its_seq_for_its_device_only() {
        let text = qr_text("dev-1", 42);
        assert_eq!(seq_of(&text, "dev-1"), Some(42));
        assert_eq!(seq_of(&text, "dev-2"), None);
        for bad in [
            "",
            "CANTEEN-DELIVERY:1:dev-1:",
            "CANTEEN-DELIVERY:2:dev-1:4",
            "42",
        ] {
            assert_eq!(seq_of(bad, "dev-1"), None, "{bad:?}");
        }
    }
}
