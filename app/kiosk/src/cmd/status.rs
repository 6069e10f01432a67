//! `canteen status [--data DIR] [--config DIR]`: what this kiosk is and how
//! its sync stands, as one JSON object
//! `{"device_id","canteen","version","records","pending","last_sync","office"}`:
//! the ledger's device id (the one the office knows it by), the canteen it was
//! enrolled at (else the configuration's canteen id), this program's version,
//! journal records and those not yet acknowledged by the office, the last sync
//! that left nothing pending (null if never), and the office it syncs with
//! (flags aside, as `canteen sync` would resolve it; null if none). Also
//! `key_file` (where the resident key file is kept), `key_cost` (its argon2id
//! `memory_kib` and `iterations`) and, when `[privacy]` in the configuration
//! asks for another cost, `key_cost_note` saying which one wins (the office's
//! from enrolment, or the one this kiosk's keys were made with).

use std::path::PathBuf;

use canteen_kiosk::enrolment::with_enrolment;
use canteen_kiosk::office_sync::SyncFile;
use serde_json::json;

use super::common;
use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration directory (canteen id, and `sync.toml`).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<Outcome> {
    let config = common::load_config(args.config.as_deref())?;
    let file = SyncFile::read(args.config.as_deref())
        .map_err(|e| Refusal::new("bad_config", e.to_string()))?;
    let ledger = args.data.open_in(args.config.as_deref())?;
    let link = ledger.office_link().map_err(ledger_error)?;
    let outbox = ledger.outbox_status().map_err(ledger_error)?;
    let canteen = link
        .as_ref()
        .map_or_else(|| config.canteen.id.clone(), |l| l.canteen.clone());
    let cost = ledger.key_cost();
    let configured = config.privacy.key_cost;
    let key_cost_note = (configured != cost).then(|| {
        let whose = if link.is_some() {
            "the office's cost from enrolment wins"
        } else {
            "the cost this kiosk's keys were made with wins (it changes only with a new data folder or an enrolment)"
        };
        format!(
            "[privacy] asks for {} KiB x {} but the resident keys use {} KiB x {}: {whose}",
            configured.memory_kib, configured.iterations, cost.memory_kib, cost.iterations
        )
    });
    let office = with_enrolment(file, link.as_ref()).office;
    print_json(&json!({
        "key_file": ledger.key_dir().join(canteen_ledger::keyring::KEY_FILE),
        "key_cost": cost,
        "key_cost_note": key_cost_note,
        "device_id": ledger.identity().device_id,
        "canteen": canteen,
        "version": env!("CARGO_PKG_VERSION"),
        "records": outbox.last_seq,
        "pending": outbox.pending,
        "last_sync": outbox.last_sync,
        "office": office,
    }));
    Ok(Outcome::Done)
}
