//! Writing a registry import as it is read: [`Import`] takes rows in chunks
//! of [`CHUNK`], keys them with the community secret (argon2, by far the
//! largest cost of an import: derived on every core), seals their ID numbers
//! and names ([`SealKey`]) and writes each chunk with one multi-row `INSERT …
//! ON CONFLICT DO UPDATE`, all in one transaction that [`Import::commit`]
//! ends — dropped before, nothing is written: an import is all or nothing.
//! A resident whose meal card is the one already printed keeps its printed
//! mark; a new card is unprinted. A resident named twice in a file ends as
//! the later row says (a chunk never holds one resident twice).
//! [`import_file`] streams a registry file through it.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{Read, Seek};

use canteen_core::pricing::Category;
use canteen_core::registry::{RegistryRow, RowStatus};
use canteen_core::{CommunitySecret, KeyMemory, mask_name};
use canteen_sync::signing::KeyedResident;
use chrono::NaiveDate;

use super::db::{Db, Tx, Value};
use crate::error::{OfficeError, Result};
use crate::export::registry_file::{self, RegistryFileError};
use crate::seal::SealKey;

/// Rows per statement (11 values each: far below both databases' limits).
pub const CHUNK: usize = 500;

const COLUMNS: [&str; 11] = [
    "resident_key",
    "birth_date",
    "categories",
    "suspended",
    "updated_at",
    "sealed_id",
    "sealed_name",
    "masked_name",
    "card_no",
    "masked_id",
    "status",
];

/// An import under way: one transaction, a chunk of rows not yet written.
pub struct Import<'a> {
    tx: Box<dyn Tx + 'a>,
    secret: &'a CommunitySecret,
    seal: &'a SealKey,
    now: &'a str,
    chunk: Vec<RegistryRow>,
    /// The ID numbers in `chunk` (in memory only), so none is there twice.
    ids: HashSet<String>,
    /// argon2's memory, one for each core.
    memories: Vec<KeyMemory>,
    count: usize,
    /// The bundle rows of what was imported, when the caller wants them.
    keyed: Option<Vec<KeyedResident>>,
}

impl<'a> Import<'a> {
    /// Begins an import into `db` at `now`.
    pub fn begin(
        db: &'a mut dyn Db,
        secret: &'a CommunitySecret,
        seal: &'a SealKey,
        now: &'a str,
    ) -> Result<Import<'a>> {
        Ok(Import {
            tx: db.begin()?,
            secret,
            seal,
            now,
            chunk: Vec::with_capacity(CHUNK),
            ids: HashSet::new(),
            memories: (0..std::thread::available_parallelism().map_or(1, |n| n.get()))
                .map(|_| KeyMemory::default())
                .collect(),
            count: 0,
            keyed: None,
        })
    }

    /// Keeps the bundle rows of what is imported (for [`import_rows`]).
    fn keeping_bundle_rows(mut self) -> Self {
        self.keyed = Some(Vec::new());
        self
    }

    /// Adds one checked row (written with its chunk).
    pub fn push(&mut self, row: RegistryRow) -> Result<()> {
        if self.ids.contains(row.id.expose()) {
            self.flush()?;
        }
        self.ids.insert(row.id.expose().to_owned());
        self.chunk.push(row);
        self.count += 1;
        if self.chunk.len() == CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the chunk: its keys derived on every core (argon2, the cost
    /// of an import), its ID numbers and names sealed.
    fn flush(&mut self) -> Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let keys = keys_of(&self.chunk, self.secret, &mut self.memories);
        let mut values = Vec::with_capacity(self.chunk.len() * COLUMNS.len());
        for (row, key) in self.chunk.drain(..).zip(keys) {
            let status = row.status.as_str();
            values.extend([
                Value::from(&key),
                row.id.birth_date().map(|d| d.to_string()).into(),
                row.categories.join(";").into(),
                (row.status == RowStatus::Suspended).into(),
                self.now.into(),
                self.seal.seal(row.id.expose(), &key)?.into(),
                self.seal.seal(&row.name, &key)?.into(),
                mask_name(&row.name).into(),
                (&row.card_no).into(),
                row.id.masked().into(),
                status.into(),
            ]);
            if let Some(keyed) = &mut self.keyed {
                keyed.push(KeyedResident {
                    resident_key: key,
                    masked_id: row.id.masked_at_rest(),
                    masked_name: mask_name(&row.name),
                    categories: row.categories,
                    card_no: row.card_no,
                    status: status.to_owned(),
                    delivery: None,
                });
            }
        }
        self.tx
            .execute(&upsert(values.len() / COLUMNS.len()), &values)?;
        self.ids.clear();
        Ok(())
    }

    /// Writes what is left and commits; how many rows were imported.
    pub fn commit(self) -> Result<usize> {
        Ok(self.finish()?.0)
    }

    /// [`Import::commit`], with the bundle rows kept (when they were).
    fn finish(mut self) -> Result<(usize, Vec<KeyedResident>)> {
        self.flush()?;
        self.tx.commit()?;
        Ok((self.count, self.keyed.unwrap_or_default()))
    }
}

