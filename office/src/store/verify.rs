//! Re-verifying what the office holds: every chain of one device and database
//! epoch, walked in sequence order from the genesis over the stored canonical
//! bytes with the same pure `verify_chain` the kiosk uses.

use crate::params;
use crate::store::db::Db;
use crate::store::rows;
use canteen_core::journal::{ChainAnchor, ChainBreak, ChainHead, ChainLink, verify_chain};

use crate::error::Result;

/// `Ok(Ok(head))` when the held chain of `device_id`/`db_epoch` verifies.
pub fn verify(
    db: &mut dyn Db,
    device_id: &str,
    db_epoch: &str,
) -> Result<Result<ChainHead, ChainBreak>> {
    let links = rows::all_with(
        db,
        "SELECT seq, format_version, prev_hash, hash, canonical FROM records
         WHERE device_id = ?1 AND db_epoch = ?2 ORDER BY seq",
        params![device_id, db_epoch],
        |r| {
            let fixed = |bytes: Vec<u8>| <[u8; 32]>::try_from(bytes).unwrap_or([0xff; 32]);
            Ok(ChainLink {
                seq: r.get(0)?,
                format_version: r.get(1)?,
                prev_hash: fixed(r.get(2)?),
                hash: fixed(r.get(3)?),
                canonical: Ok(r.get(4)?),
            })
        },
    )?;
    Ok(verify_chain(ChainAnchor::GENESIS, links))
}
