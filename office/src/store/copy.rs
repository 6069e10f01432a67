//! Moving an office from its SQLite file to PostgreSQL (`canteen-office
//! database copy --to URL`): every row of every table, as it is — the
//! append-only records and their hashes, the sealed registry, accounts,
//! bundles, the audit log — so the office goes on where it stood.
//!
//! The two schemas are the same tables and columns (`backend::columns`, which
//! the store tests compare), so a row is copied value for value. Tables are
//! copied parents first (the SQLite schema's foreign keys), in pages ordered
//! by primary key, inside one transaction on the target: a copy that fails
//! leaves the target as empty as it found it. It refuses a target that holds
//! any row. Afterwards the target's generated ids continue after the copied
//! ones, and every table's row count is checked against the source.

use super::backend::columns;
use super::bulk;
use super::db::{Db, Kind, Value};
use super::rows;
use crate::error::{OfficeError, Result};

/// Rows read from the source at a time (`database copy`'s page).
pub const PAGE: i64 = 10_000;

/// Copies `from` (a SQLite office) into `to` (an empty PostgreSQL office of
/// the same schema), reading `page` rows at a time; each table's name and
/// rows copied, in copy order.
pub fn copy(from: &mut dyn Db, to: &mut dyn Db, page: i64) -> Result<Vec<(String, u64)>> {
    if from.kind() != Kind::Sqlite || to.kind() != Kind::Postgres {
        return Err(refused(
            "copy_direction",
            "the copy goes from the office's SQLite file to a PostgreSQL database: give --to postgres://…",
        ));
    }
    let schema = columns(from)?;
    if schema != columns(to)? {
        return Err(refused(
            "schema_differs",
            "the two databases' schemas differ: open both with this version of canteen-office first",
        ));
    }
    let tables = parents_first(from, &schema)?;
    let mut source = from.begin()?;
    let mut target = to.begin()?;
    for (table, _) in &tables {
        let held = rows_in(&mut *target, table)?;
        if held > 0 {
            return Err(refused(
                "target_not_empty",
                &format!(
                    "the PostgreSQL database already holds data ({table}: {held} rows); copy into a new, empty database"
                ),
            ));
        }
    }
    let mut copied = Vec::with_capacity(tables.len());
    for (table, cols) in tables {
        let n = copy_table(&mut *source, &mut *target, &table, &cols, page)?;
        copied.push((table, n));
    }
    continue_ids(&mut *target)?;
    for (table, n) in &copied {
        let held = rows_in(&mut *target, table)?;
        if u64::try_from(held).ok() != Some(*n) {
            return Err(OfficeError::Store(format!(
                "{table}: {n} rows copied but {held} in the target; nothing was kept"
            )));
        }
    }
    target.commit()?;
    Ok(copied)
}

/// How many rows `table` holds.
fn rows_in(db: &mut dyn Db, table: &str) -> Result<i64> {
    db.query_one(&format!("SELECT count(*) FROM {table}"), &[])?
        .get(0)
}

/// One table, page by page in primary-key order, each page read from just
/// after the last key of the one before, so no page re-reads the rows before
/// it; the rows copied. Every office table declares a primary key; one
/// without is refused rather than copied in an order the pages cannot resume.
fn copy_table(
    from: &mut dyn Db,
    to: &mut dyn Db,
    table: &str,
    cols: &[String],
    page: i64,
) -> Result<u64> {
    let keys: Vec<String> = rows::column(
        from,
        "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk",
        &[table.into()],
    )?;
    // Where each key column stands in a row read.
    let key_at = keys
        .iter()
        .map(|k| cols.iter().position(|c| c == k))
        .collect::<Option<Vec<usize>>>()
        .filter(|at| !at.is_empty())
        .ok_or_else(|| OfficeError::Store(format!("{table} has no primary key to page by")))?;
    let select = cols.join(", ");
    let order = keys.join(", ");
    let marks: Vec<String> = (2..keys.len() + 2).map(|i| format!("?{i}")).collect();
    let first = format!("SELECT {select} FROM {table} ORDER BY {order} LIMIT ?1");
    let next = format!(
        "SELECT {select} FROM {table} WHERE ({order}) > ({}) ORDER BY {order} LIMIT ?1",
        marks.join(", ")
    );
    let head = format!("INSERT INTO {table} ({select})");
    let mut after: Option<Vec<Value>> = None;
    let mut copied = 0;
    loop {
        let rows = match &after {
            None => from.query(&first, &[page.into()])?,
            Some(last) => {
                let params: Vec<Value> = std::iter::once(page.into())
                    .chain(last.iter().cloned())
                    .collect();
                from.query(&next, &params)?
            }
        };
        let Some(last) = rows.last() else {
            return Ok(copied);
        };
        after = Some(key_at.iter().map(|&i| last.0[i].clone()).collect());
        let values: Vec<Value> = rows.into_iter().flat_map(|r| r.0).collect();
        copied += bulk::insert(to, &head, cols.len(), &values, "")?;
    }
}

/// The tables of `schema` (ordered by table) with their columns, each after
/// the tables its foreign keys name.
fn parents_first(
    db: &mut dyn Db,
    schema: &[(String, String, String)],
) -> Result<Vec<(String, Vec<String>)>> {
    let mut waiting: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for (table, column, _) in schema {
        match waiting.last_mut() {
            Some((t, cols, _)) if t == table => cols.push(column.clone()),
            _ => {
                let parents = rows::column(
                    db,
                    "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?1)",
                    &[table.as_str().into()],
                )?;
                waiting.push((table.clone(), vec![column.clone()], parents));
            }
        }
    }
    let mut ordered: Vec<(String, Vec<String>)> = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let ready = waiting.iter().position(|(t, _, parents)| {
            parents
                .iter()
                .all(|p| p == t || ordered.iter().any(|(o, _)| o == p))
        });
        let Some(n) = ready else {
            return Err(OfficeError::Store(
                "the schema's foreign keys form a cycle; the tables cannot be ordered".into(),
            ));
        };
        let (table, cols, _) = waiting.remove(n);
        ordered.push((table, cols));
    }
    Ok(ordered)
}

/// Moves each generated-id sequence past the copied ids, so that the next
/// row the office adds takes the next number.
fn continue_ids(db: &mut dyn Db) -> Result<()> {
    let generated = db.query(
        "SELECT table_name::text, column_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
        &[],
    )?;
    for r in generated {
        let (table, column): (String, String) = (r.get(0)?, r.get(1)?);
        db.query(
            &format!(
                "SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max({column}), 0) + 1, false) FROM {table}"
            ),
            &[table.as_str().into(), column.as_str().into()],
        )?;
    }
    Ok(())
}

fn refused(code: &'static str, message: &str) -> OfficeError {
    OfficeError::BadRequest {
        code,
        status: 409,
        message: message.to_owned(),
    }
}
