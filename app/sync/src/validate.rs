//! Pure checks on the wire format, run before anything touches a store.
//!
//! [`decode_batch`] turns request bytes into a [`Batch`] that is well-formed for
//! the device that sent it: size limits, the wire version, identifiers of a safe
//! shape, every record of that device and epoch, sequence numbers consecutive,
//! at least one record unless the batch only reports the device's status.
//! Whether the records are *true* — their hashes, their link to what the office
//! already holds — is [`chain_links`] + `canteen_core::journal::verify_chain`.
//! [`decode_answer`] reads the office's reply on the kiosk side.

use canteen_core::journal::ChainLink;
use serde::de::DeserializeOwned;

use crate::error::SyncError;
use crate::wire::{Batch, ErrorBody, MAX_BATCH_BYTES, MAX_BATCH_RECORDS, WIRE_VERSION};

/// Why a batch is refused before it is looked at further.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct BatchRefusal {
    /// The HTTP status that fits.
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl BatchRefusal {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        BatchRefusal {
            status,
            code,
            message: message.into(),
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: self.code.into(),
            message: self.message.clone(),
            first_bad_seq: None,
        }
    }
}

/// Device ids and epochs: 1–64 characters of `A–Z a–z 0–9 - _`.
pub fn is_identifier(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The request body of a batch.
pub fn encode_batch(batch: &Batch) -> Vec<u8> {
    serde_json::to_vec(batch).expect("a batch always serialises")
}

/// Reads and checks a batch sent by `device_id` (the device its token names).
pub fn decode_batch(bytes: &[u8], device_id: &str) -> Result<Batch, BatchRefusal> {
    if bytes.len() > MAX_BATCH_BYTES {
        return Err(BatchRefusal::new(
            413,
            "too_large",
            format!("a batch may be at most {MAX_BATCH_BYTES} bytes; send fewer records"),
        ));
    }
    let batch: Batch = serde_json::from_slice(bytes).map_err(|e| {
        BatchRefusal::new(
            400,
            "bad_batch",
            format!("the batch is not valid JSON of the expected shape: {e}"),
        )
    })?;
    check_batch(&batch, device_id)?;
    Ok(batch)
}

fn check_batch(batch: &Batch, device_id: &str) -> Result<(), BatchRefusal> {
    let bad = |m: String| Err(BatchRefusal::new(400, "bad_batch", m));
    if batch.wire_version != WIRE_VERSION {
        return Err(BatchRefusal::new(
            400,
            "unsupported_version",
            format!(
                "wire version {} is not supported (this office speaks {WIRE_VERSION})",
                batch.wire_version
            ),
        ));
    }
    if batch.device_id != device_id {
        return Err(BatchRefusal::new(
            403,
            "forbidden",
            "a device may send only its own records",
        ));
    }
    if !is_identifier(&batch.db_epoch) {
        return bad("db_epoch must be 1–64 characters of A–Z a–z 0–9 - _".into());
    }
    let fewest = usize::from(batch.device_status.is_none());
    if batch.records.len() < fewest || batch.records.len() > MAX_BATCH_RECORDS {
        return bad(format!(
            "a batch holds 1 to {MAX_BATCH_RECORDS} records (0 only when it carries device_status)"
        ));
    }
    let Some(first) = batch.records.first().map(|r| r.seq) else {
        return Ok(());
    };
    for (i, r) in batch.records.iter().enumerate() {
        let h = &r.record.header;
        if h.device_id != batch.device_id || h.db_epoch != batch.db_epoch {
            return bad(format!(
                "record {} belongs to another device or epoch than its batch",
                r.seq
            ));
        }
        if h.seq != r.seq || Some(r.seq) != first.checked_add(i as u64) || r.seq == 0 {
            return bad(format!(
                "records must be consecutive from {first}; record {} is out of place",
                r.seq
            ));
        }
    }
    Ok(())
}

/// The links the chain verifier checks, canonical bytes rebuilt from the typed records.
pub fn chain_links(batch: &Batch) -> impl Iterator<Item = ChainLink> + '_ {
    batch.records.iter().map(|r| ChainLink {
        seq: r.seq,
        format_version: r.format_version,
        prev_hash: r.prev_hash,
        hash: r.hash,
        canonical: Ok(r.record.canonical()),
    })
}

/// Reads the office's answer: `T` on 2xx, its [`ErrorBody`] as a refusal otherwise.
pub fn decode_answer<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, SyncError> {
    if (200..300).contains(&status) {
        return serde_json::from_slice(body).map_err(|e| SyncError::BadResponse(e.to_string()));
    }
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(body) => Err(SyncError::Refused { status, body }),
        Err(_) => Err(SyncError::BadResponse(format!(
            "HTTP {status} without an error body"
        ))),
    }
}
