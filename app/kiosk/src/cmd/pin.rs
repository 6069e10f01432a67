//! Reading a PIN for a command: without echo from the terminal, or one line
//! from stdin when stdin is not a terminal (scripts and tests pipe it, e.g.
//! `printf '1234\n' | canteen staff add …`), by `canteen_cli::secret`, as the
//! office reads a password. The PIN is never printed.

use canteen_ledger::{Authorisation, Ledger};
use chrono::{DateTime, FixedOffset};

use super::store::ledger_error;
use crate::exit::Refusal;

/// One PIN: prompted without echo on a terminal, else the next line of stdin.
pub fn read(prompt: &str) -> anyhow::Result<String> {
    read_optional(prompt)?.ok_or_else(|| {
        Refusal::new(
            "missing_pin",
            "no PIN was given: type it at the prompt, or pipe it on stdin",
        )
        .into()
    })
}

/// As [`read`], but no PIN (an empty line, or stdin at its end) is `None`.
pub fn read_optional(prompt: &str) -> anyhow::Result<Option<String>> {
    Ok(canteen_cli::secret::read_optional(prompt)?)
}

/// A supervisor's authorisation for a void or a refund: their PIN read as
/// [`read`] (none is `missing_pin`), checked with the ledger's lockout on the
/// machine's clock, never on `--at`.
pub fn supervisor_for(
    ledger: &mut Ledger,
    config: &canteen_config::Config,
) -> anyhow::Result<Authorisation> {
    let pin = read("Supervisor PIN: ")?;
    let now = super::common::instant(None, config)?;
    Ok(ledger
        .authorise_supervisor(&pin, now, &config.cashier)
        .map_err(ledger_error)?)
}

/// A supervisor's authorisation: their PIN read as [`read_optional`], checked
/// with the ledger's lockout at `now`, the machine's clock; without a PIN,
/// `supervisor_required` with `missing` as its message.
pub fn supervisor(
    ledger: &mut Ledger,
    missing: &str,
    now: DateTime<FixedOffset>,
    rules: &canteen_core::cashier::CashierRules,
) -> anyhow::Result<Authorisation> {
    let Some(pin) = read_optional("Supervisor PIN: ")? else {
        return Err(Refusal::new("supervisor_required", missing).into());
    };
    Ok(ledger
        .authorise_supervisor(&pin, now, rules)
        .map_err(ledger_error)?)
}
