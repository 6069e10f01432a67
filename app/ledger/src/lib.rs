//! `canteen-ledger`: the canteen's durable, append-only, tamper-evident sales
//! journal in SQLite — the only crate that knows SQL.
//!
//! Design: one `journal` table carries the chain (gap-free `seq`, kind, device,
//! epoch, time, local date, clock flag, format version, `prev_hash`, `hash`)
//! and, on a sale's row, its diner (resident key and masked ID; schema v6);
//! typed detail tables (`sale_entries`, `voids`, `refunds` and `refund_lines`
//! (schema v8), `closings`,
//! `closing_totals`, and for the counter `audit`, `shifts`, `card_top_ups`)
//! carry what reports read. A sale's lines and payments share one table,
//! `sale_entries` (schema v7): one B-tree — one page written per sale — for
//! both. Since schema v9 it is a rowid table keyed by `id = seq * 1024 +
//! kind_bit * 512 + n` (kind `line` 0 or `payment` 1, `n` 0–511), so each sale
//! appends at its end; `seq`, `kind` and `n` are virtual generated columns, a
//! sale's rows the id range `seq * 1024 ..= seq * 1024 + 1023`. Readers use the
//! views `sale_lines` and `payments` over it, with the names and columns the
//! tables had before v7, or that id range where they look up one sale. No canonical blob is stored: the
//! verifier rebuilds each record's canonical bytes from the typed rows
//! ([`canteen_core::journal::Record::canonical`]), so an edited report column,
//! a deleted or inserted row, a gap or a reordering all break the chain. Triggers
//! refuse UPDATE and DELETE on every journal table; corrections are new records.
//!
//! Every write is one IMMEDIATE transaction: a sale's journal row, lines,
//! payments and quota rows (`quota_uses`, one per line that used the quota;
//! the verifier checks them against the lines) commit together or not at all.
//! The journal row is also the record's outbox entry: it is pending for sync
//! until the office's acknowledged high-water mark (`outbox_mark`, schema v5)
//! passes it. Resident IDs are stored only as a keyed hash (see [`keyring`]) and
//! masked.
//!
//! The canteen's other terminals push their quota uses to this one (schema
//! v11, `peer_quota_uses`, a grow-only set outside the chain); the quota count
//! adds them, so one subsidised meal per period holds across the terminals.
//!
//! The counter (schema v3): staff with argon2 PIN hashes and a lockout, audit
//! records of every sign-in attempt and counter action, cash shifts with
//! expected cash and a supervisor for large differences, meal-card top-ups and
//! balances. All of them except the staff rows are journal records in the chain.
//!
//! ```no_run
//! # fn demo(rules: &canteen_core::PricingRules) -> canteen_ledger::Result<()> {
//! use canteen_ledger::{Ledger, SaleRequest};
//! let mut ledger = Ledger::open(std::path::Path::new("./data"))?;
//! let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap();
//! let sale = ledger.sell(&SaleRequest {
//!     rules, age_convention: Default::default(), at, items: vec!["lunch-set".into()],
//!     companion_items: vec![], expected_total: None, id: None, tier_override: None,
//!     payment: canteen_core::PaymentChoice::Cash { tendered: canteen_core::Money::from_yuan(20) },
//! })?;
//! assert!(ledger.verify()?.is_ok());
//! # let _ = sale; Ok(()) }
//! ```

mod append;
mod audit;
mod backup;
mod cards;
pub mod connection;
mod delivery;
mod delivery_roster;
mod dishes;
mod enrolment;
mod error;
mod identity;
pub mod keyring;
mod migrate;
mod open;
mod outbox;
mod peer_quota;
mod read;
mod read_cashier;
mod refund;
mod report;
mod residents;
mod residents_csv;
mod restore;
mod sell;
mod shift;
mod staff;
pub mod token_file;
mod training;
mod verify;
mod void;
mod write_tx;

use std::io::Read;
use std::path::{Path, PathBuf};

