//! `canteen sim scanner [--ids FILE]`: a simulated scanner for development.
//!
//! Creates a pseudo-terminal, prints its path on stdout (one line), and sends
//! each line typed on stdin as a scanner frame (CR LF terminated) until stdin
//! ends (then lingers half a second so a reader can drain the pty). With `--ids FILE` it sends each non-empty line of the file instead,
//! `--interval-ms` apart, then keeps the device open until SIGINT/SIGTERM so a
//! listener can read everything. Exits 0 on a signal or end of input.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use firmware_adapters::sim::SimScanner;

use super::devices::stop_flag;
use crate::exit::{Outcome, Refusal};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// A scanner on a pseudo-terminal, fed from stdin or a file.
    Scanner(ScannerArgs),
}

#[derive(Debug, clap::Args)]
pub struct ScannerArgs {
    /// Send the lines of this file instead of reading stdin.
    #[arg(long)]
    pub ids: Option<PathBuf>,
    /// Pause between frames from --ids, in milliseconds.
    #[arg(long, default_value_t = 200)]
    pub interval_ms: u64,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    let Command::Scanner(args) = cmd;
    let stop = stop_flag()?;
    let mut sim = SimScanner::new()?;
    println!("{}", sim.path());
    std::io::stdout().flush()?;
    let tick = Duration::from_millis(100);
    match &args.ids {
        Some(file) => {
            let text = match std::fs::read_to_string(file) {
                Ok(t) => t,
                Err(e) => {
                    let msg = format!("cannot read {}: {e}", file.display());
                    return Ok(Outcome::Refused(Refusal::new("unreadable_file", msg)));
                }
            };
            for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
                if stop.load(Ordering::Relaxed) {
                    return Ok(Outcome::Done);
                }
                sim.send_frame(line)?;
                std::thread::sleep(Duration::from_millis(args.interval_ms));
            }
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
            }
        }
        None => {
            // Read stdin on its own thread so a signal is noticed while waiting.
            let (tx, rx) = mpsc::channel::<String>();
            std::thread::spawn(move || {
                for line in std::io::stdin().lock().lines() {
                    let Ok(line) = line else { break };
                    if tx.send(line).is_err() {
                        break;
                    }
                }
            });
            while !stop.load(Ordering::Relaxed) {
                match rx.recv_timeout(tick) {
                    Ok(line) => sim.send_frame(line.trim_end())?,
                    Err(RecvTimeoutError::Timeout) => {}
                    Err(RecvTimeoutError::Disconnected) => {
                        // Give a reader a moment to drain the pty before it closes.
                        std::thread::sleep(Duration::from_millis(500));
                        break;
                    }
                }
            }
        }
    }
    Ok(Outcome::Done)
}
