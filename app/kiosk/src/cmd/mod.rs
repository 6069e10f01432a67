//! The subcommands of `canteen`, one module each.
//!
//! To add a command: a module here with an `Args` struct (clap `Args`) and a
//! `run(args) -> anyhow::Result<Outcome>`, one variant in [`Command`] and one arm
//! in [`run`].

mod appliance;
mod backup;
mod card;
mod common;
mod config_check;
mod delivery;
mod devices;
mod enroll;
mod id;
mod journal;
mod kiosk;
mod menu;
mod pin;
mod place;
mod price;
mod receipt;
mod refund;
mod report;
mod residents;
mod screenshots;
mod sell;
mod shift;
mod sim;
mod speech;
mod staff;
mod status;
mod store;
mod sync;
mod training;
mod void;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::exit::finish;

/// The canteen kiosk and point-of-sale appliance.
#[derive(Debug, Parser)]
#[command(name = "canteen", version, about, long_about = None)]
pub struct Cli {
    /// What to do; without one, `kiosk` (the appliance).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The kiosk: the diner's self-service touchscreen (the default command).
    Kiosk(kiosk::Args),
    /// Validate a resident ID number and print what it says (JSON).
    Id(id::Args),
    /// Price one item for a diner (JSON).
    Price(price::Args),
    /// Sell: commit one sale and print it (JSON).
    Sell(sell::Args),
    /// Void a sale with a compensating journal record (JSON).
    Void(void::Args),
    /// Refund lines of a sale with a compensating journal record (JSON).
    Refund(refund::Args),
    /// Sales journal commands.
    #[command(subcommand)]
    Journal(journal::Command),
    /// Daily closing (Z) and running (X) reports.
    #[command(subcommand)]
    Report(report::Command),
    /// Staff of the counter: add (PIN without echo or from stdin), list.
    #[command(subcommand)]
    Staff(staff::Command),
    /// Cash shifts: open with a float, close with a count, status.
    #[command(subcommand)]
    Shift(shift::Command),
    /// Meal cards: top up with cash at the counter, balance.
    #[command(subcommand)]
    Card(card::Command),
    /// Residents registry commands.
    #[command(subcommand)]
    Residents(residents::Command),
    /// Write a checked online backup of the sales database.
    Backup(backup::Args),
    /// Push the journal to the community office (exit 0 when all is acknowledged).
    Sync(sync::Args),
    /// Bind this kiosk to the community office with a one-time enrolment code.
    Enroll(enroll::Args),
    /// This kiosk's device id, canteen, version and sync state (JSON).
    Status(status::Args),
    /// Configuration commands.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Render every kiosk screen and error state to PNG files.
    Screenshots(screenshots::Args),
    /// Write what the kiosk says on a screen state to a WAV file (eSpeak NG).
    Speech(speech::Args),
    /// Scanners and the receipt printer.
    #[command(subcommand)]
    Devices(devices::Command),
    /// Receipt files (ESC/POS byte streams).
    #[command(subcommand)]
    Receipt(receipt::Command),
    /// Simulated devices for development.
    #[command(subcommand)]
    Sim(sim::Command),
    /// Training mode: practise on a copy of the ledger (supervisor PIN).
    #[command(subcommand)]
    Training(training::Command),
    /// Meals delivered to the housebound: the period's roster, confirmations.
    #[command(subcommand)]
    Delivery(delivery::Command),
    /// The day's dishes shown on the welcome screen.
    #[command(subcommand)]
    Menu(menu::Command),
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Load and validate a configuration directory (or the embedded defaults).
    Check(config_check::Args),
}

pub fn run(cli: Cli) -> ExitCode {
    // A bare `canteen` (what `cargo run` starts) is the try-it-out demo; an
    // appliance runs `canteen kiosk --config …`, which never adds demo residents.
    let demo = || {
        Command::Kiosk(kiosk::Args {
            demo: true,
            ..kiosk::Args::default()
        })
    };
    finish(match cli.command.unwrap_or_else(demo) {
        Command::Kiosk(args) => kiosk::run(args),
        Command::Id(args) => id::run(args),
        Command::Price(args) => price::run(args),
        Command::Sell(args) => sell::run(args),
        Command::Training(cmd) => training::run(cmd),
        Command::Delivery(cmd) => delivery::run(cmd),
        Command::Menu(cmd) => menu::run(cmd),
        Command::Void(args) => void::run(args),
        Command::Refund(args) => refund::run(args),
        Command::Journal(cmd) => journal::run(cmd),
        Command::Report(cmd) => report::run(cmd),
        Command::Staff(cmd) => staff::run(cmd),
        Command::Shift(cmd) => shift::run(cmd),
        Command::Card(cmd) => card::run(cmd),
        Command::Residents(cmd) => residents::run(cmd),
        Command::Backup(args) => backup::run(args),
        Command::Sync(args) => sync::run(args),
        Command::Enroll(args) => enroll::run(args),
        Command::Status(args) => status::run(args),
        Command::Config(ConfigCommand::Check(args)) => config_check::run(args),
        Command::Screenshots(args) => screenshots::run(args),
        Command::Speech(args) => speech::run(args),
        Command::Devices(cmd) => devices::run(cmd),
        Command::Receipt(cmd) => receipt::run(cmd),
        Command::Sim(cmd) => sim::run(cmd),
    })
}