use canteen_core::cashier::{AuditAction, CashierRules, Role};
use canteen_core::closing::DayTotals;
use canteen_core::journal::{ChainBreak, ChainHead};
use canteen_core::{Money, QuotaUse, ResidentId};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Connection;

pub use backup::BackupReport;
pub use cards::CommittedTopUp;
pub use delivery::{DeliveryOrder, DeliveryResident};
pub use delivery_roster::{DeliveryOutcome, Roster, RosterLine};
pub use dishes::{DayDishes, DishSource};
pub use enrolment::OfficeLink;
pub use error::{Environment, LedgerError, Result};
pub use identity::Identity;
pub use keyring::KeyPlace;
pub use migrate::{MIGRATIONS, SCHEMA_VERSION};
pub use outbox::{OutboxStatus, StoredRecord};
pub use peer_quota::OwnQuotaUses;
pub use refund::{CommittedRefund, RefundState, Refundable, RefundedLine};
pub use report::CommittedClosing;
pub use residents::{CardStatus, ImportCounts, Resident, ResidentStatus, mask_name};
pub use residents_csv::{BadRow, ResidentsCsv};
pub use restore::{RestoreReport, check_backup, restore};
pub use sell::{CardShown, CommittedSale, CounterNote, SaleRequest};
pub use shift::ShiftReport;
pub use staff::{Authorisation, Staff};
pub use training::{TRAINING_DIR, TrainingReport, in_training};
pub use void::CommittedVoid;

/// The database file inside the data directory.
pub const DB_FILE: &str = "canteen.db";

/// The canteen's ledger: one open, checked, migrated database.
pub struct Ledger {
    conn: Connection,
    identity: Identity,
    keyring: keyring::Keyring,
    dir: PathBuf,
    /// The directory holding the resident key file.
    key_dir: PathBuf,
    /// Where the key file was moved from at this open, if it was.
    key_moved_from: Option<PathBuf>,
    /// Whether this open moved the office token out of the database.
    token_moved: bool,
}

impl Ledger {
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// The fingerprint of the resident key (never the key): two ledgers of one
    /// data folder agree on it.
    pub fn resident_key_fingerprint(&self) -> String {
        self.keyring.fingerprint()
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
        self.sell_at_counter(req, None, &[])
    }

    /// A sale taken by staff at the counter: as [`Ledger::sell`] (or, with
    /// `card_holder`, [`Ledger::sell_card_holder`]: priced by the birth date
    /// the card carries), with `notes` appended as audit records of the sale
    /// in the same transaction.
    pub fn sell_at_counter(
        &mut self,
        req: &SaleRequest<'_>,
        card_holder: Option<CardShown<'_>>,
        notes: &[CounterNote],
    ) -> Result<CommittedSale> {
        sell::sell(
            &mut self.conn,
            &self.identity,
            &self.keyring,
            req,
            card_holder,
            notes,
        )
    }

    /// The registered holder of meal card `card_no`, if any (a card the
    /// caller has verified: the office's signature on its QR code).
    pub fn resident_by_card(&self, card_no: &str) -> Result<Option<Resident>> {
        residents::by_card(&self.conn, card_no)
    }

    /// As [`Ledger::sell`] for the registered holder of meal card `card_no`
    /// when no ID number was scanned (`req.id` is `None`): priced by the
    /// birth date `born` the signed card carries (the registry keeps none;
    /// `None`: no age) and the holder's registered categories, quota counted
    /// under their resident key. An unregistered card is refused
    /// ([`LedgerError::UnknownCard`]) and nothing is written.
    pub fn sell_card_holder(
        &mut self,
        card_no: &str,
        born: Option<NaiveDate>,
        req: &SaleRequest<'_>,
    ) -> Result<CommittedSale> {
        self.sell_at_counter(req, Some(CardShown { card_no, born }), &[])
    }

    /// The committed sale `seq` as stored (for a reprint), if `seq` is a sale.
    pub fn sale(&self, seq: u64) -> Result<Option<CommittedSale>> {
        sell::stored(&self.conn, seq)
    }

