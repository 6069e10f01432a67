//! Staff and their PINs: adding and listing staff, signing in with the lockout
//! after [`MAX_FAILED_PINS`] wrong PINs in a row, signing out, and supervisor
//! authorisation.
//!
//! Staff rows are configuration (current state, updated in place); the PIN is
//! kept only as an argon2 PHC string with the crate's default parameters. Every
//! attempt — signed in, wrong PIN, refused while locked, locked — is an audit
//! record in the journal, written in the same transaction as the row update.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use canteen_core::cashier::{AuditAction, CashierRules, MAX_FAILED_PINS, Role, check_pin};
use chrono::{DateTime, FixedOffset, TimeDelta};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::Serialize;

use crate::append::immediate;
use crate::audit;
use crate::error::{LedgerError, Result};
use crate::identity::Identity;

/// A staff member as shown and listed (never the PIN hash).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staff {
    pub id: u64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub failed_in_row: u32,
    /// RFC 3339, while a lock set by wrong PINs lasts (or lasted).
    pub locked_until: Option<String>,
}

/// Proof that a supervisor entered their PIN just now; only the ledger makes one.
#[derive(Clone, Debug)]
pub struct Authorisation {
    pub(crate) supervisor: Staff,
}

impl Authorisation {
    pub fn supervisor(&self) -> &Staff {
        &self.supervisor
    }
}

const COLUMNS: &str = "id, name, role, active, failed_in_row, locked_until, pin_hash";

fn row(r: &Row<'_>) -> rusqlite::Result<(Staff, String)> {
    let role: String = r.get(2)?;
    Ok((
        Staff {
            id: r.get(0)?,
            name: r.get(1)?,
            role: Role::parse(&role).unwrap_or(Role::Cashier),
            active: r.get(3)?,
            failed_in_row: r.get(4)?,
            locked_until: r.get(5)?,
        },
        r.get(6)?,
    ))
}

fn hash_pin(pin: &str) -> Result<String> {
    Argon2::default()
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| LedgerError::PinHash(e.to_string()))
}

fn pin_matches(pin: &str, phc: &str) -> bool {
    Argon2::default()
        .verify_password(pin.as_bytes(), phc)
        .is_ok()
}

pub(crate) fn add(
    conn: &mut Connection,
    identity: &Identity,
    name: &str,
    role: Role,
    pin: &str,
    at: DateTime<FixedOffset>,
) -> Result<Staff> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 || name.chars().any(char::is_control) {
        return Err(LedgerError::BadStaffName);
    }
    check_pin(pin)?;
    let pin_hash = hash_pin(pin)?;
    immediate(conn, |tx| {
        if tx
            .prepare("SELECT 1 FROM staff WHERE name = ?1")?
            .exists([name])?
        {
            return Err(LedgerError::StaffExists(name.to_owned()));
        }
        tx.execute(
            "INSERT INTO staff (name, role, pin_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            (name, role.as_str(), &pin_hash, at.to_rfc3339()),
        )?;
        let id = u64::try_from(tx.last_insert_rowid()).unwrap_or_default();
        audit::record(
            tx,
            identity,
            at,
            Some(id),
            AuditAction::StaffAdded,
            format!("{name} ({})", role.as_str()),
            None,
        )?;
        let staff = find(tx, &id.to_string())?
            .map(|(s, _)| s)
            .ok_or_else(|| LedgerError::UnknownStaff(name.to_owned()))?;
        Ok(staff)
    })
}

pub(crate) fn list(conn: &Connection) -> Result<Vec<Staff>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM staff ORDER BY id"))?;
    let rows = stmt.query_map([], row)?.map(|r| r.map(|(s, _)| s));
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The active staff member called `who`, or numbered `who`.
pub(crate) fn find(conn: &Connection, who: &str) -> Result<Option<(Staff, String)>> {
    let who = who.trim();
    let by_id = who.parse::<u64>().ok();
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM staff WHERE active = 1 AND (name = ?1 OR id = ?2) ORDER BY name = ?1 DESC LIMIT 1"
        ))?
        .query_row((who, by_id), row)
        .optional()?)
}

