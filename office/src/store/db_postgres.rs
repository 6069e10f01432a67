//! [`Db`] on PostgreSQL: the office of a district or a city
//! (`--database postgres://…`), several `canteen-office serve` processes on
//! one database. A blocking `postgres` client (tokio-postgres underneath),
//! used only from the blocking thread pool, in an `r2d2` pool; each pooled
//! connection prepares a statement once (`?N` placeholders rewritten to `$N`)
//! and keeps it.
//!
//! The schema is `schema/postgres/*.sql`, applied in order in one
//! transaction under an advisory lock (two offices starting at once migrate
//! once), its version kept in `schema_version`; a database newer than this
//! program is refused untouched.

use std::collections::HashMap;
use std::error::Error as StdError;

use bytes::BytesMut;
use postgres::types::{FromSql, IsNull, ToSql, Type, to_sql_checked};
use postgres::{Client, GenericClient, NoTls, Statement, Transaction};

use super::db::{Db, Kind, Row, Tx, Value, first_line};
use crate::error::{OfficeError, Result};

/// The schema files, oldest first.
pub const MIGRATIONS: [&str; 2] = [
    include_str!("../../schema/postgres/001_office.sql"),
    include_str!("../../schema/postgres/002_totals.sql"),
];

/// An arbitrary key that only the office's migration takes (ASCII "canteen").
const MIGRATION_LOCK: i64 = 0x0063_616e_7465_656e;

/// A pooled connection: the client and its prepared statements.
pub struct PgConn {
    client: Client,
    prepared: HashMap<String, Statement>,
}

/// A transaction (or a savepoint) on a [`PgConn`].
pub struct PgTx<'a> {
    tx: Transaction<'a>,
    prepared: &'a mut HashMap<String, Statement>,
}

/// Makes the pool's connections.
#[derive(Debug)]
pub struct Manager {
    config: postgres::Config,
}

/// The pool the office's threads share.
pub type Pool = r2d2::Pool<Manager>;

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> std::result::Result<PgConn, postgres::Error> {
        Ok(PgConn {
            client: self.config.connect(NoTls)?,
            prepared: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> std::result::Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client.is_closed()
    }
}

/// `url` as a client's configuration, or what to write instead.
fn config(url: &str) -> Result<postgres::Config> {
    url.parse().map_err(|e| OfficeError::BadRequest {
        code: "bad_database",
        status: 400,
        message: format!(
            "--database {}: not a PostgreSQL URL ({e}); write postgres://USER@HOST:PORT/DATABASE",
            redacted(url)
        ),
    })
}

/// What to say when `url` cannot be reached.
fn unreachable(url: &str, e: impl std::fmt::Display) -> OfficeError {
    OfficeError::Store(format!(
        "cannot connect to PostgreSQL at {}: {e}; is the server running and the database created?",
        redacted(url)
    ))
}

/// One connection to `url`, migrated: what a command run once uses.
pub fn connect(url: &str) -> Result<PgConn> {
    let mut conn = PgConn {
        client: config(url)?
            .connect(NoTls)
            .map_err(|e| unreachable(url, e))?,
        prepared: HashMap::new(),
    };
    migrate(&mut conn.client, &MIGRATIONS)?;
    Ok(conn)
}

/// Connects a pool of `size` to `url`, migrated.
pub fn open(url: &str, size: u32) -> Result<Pool> {
    let config = config(url)?;
    let pool = r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(1))
        .connection_timeout(std::time::Duration::from_secs(5))
        .build(Manager { config })
        .map_err(|e| unreachable(url, e))?;
    let mut conn = pool.get().map_err(pool_error)?;
    migrate(&mut conn.client, &MIGRATIONS)?;
    Ok(pool)
}

/// The pool's answer when no connection could be had.
pub fn pool_error(e: r2d2::Error) -> OfficeError {
    OfficeError::Store(format!("no PostgreSQL connection: {e}"))
}

