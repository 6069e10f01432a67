//! The journal's records, their canonical bytes and the hash chain over them.
//!
//! Every record (a sale, a void, a refund of some of a sale's lines, a daily
//! closing, an audit record, a shift opening or closing, a meal-card top-up) has a [`RecordHeader`] — device, database epoch, gap-free sequence,
//! wall-clock time, local date, clock flag — and a [`RecordBody`]. Its canonical
//! bytes are a deterministic, length-prefixed encoding of every field, in a fixed
//! order per [`FORMAT_VERSION`]: no maps, no floating point, no text formatting
//! choices. The chain is
//! `hash = SHA-256(prev_hash ‖ format_version (u32 BE) ‖ canonical)`, starting
//! from [`GENESIS`].
//!
//! [`verify_chain`] walks stored links in sequence order and names the first bad
//! sequence number: a gap, a row out of order, a `prev_hash` that does not link,
//! an unknown format, a record that cannot be rebuilt, or contents that no longer
//! hash to the stored value. The ledger rebuilds each record from the typed rows
//! its reports read, so editing any reported column breaks the chain; the office
//! uses the same function on uploaded batches.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::cashier::{Audit, CardTopUp, Shift};
use crate::closing::{Closing, TotalRow};
use crate::money::Money;
use crate::sale::{DinerRef, Payment, Sale, SaleLine};

/// The canonical encoding this code writes. Stored per record.
pub const FORMAT_VERSION: u32 = 1;

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The `prev_hash` of the first record.
pub const GENESIS: Hash = [0; 32];

/// Serialises a hash as lower-case hex (for JSON output).
pub fn serialize_hash<S: serde::Serializer>(h: &Hash, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode(h))
}

/// Reads a hash written by [`serialize_hash`]: exactly 64 hex digits.
pub fn deserialize_hash<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Hash, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    let mut h = [0; 32];
    hex::decode_to_slice(text.as_bytes(), &mut h)
        .map_err(|_| serde::de::Error::custom("a hash is 64 hex digits"))?;
    Ok(h)
}

/// The hash's JSON format as one serde `with` module: lower-case hex written
/// by [`serialize_hash`], read back by [`deserialize_hash`]. Every hash field
/// in a serialised record names it (`#[serde(with = "...::hex_hash")]`).
pub mod hex_hash {
    pub use super::{deserialize_hash as deserialize, serialize_hash as serialize};
}

/// What a journal record is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    Sale,
    Void,
    Closing,
    Audit,
    Shift,
    CardTopUp,
    Refund,
}

impl RecordKind {
    pub const ALL: [RecordKind; 7] = [
        RecordKind::Sale,
        RecordKind::Void,
        RecordKind::Closing,
        RecordKind::Audit,
        RecordKind::Shift,
        RecordKind::CardTopUp,
        RecordKind::Refund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Sale => "sale",
            RecordKind::Void => "void",
            RecordKind::Closing => "closing",
            RecordKind::Audit => "audit",
            RecordKind::Shift => "shift",
            RecordKind::CardTopUp => "card_top_up",
            RecordKind::Refund => "refund",
        }
    }

    pub fn parse(s: &str) -> Option<RecordKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// What every record carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordHeader {
    pub device_id: String,
    /// Random, created with the database (hex): tells a restored or re-created
    /// database apart from the original even when sequence numbers repeat.
    pub db_epoch: String,
    pub seq: u64,
    /// Wall-clock time with offset, RFC 3339. Never used for ordering.
    pub at: String,
    pub local_date: NaiveDate,
    /// The wall clock was earlier than the previous record's.
    pub clock_suspect: bool,
}

/// A void: reverses the whole original sale, which stays untouched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Void {
    pub original_seq: u64,
    #[serde(with = "hex_hash")]
    pub original_hash: Hash,
    pub reason: String,
}

/// A refund of some lines of a sale, which stays untouched: the diner gets back
/// what each line charged them, by the sale's own payment method, and the
/// line's subsidy is no longer claimable. A sale line is one meal (quantity 1),
/// so a line is refunded at most once; `qty` is kept so the record says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refund {
    pub original_seq: u64,
    #[serde(with = "hex_hash")]
    pub original_hash: Hash,
    pub reason: String,
    /// The supervisor who authorised it.
    pub supervisor_id: u64,
    pub lines: Vec<RefundLine>,
}

/// One refunded line of a [`Refund`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLine {
    /// The line's number in the original sale (0-based).
    pub line_no: u64,
    pub qty: u64,
    /// Paid back to the diner: the line's charged price × qty.
    #[serde(rename = "amount_fen")]
    pub amount: Money,
    /// The line's subsidy × qty, no longer claimable.
    #[serde(rename = "subsidy_fen")]
    pub subsidy: Money,
}

