//! `canteen`: the appliance's single binary.
//!
//! This is the composition root. Each subcommand lives in its own module under
//! [`cmd`]; `main` only parses arguments, dispatches, and turns the outcome into an
//! exit status. Commands that speak the JSON CLI contract print exactly one JSON
//! object on stdout (or one per line for streams) and a human message on stderr.

mod cmd;
mod exit;

use clap::Parser;

fn main() -> std::process::ExitCode {
    exit::install_panic_hook();
    canteen_cli::logs::init();
    exit::catch_panic(|| match cmd::Cli::try_parse() {
        Ok(cli) => cmd::run(cli),
        Err(e) => exit::usage(&e),
    })
}
