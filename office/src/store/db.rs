//! The office store's one trait over its two databases: [`Db`], implemented
//! by SQLite (`db_sqlite`, the embedded default) and PostgreSQL
//! (`db_postgres`, for a district or a city), so every query of the store and
//! the reports is written once.
//!
//! SQL is written in the dialect both accept: `?1`, `?2` … placeholders
//! (rewritten to `$1` … for PostgreSQL), `INSERT … ON CONFLICT DO NOTHING`,
//! `RETURNING`, `string_agg`, `IS [NOT] DISTINCT FROM` (a sum, NUMERIC on
//! PostgreSQL, is read as a whole integer). Values cross as [`Value`] (integers are 64-bit everywhere, so PostgreSQL
//! columns are `BIGINT`), rows come back as [`Row`]s read by column index.
//! A transaction is a [`Tx`]: begun by [`Db::begin`], committed by
//! [`Tx::commit`], rolled back when dropped; a transaction begun inside one is
//! a savepoint.

use crate::error::{OfficeError, Result};

/// Which database a [`Db`] is, for the few statements that must differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A value bound to a placeholder or read from a column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
    Blob(Vec<u8>),
}

/// The office's database: one connection, or one transaction on it.
pub trait Db {
    /// Which database this is.
    fn kind(&self) -> Kind;
    /// Runs a statement; the number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs a query; all its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Begins a transaction that will write (SQLite: `IMMEDIATE`), or a
    /// savepoint inside the current one.
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>>;

    /// The first row of a query, if any.
    fn query_opt(&mut self, sql: &str, params: &[Value]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The one row of a query (an error when there is none).
    fn query_one(&mut self, sql: &str, params: &[Value]) -> Result<Row> {
        self.query_opt(sql, params)?
            .ok_or_else(|| OfficeError::Store(format!("no row from {}", first_line(sql))))
    }
}

/// A transaction: rolled back when dropped without [`Tx::commit`].
pub trait Tx: Db {
    fn commit(self: Box<Self>) -> Result<()>;
}

/// One row of a query's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as `T`: an error naming the column when it is another type
    /// (or out of range for `T`).
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        let value = self.0.get(i).ok_or_else(|| {
            OfficeError::Store(format!("no column {i}: the row has {}", self.0.len()))
        })?;
        T::from_value(value).ok_or_else(|| {
            OfficeError::Store(format!(
                "column {i} holds {value:?}, not {}",
                std::any::type_name::<T>()
            ))
        })
    }
}

/// A Rust type a column can be read as.
pub trait FromValue: Sized {
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> Option<Self> {
                i64::from_value(v).and_then(|i| <$t>::try_from(i).ok())
            }
        }
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Int(i64::try_from(i).expect("an integer the office stores fits 64 bits"))
            }
        }
    )*};
}
from_int!(u64, u32, i32, u16, u8, usize);

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).map(|i| i != 0)
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl FromValue for [u8; 32] {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Blob(b) => b.as_slice().try_into().ok(),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Int(i64::from(b))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Text(s.clone())
    }
}

impl From<&[u8]> for Value {
    fn from(b: &[u8]) -> Value {
        Value::Blob(b.to_vec())
    }
}

impl From<Vec<u8>> for Value {
    fn from(b: Vec<u8>) -> Value {
        Value::Blob(b)
    }
}

impl From<&[u8; 32]> for Value {
    fn from(b: &[u8; 32]) -> Value {
        Value::Blob(b.to_vec())
    }
}

impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Value {
        v.as_ref().map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

/// The parameters of a statement: `params![a, b]` is `&[Value::from(a),
/// Value::from(b)]`.
#[macro_export]
macro_rules! params {
    () => { &[][..] };
    ($($v:expr),+ $(,)?) => { &[$($crate::store::db::Value::from($v)),+][..] };
}

/// A statement's first line, for error messages (never its parameters).
pub(super) fn first_line(sql: &str) -> &str {
    sql.trim_start().lines().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_of_another_type_is_an_error_naming_it() {
        let row = Row(vec![Value::Text("x".into()), Value::Int(-1), Value::Null]);
        assert_eq!(row.get::<String>(0).unwrap(), "x");
        assert!(
            row.get::<i64>(0)
                .unwrap_err()
                .to_string()
                .contains("column 0")
        );
        assert!(row.get::<u64>(1).is_err(), "a negative count is not a u64");
        assert_eq!(row.get::<Option<i64>>(2).unwrap(), None);
        assert!(row.get::<i64>(2).is_err());
        assert!(
            row.get::<Option<String>>(7).is_err(),
            "a column past the end is an error"
        );
    }
}
