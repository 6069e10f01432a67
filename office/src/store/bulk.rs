//! Many rows in few statements, on either database ([`Db`]): a batch's
//! records and report lines are written with multi-row `INSERT … VALUES
//! (…), (…)` statements, and the rows a batch needs are read with `IN (…)`
//! lists, instead of one statement (one round trip to PostgreSQL) per row.
//!
//! A statement holds at most [`MAX_ROWS`] rows and never more placeholders
//! than either database takes (SQLite 32,766, PostgreSQL 65,535). Rows are
//! cut into chunks of a power of two (256, then 32, 8 … for the rest), so a
//! connection prepares and keeps a handful of statements per table, not one
//! per batch size.

use super::db::{Db, Row, Value};
use crate::error::Result;

/// The most rows one statement carries.
pub const MAX_ROWS: usize = 256;

/// The most placeholders one statement binds (SQLite's limit, the lower).
const MAX_PARAMS: usize = 32_766;

/// The sizes `n` rows are cut into: `MAX_ROWS` (or fewer, to stay under the
/// placeholder limit for rows `width` wide) as often as it goes, then the
/// powers of two of the rest, largest first.
fn chunks(n: usize, width: usize) -> Vec<usize> {
    let most = (MAX_PARAMS / width.max(1)).min(MAX_ROWS);
    let most = 1 << most.max(1).ilog2();
    let mut out = vec![most; n / most];
    let mut rest = n % most;
    while rest > 0 {
        let size = 1 << rest.ilog2();
        out.push(size);
        rest -= size;
    }
    out
}

/// `(?a, ?a+1, …)` groups: `rows` groups of `width` placeholders each,
/// numbered from `first`.
fn groups(rows: usize, width: usize, first: usize) -> String {
    let mut out = String::with_capacity(rows * width * 5);
    for r in 0..rows {
        out.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..width {
            if c > 0 {
                out.push_str(", ");
            }
            out.push('?');
            out.push_str(&(first + r * width + c).to_string());
        }
        out.push(')');
    }
    out
}

/// Runs `head VALUES (…), (…) tail` over `values`, rows of `width` values
/// each, in as few statements as the limits allow; the rows changed.
/// `head` is `INSERT INTO t (a, b, …)`, `tail` e.g. `ON CONFLICT DO NOTHING`.
pub fn insert(
    db: &mut dyn Db,
    head: &str,
    width: usize,
    values: &[Value],
    tail: &str,
) -> Result<u64> {
    debug_assert_eq!(values.len() % width, 0, "{head}: rows of {width}");
    let mut changed = 0;
    let mut rest = values;
    for size in chunks(values.len() / width, width) {
        let (now, later) = rest.split_at(size * width);
        let sql = format!("{head} VALUES {} {tail}", groups(size, width, 1));
        changed += db.execute(&sql, now)?;
        rest = later;
    }
    Ok(changed)
}

/// Runs `sql`, whose `IN (…)` list is written `{keys}`, once per chunk of
/// `keys` (after the `fixed` parameters, `?1` … `?n`), and gives all rows.
pub fn query_in(db: &mut dyn Db, sql: &str, fixed: &[Value], keys: &[Value]) -> Result<Vec<Row>> {
    let mut out = Vec::new();
    let mut rest = keys;
    for size in chunks(keys.len(), 1) {
        let (now, later) = rest.split_at(size);
        let list: Vec<String> = (0..size)
            .map(|i| format!("?{}", fixed.len() + 1 + i))
            .collect();
        let params: Vec<Value> = fixed.iter().chain(now).cloned().collect();
        out.extend(db.query(&sql.replace("{keys}", &list.join(", ")), &params)?);
        rest = later;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_cut_into_few_sizes_under_the_limits() {
        assert_eq!(chunks(0, 10), Vec::<usize>::new());
        assert_eq!(chunks(300, 10), [256, 32, 8, 4]);
        assert_eq!(chunks(600, 10), [256, 256, 64, 16, 8]);
        assert_eq!(chunks(5, 20_000), [1, 1, 1, 1, 1], "one row is the least");
        assert_eq!(
            chunks(1000, 200),
            [128; 7].into_iter().chain([64, 32, 8]).collect::<Vec<_>>()
        );
        assert!(chunks(1000, 200).iter().all(|n| n * 200 <= MAX_PARAMS));
        assert_eq!(groups(2, 3, 4), "(?4, ?5, ?6), (?7, ?8, ?9)");
    }

    #[test]
    fn inserts_and_reads_back_in_chunks() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)")
            .unwrap();
        let values: Vec<Value> = (0..300_i64)
            .flat_map(|k| [Value::Int(k), Value::Text(format!("v{k}"))])
            .collect();
        let n = insert(&mut conn, "INSERT INTO t (k, v)", 2, &values, "").unwrap();
        assert_eq!(n, 300);
        let again = insert(
            &mut conn,
            "INSERT INTO t (k, v)",
            2,
            &values[..20],
            "ON CONFLICT DO NOTHING",
        )
        .unwrap();
        assert_eq!(again, 0, "a conflict that does nothing changes no row");
        let keys: Vec<Value> = (250..400_i64).map(Value::Int).collect();
        let rows = query_in(
            &mut conn,
            "SELECT k, v FROM t WHERE v <> ?1 AND k IN ({keys}) ORDER BY k",
            &[Value::Text("v299".into())],
            &keys,
        )
        .unwrap();
        let got: Vec<i64> = rows.iter().map(|r| r.get(0).unwrap()).collect();
        assert_eq!(got, (250..299).collect::<Vec<_>>());
    }
}