impl Refund {
    pub fn amount(&self) -> Money {
        Money::from_fen(self.lines.iter().map(|l| l.amount.fen()).sum())
    }
    pub fn subsidy(&self) -> Money {
        Money::from_fen(self.lines.iter().map(|l| l.subsidy.fen()).sum())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RecordBody {
    Sale(Sale),
    Void(Void),
    Closing(Closing),
    Audit(Audit),
    Shift(Shift),
    CardTopUp(CardTopUp),
    Refund(Refund),
}

impl RecordBody {
    pub fn kind(&self) -> RecordKind {
        match self {
            RecordBody::Sale(_) => RecordKind::Sale,
            RecordBody::Void(_) => RecordKind::Void,
            RecordBody::Closing(_) => RecordKind::Closing,
            RecordBody::Audit(_) => RecordKind::Audit,
            RecordBody::Shift(_) => RecordKind::Shift,
            RecordBody::CardTopUp(_) => RecordKind::CardTopUp,
            RecordBody::Refund(_) => RecordKind::Refund,
        }
    }
}

/// One journal record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    #[serde(flatten)]
    pub header: RecordHeader,
    #[serde(flatten)]
    pub body: RecordBody,
}

impl Record {
    /// The canonical bytes (format [`FORMAT_VERSION`]) that the chain hashes.
    pub fn canonical(&self) -> Vec<u8> {
        let mut c = Canon::default();
        c.bytes(b"canteen-journal");
        let h = &self.header;
        c.str(self.body.kind().as_str());
        c.str(&h.device_id);
        c.str(&h.db_epoch);
        c.u64(h.seq);
        c.str(&h.at);
        c.date(h.local_date);
        c.bool(h.clock_suspect);
        match &self.body {
            RecordBody::Sale(s) => c.sale(s),
            RecordBody::Void(v) => {
                c.u64(v.original_seq);
                c.bytes(&v.original_hash);
                c.str(&v.reason);
            }
            RecordBody::Closing(z) => c.closing(z),
            RecordBody::Audit(a) => {
                c.opt(a.staff_id, Canon::u64);
                c.str(a.action.as_str());
                c.str(&a.detail);
                c.opt(a.related_seq, Canon::u64);
            }
            RecordBody::Shift(s) => c.shift(s),
            RecordBody::CardTopUp(t) => {
                c.str(&t.card_no);
                c.money(t.amount);
                c.u64(t.staff_id);
            }
            // A kind added within format 1 (as audit, shift and top-up were):
            // its kind string keeps its bytes apart from every older record.
            RecordBody::Refund(r) => {
                c.u64(r.original_seq);
                c.bytes(&r.original_hash);
                c.str(&r.reason);
                c.u64(r.supervisor_id);
                c.list(&r.lines, |c, l: &RefundLine| {
                    c.u64(l.line_no);
                    c.u64(l.qty);
                    c.money(l.amount);
                    c.money(l.subsidy);
                });
            }
        }
        c.0
    }

    /// This record's hash after `prev`.
    pub fn hash_after(&self, prev: &Hash) -> Hash {
        chain_hash(prev, FORMAT_VERSION, &self.canonical())
    }
}

/// `SHA-256(prev ‖ format_version (u32 BE) ‖ canonical)`.
pub fn chain_hash(prev: &Hash, format_version: u32, canonical: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(format_version.to_be_bytes());
    h.update(canonical);
    h.finalize().into()
}

/// The deterministic encoder: fixed-width big-endian integers, length-prefixed
/// byte strings, a presence byte before optional values, a count before lists.
#[derive(Default)]
struct Canon(Vec<u8>);

impl Canon {
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn i64(&mut self, v: i64) {
        self.0.extend_from_slice(&v.to_be_bytes());
    }
    fn money(&mut self, m: Money) {
        self.i64(m.fen());
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn bytes(&mut self, b: &[u8]) {
        self.u64(b.len() as u64);
        self.0.extend_from_slice(b);
    }
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    fn date(&mut self, d: NaiveDate) {
        self.str(&d.format("%Y-%m-%d").to_string());
    }
    fn opt<T>(&mut self, v: Option<T>, f: impl FnOnce(&mut Self, T)) {
        match v {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                f(self, v);
            }
        }
    }
    fn list<T>(&mut self, items: &[T], mut f: impl FnMut(&mut Self, &T)) {
        self.u64(items.len() as u64);
        for item in items {
            f(self, item);
        }
    }

    fn sale(&mut self, s: &Sale) {
        self.opt(s.diner.as_ref(), |c, d: &DinerRef| {
            c.str(&d.resident_key);
            c.str(&d.masked_id);
        });
        self.list(&s.lines, Self::line);
        self.list(&s.payments, Self::payment);
        // The rules version came after format 1 was pinned: encoded only when
        // the sale was priced with an office bundle, so every older sale (and
        // every sale on the shipped defaults) keeps its bytes.
        if s.rules_version != 0 {
            self.str("rules");
            self.u64(s.rules_version);
        }
        // Delivery came later still: encoded only on a delivered sale.
        if let Some(d) = &s.delivery {
            self.str("delivery");
            self.str(&d.route);
        }
    }

