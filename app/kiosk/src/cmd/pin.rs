//! Reading a PIN for a command: without echo from the terminal, or one line
//! from stdin when stdin is not a terminal (scripts and tests pipe it, e.g.
//! `printf '1234\n' | canteen staff add …`), by `canteen_cli::secret`, as the
//! office reads a password. The PIN is never printed. A supervisor's PIN
//! becomes an authorisation here, checked on the machine's clock.

use canteen_config::Config;
use canteen_ledger::{Authorisation, Ledger, LedgerError};
use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::place::Place;
use super::store::ledger_error;
use crate::exit::{Outcome, Refusal};

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

/// A supervisor's authorisation for a void, a refund or a shift closed
/// with a difference: their PIN read as [`read`] (none is `missing_pin`),
/// checked as [`authorise`].
pub fn supervisor_for(ledger: &mut Ledger, config: &Config) -> anyhow::Result<Authorisation> {
    let pin = read("Supervisor PIN: ")?;
    authorise(ledger, &pin, config)
}

/// A record only a supervisor may write (a void, a refund): loads `place`,
/// reads the supervisor's PIN as [`supervisor_for`], has `write` make the
/// record with that authorisation at `--at`, and prints it as JSON.
pub fn authorised_record<T: Serialize>(
    place: &Place,
    write: impl FnOnce(&mut Ledger, &Authorisation, DateTime<FixedOffset>) -> Result<T, LedgerError>,
) -> anyhow::Result<Outcome> {
    place.write(|l| {
        let supervisor = supervisor_for(&mut l.ledger, &l.config)?;
        write(&mut l.ledger, &supervisor, l.at).map_err(ledger_error)
    })
}

/// A supervisor's authorisation: their PIN read as [`read_optional`], checked
/// as [`authorise`]; without a PIN, `supervisor_required` with `missing` as
/// its message.
pub fn supervisor(
    ledger: &mut Ledger,
    missing: &str,
    config: &Config,
) -> anyhow::Result<Authorisation> {
    let Some(pin) = read_optional("Supervisor PIN: ")? else {
        return Err(Refusal::new("supervisor_required", missing).into());
    };
    authorise(ledger, &pin, config)
}

/// `pin` checked by the ledger with its lockout counted on the machine's
/// clock, never on `--at`.
fn authorise(ledger: &mut Ledger, pin: &str, config: &Config) -> anyhow::Result<Authorisation> {
    let now = super::common::instant(None, config)?;
    ledger
        .authorise_supervisor(pin, now, &config.cashier)
        .map_err(ledger_error)
}
