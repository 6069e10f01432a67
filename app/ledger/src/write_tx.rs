//! The sale's IMMEDIATE transaction with its `BEGIN IMMEDIATE` and `COMMIT`
//! from the connection's statement cache.
//!
//! rusqlite's `Transaction` runs both through `execute_batch`, which parses the
//! SQL again on every call; on the sale path (the one write the kiosk does all
//! day) that parsing is a measurable part of the CPU time. The behaviour is
//! `Transaction`'s: the write lock is taken at `begin`, nothing is kept unless
//! [`WriteTx::commit`] succeeds, and dropping it uncommitted — an error, an
//! early return, a panic — rolls everything back.

use std::ops::Deref;

use rusqlite::Connection;

use crate::error::Result;

pub(crate) struct WriteTx<'c> {
    conn: &'c Connection,
}

impl<'c> WriteTx<'c> {
    /// `BEGIN IMMEDIATE`: takes the write lock now (waiting up to the busy
    /// timeout), so reads in the transaction see what the write will follow.
    /// `&mut` like `Connection::transaction`: no other transaction can be
    /// started on the connection meanwhile.
    pub fn begin(conn: &'c mut Connection) -> Result<WriteTx<'c>> {
        conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        Ok(WriteTx { conn })
    }

    /// `COMMIT`; on an error the transaction is rolled back when dropped.
    pub fn commit(self) -> Result<()> {
        self.conn.prepare_cached("COMMIT")?.execute([])?;
        Ok(())
    }
}

impl Deref for WriteTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if !self.conn.is_autocommit() {
            // As `Transaction`'s drop: a failed rollback leaves the connection
            // to SQLite, which rolls back on the next statement or close.
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}
