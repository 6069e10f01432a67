//! Fixtures shared by core's integration tests: the pinned record header the
//! frozen-format tests hash (one device, one database life, one lunchtime).

use canteen_core::journal::RecordHeader;
use chrono::NaiveDate;

/// The header of record `seq` as the format-1 pins were computed with.
pub fn header(seq: u64) -> RecordHeader {
    RecordHeader {
        device_id: "dev-0a1b2c3d4e5f".into(),
        db_epoch: "00112233445566778899aabbccddeeff".into(),
        seq,
        at: "2026-11-23T12:00:00+08:00".into(),
        local_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        clock_suspect: false,
    }
}