/// The community keys of `rows`, derived on as many threads as there are
/// `memories` (one each, reused from chunk to chunk).
fn keys_of(
    rows: &[RegistryRow],
    secret: &CommunitySecret,
    memories: &mut [KeyMemory],
) -> Vec<String> {
    let share = rows.len().div_ceil(memories.len()).max(1);
    std::thread::scope(|s| {
        let parts: Vec<_> = rows
            .chunks(share)
            .zip(memories.iter_mut())
            .map(|(part, memory)| {
                s.spawn(move || {
                    let key = |r: &RegistryRow| secret.key_of_in(&r.id, memory);
                    part.iter().map(key).collect::<Vec<_>>()
                })
            })
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().expect("deriving a resident key does not panic"))
            .collect()
    })
}

/// The statement that writes `rows` residents (inserted, or replacing what
/// the registry held of them).
fn upsert(rows: usize) -> String {
    // The first line is what an error names: not the thousands of values.
    let mut sql = format!("INSERT INTO registry ({}) VALUES\n", COLUMNS.join(", "));
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ", (" });
        for c in 0..COLUMNS.len() {
            let sep = if c == 0 { "" } else { ", " };
            let _ = write!(sql, "{sep}?{}", r * COLUMNS.len() + c + 1);
        }
        sql.push(')');
    }
    sql.push_str(" ON CONFLICT (resident_key) DO UPDATE SET ");
    for c in &COLUMNS[1..] {
        let _ = write!(sql, "{c} = excluded.{c}, ");
    }
    sql.push_str(
        "card_printed_at = CASE WHEN registry.card_no IS NOT DISTINCT FROM excluded.card_no
                                THEN registry.card_printed_at END",
    );
    sql
}

/// Imports a registry file (any form [`registry_file::stream`] takes), read
/// row by row with IDs validated on `today`, into `db` at `now`: `Ok(Ok(n))`
/// when all `n` rows were good and are written, `Ok(Err(_))` naming every
/// bad row when nothing was written.
pub fn import_file(
    db: &mut dyn Db,
    file: impl Read + Seek,
    today: NaiveDate,
    categories: &[Category],
    secret: &CommunitySecret,
    seal: &SealKey,
    now: &str,
) -> Result<std::result::Result<usize, RegistryFileError>> {
    let mut import = Import::begin(db, secret, seal, now)?;
    match registry_file::stream(file, today, categories, |row| import.push(row))? {
        Ok(_) => Ok(Ok(import.commit()?)),
        Err(problems) => Ok(Err(problems)),
    }
}

/// Imports (inserts or replaces) the residents of a registry file in memory
/// (any form [`registry_file::read`] takes, categories by id); returns their
/// bundle rows (keys and masked forms). Nothing is written unless every
/// row is good.
pub fn import_csv(
    db: &mut dyn Db,
    text: &str,
    secret: &CommunitySecret,
    seal: &SealKey,
    today: NaiveDate,
    now: &str,
) -> Result<Vec<KeyedResident>> {
    let rows = registry_file::read(text.as_bytes(), today, &[]).map_err(|e| bad(e.to_string()))?;
    import_rows(db, rows, secret, seal, now)
}

/// Imports checked registry rows (from [`registry_file::read`]) in one
/// transaction; returns their bundle rows.
pub fn import_rows(
    db: &mut dyn Db,
    rows: Vec<RegistryRow>,
    secret: &CommunitySecret,
    seal: &SealKey,
    now: &str,
) -> Result<Vec<KeyedResident>> {
    let mut import = Import::begin(db, secret, seal, now)?.keeping_bundle_rows();
    for row in rows {
        import.push(row)?;
    }
    let (_, mut keyed) = import.finish()?;
    super::delivery::annotate_at(db, &mut keyed, now)?;
    Ok(keyed)
}

/// A registry file with bad rows, as the office's error (HTTP 400).
pub fn bad(message: String) -> OfficeError {
    OfficeError::BadRequest {
        code: "bad_registry",
        status: 400,
        message,
    }
}
