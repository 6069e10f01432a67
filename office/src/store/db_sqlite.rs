//! [`Db`] on SQLite: the office's embedded default (`office.db` in the data
//! directory, opened by `canteen-sqlite`). Statements are prepared once per
//! connection (`prepare_cached`); a write transaction is `IMMEDIATE`, so two
//! writers never deadlock on the upgrade from read to write.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, Savepoint, Transaction, TransactionBehavior};

use super::db::{Db, Kind, Row, Tx, Value, first_line};
use crate::error::{OfficeError, Result};

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn value(v: ValueRef<'_>, sql: &str) -> Result<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .map_err(|e| OfficeError::Store(format!("{}: {e}", first_line(sql))))?
                .to_owned(),
        ),
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
        ValueRef::Real(r) => {
            return Err(OfficeError::Store(format!(
                "{}: a real number ({r}) where the office stores none",
                first_line(sql)
            )));
        }
    })
}

fn execute(conn: &Connection, sql: &str, params: &[Value]) -> Result<u64> {
    let n = conn
        .prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(params))?;
    Ok(n as u64)
}

fn query(conn: &Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let width = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params_from_iter(params))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let row = (0..width)
            .map(|i| value(r.get_ref(i)?, sql))
            .collect::<Result<_>>()?;
        out.push(Row(row));
    }
    Ok(out)
}

/// `Db` for a connection type that derefs to a `Connection`; `begin` is
/// how that type starts a nested transaction.
macro_rules! sqlite_db {
    ($t:ty, |$s:ident| $begin:expr) => {
        impl Db for $t {
            fn kind(&self) -> Kind {
                Kind::Sqlite
            }
            fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
                execute(self, sql, params)
            }
            fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
                query(self, sql, params)
            }
            fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
                let $s = self;
                Ok(Box::new($begin))
            }
        }
    };
}

sqlite_db!(Connection, |c| c
    .transaction_with_behavior(TransactionBehavior::Immediate)?);
sqlite_db!(Transaction<'_>, |t| t.savepoint()?);
sqlite_db!(Savepoint<'_>, |s| s.savepoint()?);

impl Tx for Transaction<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        Ok(Transaction::commit(*self)?)
    }
}

impl Tx for Savepoint<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        Ok(Savepoint::commit(*self)?)
    }
}
