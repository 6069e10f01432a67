//! Re-verifying what the office holds: every chain of one device and database
//! epoch, walked in sequence order from the genesis over the stored canonical
//! bytes with the same pure `verify_chain` the kiosk uses.

use canteen_core::journal::{ChainAnchor, ChainBreak, ChainHead, ChainLink, verify_chain};
use rusqlite::Connection;

use crate::error::Result;

/// `Ok(Ok(head))` when the held chain of `device_id`/`db_epoch` verifies.
pub fn verify(
    conn: &Connection,
    device_id: &str,
    db_epoch: &str,
) -> Result<Result<ChainHead, ChainBreak>> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt = tx.prepare(
        "SELECT seq, format_version, prev_hash, hash, canonical FROM records
         WHERE device_id = ?1 AND db_epoch = ?2 ORDER BY seq",
    )?;
    let links = stmt
        .query_map((device_id, db_epoch), |r| {
            let fixed = |bytes: Vec<u8>| <[u8; 32]>::try_from(bytes).unwrap_or([0xff; 32]);
            Ok(ChainLink {
                seq: r.get(0)?,
                format_version: r.get(1)?,
                prev_hash: fixed(r.get(2)?),
                hash: fixed(r.get(3)?),
                canonical: Ok(r.get(4)?),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(verify_chain(ChainAnchor::GENESIS, links))
}