/// Whole minutes, rounded up, from `at` until a lock held until `until`
/// (RFC 3339) opens: what the counter tells the person waiting.
fn minutes_until(until: &str, at: DateTime<FixedOffset>) -> u32 {
    DateTime::parse_from_rfc3339(until)
        .map(|u| (u - at).num_seconds())
        .map_or(0, |secs| u32::try_from((secs + 59) / 60).unwrap_or(0))
}

/// Whether the lock recorded in `staff` still holds at `at`.
fn locked_at(staff: &Staff, at: DateTime<FixedOffset>) -> Option<String> {
    let until = staff.locked_until.as_deref()?;
    let until_t = DateTime::parse_from_rfc3339(until).ok()?;
    (at < until_t).then(|| until.to_owned())
}

/// Outcome of one PIN check, committed before it is returned.
pub(crate) fn sign_in(
    conn: &mut Connection,
    identity: &Identity,
    who: &str,
    pin: &str,
    at: DateTime<FixedOffset>,
    rules: &CashierRules,
) -> Result<Staff> {
    // Every outcome is audited and committed, a refusal too.
    immediate(conn, |tx| {
        let note = |staff: Option<u64>, action, detail: String| {
            audit::record(tx, identity, at, staff, action, detail, None)
        };
        let Some((mut staff, phc)) = find(tx, who)? else {
            let shown: String = who
                .trim()
                .chars()
                .filter(|c| !c.is_control())
                .take(40)
                .collect();
            note(
                None,
                AuditAction::SignInFailed,
                format!("unknown staff `{shown}`"),
            )?;
            return Ok(Err(LedgerError::UnknownStaff(shown)));
        };
        if let Some(until) = locked_at(&staff, at) {
            let detail = format!("refused: locked until {until}");
            note(Some(staff.id), AuditAction::SignInFailed, detail)?;
            let minutes = minutes_until(&until, at);
            return Ok(Err(LedgerError::StaffLocked { until, minutes }));
        }
        if pin_matches(pin, &phc) {
            tx.execute(
                "UPDATE staff SET failed_in_row = 0, locked_until = NULL WHERE id = ?1",
                [staff.id],
            )?;
            note(
                Some(staff.id),
                AuditAction::SignIn,
                staff.role.as_str().into(),
            )?;
            staff.failed_in_row = 0;
            staff.locked_until = None;
            return Ok(Ok(staff));
        }
        // A lock that has run out starts a fresh count.
        let before = if staff.locked_until.is_some() {
            0
        } else {
            staff.failed_in_row
        };
        let failed = before + 1;
        let detail = format!("wrong PIN ({failed} in a row)");
        note(Some(staff.id), AuditAction::SignInFailed, detail)?;
        Ok(Err(if failed >= MAX_FAILED_PINS {
            let until = (at + TimeDelta::minutes(i64::from(rules.lock_minutes))).to_rfc3339();
            tx.execute(
                "UPDATE staff SET failed_in_row = 0, locked_until = ?2 WHERE id = ?1",
                (staff.id, &until),
            )?;
            note(
                Some(staff.id),
                AuditAction::Locked,
                format!("locked until {until}"),
            )?;
            LedgerError::StaffLocked {
                until,
                minutes: rules.lock_minutes,
            }
        } else {
            tx.execute(
                "UPDATE staff SET failed_in_row = ?2, locked_until = NULL WHERE id = ?1",
                (staff.id, failed),
            )?;
            LedgerError::WrongPin {
                left: MAX_FAILED_PINS - failed,
            }
        }))
    })?
}

