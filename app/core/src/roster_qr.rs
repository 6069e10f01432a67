//! The QR code on each line of a printed delivery roster: the one place its
//! text is built and read.
//!
//! ```text
//! CANTEEN-DELIVERY:1:<device_id>:<seq>
//! ```
//!
//! `device_id` is the kiosk that prepared the delivery, `seq` the delivery
//! sale's journal number. The volunteer brings the roster back and the staff
//! scan a line to confirm that delivery.

/// What every roster line's QR text starts with.
pub const ROSTER_PREFIX: &str = "CANTEEN-DELIVERY:";

/// The QR text of the roster line for sale `seq` of `device_id`.
pub fn text(device_id: &str, seq: u64) -> String {
    format!("{ROSTER_PREFIX}1:{device_id}:{seq}")
}

/// The (device, sale number) a roster QR text names; `None` when it is not
/// well-formed.
pub fn parse(text: &str) -> Option<(&str, u64)> {
    let rest = text
        .trim()
        .strip_prefix(ROSTER_PREFIX)?
        .strip_prefix("1:")?;
    let (device, seq) = rest.rsplit_once(':')?;
    let device_ok = (1..=64).contains(&device.len())
        && device
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let seq_ok = (1..=20).contains(&seq.len()) && seq.bytes().all(|b| b.is_ascii_digit());
    (device_ok && seq_ok).then_some((device, seq.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_s_text_reads_back_and_bad_texts_are_refused() {
        assert_eq!(parse(&text("dev-1", 42)), Some(("dev-1", 42)));
        for bad in [
            "",
            "42",
            "CANTEEN-DELIVERY:1:dev-1:",
            "CANTEEN-DELIVERY:2:dev-1:4",
            "CANTEEN-DELIVERY:1::4",
            "CANTEEN-DELIVERY:1:dev 1:4",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
