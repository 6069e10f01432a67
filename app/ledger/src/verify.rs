//! Verifying the journal: rebuild every record from its typed rows, in sequence
//! order, and check the chain with [`canteen_core::journal::verify_chain`]; then
//! look for detail rows that belong to no journal record of their kind (rows
//! inserted behind the ledger's back). Runs in one read transaction, so a
//! concurrent sale cannot make a sound journal look broken.
//!
//! Deleting records at the end of the journal leaves a shorter chain that still
//! verifies; that is caught against the anchors kept off the device (the office's
//! copy, the printed Z report's chain head), not here.

use canteen_core::journal::{ChainAnchor, ChainBreak, ChainHead, verify_chain};
use rusqlite::Connection;

use crate::error::Result;
use crate::read::{JOURNAL_COLUMNS, journal_row};

/// Detail rows without the journal record they belong to, by table.
const ORPHANS: &str = "SELECT min(seq) FROM (
    SELECT seq FROM sales WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale')
    UNION ALL SELECT seq FROM sale_lines WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale')
    UNION ALL SELECT seq FROM payments WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale')
    UNION ALL SELECT seq FROM voids WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'void')
    UNION ALL SELECT seq FROM closings WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'closing')
    UNION ALL SELECT seq FROM closing_totals WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'closing')
)";

/// `Ok(Ok(head))` for a sound journal, `Ok(Err(break))` for a broken one,
/// `Err` when the database could not be read at all.
pub fn verify(conn: &Connection) -> Result<Result<ChainHead, ChainBreak>> {
    let tx = conn.unchecked_transaction()?;
    let mut stmt = tx.prepare(&format!(
        "SELECT {JOURNAL_COLUMNS} FROM journal ORDER BY seq"
    ))?;
    let mut rows = stmt.query([])?;
    let mut read_error = None;
    let links = std::iter::from_fn(|| match rows.next() {
        Ok(Some(row)) => match journal_row(row) {
            Ok(r) => Some(r.link(&tx)),
            Err(e) => {
                read_error = Some(e);
                None
            }
        },
        Ok(None) => None,
        Err(e) => {
            read_error = Some(e);
            None
        }
    });
    let chain = verify_chain(ChainAnchor::GENESIS, links);
    if let Some(e) = read_error {
        return Err(e.into());
    }
    let orphan: Option<u64> = tx.query_row(ORPHANS, [], |r| r.get(0))?;
    let orphan = orphan.map(|seq| ChainBreak {
        first_bad_seq: seq,
        reason: "detail rows without their journal record (inserted)".into(),
    });
    Ok(match (chain, orphan) {
        (Err(chain), Some(orphan)) if orphan.first_bad_seq < chain.first_bad_seq => Err(orphan),
        (Err(chain), _) => Err(chain),
        (Ok(_), Some(orphan)) => Err(orphan),
        (Ok(head), None) => Ok(head),
    })
}