pub(crate) fn sign_out(
    conn: &mut Connection,
    identity: &Identity,
    staff_id: u64,
    at: DateTime<FixedOffset>,
) -> Result<u64> {
    immediate(conn, |tx| {
        let (staff, _) = find(tx, &staff_id.to_string())?
            .ok_or_else(|| LedgerError::UnknownStaff(staff_id.to_string()))?;
        let by = Some(staff.id);
        audit::record(tx, identity, at, by, AuditAction::SignOut, "", None)
    })
}

/// What a wrong supervisor PIN is audited as; the supervisor lock counts these.
const NO_SUPERVISOR_HAS_PIN: &str = "no supervisor has this PIN";

/// Until when supervisor approval is locked on this till, if it is at `at`:
/// [`MAX_FAILED_PINS`] wrong supervisor PINs within `rules.lock_minutes` lock it
/// until `lock_minutes` after the last of them. A supervisor PIN names no
/// account, so the lock is the till's (read from its own audit records):
/// without it a cashier could try every PIN in turn.
fn supervisor_locked_until(
    conn: &Connection,
    at: DateTime<FixedOffset>,
    rules: &CashierRules,
) -> Result<Option<String>> {
    let times: Vec<String> = conn
        .prepare_cached(
            "SELECT j.at FROM audit a JOIN journal j USING (seq)
             WHERE a.action = ?1 AND a.detail = ?2 ORDER BY a.seq DESC LIMIT ?3",
        )?
        .query_map(
            (
                AuditAction::SupervisorRefused.as_str(),
                NO_SUPERVISOR_HAS_PIN,
                MAX_FAILED_PINS,
            ),
            |r| r.get(0),
        )?
        .collect::<rusqlite::Result<_>>()?;
    let parsed: Vec<DateTime<FixedOffset>> = times
        .iter()
        .filter_map(|t| DateTime::parse_from_rfc3339(t).ok())
        .collect();
    let window = TimeDelta::minutes(i64::from(rules.lock_minutes));
    let (Some(&last), Some(&first)) = (parsed.first(), parsed.get(MAX_FAILED_PINS as usize - 1))
    else {
        return Ok(None);
    };
    let until = last + window;
    Ok((last - first <= window && at < until).then(|| until.to_rfc3339()))
}

/// The supervisor whose PIN this is. A refusal is audited, and a cashier's PIN
/// is not enough. Wrong PINs lock supervisor approval on this till for a while
/// (see [`supervisor_locked_until`]); the cashier beside them stays signed in.
pub(crate) fn authorise_supervisor(
    conn: &mut Connection,
    identity: &Identity,
    pin: &str,
    at: DateTime<FixedOffset>,
    rules: &CashierRules,
) -> Result<Authorisation> {
    // A refusal is audited and committed, then returned.
    immediate(conn, |tx| {
        let refuse = |detail: String, err: LedgerError| {
            let action = AuditAction::SupervisorRefused;
            audit::record(tx, identity, at, None, action, detail, None)?;
            Ok(Err(err))
        };
        if let Some(until) = supervisor_locked_until(tx, at, rules)? {
            let detail = format!("refused: supervisor approval locked until {until}");
            let minutes = minutes_until(&until, at);
            return refuse(detail, LedgerError::SupervisorLocked { until, minutes });
        }
        let candidates: Vec<(Staff, String)> = tx
            .prepare(&format!(
                "SELECT {COLUMNS} FROM staff WHERE active = 1 AND role = 'supervisor' ORDER BY id"
            ))?
            .query_map([], row)?
            .collect::<rusqlite::Result<_>>()?;
        let found = candidates
            .into_iter()
            .find(|(s, phc)| locked_at(s, at).is_none() && pin_matches(pin, phc));
        match found {
            Some((supervisor, _)) => Ok(Ok(Authorisation { supervisor })),
            None => refuse(NO_SUPERVISOR_HAS_PIN.into(), LedgerError::NotSupervisor),
        }
    })?
}