    fn line(&mut self, l: &SaleLine) {
        self.str(&l.item);
        self.opt(l.period.as_deref(), Self::str);
        self.opt(l.tier.as_deref(), Self::str);
        self.list(&l.categories, |c, s| c.str(s));
        self.money(l.market);
        self.money(l.charged);
        self.money(l.subsidy);
        self.bool(l.uses_quota);
        self.str(&l.reason_zh);
        self.str(&l.reason_en);
    }

    fn payment(&mut self, p: &Payment) {
        self.str(p.method().as_str());
        self.money(p.amount());
        match p {
            Payment::Cash {
                tendered, change, ..
            } => {
                self.money(*tendered);
                self.money(*change);
            }
            Payment::Card { card_no, .. } => self.str(card_no),
            Payment::Mobile { reference, .. } => self.str(reference),
            Payment::Free => {}
        }
    }

    fn shift(&mut self, s: &Shift) {
        self.str(s.event());
        self.u64(s.staff_id());
        match s {
            Shift::Open { float, .. } => self.money(*float),
            Shift::Close {
                open_seq,
                expected,
                counted,
                supervisor_id,
                ..
            } => {
                self.u64(*open_seq);
                self.money(*expected);
                self.money(*counted);
                self.opt(*supervisor_id, Self::u64);
            }
        }
    }

    fn closing(&mut self, z: &Closing) {
        let d = &z.day;
        self.date(d.date);
        self.opt(d.first_seq, Self::u64);
        self.opt(d.last_seq, Self::u64);
        self.u64(d.sale_count);
        self.u64(d.void_count);
        self.money(d.gross);
        self.money(d.voided);
        self.money(d.net);
        self.money(d.subsidy);
        self.list(&d.totals, |c, r: &TotalRow| {
            c.str(r.dimension.as_str());
            c.str(&r.key);
            c.i64(r.count);
            c.money(r.amount);
            c.money(r.subsidy);
        });
        self.money(z.grand_total);
        self.u64(z.head_seq);
        self.bytes(&z.chain_head);
        // Refund totals came after format 1 was pinned: encoded only when the
        // day had refunds, so every closing without one keeps its bytes.
        if d.refund_count != 0 || d.refunded != Money::ZERO {
            self.str("refunds");
            self.u64(d.refund_count);
            self.money(d.refunded);
        }
    }
}

/// One stored record as the verifier sees it: the chain fields as stored, and
/// the canonical bytes rebuilt from the stored contents (or why they could not be).
#[derive(Clone, Debug)]
pub struct ChainLink {
    pub seq: u64,
    pub format_version: u32,
    pub prev_hash: Hash,
    pub hash: Hash,
    pub canonical: Result<Vec<u8>, String>,
}

/// Where a verification starts: the genesis, or a record already verified
/// (e.g. the office's high-water mark).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainAnchor {
    /// The last verified sequence number (0 before the first record).
    pub seq: u64,
    pub hash: Hash,
}

impl ChainAnchor {
    pub const GENESIS: ChainAnchor = ChainAnchor {
        seq: 0,
        hash: GENESIS,
    };
}

/// A chain that verified: how many records, and the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainHead {
    pub records: u64,
    pub head: ChainAnchor,
}

/// The first record at which the chain breaks, and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the journal breaks at record {first_bad_seq}: {reason}")]
pub struct ChainBreak {
    pub first_bad_seq: u64,
    pub reason: String,
}

/// Verifies links in the order given (the store's sequence order) from `start`.
pub fn verify_chain(
    start: ChainAnchor,
    links: impl IntoIterator<Item = ChainLink>,
) -> Result<ChainHead, ChainBreak> {
    let mut head = start;
    let mut records = 0;
    for link in links {
        let expected = head.seq + 1;
        let bad = |reason: String| ChainBreak {
            first_bad_seq: link.seq.min(expected),
            reason,
        };
        if link.seq != expected {
            let why = if link.seq > expected {
                "missing"
            } else {
                "out of order or duplicated"
            };
            return Err(bad(format!(
                "expected record {expected}, found {} ({why})",
                link.seq
            )));
        }
        if link.format_version != FORMAT_VERSION {
            return Err(bad(format!(
                "unknown format version {}",
                link.format_version
            )));
        }
        if link.prev_hash != head.hash {
            return Err(bad(
                "its prev_hash does not match the previous record's hash".into(),
            ));
        }
        let canonical = link
            .canonical
            .map_err(|why| bad(format!("cannot be rebuilt: {why}")))?;
        if chain_hash(&head.hash, link.format_version, &canonical) != link.hash {
            return Err(bad("its contents do not match its hash (edited)".into()));
        }
        head = ChainAnchor {
            seq: link.seq,
            hash: link.hash,
        };
        records += 1;
    }
    Ok(ChainHead { records, head })
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
