//! The resumable upload loop: ask the office where it is, send what lies above
//! that in batches, and after each acknowledgement tell the source what the
//! office now holds.
//!
//! The loop keeps no state of its own between runs: a run that dies anywhere —
//! a dropped request, a lost acknowledgement — is repaired by the next run,
//! which starts again from the office's high-water mark. Records are marked
//! acknowledged only up to a mark the office has sent back, and only after the
//! record at that mark is checked to be the office's record (same hash).
//!
//! A kiosk also reports its status with every batch (records still pending,
//! the bundle version it runs), and with a status-only batch when it has
//! nothing to send: the office's devices page then shows a quiet kiosk as
//! synced, not stale.

use crate::client::OfficeClient;
use crate::error::SyncError;
use crate::wire::{Batch, DeviceStatus, HighWater, WIRE_VERSION, WireRecord};

/// Where the records come from (the kiosk's ledger).
pub trait RecordSource {
    /// Up to `limit` records after `seq`, in sequence order.
    fn records_after(&mut self, seq: u64, limit: usize) -> Result<Vec<WireRecord>, SyncError>;
    /// The office holds every record up to and including `seq`.
    fn acknowledged(&mut self, seq: u64) -> Result<(), SyncError>;
    /// How many records the journal holds (for progress).
    fn last_seq(&mut self) -> Result<u64, SyncError>;
}

/// What a run achieved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PushReport {
    pub batches: u64,
    pub stored: u64,
    pub replayed: u64,
    pub high_water: HighWater,
}

/// Pushes every record above the office's high-water mark; `progress` gets
/// (acknowledged seq, last seq) after each batch. With `bundle_version` (the
/// version the kiosk runs) each batch carries a [`DeviceStatus`] — the records
/// still pending after it and that version — and a run with nothing to send
/// sends one status-only batch, so the office hears from a quiet kiosk too.
pub fn push_all(
    client: &OfficeClient,
    source: &mut dyn RecordSource,
    device_id: &str,
    db_epoch: &str,
    batch_size: usize,
    bundle_version: Option<u64>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<PushReport, SyncError> {
    let last = source.last_seq()?;
    let mut report = PushReport {
        batches: 0,
        stored: 0,
        replayed: 0,
        high_water: client.high_water(device_id, db_epoch)?,
    };
    let held = report.high_water;
    if held.seq > 0 {
        let mine = source.records_after(held.seq - 1, 1)?;
        if mine.first().map(|r| r.hash) != Some(held.hash) {
            return Err(SyncError::Diverged { seq: held.seq });
        }
    }
    source.acknowledged(held.seq)?;
    progress(held.seq, last);
    loop {
        let records = source.records_after(report.high_water.seq, batch_size)?;
        let quiet = records.is_empty();
        if quiet && (report.batches > 0 || bundle_version.is_none()) {
            return Ok(report);
        }
        let sent_to = records.last().map_or(report.high_water.seq, |r| r.seq);
        let device_status = match bundle_version {
            Some(bundle_version) => Some(DeviceStatus {
                // Sales made during the run count as pending too.
                pending: source.last_seq()?.saturating_sub(sent_to),
                bundle_version,
            }),
            None => None,
        };
        let batch = Batch {
            wire_version: WIRE_VERSION,
            device_id: device_id.to_owned(),
            db_epoch: db_epoch.to_owned(),
            records,
            device_status,
        };
        let ack = client.push(&batch)?;
        if quiet {
            // A status-only batch: nothing to acknowledge.
            return Ok(report);
        }
        if ack.high_water.seq <= report.high_water.seq {
            return Err(SyncError::BadResponse(format!(
                "the office did not advance past record {}",
                report.high_water.seq
            )));
        }
        source.acknowledged(ack.high_water.seq)?;
        report.batches += 1;
        report.stored += ack.stored;
        report.replayed += ack.replayed;
        report.high_water = ack.high_water;
        progress(ack.high_water.seq, last);
    }
}
