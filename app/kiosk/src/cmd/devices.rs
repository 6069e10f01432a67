//! `canteen devices …`: talk to the scanners and the receipt printer.
//!
//! - `listen --scanner PATH [--scanner PATH]… [--baud N]`: one JSON object per
//!   line on stdout for every scanner event (scan, rejected, connected,
//!   disconnected) until SIGINT/SIGTERM, then exit 0. Scans show only the
//!   masked text, never a full ID number.
//! - `print-test --printer PATH`: prints a sample receipt (Chinese canteen
//!   name, items, subsidy line, QR, cut) to a serial port or a file; a paper-out
//!   or offline printer is refused with exit 2.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use firmware_adapters::printer::{
    Align, Document, EncodeOptions, Printer, PrinterError, QrMode, TextStyle,
};
use firmware_adapters::scanner::{ScannerConfig, ScannerEvent, ScannerEventKind, spawn};
use serde_json::{Value, json};

use crate::exit::{Outcome, Refusal, print_json};

#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Print scanner events as JSON lines until SIGINT/SIGTERM.
    Listen(ListenArgs),
    /// Print a sample receipt to a serial printer or a file.
    PrintTest(PrintTestArgs),
}

#[derive(Debug, clap::Args)]
pub struct ListenArgs {
    /// A scanner's device path (repeat for several), e.g. /dev/serial/by-id/usb-….
    #[arg(long = "scanner", required = true)]
    pub scanners: Vec<String>,
    /// Baud rate of every scanner.
    #[arg(long, default_value_t = 9600)]
    pub baud: u32,
}

#[derive(Debug, clap::Args)]
pub struct PrintTestArgs {
    /// A serial port / pty (status checked with DLE EOT) or a file (appended to).
    #[arg(long)]
    pub printer: PathBuf,
    /// Baud rate of a serial printer.
    #[arg(long, default_value_t = 9600)]
    pub baud: u32,
    /// Send the QR code as a raster image (GS v 0) instead of GS ( k.
    #[arg(long)]
    pub raster: bool,
    /// Skip the DLE EOT status check (a pty with nothing answering).
    #[arg(long)]
    pub no_status: bool,
}

pub fn run(cmd: Command) -> anyhow::Result<Outcome> {
    match cmd {
        Command::Listen(args) => listen(args),
        Command::PrintTest(args) => print_test(args),
    }
}

/// Set by SIGINT or SIGTERM.
pub fn stop_flag() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        signal_hook::flag::register(sig, Arc::clone(&stop))?;
    }
    Ok(stop)
}

fn listen(args: ListenArgs) -> anyhow::Result<Outcome> {
    let stop = stop_flag()?;
    let (tx, rx) = mpsc::channel();
    let mut runners = Vec::new();
    for path in &args.scanners {
        let mut config = ScannerConfig::new(path.clone());
        config.baud = args.baud;
        runners.push(spawn(config, tx.clone())?);
    }
    drop(tx);
    let mut out = std::io::stdout().lock();
    while !stop.load(Ordering::Relaxed) {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(event) => {
                writeln!(out, "{}", event_json(&event))?;
                out.flush()?;
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    for runner in runners {
        runner.join();
    }
    Ok(Outcome::Done)
}

/// The JSON line for one event (the CLI contract).
pub fn event_json(event: &ScannerEvent) -> Value {
    let scanner = &event.scanner;
    match &event.kind {
        ScannerEventKind::Connected => json!({ "scanner": scanner, "event": "connected" }),
        ScannerEventKind::Disconnected { .. } => {
            json!({ "scanner": scanner, "event": "disconnected" })
        }
        ScannerEventKind::Scan(c) => json!({
            "scanner": scanner,
            "event": "scan",
            "kind": c.kind.code(),
            "masked": c.masked,
            "valid": c.valid,
        }),
        ScannerEventKind::Rejected(r) => {
            json!({ "scanner": scanner, "event": "rejected", "reason": r.code() })
        }
    }
}

/// The sample receipt: what a real one looks like, with made-up data.
pub fn sample_receipt() -> Document {
    Document::new()
        .styled("幸福里社区长者食堂", TextStyle::center().bold().size(2, 2))
        .styled("测试小票 TEST RECEIPT", TextStyle::center())
        .line("单号 K01-000001  2026-11-23 11:30")
        .line("就餐人: 王秀英 (80岁)")
        .line("--------------------------------")
        .line("红烧肉 x1                  12.00")
        .line("清炒时蔬 x1                 4.00")
        .line("米饭 x1                     1.00")
        .line("助餐补贴 (80岁以上)        -8.00")
        .line("--------------------------------")
        .styled(
            "实付 9.00 元",
            TextStyle::default().bold().size(1, 2).align(Align::Right),
        )
        .qr("CANTEEN-RCPT:1:K01:1:0123abcd")
        .styled(canteen_kiosk::receipt::THANKS, TextStyle::center())
        .feed(3)
        .cut()
}

fn print_test(args: PrintTestArgs) -> anyhow::Result<Outcome> {
    let opts = EncodeOptions {
        qr: if args.raster {
            QrMode::Raster
        } else {
            QrMode::Native
        },
        ..EncodeOptions::default()
    };
    let result = Printer::open(&args.printer, args.baud).and_then(|p| {
        let mut printer = if args.no_status {
            p.with_status_check(false)
        } else {
            p
        };
        printer.print(&sample_receipt(), &opts)
    });
    match result {
        Ok(()) => {
            print_json(&json!({ "printed": args.printer.to_string_lossy() }));
            Ok(Outcome::Done)
        }
        Err(e) => {
            let code = match e {
                PrinterError::PaperOut => "printer_paper_out",
                PrinterError::CoverOpen => "printer_cover_open",
                PrinterError::Offline | PrinterError::BadStatus(_) => "printer_offline",
                PrinterError::Encode(_) => "printer_encode",
                PrinterError::Io(_) => "printer_io",
            };
            Ok(Outcome::Refused(Refusal::new(code, e.to_string())))
        }
    }
}
