//! `canteen training on|off|status [--data DIR] [--config DIR]`: a supervisor
//! (PIN piped on stdin, or typed without echo) puts the kiosk into training
//! and takes it out again (see `canteen_ledger`'s training module). While it
//! is on, `canteen sell` and the kiosk sell into the practice copy, receipts
//! say 培训 — 非正式交易 / TRAINING — NOT A SALE, and nothing is synced. Both
//! switches are audited in the real journal; nothing else touches it.

use canteen_core::cashier::AuditAction;
use serde_json::json;

use super::place::{Loaded, Place};
use super::store::ledger_error;
use crate::exit::{Outcome, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Start training (a supervisor's PIN on stdin or typed).
    On(Place),
    /// End training: practice sales are discarded (a supervisor's PIN).
    Off(Place),
    /// Whether training is on (JSON).
    Status(Place),
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let (place, action) = match cmd {
        Command::Status(place) => {
            let ledger = place.open()?;
            let copy = ledger.training().map_err(ledger_error)?;
            print_json(&json!({ "training": copy.is_some() }));
            return Ok(Outcome::Done);
        }
        Command::On(place) => (place, AuditAction::TrainingStarted),
        Command::Off(place) => (place, AuditAction::TrainingEnded),
    };
    let Loaded {
        config,
        at,
        mut ledger,
    } = place.load()?;
    // Refuse before asking for a PIN when the switch would do nothing.
    let on = ledger.training().map_err(ledger_error)?.is_some();
    if on == (action == AuditAction::TrainingStarted) {
        return Err(ledger_error(if on {
            canteen_ledger::LedgerError::TrainingAlreadyOn
        } else {
            canteen_ledger::LedgerError::TrainingNotOn
        }));
    }
    let supervisor = super::pin::supervisor(
        &mut ledger,
        "training is switched by a supervisor: pipe or type a supervisor's PIN",
        &config,
    )?;
    let s = supervisor.supervisor();
    let report = if action == AuditAction::TrainingStarted {
        // Audited first, so the practice copy starts from the real journal's
        // head including the switch.
        ledger
            .audit(Some(s.id), action, &format!("by {}", s.name), None, at)
            .map_err(ledger_error)?;
        ledger.start_training().map_err(ledger_error)?
    } else {
        let report = ledger.end_training().map_err(ledger_error)?;
        let detail = format!(
            "by {}; {} practice records discarded",
            s.name, report.practice_records
        );
        ledger
            .audit(Some(s.id), action, &detail, None, at)
            .map_err(ledger_error)?;
        report
    };
    print_json(&json!({
        "training": action == AuditAction::TrainingStarted,
        "by": s.name,
        "real_records": report.real_records,
        "practice_records": report.practice_records,
    }));
    Ok(Outcome::Done)
}
