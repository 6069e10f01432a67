//! What each kiosk last reported of itself (a batch's
//! [`canteen_sync::wire::DeviceStatus`]): records still pending on it and the
//! bundle version it runs, kept per device (latest wins) in the transaction
//! of the batch that carried it; and the per-kiosk figures the devices page
//! and `device list` show beside it ([`listing`]).

use crate::params;
use crate::store::db::Db;
use canteen_sync::wire::DeviceStatus;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::bundles;
use super::enrol::{self, DeviceState};
use crate::error::Result;

/// Keeps `status` as `device_id`'s latest report, received at `now`.
pub fn put(
    db: &mut dyn Db,
    device_id: &str,
    db_epoch: &str,
    status: &DeviceStatus,
    now: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO device_status (device_id, db_epoch, pending, bundle_version, reported_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (device_id) DO UPDATE SET db_epoch = excluded.db_epoch,
             pending = excluded.pending, bundle_version = excluded.bundle_version,
             reported_at = excluded.reported_at",
        params![
            device_id,
            db_epoch,
            status.pending,
            status.bundle_version,
            now
        ],
    )?;
    Ok(())
}

/// A kiosk's latest report and what the office holds of it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Standing {
    /// Records still waiting on the kiosk at its last report (`None`: it
    /// never reported, e.g. an older kiosk).
    pub pending: Option<u64>,
    /// The bundle version it runs (0 = shipped defaults; `None`: never reported).
    pub bundle_version: Option<u64>,
    /// When the office received that report.
    pub reported_at: Option<String>,
    /// Records the office holds from it.
    pub records: i64,
    /// Its sales held in quarantine (did not re-derive).
    pub quarantined: i64,
    /// Conflicts and chain breaks its uploads raised.
    pub alerts: i64,
}

/// `device_id`'s standing.
pub fn standing(db: &mut dyn Db, device_id: &str) -> Result<Standing> {
    let r = db.query_one(
        "SELECT (SELECT count(*) FROM records WHERE device_id = ?1),
                (SELECT count(*) FROM quarantine WHERE device_id = ?1),
                (SELECT count(*) FROM alerts WHERE device_id = ?1)",
        params![device_id],
    )?;
    let mut s = Standing {
        records: r.get(0)?,
        quarantined: r.get(1)?,
        alerts: r.get(2)?,
        ..Standing::default()
    };
    let reported: Option<(u64, u64, String)> = db
        .query_opt(
            "SELECT pending, bundle_version, reported_at FROM device_status WHERE device_id = ?1",
            params![device_id],
        )?
        .map(|r| Ok::<_, crate::OfficeError>((r.get(0)?, r.get(1)?, r.get(2)?)))
        .transpose()?;
    if let Some((pending, bundle, at)) = reported {
        s.pending = Some(pending);
        s.bundle_version = Some(bundle);
        s.reported_at = Some(at);
    }
    Ok(s)
}

/// One line of `device list` (and one row of the devices page): the device
/// or waiting code, its standing, and whether it runs an older bundle than
/// the newest issued (the office serves every kiosk the newest).
#[derive(Debug, Serialize)]
pub struct Line {
    #[serde(flatten)]
    pub device: enrol::Listed,
    #[serde(flatten)]
    pub standing: Standing,
    /// The newest bundle version issued (0: none).
    pub newest_bundle: u64,
    /// It reported a bundle version below [`Line::newest_bundle`].
    pub bundle_behind: bool,
}

/// Every device and waiting code ([`enrol::list`] as of `now`) with its standing.
pub fn listing(db: &mut dyn Db, now: DateTime<Utc>) -> Result<Vec<Line>> {
    let newest_bundle = bundles::newest_version(db)?;
    enrol::list(db, now)?
        .into_iter()
        .map(|device| {
            let standing = if matches!(device.state, DeviceState::Enrolled | DeviceState::Revoked) {
                standing(db, &device.device_id)?
            } else {
                Standing::default()
            };
            Ok(Line {
                bundle_behind: device.state == DeviceState::Enrolled
                    && standing.bundle_version.is_some_and(|v| v < newest_bundle),
                device,
                standing,
                newest_bundle,
            })
        })
        .collect()
}