/// `url` without its password, for messages and logs.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let user_info = &url[scheme + 3..at];
            let user = user_info.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

/// Applies the schema files this database lacks, in one transaction.
pub fn migrate(client: &mut Client, files: &[&str]) -> Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")?;
    let found: i64 = match tx.query_opt("SELECT version FROM schema_version", &[])? {
        Some(row) => row.get(0),
        None => {
            tx.execute("INSERT INTO schema_version (version) VALUES (0)", &[])?;
            0
        }
    };
    let supported = files.len() as i64;
    if found > supported {
        return Err(OfficeError::Store(format!(
            "the office database has schema {found}, newer than this program ({supported}); install the newer program"
        )));
    }
    for file in &files[found as usize..] {
        tx.batch_execute(file)?;
    }
    tx.execute("UPDATE schema_version SET version = $1", &[&supported])?;
    tx.commit()?;
    Ok(())
}

/// `sql` with `?N` placeholders as PostgreSQL's `$N` (string literals,
/// quoted names and comments left alone). The office writes numbered
/// placeholders only; a bare `?` is left as it is, and PostgreSQL refuses it.
pub fn translate(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                while let Some(d) = chars.next_if(char::is_ascii_digit) {
                    out.push(d);
                }
            }
            c => out.push(c),
        }
    }
    out
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn StdError + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Blob(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl<'a> FromSql<'a> for Value {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> std::result::Result<Value, Box<dyn StdError + Sync + Send>> {
        Ok(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::BYTEA => Value::Blob(Vec::from_sql(ty, raw)?),
            Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME => {
                Value::Text(String::from_sql(ty, raw)?)
            }
            // sum() of BIGINT is NUMERIC on PostgreSQL: whole numbers only.
            Type::NUMERIC => Value::Int(numeric_integer(raw)?),
            _ => {
                return Err(format!(
                    "a column of type {ty} where the office reads integers, text and bytes (cast it, e.g. CAST(sum(x) AS BIGINT))"
                )
                .into());
            }
        })
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Value, Box<dyn StdError + Sync + Send>> {
        Ok(Value::Null)
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A NUMERIC in PostgreSQL's binary form (digit count, weight, sign,
/// display scale, then base-10000 digits) as an `i64`, when it is a whole
/// number that fits.
fn numeric_integer(raw: &[u8]) -> std::result::Result<i64, Box<dyn StdError + Sync + Send>> {
    let word = |i: usize| -> std::result::Result<i16, Box<dyn StdError + Sync + Send>> {
        Ok(i16::from_be_bytes(
            raw.get(i * 2..i * 2 + 2)
                .ok_or("a NUMERIC cut short")?
                .try_into()?,
        ))
    };
    let (ndigits, weight, sign) = (word(0)?, word(1)?, word(2)? as u16);
    if sign == 0xC000 {
        return Err("a NUMERIC that is not a number".into());
    }
    let mut value: i64 = 0;
    for i in 0..ndigits {
        let digit = i64::from(word(4 + i as usize)?);
        let power = i32::from(weight) - i32::from(i);
        if power < 0 {
            if digit != 0 {
                return Err(
                    "a NUMERIC with a fraction where the office reads whole numbers".into(),
                );
            }
            continue;
        }
        let place = 10_000_i64
            .checked_pow(power as u32)
            .ok_or("a NUMERIC too large for 64 bits")?;
        value = digit
            .checked_mul(place)
            .and_then(|d| value.checked_add(d))
            .ok_or("a NUMERIC too large for 64 bits")?;
    }
    Ok(if sign == 0x4000 { -value } else { value })
}

fn statement(
    client: &mut impl GenericClient,
    prepared: &mut HashMap<String, Statement>,
    sql: &str,
) -> Result<Statement> {
    if let Some(s) = prepared.get(sql) {
        return Ok(s.clone());
    }
    let s = client
        .prepare(&translate(sql))
        .map_err(|e| pg_error(e, sql))?;
    prepared.insert(sql.to_owned(), s.clone());
    Ok(s)
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

fn execute(
    client: &mut impl GenericClient,
    prepared: &mut HashMap<String, Statement>,
    sql: &str,
    params: &[Value],
) -> Result<u64> {
    let stmt = statement(client, prepared, sql)?;
    client
        .execute(&stmt, &refs(params))
        .map_err(|e| pg_error(e, sql))
}

fn query(
    client: &mut impl GenericClient,
    prepared: &mut HashMap<String, Statement>,
    sql: &str,
    params: &[Value],
) -> Result<Vec<Row>> {
    let stmt = statement(client, prepared, sql)?;
    let rows = client
        .query(&stmt, &refs(params))
        .map_err(|e| pg_error(e, sql))?;
    rows.iter()
        .map(|r| {
            (0..r.len())
                .map(|i| r.try_get::<_, Value>(i).map_err(|e| pg_error(e, sql)))
                .collect::<Result<_>>()
                .map(Row)
        })
        .collect()
}

/// A PostgreSQL error with the statement's first line (never its values).
fn pg_error(e: postgres::Error, sql: &str) -> OfficeError {
    let detail = e
        .as_db_error()
        .map_or_else(|| e.to_string(), |d| d.message().to_owned());
    OfficeError::Store(format!("{detail} (in {})", first_line(sql)))
}

impl Db for PgConn {
    fn kind(&self) -> Kind {
        Kind::Postgres
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        execute(&mut self.client, &mut self.prepared, sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        query(&mut self.client, &mut self.prepared, sql, params)
    }
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(PgTx {
            tx: self.client.transaction()?,
            prepared: &mut self.prepared,
        }))
    }
}

impl Db for PgTx<'_> {
    fn kind(&self) -> Kind {
        Kind::Postgres
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        execute(&mut self.tx, self.prepared, sql, params)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        query(&mut self.tx, self.prepared, sql, params)
    }
    fn begin(&mut self) -> Result<Box<dyn Tx + '_>> {
        Ok(Box::new(PgTx {
            tx: self.tx.transaction()?,
            prepared: &mut *self.prepared,
        }))
    }
}

impl Tx for PgTx<'_> {
    fn commit(self: Box<Self>) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl From<postgres::Error> for OfficeError {
    fn from(e: postgres::Error) -> Self {
        OfficeError::Store(
            e.as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_dollars_outside_literals_and_comments() {
        assert_eq!(
            translate("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?12 -- ?3\n AND e = ?"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $12 -- ?3\n AND e = ?"
        );
        assert_eq!(translate("SELECT \"?x\" FROM t"), "SELECT \"?x\" FROM t");
    }

    #[test]
    fn whole_numerics_read_as_integers() {
        // 12345678 = 1234·10000 + 5678: two digits, weight 1.
        let n = |digits: &[i16], weight: i16, sign: u16| -> Vec<u8> {
            let mut out = Vec::new();
            for w in [digits.len() as i16, weight, sign as i16, 0] {
                out.extend(w.to_be_bytes());
            }
            for d in digits {
                out.extend(d.to_be_bytes());
            }
            out
        };
        assert_eq!(
            numeric_integer(&n(&[1234, 5678], 1, 0)).unwrap(),
            12_345_678
        );
        assert_eq!(numeric_integer(&n(&[3], 0, 0x4000)).unwrap(), -3);
        assert_eq!(numeric_integer(&n(&[], 0, 0)).unwrap(), 0);
        assert!(
            numeric_integer(&n(&[1, 5000], 0, 0)).is_err(),
            "1.5 is not whole"
        );
    }

    #[test]
    fn a_password_never_reaches_a_message() {
        assert_eq!(
            redacted("postgres://office:s3cret@db.example:5432/canteen"),
            "postgres://office@db.example:5432/canteen"
        );
        assert_eq!(redacted("postgres://office@h/c"), "postgres://office@h/c");
    }
}
