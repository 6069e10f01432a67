//! Re-deriving a synced sale before it may count in a claim.
//!
//! The device's chain only proves that the device wrote what it sent, not that
//! what it wrote is right. So each sale is checked here, inside the batch's
//! transaction: its own arithmetic and bounds (`canteen_core::order::check_sale`),
//! its time (not in the future beyond the allowed clock skew, not before the
//! device was registered or enrolled, a local date that matches its time), and
//! its prices, re-derived with the kiosk's own pricing
//! function from the office's copy of the bundle the device held and the
//! office's own registry. A sale that fails is stored all the same (append-only)
//! but quarantined with its reason.

use crate::params;
use crate::store::db::Db;
use canteen_core::journal::RecordHeader;
use canteen_core::order::{Mismatch, check_sale};
use canteen_core::{Diner, Sale};
use chrono::{DateTime, Duration, Utc};

use super::batch_facts::BatchFacts;
use super::registry;
use super::rules::RulesCache;
use crate::error::Result;

/// What the office allows of a device's clock.
#[derive(Clone, Copy, Debug)]
pub struct Checks {
    /// The office's time of receipt.
    pub now: DateTime<Utc>,
    /// How far in the future a sale's time may be (the device's clock running fast).
    pub max_skew: Duration,
}

impl Checks {
    /// Receiving at `now` with the default skew of 15 minutes.
    pub fn at(now: DateTime<Utc>) -> Checks {
        Checks {
            now,
            max_skew: Duration::minutes(15),
        }
    }
}

/// Why a sale is quarantined, or `None` when it re-derives.
pub fn verdict(
    db: &mut dyn Db,
    header: &RecordHeader,
    sale: &Sale,
    checks: &Checks,
    rules: &mut RulesCache,
    facts: &BatchFacts,
) -> Result<Option<Mismatch>> {
    if let Err(m) = check_sale(sale) {
        return Ok(Some(m));
    }
    let Ok(at) = DateTime::parse_from_rfc3339(&header.at) else {
        return Ok(Some(mismatch(
            "time",
            format!("unreadable time `{}`", header.at),
        )));
    };
    if at.with_timezone(&Utc) > checks.now + checks.max_skew {
        return Ok(Some(mismatch(
            "future",
            format!(
                "sold at {at}, after the office's time of receipt {} (more than {} min ahead)",
                checks.now.to_rfc3339(),
                checks.max_skew.num_minutes()
            ),
        )));
    }
    if let Some(since) = facts.registered_at(db, &header.device_id)?
        && at.with_timezone(&Utc) < since
    {
        return Ok(Some(mismatch(
            "before_enrolment",
            format!(
                "sold at {at}, before the device was enrolled at the office ({})",
                since.to_rfc3339()
            ),
        )));
    }
    let local = at.naive_local();
    if local.date() != header.local_date {
        return Ok(Some(mismatch(
            "time",
            format!(
                "local date {} does not match the time {at}",
                header.local_date
            ),
        )));
    }
    let Some(config) = rules.get(db, &header.device_id, sale.rules_version)? else {
        return Ok(Some(mismatch(
            "rules_version",
            format!(
                "priced with bundle version {}, which this office did not issue",
                sale.rules_version
            ),
        )));
    };
    let (diner, registered) = match &sale.diner {
        None => (Diner::Anonymous, true),
        Some(d) => match facts.resident(db, &d.resident_key)? {
            Some(r) if r.suspended => {
                let shown = registry::masked_id(db, &d.resident_key)?
                    .unwrap_or_else(|| d.masked_id.clone());
                return Ok(Some(mismatch(
                    "suspended",
                    format!("{shown} is suspended in the office's registry"),
                )));
            }
            Some(r) => (r.diner(local.date(), config.canteen.age_convention), true),
            // Unknown to the office: no age, no category it can stand behind.
            None => (
                Diner::Resident {
                    age: None,
                    categories: Vec::new(),
                },
                false,
            ),
        },
    };
    let period = config.pricing.periods.at(local.time());
    let used = match (&sale.diner, period) {
        (Some(d), Some(p)) => {
            let n = facts.subsidised_before(
                &header.device_id,
                &d.resident_key,
                &header.local_date.to_string(),
                p.id.as_str(),
            );
            u32::try_from(n.max(0)).unwrap_or(u32::MAX)
        }
        _ => 0,
    };
    // A delivered meal's fee is re-derived too: core reads `sale.delivery`.
    let rederived = config.pricing.rederive(local, &diner, used, sale);
    Ok(rederived.err().map(|m| match (&sale.diner, registered) {
        (Some(d), false) => mismatch(
            "unknown_resident",
            format!(
                "{} is not in the office's registry, so no subsidy can be re-derived ({})",
                d.masked_id, m.reason
            ),
        ),
        _ => m,
    }))
}

fn mismatch(code: &'static str, reason: String) -> Mismatch {
    Mismatch { code, reason }
}

/// Why a line refund cannot stand, or `None`: it must name a sale this device
/// epoch sent before that counts in the reports, each of its lines once, one
/// meal each (a line is one meal), none refunded before.
pub fn refund_verdict(
    db: &mut dyn Db,
    header: &RecordHeader,
    refund: &canteen_core::journal::Refund,
) -> Result<Option<Mismatch>> {
    let mut seen = std::collections::BTreeSet::new();
    for l in &refund.lines {
        if l.qty != 1 || !seen.insert(l.line_no) {
            return Ok(Some(mismatch(
                "refund",
                format!(
                    "line {} of sale {} named twice or with quantity {} (a line is one meal, refunded once)",
                    l.line_no, refund.original_seq, l.qty
                ),
            )));
        }
        let r = db.query_one(
            "SELECT EXISTS (SELECT 1 FROM report_lines
                            WHERE device_id = ?1 AND db_epoch = ?2 AND seq = ?3 AND line_no = ?4 AND sign = 1),
                    EXISTS (SELECT 1 FROM refunded_lines
                            WHERE device_id = ?1 AND db_epoch = ?2 AND original_seq = ?3 AND line_no = ?4)",
            params![
                &header.device_id,
                &header.db_epoch,
                refund.original_seq,
                l.line_no,
            ],
        )?;
        let (standing, refunded): (bool, bool) = (r.get(0)?, r.get(1)?);
        if !standing || refunded {
            return Ok(Some(mismatch(
                "refund",
                format!(
                    "line {} of sale {} is not a line the office counts, or was refunded before",
                    l.line_no, refund.original_seq
                ),
            )));
        }
    }
    Ok(None)
}
