//! Both binaries' logs: `tracing` to stderr (stdout carries the commands' JSON).
//! The level comes from `RUST_LOG` (e.g. `RUST_LOG=debug`, or per crate
//! `RUST_LOG=canteen_kiosk=debug`; on an appliance in `/etc/default/canteen` or
//! `/etc/default/canteen-office`), else from the configuration once it is
//! loaded ([`use_configured_level`]; the kiosk's `[log] level`), else `info`.
//! Run by systemd (`JOURNAL_STREAM` set), lines carry no timestamp or colour:
//! journald stamps and stores each line itself.

use std::io::IsTerminal;
use std::sync::OnceLock;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Registry, fmt, reload};

/// The filter's handle while no `RUST_LOG` was given: the configuration may
/// still set the level.
static CONFIGURABLE: OnceLock<reload::Handle<EnvFilter, Registry>> = OnceLock::new();

/// Installs the stderr log subscriber for a binary.
pub fn init() {
    let from_env = EnvFilter::try_from_default_env().ok();
    let configurable = from_env.is_none();
    let (filter, handle) = reload::Layer::new(from_env.unwrap_or_else(|| EnvFilter::new("info")));
    let journald = std::env::var_os("JOURNAL_STREAM").is_some();
    let lines = fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(!journald && std::io::stderr().is_terminal());
    let registry = tracing_subscriber::registry().with(filter);
    // A second init (never in practice) keeps the first subscriber.
    let installed = if journald {
        registry.with(lines.without_time()).try_init()
    } else {
        registry.with(lines).try_init()
    };
    if installed.is_ok() && configurable {
        let _ = CONFIGURABLE.set(handle);
    }
}

/// Applies the configuration's level (`error` … `trace`), unless `RUST_LOG`
/// chose one: the operator's one-off environment wins over the conffile.
pub fn use_configured_level(level: &str) {
    if let Some(handle) = CONFIGURABLE.get() {
        let _ = handle.reload(EnvFilter::new(level));
    }
}
