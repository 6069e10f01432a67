//! Schema migrations keyed on `PRAGMA user_version`.
//!
//! Version N is the first N files of `schema/`, applied in order inside one
//! IMMEDIATE transaction together with the new `user_version`, so a migration
//! either happens completely or not at all. A database newer than this code is
//! refused untouched. The same transaction creates the database's identity
//! (device id and epoch) if it has none yet.
//!
//! Some migrations rebuild a table (v4: `sale_lines` and `payments` become
//! WITHOUT ROWID; v6: they and `voids` reference `journal` once `sales` is
//! gone; v7: both fold into one `sale_entries` table, with views of their old
//! names, and `quota_uses` references it; v8 only adds the refund tables; v9:
//! `sale_entries` becomes a rowid table keyed by one integer that encodes
//! `(seq, kind, n)`, and `quota_uses` references that; v10 only adds the meal
//! card's own `card_status` to `residents`; v13 rebuilds `residents` without
//! its `birth_date`) and so drop and rename
//! tables that others reference. As
//! SQLite's table-rebuild procedure requires, foreign keys are switched off for
//! a migrating transaction (the pragma cannot change inside one),
//! `PRAGMA foreign_key_check` must find nothing before the commit, and foreign
//! keys are switched on again — and read back — before the connection is used.

use rusqlite::{Connection, TransactionBehavior};

use crate::error::{LedgerError, Result};
use crate::identity;

const MIGRATIONS: [&str; 13] = [
    include_str!("../schema/001_journal.sql"),
    include_str!("../schema/002_residents.sql"),
    include_str!("../schema/003_cashier.sql"),
    include_str!("../schema/004_fewer_pages.sql"),
    include_str!("../schema/005_outbox_mark.sql"),
    include_str!("../schema/006_sale_diner_on_journal.sql"),
    include_str!("../schema/007_sale_entries.sql"),
    include_str!("../schema/008_refunds.sql"),
    include_str!("../schema/009_sale_entries_rowid.sql"),
    include_str!("../schema/010_card_status.sql"),
    include_str!("../schema/011_rules_version.sql"),
    include_str!("../schema/012_peer_quota.sql"),
    include_str!("../schema/013_no_birth_date.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found >= SCHEMA_VERSION {
        return apply(conn);
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let applied = apply(conn);
    let restored = foreign_keys_on(conn);
    applied.and(restored)
}

fn apply(conn: &mut Connection) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have migrated meanwhile.
    let found: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > SCHEMA_VERSION {
        return Err(LedgerError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    let done = usize::try_from(found)
        .map_err(|_| LedgerError::Corrupt(format!("user_version {found}")))?;
    for sql in &MIGRATIONS[done..] {
        tx.execute_batch(sql)?;
    }
    if done < MIGRATIONS.len() {
        foreign_key_check(&tx)?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    identity::create_if_missing(&tx)?;
    tx.commit()?;
    Ok(())
}

/// Refuses a migration that leaves (or found) a row whose reference is broken.
fn foreign_key_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let broken: Vec<String> = stmt
        .query_map([], |r| {
            Ok(format!(
                "{} row {} refers to a missing {} row",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?
                    .map_or("?".into(), |n| n.to_string()),
                r.get::<_, String>(2)?
            ))
        })?
        .take(5)
        .collect::<rusqlite::Result<_>>()?;
    if broken.is_empty() {
        Ok(())
    } else {
        Err(LedgerError::Corrupt(format!(
            "not migrated: {}",
            broken.join("; ")
        )))
    }
}

fn foreign_keys_on(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0))?;
    if fk == 1 {
        Ok(())
    } else {
        Err(LedgerError::PragmaNotApplied {
            pragma: "foreign_keys",
            got: fk.to_string(),
        })
    }
}
