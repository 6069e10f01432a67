//! The JSON shapes on the wire, version [`WIRE_VERSION`].
//!
//! A [`Batch`] is a run of consecutive journal records of one database life
//! (`device_id`, `db_epoch`), each a [`WireRecord`]: its sequence number, the
//! chain fields as stored on the kiosk (`format_version`, `prev_hash`, `hash`)
//! and the typed [`Record`], from which the office rebuilds the canonical bytes
//! and re-checks the hash itself. The office answers with an [`Ack`] holding its
//! contiguous [`HighWater`] mark, or an [`ErrorBody`] (`{"error","message"}`,
//! plus `first_bad_seq` for chain breaks and conflicts).
//!
//! A batch may carry the kiosk's [`DeviceStatus`] (records still pending,
//! the bundle version it runs); a status-only batch has no records and
//! stores nothing but that report.
//!
//! Enrolment: a kiosk sends an [`EnrollRequest`] (the office's one-time code
//! and the kiosk's own device id) to [`ENROLL_PATH`] with no token; the office
//! answers an [`Enrolment`] (its token, the office's public key and the
//! community secret).
//!
//! Paths are built here too, so client, server and the OpenAPI test agree.

use canteen_core::Secret;
use canteen_core::journal::{FORMAT_VERSION, Hash, Record, hex_hash};
use serde::{Deserialize, Serialize};

/// The wire format this code speaks.
pub const WIRE_VERSION: u32 = 1;

/// The largest batch either side accepts, in records.
pub const MAX_BATCH_RECORDS: usize = 2000;

/// The largest request body the office reads, in bytes.
pub const MAX_BATCH_BYTES: usize = 8 * 1024 * 1024;

/// The header a device's token travels in (`Authorization: Bearer <token>`).
pub const AUTHORIZATION: &str = "authorization";

/// Consecutive records of one device and database epoch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Batch {
    pub wire_version: u32,
    pub device_id: String,
    pub db_epoch: String,
    /// Empty only in a status-only batch (a kiosk with nothing to send still
    /// reports its [`DeviceStatus`]).
    pub records: Vec<WireRecord>,
    /// How the sending kiosk stands after this batch. Absent from an older
    /// kiosk's batch (which still parses); a kiosk that sends it sends it
    /// with every batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_status: Option<DeviceStatus>,
}

/// What a kiosk reports of itself with each batch; the office keeps the
/// latest per device (its devices page and `device list`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceStatus {
    /// Journal records still waiting to be sent after this batch.
    pub pending: u64,
    /// The bundle version of the menu and pricing the kiosk's configuration
    /// directory holds (its `bundle_version` file; 0 = the shipped defaults).
    pub bundle_version: u64,
}

/// One journal record with its place in the chain.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireRecord {
    pub seq: u64,
    pub format_version: u32,
    #[serde(with = "hex_hash")]
    pub prev_hash: Hash,
    #[serde(with = "hex_hash")]
    pub hash: Hash,
    pub record: Record,
}

impl WireRecord {
    /// `record` as the link after `prev`, hashed in the current journal format
    /// ([`FORMAT_VERSION`]), its `seq` taken from its header: how a chain is
    /// built from typed records (the kiosk sends its stored links instead).
    pub fn after(prev: Hash, record: Record) -> WireRecord {
        WireRecord {
            seq: record.header.seq,
            format_version: FORMAT_VERSION,
            prev_hash: prev,
            hash: record.hash_after(&prev),
            record,
        }
    }
}

/// The last record of the office's contiguous, verified run for one database
/// life (`seq` 0 and the genesis hash when it holds nothing yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HighWater {
    pub seq: u64,
    #[serde(with = "hex_hash")]
    pub hash: Hash,
}

/// The office's answer to a batch it accepted (or had already accepted).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub device_id: String,
    pub db_epoch: String,
    /// Records of this batch stored now.
    pub stored: u64,
    /// Records of this batch the office already held with the same hash.
    pub replayed: u64,
    pub high_water: HighWater,
}

/// Every error answer: a stable code and a display-ready message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: String,
    pub message: String,
    /// For `chain_break` and `conflict`: the first record refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_bad_seq: Option<u64>,
}

/// `POST` a [`Batch`] here; answers [`Ack`].
pub fn batches_path(device_id: &str) -> String {
    format!("/v1/devices/{device_id}/batches")
}

/// `GET` the [`HighWater`] of one database life here.
pub fn high_water_path(device_id: &str, db_epoch: &str) -> String {
    format!("/v1/devices/{device_id}/epochs/{db_epoch}/high-water")
}

/// `GET` the latest signed bundle here (204 when none was issued).
pub fn bundle_path(device_id: &str) -> String {
    format!("/v1/devices/{device_id}/bundle")
}

/// `POST` an [`EnrollRequest`] here (no token: the code is the credential);
/// answers [`Enrolment`].
pub const ENROLL_PATH: &str = "/v1/enroll";

/// A kiosk asking to be enrolled with a code from `canteen-office device add`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrollRequest {
    /// The enrolment code as typed (case and dashes do not matter).
    pub code: String,
    /// The kiosk's own device id (its ledger's); the office adopts it.
    pub device_id: String,
}

/// What the office gives an enrolled kiosk. Holds secrets, typed
/// [`Secret`] so that its `Debug` shows neither the token nor the community
/// secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub device_id: String,
    /// The canteen the office registered this kiosk at.
    pub canteen: String,
    /// The device's bearer token (the office keeps only its SHA-256).
    pub token: Secret,
    /// The office's ed25519 public key (hex): bundles and meal cards.
    pub office_public_key: String,
    /// The community secret (hex) resident keys are derived with.
    pub community_secret: Secret,
    /// The argon2id cost of the derivation, the same at every kiosk of the
    /// community (an office that does not send it uses the default).
    #[serde(default)]
    pub key_cost: canteen_core::KeyCost,
}
