//! Fixtures shared by the ledger's integration tests: pricing rules shaped like
//! the shipped defaults (core's `canteen_core::fixtures`: the ledger does not
//! depend on the config crate), valid ID numbers for a given birth date,
//! one-line sales, resident imports, and raw looks at the database file (an old schema version built
//! from the shipped schema files, its `user_version`, one column's rows).
#![allow(dead_code)] // each test binary uses a different subset

use std::path::Path;

use canteen_core::cashier::{CashierRules, Role};
use canteen_core::closing::{DayTotals, Dimension};
use canteen_core::resident_id::check_char;
use canteen_core::{AgeConvention, Money, PaymentChoice, PricingRules, ResidentId};
use canteen_ledger::{Authorisation, CommittedSale, Ledger, LedgerError, SaleRequest};
use chrono::{DateTime, FixedOffset, NaiveDate};

/// Core's shared pricing fixture, shaped like the shipped defaults.
pub use canteen_core::fixtures::rules;

/// A valid 18-character ID number for someone born on `yyyymmdd`.
pub fn id_number(yyyymmdd: &str, serial: &str) -> String {
    let first17 = format!("110101{yyyymmdd}{serial}");
    let bytes: [u8; 17] = first17.as_bytes().try_into().unwrap();
    format!("{first17}{}", char::from(check_char(&bytes)))
}

pub fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

pub const LUNCH: &str = "2026-11-23T12:00:00+08:00";
pub const DINNER: &str = "2026-11-23T18:00:00+08:00";

pub fn parse_id(number: &str, when: &str) -> ResidentId {
    ResidentId::parse(number, at(when).date_naive()).unwrap()
}

/// A sale of `items` at `when` priced by `rules`, by ID `id` (or anonymous),
/// paid by `payment`: no companions, no total shown, no tier chosen by staff,
/// ages on the birthday. A test sets the other fields it is about with
/// `SaleRequest { field, ..request(...) }`.
pub fn request<'a>(
    rules: &'a PricingRules,
    when: &str,
    items: &[&str],
    id: Option<&'a ResidentId>,
    payment: PaymentChoice,
) -> SaleRequest<'a> {
    SaleRequest {
        rules,
        age_convention: AgeConvention::Birthday,
        at: at(when),
        items: items.iter().map(|s| (*s).to_owned()).collect(),
        companion_items: Vec::new(),
        expected_total: None,
        id,
        tier_override: None,
        payment,
    }
}

/// Cash, `yuan` tendered.
pub fn cash(yuan: i64) -> PaymentChoice {
    PaymentChoice::Cash {
        tendered: Money::from_yuan(yuan),
    }
}

/// Paid by meal card `card_no`.
pub fn card(card_no: &str) -> PaymentChoice {
    PaymentChoice::Card {
        card_no: card_no.into(),
    }
}

/// Sells `items` at `when` to `id` (if any), paying cash with ¥100.
pub fn sell(
    ledger: &mut Ledger,
    when: &str,
    items: &[&str],
    id: Option<&str>,
) -> Result<CommittedSale, LedgerError> {
    let rules = rules();
    let id = id.map(|n| parse_id(n, when));
    ledger.sell(&request(&rules, when, items, id.as_ref(), cash(100)))
}

/// Sells one lunch set at `when` to the resident with ID number `number`.
pub fn lunch_for(ledger: &mut Ledger, when: &str, number: &str) -> CommittedSale {
    sell(ledger, when, &["lunch-set"], Some(number)).unwrap()
}

/// The test day of [`LUNCH`] and [`DINNER`].
pub fn day() -> NaiveDate {
    at(LUNCH).date_naive()
}

/// The amount and subsidy of a day's totals summed over one dimension (every
/// dimension adds up to the day's net), in fen.
pub fn sum(d: &DayTotals, dim: Dimension) -> (i64, i64) {
    d.totals
        .iter()
        .filter(|t| t.dimension == dim)
        .fold((0, 0), |(a, s), t| {
            (a + t.amount.fen(), s + t.subsidy.fen())
        })
}

/// A fresh ledger with cashier `li` (PIN 1234) and supervisor `wang` (PIN
/// 9876), both added at [`LUNCH`].
pub fn staffed() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::TempDir::new().unwrap();
    let mut ledger = open(dir.path());
    add_li(&mut ledger, LUNCH);
    add_wang(&mut ledger, LUNCH);
    (dir, ledger)
}

