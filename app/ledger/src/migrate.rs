//! The ledger's schema migrations, keyed on `PRAGMA user_version` and run by
//! the shared SQLite layer (`canteen_sqlite::migrate`).
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

use rusqlite::Connection;

use crate::error::Result;
use crate::identity;

/// The shipped schema files in order: version N is the first N of them
/// (pinned: tests build an old database of version N from exactly these).
pub const MIGRATIONS: [&str; 16] = [
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
    include_str!("../schema/014_masked_id_at_rest.sql"),
    include_str!("../schema/015_delivery.sql"),
    include_str!("../schema/016_dishes.sql"),
];

/// The schema version this code writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database to [`SCHEMA_VERSION`], creating its identity (device
/// id and epoch) in the same transaction if it has none yet.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    canteen_sqlite::migrate(conn, &MIGRATIONS, |tx| identity::create_if_missing(tx))
}
