//! Reading query rows into values: a struct declared with [`row_struct!`]
//! reads its fields from the query's columns in the order they are declared,
//! and [`all`] runs a query and reads every row. The reports and the store's
//! lists read their rows here, so how a result row becomes a value is written
//! once, over either database ([`Db`]).

use super::db::{Db, FromValue, Row, Value};
use crate::error::Result;

/// A value read from one result row.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self>;
}

/// Runs `sql` with `params` and reads every row it gives, in order.
pub fn all<T: FromRow>(db: &mut dyn Db, sql: &str, params: &[Value]) -> Result<Vec<T>> {
    all_with(db, sql, params, T::from_row)
}

/// Runs `sql` with `params` and reads every row it gives with `read`, in
/// order (for a value that is more than its columns, or a tuple).
pub fn all_with<T>(
    db: &mut dyn Db,
    sql: &str,
    params: &[Value],
    read: impl FnMut(&Row) -> Result<T>,
) -> Result<Vec<T>> {
    db.query(sql, params)?.iter().map(read).collect()
}

/// The first column of the first row `sql` gives, if it gives one.
pub fn first<T: FromValue>(db: &mut dyn Db, sql: &str, params: &[Value]) -> Result<Option<T>> {
    db.query_opt(sql, params)?.map(|r| r.get(0)).transpose()
}

/// The first column of every row `sql` gives, in order.
pub fn column<T: FromValue>(db: &mut dyn Db, sql: &str, params: &[Value]) -> Result<Vec<T>> {
    all_with(db, sql, params, |r| r.get(0))
}

/// Declares a struct (attributes, docs and all) and its [`FromRow`]: field
/// `n` (from 0) is read from column `n` of the query, so a query selects its
/// columns in the order the struct declares its fields. The struct may take
/// one type parameter, read from its column as any [`FromValue`].
macro_rules! row_struct {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(< $param:ident >)? {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis struct $name $(< $param >)? {
            $( $(#[$field_meta])* $field_vis $field: $ty ),*
        }

        impl $(< $param: $crate::store::db::FromValue >)? $crate::store::rows::FromRow
            for $name $(< $param >)?
        {
            fn from_row(row: &$crate::store::db::Row) -> $crate::Result<Self> {
                let mut column = 0_usize..;
                // Struct fields are evaluated in the order written: the
                // declaration order, which is the columns' order.
                Ok(Self {
                    $( $field: row.get(column.next().unwrap_or_default())? ),*
                })
            }
        }
    };
}

pub(crate) use row_struct;

#[cfg(test)]
mod tests {
    use super::*;

    row_struct! {
        #[derive(Debug, PartialEq)]
        struct Pair {
            /// A doc comment on a field is kept.
            name: String,
            count: i64,
            note: Option<String>,
        }
    }

    #[test]
    fn fields_are_read_from_the_columns_in_declaration_order() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let rows: Vec<Pair> = all(
            &mut conn,
            "SELECT 'a', 1, NULL UNION ALL SELECT 'b', ?1, 'x' ORDER BY 1",
            crate::params![7_i64],
        )
        .unwrap();
        assert_eq!(
            rows,
            [
                Pair {
                    name: "a".into(),
                    count: 1,
                    note: None
                },
                Pair {
                    name: "b".into(),
                    count: 7,
                    note: Some("x".into())
                },
            ]
        );
    }

    #[test]
    fn a_column_of_the_wrong_type_is_an_error() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        let rows: Result<Vec<Pair>> = all(&mut conn, "SELECT 1, 'not a number', NULL", &[]);
        assert!(rows.is_err());
    }
}
