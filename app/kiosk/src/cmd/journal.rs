//! `canteen journal verify [--data DIR]`: rebuilds every journal record from the
//! stored rows and checks the hash chain. Sound: exit 0 with
//! `{"ok":true,"records":N,"head":"hex"}`; broken: exit 1 with
//! `{"ok":false,"first_bad_seq":N,"reason":…}`.

use clap::Subcommand;
use serde_json::json;

use super::store::{DataArgs, ledger_error};
use crate::exit::{Outcome, print_json};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify the hash chain over the whole journal.
    Verify(VerifyArgs),
}

#[derive(Debug, clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub data: DataArgs,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let Command::Verify(args) = cmd;
    let ledger = args.data.open()?;
    match ledger.verify().map_err(ledger_error)? {
        Ok(head) => {
            print_json(
                &json!({ "ok": true, "records": head.records, "head": hex::encode(head.head.hash) }),
            );
            Ok(Outcome::Done)
        }
        Err(broken) => {
            print_json(
                &json!({ "ok": false, "first_bad_seq": broken.first_bad_seq, "reason": broken.reason }),
            );
            eprintln!("error: {broken}");
            Ok(Outcome::Status(1))
        }
    }
}
