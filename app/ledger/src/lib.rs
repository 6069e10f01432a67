//! `canteen-ledger`: the canteen's durable, append-only, tamper-evident sales
//! journal in SQLite — the only crate that knows SQL.
//!
//! Design: one `journal` table carries the chain (gap-free `seq`, kind, device,
//! epoch, time, local date, clock flag, format version, `prev_hash`, `hash`);
//! typed detail tables (`sales`, `sale_lines`, `payments`, `voids`, `closings`,
//! `closing_totals`) carry what reports read. No canonical blob is stored: the
//! verifier rebuilds each record's canonical bytes from the typed rows
//! ([`canteen_core::journal::Record::canonical`]), so an edited report column,
//! a deleted or inserted row, a gap or a reordering all break the chain. Triggers
//! refuse UPDATE and DELETE on every journal table; corrections are new records.
//!
//! Every write is one IMMEDIATE transaction: a sale's header, lines, payments,
//! journal row, outbox row and quota rows (`quota_uses`, one per line that used
//! the quota; the verifier checks them against the lines) commit together or not
//! at all. Resident IDs are stored only as a keyed hash (see [`keyring`]) and
//! masked.
//!
//! ```no_run
//! # fn demo(rules: &canteen_core::PricingRules) -> canteen_ledger::Result<()> {
//! use canteen_ledger::{Ledger, SaleRequest};
//! let mut ledger = Ledger::open(std::path::Path::new("./data"))?;
//! let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap();
//! let sale = ledger.sell(&SaleRequest {
//!     rules, age_convention: Default::default(), at, items: vec!["lunch-set".into()],
//!     id: None, tier_override: None,
//!     payment: canteen_core::PaymentChoice::Cash { tendered: canteen_core::Money::from_yuan(20) },
//! })?;
//! assert!(ledger.verify()?.is_ok());
//! # let _ = sale; Ok(()) }
//! ```

mod append;
mod backup;
pub mod connection;
mod error;
mod identity;
pub mod keyring;
mod migrate;
mod outbox;
mod read;
mod report;
mod residents;
mod residents_csv;
mod sell;
mod verify;
mod void;

use std::io::Read;
use std::path::{Path, PathBuf};

use canteen_core::ResidentId;
use canteen_core::closing::DayTotals;
use canteen_core::journal::{ChainBreak, ChainHead};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;

pub use backup::BackupReport;
pub use error::{LedgerError, Result};
pub use identity::Identity;
pub use migrate::SCHEMA_VERSION;
pub use outbox::{OutboxStatus, StoredRecord};
pub use report::CommittedClosing;
pub use residents::{ImportCounts, Resident, ResidentStatus, mask_name};
pub use residents_csv::{BadRow, ResidentsCsv};
pub use sell::{CommittedSale, SaleRequest};
pub use void::CommittedVoid;

/// The database file inside the data directory.
pub const DB_FILE: &str = "canteen.db";

/// The canteen's ledger: one open, checked, migrated database.
pub struct Ledger {
    conn: Connection,
    identity: Identity,
    keyring: keyring::Keyring,
    dir: PathBuf,
}

impl Ledger {
    /// Opens the ledger in `data_dir` (created if missing): pragmas checked,
    /// `quick_check`, migrations, identity, resident key.
    pub fn open(data_dir: &Path) -> Result<Ledger> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = connection::open(&data_dir.join(DB_FILE))?;
        connection::quick_check(&conn)?;
        migrate::migrate(&mut conn)?;
        let identity = identity::load(&conn)?;
        let keyring = keyring::Keyring::open(data_dir, &conn)?;
        Ok(Ledger {
            conn,
            identity,
            keyring,
            dir: data_dir.to_path_buf(),
        })
    }

    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    /// The registered resident with this ID, if any.
    pub fn resident(&self, id: &ResidentId) -> Result<Option<Resident>> {
        residents::lookup(&self.conn, &self.keyring.resident_key(id))
    }

    /// Prices, checks the quota and commits one sale; nothing is written if it is refused.
    pub fn sell(&mut self, req: &SaleRequest<'_>) -> Result<CommittedSale> {
        sell::sell(&mut self.conn, &self.identity, &self.keyring, req)
    }

    /// The committed sale `seq` as stored (for a reprint), if `seq` is a sale.
    pub fn sale(&self, seq: u64) -> Result<Option<CommittedSale>> {
        sell::stored(&self.conn, seq)
    }

    /// Appends a void reversing sale `seq`.
    pub fn void(
        &mut self,
        seq: u64,
        reason: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedVoid> {
        void::void(&mut self.conn, &self.identity, seq, reason, at)
    }

    /// Verifies the whole journal; `Ok(Err(..))` names the first bad record.
    pub fn verify(&self) -> Result<std::result::Result<ChainHead, ChainBreak>> {
        verify::verify(&self.conn)
    }

    /// Stores the daily closing (Z) of `date`, or returns the one already stored.
    pub fn close_day(
        &mut self,
        date: NaiveDate,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedClosing> {
        report::close_day(&mut self.conn, &self.identity, date, at)
    }

    /// The stored closing of `date`, if it was closed.
    pub fn closing(&self, date: NaiveDate) -> Result<Option<CommittedClosing>> {
        report::stored_closing(&self.conn, date)
    }

    /// The day so far (X report); nothing is stored.
    pub fn report_x(&self, date: NaiveDate) -> Result<DayTotals> {
        let tx = self.conn.unchecked_transaction()?;
        report::day_totals(&tx, date)
    }

    /// Writes a checked backup to `to` (see [`backup`]).
    pub fn backup(&self, to: &Path) -> Result<BackupReport> {
        backup::backup(&self.conn, to)
    }

    /// Reads and validates a registry CSV; imports nothing.
    pub fn read_residents_csv(
        &self,
        input: impl Read,
        today: NaiveDate,
        known_categories: &[String],
    ) -> ResidentsCsv {
        residents_csv::read(input, today, &self.keyring, known_categories)
    }

    /// Adds or replaces residents in one transaction.
    pub fn import_residents(
        &mut self,
        residents: &[Resident],
        now: DateTime<FixedOffset>,
        progress: &mut dyn FnMut(),
    ) -> Result<ImportCounts> {
        residents::import(&mut self.conn, residents, &now.to_rfc3339(), progress)
    }

    /// Up to `limit` journal records after `seq`, as stored, for the sync client.
    pub fn records_after(&self, seq: u64, limit: usize) -> Result<Vec<StoredRecord>> {
        outbox::records_after(&self.conn, seq, limit)
    }

    /// Marks the outbox acknowledged up to `seq` (the office's high-water mark),
    /// in its own transaction; returns how many rows were newly marked.
    pub fn acknowledge(&mut self, seq: u64, at: DateTime<FixedOffset>) -> Result<u64> {
        outbox::acknowledge(&mut self.conn, seq, &at.to_rfc3339())
    }

    /// Pending outbox rows and the time of the last complete sync (for the UI).
    pub fn outbox_status(&self) -> Result<OutboxStatus> {
        outbox::status(&self.conn)
    }
}