    /// Subsidised meals `id` already had in meal period `period` of local `date`
    /// (sales not voided, plus the uses peers pushed) — what [`Ledger::sell`] counts, so a screen can show
    /// the price the sale will charge.
    pub fn quota_used(&self, id: &ResidentId, date: NaiveDate, period: &str) -> Result<u32> {
        sell::quota_used(&self.conn, &self.keyring.resident_key(id), date, period)
    }

    /// As [`Ledger::quota_used`] for a resident found by key (a card holder).
    pub fn quota_used_by_key(
        &self,
        resident_key: &str,
        date: NaiveDate,
        period: &str,
    ) -> Result<u32> {
        sell::quota_used(&self.conn, resident_key, date, period)
    }

    /// Stores quota uses pushed by the canteen's other terminals (grow-only:
    /// a use already held, or one of this device's own, is skipped), in one
    /// transaction; returns how many were new. See [`peer_quota`].
    pub fn record_peer_quota_uses(
        &mut self,
        uses: &[QuotaUse],
        at: DateTime<FixedOffset>,
    ) -> Result<u64> {
        peer_quota::record(&mut self.conn, &self.identity.device_id, uses, at)
    }

    /// This device's own quota uses of sales after journal record `after_seq`
    /// dated `from_date` or later, reading at most `max_records` journal
    /// records; `through_seq` is the next mark.
    pub fn own_quota_uses_after(
        &self,
        after_seq: u64,
        from_date: NaiveDate,
        max_records: usize,
    ) -> Result<OwnQuotaUses> {
        peer_quota::own_after(
            &self.conn,
            &self.identity.device_id,
            after_seq,
            from_date,
            max_records,
        )
    }