/// Adds cashier `li` (PIN 1234) at `when`.
pub fn add_li(ledger: &mut Ledger, when: &str) {
    ledger
        .add_staff("li", Role::Cashier, "1234", at(when))
        .unwrap();
}

/// Adds supervisor `wang` (PIN 9876) at `when`.
pub fn add_wang(ledger: &mut Ledger, when: &str) {
    ledger
        .add_staff("wang", Role::Supervisor, "9876", at(when))
        .unwrap();
}

/// `wang`'s approval at `when` under the default cashier rules.
pub fn approve(ledger: &mut Ledger, when: &str) -> Authorisation {
    ledger
        .authorise_supervisor("9876", at(when), &CashierRules::default())
        .unwrap()
}

/// The newest audit record: staff id, action, related seq and detail.
pub fn last_audit(dir: &Path) -> (u64, String, u64, String) {
    raw(dir)
        .query_row(
            "SELECT staff_id, action, related_seq, detail FROM audit ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

/// Applies `sql` with the triggers dropped; returns the first bad seq found.
pub fn tamper(dir: &tempfile::TempDir, sql: &str) -> u64 {
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    open(dir.path())
        .verify()
        .unwrap()
        .unwrap_err()
        .first_bad_seq
}

pub fn open(dir: &Path) -> Ledger {
    Ledger::open(dir).unwrap()
}

/// The refusal code of what must have been refused.
pub fn refused<T: std::fmt::Debug>(outcome: Result<T, LedgerError>) -> Option<&'static str> {
    outcome.unwrap_err().code()
}

/// A new ledger in a folder of its own (removed when the folder is dropped).
pub fn fresh() -> (tempfile::TempDir, Ledger) {
    let dir = tempfile::TempDir::new().unwrap();
    let ledger = open(dir.path());
    (dir, ledger)
}

/// A raw connection to the ledger's database file, as an attacker with the file
/// (or a test inspecting it) would open it.
pub fn raw(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(canteen_ledger::DB_FILE)).unwrap()
}

/// Drops every trigger, as an attacker with the file would before editing.
pub fn drop_triggers(conn: &rusqlite::Connection) {
    let names: Vec<String> = query_column(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    );
    assert!(!names.is_empty());
    for name in names {
        conn.execute_batch(&format!("DROP TRIGGER {name}")).unwrap();
    }
}

pub const AGE70: &str = "19561123";
pub const AGE85: &str = "19410301";
pub const AGE95: &str = "19310101";

/// Reads `csv` (a residents file with its header line) as of [`LUNCH`]'s date,
/// with `dibao` the one category known, asserts that no row was refused, and
/// imports it.
pub fn import_residents(ledger: &mut Ledger, csv: &str) {
    let parsed =
        ledger.read_residents_csv(csv.as_bytes(), at(LUNCH).date_naive(), &["dibao".into()]);
    assert!(parsed.bad.is_empty(), "{:?}", parsed.bad);
    ledger
        .import_residents(&parsed.good, at(LUNCH), &mut || {})
        .unwrap();
}

/// Builds the frozen schema of `version` on a fresh raw connection: the first
/// `version` shipped schema files (foreign keys off, as migrations rebuild
/// tables others reference), then `user_version` set to it.
pub fn frozen_schema(conn: &rusqlite::Connection, version: usize) {
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for sql in &canteen_ledger::MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(&format!("PRAGMA user_version = {version}"))
        .unwrap();
}

/// The database's `PRAGMA user_version`, read on `conn`.
pub fn user_version(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// The one value `sql` returns on `conn` (a count, a column of one row).
pub fn scalar<T: rusqlite::types::FromSql>(conn: &rusqlite::Connection, sql: &str) -> T {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

/// The first column of every row `sql` returns on a raw connection to `dir`.
/// The one row `sql` gives, every column an integer (counts, flags).
pub fn counts(conn: &rusqlite::Connection, sql: &str) -> Vec<i64> {
    conn.query_row(sql, [], |r| {
        (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
    })
    .unwrap()
}

pub fn column<T: rusqlite::types::FromSql>(dir: &Path, sql: &str) -> Vec<T> {
    query_column(&raw(dir), sql)
}

/// The first column of every row `sql` returns on `conn`.
pub fn query_column<T: rusqlite::types::FromSql>(conn: &rusqlite::Connection, sql: &str) -> Vec<T> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Whether `needle` stands anywhere in `haystack` (a file's bytes).
pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
