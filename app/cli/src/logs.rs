//! Both binaries' logs: `tracing` to stderr (stdout carries the commands' JSON).
//! The level comes from `RUST_LOG` (e.g. `RUST_LOG=debug`, or per crate
//! `RUST_LOG=canteen_kiosk=debug`; on an appliance in `/etc/default/canteen` or
//! `/etc/default/canteen-office`),
//! else `info`. Run by systemd (`JOURNAL_STREAM` set), lines carry no
//! timestamp or colour: journald stamps and stores each line itself.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

/// Installs the stderr log subscriber for a binary.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // A second init (never in practice) keeps the first subscriber.
    let _ = if std::env::var_os("JOURNAL_STREAM").is_some() {
        builder.without_time().with_ansi(false).try_init()
    } else {
        builder
            .with_ansi(std::io::stderr().is_terminal())
            .try_init()
    };
}