    /// Adds a staff member; the PIN (4–8 digits) is stored only as an argon2 hash.
    pub fn add_staff(
        &mut self,
        name: &str,
        role: Role,
        pin: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<Staff> {
        staff::add(&mut self.conn, &self.identity, name, role, pin, at)
    }

    /// Every staff member, oldest first (never the PIN hash).
    pub fn list_staff(&self) -> Result<Vec<Staff>> {
        staff::list(&self.conn)
    }

    /// The active staff member with this name or number.
    pub fn staff(&self, who: &str) -> Result<Option<Staff>> {
        Ok(staff::find(&self.conn, who)?.map(|(s, _)| s))
    }

    /// Checks a PIN; every outcome is an audit record. Five wrong PINs in a row
    /// lock the account for `rules.lock_minutes`.
    pub fn sign_in(
        &mut self,
        who: &str,
        pin: &str,
        at: DateTime<FixedOffset>,
        rules: &CashierRules,
    ) -> Result<Staff> {
        staff::sign_in(&mut self.conn, &self.identity, who, pin, at, rules)
    }

    /// Records that `staff_id` left cashier mode; returns the audit record's seq.
    pub fn sign_out(&mut self, staff_id: u64, at: DateTime<FixedOffset>) -> Result<u64> {
        staff::sign_out(&mut self.conn, &self.identity, staff_id, at)
    }

    /// The supervisor whose PIN this is (a refusal is audited). After
    /// [`MAX_FAILED_PINS`](canteen_core::cashier::MAX_FAILED_PINS) wrong PINs
    /// within `rules.lock_minutes`, supervisor approval is locked on this till
    /// for `rules.lock_minutes`.
    pub fn authorise_supervisor(
        &mut self,
        pin: &str,
        at: DateTime<FixedOffset>,
        rules: &CashierRules,
    ) -> Result<Authorisation> {
        staff::authorise_supervisor(&mut self.conn, &self.identity, pin, at, rules)
    }

    /// Appends an audit record of something done at the counter (manual ID entry,
    /// child tier, reprint, no-sale drawer …). `detail` must hold masked data only.
    pub fn audit(
        &mut self,
        staff_id: Option<u64>,
        action: AuditAction,
        detail: &str,
        related_seq: Option<u64>,
        at: DateTime<FixedOffset>,
    ) -> Result<u64> {
        let identity = &self.identity;
        append::immediate(&mut self.conn, |tx| {
            audit::record(tx, identity, at, staff_id, action, detail, related_seq)
        })
    }

    /// Records a "no sale" drawer opening: only with a supervisor's
    /// authorisation, audited with the cashier and the supervisor. Open the
    /// drawer only after this returns.
    pub fn no_sale(
        &mut self,
        staff_id: u64,
        supervisor: &Authorisation,
        reason: &str,
        at: DateTime<FixedOffset>,
    ) -> Result<u64> {
        let reason = error::required_reason(reason)?;
        let detail = format!("cashier {staff_id}: {reason}");
        let by = Some(supervisor.supervisor.id);
        self.audit(by, AuditAction::NoSaleDrawer, &detail, None, at)
    }

    /// Cash paid in onto a meal card by `staff_id`, followed by its
    /// `card_top_up` audit record (masked card number) in the same transaction.
    pub fn top_up_card(
        &mut self,
        card_no: &str,
        amount: Money,
        staff_id: u64,
        at: DateTime<FixedOffset>,
    ) -> Result<CommittedTopUp> {
        cards::top_up(
            &mut self.conn,
            &self.identity,
            card_no,
            amount,
            staff_id,
            at,
        )
    }

    /// A meal card's balance: top-ups minus card payments of sales not voided,
    /// plus line refunds of those sales.
    pub fn card_balance(&self, card_no: &str) -> Result<Money> {
        cards::balance(&self.conn, cards::check_card_no(card_no)?)
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

    /// Makes a bad row of every good row whose meal card is held by another
    /// resident in the registry (an import without `--move-cards`).
    pub fn refuse_card_moves(&self, csv: &mut ResidentsCsv) -> Result<()> {
        let mut failed = None;
        csv.refuse_where(|r| match residents::card_held_by_another(&self.conn, r) {
            Ok(reason) => reason,
            Err(e) => {
                failed.get_or_insert(e);
                None
            }
        });
        failed.map_or(Ok(()), Err)
    }

    /// Adds or replaces residents in one transaction. A card held by another
    /// resident moves to the row's resident, audited (`card_moved`) in the
    /// same transaction; see [`Ledger::refuse_card_moves`] to refuse instead.
    pub fn import_residents(
        &mut self,
        residents: &[Resident],
        now: DateTime<FixedOffset>,
        progress: &mut dyn FnMut(),
    ) -> Result<ImportCounts> {
        residents::import(&mut self.conn, &self.identity, residents, now, progress)
    }

    /// Adds or replaces residents the office keyed (a bundle's rows: keys and
    /// masked forms, no ID number) in one transaction — only when they were
    /// keyed with this kiosk's secret (`key_fingerprint`), else
    /// [`LedgerError::ForeignResidentKeys`] and nothing changes.
    pub fn import_keyed_residents(
        &mut self,
        residents: &[Resident],
        key_fingerprint: &str,
        now: DateTime<FixedOffset>,
    ) -> Result<ImportCounts> {
        if key_fingerprint != self.keyring.fingerprint() {
            return Err(LedgerError::ForeignResidentKeys);
        }
        residents::import(&mut self.conn, &self.identity, residents, now, &mut || {})
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

    /// Records pending for sync and the time of the last complete sync (for the UI).
    pub fn outbox_status(&self) -> Result<OutboxStatus> {
        outbox::status(&self.conn)
    }

    /// The office this kiosk is enrolled with, if it is.
    pub fn office_link(&self) -> Result<Option<OfficeLink>> {
        enrolment::load(&self.conn, &self.key_dir)
    }

    /// Enrols the kiosk: stores `link` and switches resident keys to the
    /// office's community `secret`, dropping the residents keyed with the old
    /// one, in one transaction (see [`enrolment`]); how many were dropped.
    pub fn enrol(
        &mut self,
        link: &OfficeLink,
        secret: &canteen_core::CommunitySecret,
    ) -> Result<u64> {
        let dropped = enrolment::enrol(&mut self.conn, &self.key_dir, link, secret)?;
        self.keyring = keyring::Keyring::of(secret.clone());
        Ok(dropped)
    }
}
