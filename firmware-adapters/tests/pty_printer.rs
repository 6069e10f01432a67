//! The printer over a real pseudo-terminal (the virtual printer answers
//! `DLE EOT`), and the file sink.

mod common;

use std::path::Path;
use std::time::Duration;

use firmware_adapters::printer::decode::DecodedLine;
use firmware_adapters::printer::{
    Document, EncodeOptions, Printer, PrinterError, TextStyle, decode,
};
use firmware_adapters::sim::{SimPrinterState, VirtualPrinter};

fn receipt() -> Document {
    Document::new()
        .styled("长者食堂", TextStyle::center().bold())
        .line("红烧肉 x1  12.00")
        .qr("CANTEEN-RCPT:1:K01:3:00ff00ff")
        .cut()
}

/// A virtual printer in `state` and the printer opened on its pty at 9600 baud.
fn attached(state: SimPrinterState) -> (VirtualPrinter, Printer) {
    let vp = VirtualPrinter::start(state).unwrap();
    let printer = Printer::open(Path::new(vp.path()), 9600).unwrap();
    (vp, printer)
}

/// A virtual printer plugged in at `link` (a symlink to its pty, as udev makes).
fn plug_in(link: &Path) -> VirtualPrinter {
    let vp = VirtualPrinter::start(SimPrinterState::default()).unwrap();
    std::os::unix::fs::symlink(vp.path(), link).unwrap();
    vp
}

/// Prints [`receipt`] with the default options.
fn print_receipt(printer: &mut Printer) -> Result<(), PrinterError> {
    printer.print(&receipt(), &EncodeOptions::default())
}

/// Waits until the virtual printer has received a cut.
fn printed(vp: &VirtualPrinter) -> Vec<DecodedLine> {
    decode(&vp.received_through_cut(Duration::from_secs(5)))
}

#[test]
fn prints_over_a_pty_after_a_status_check() {
    let (vp, mut printer) = attached(SimPrinterState::default());
    let status = printer
        .status()
        .unwrap()
        .expect("serial printer reports status");
    assert!(!status.paper_out && !status.offline);
    print_receipt(&mut printer).unwrap();
    let lines = printed(&vp);
    let texts: Vec<_> = lines.iter().filter_map(DecodedLine::text).collect();
    assert_eq!(texts, ["长者食堂", "红烧肉 x1  12.00"]);
    assert!(lines.contains(&DecodedLine::Qr {
        data: b"CANTEEN-RCPT:1:K01:3:00ff00ff".to_vec()
    }));
    // The status queries went over the wire too.
    assert!(vp.received().windows(3).any(|w| w == [0x10, 0x04, 4]));
}

#[test]
fn paper_out_is_an_error_and_nothing_is_printed() {
    let (vp, mut printer) = attached(SimPrinterState {
        paper_out: true,
        ..Default::default()
    });
    let err = print_receipt(&mut printer).unwrap_err();
    assert_eq!(err, PrinterError::PaperOut);
    assert_eq!(err.to_string(), "打印机缺纸 / printer out of paper");
    std::thread::sleep(Duration::from_millis(100));
    assert!(!decode(&vp.received()).contains(&DecodedLine::Cut));

    // Paper loaded: the next job prints.
    vp.set_state(SimPrinterState::default());
    print_receipt(&mut printer).unwrap();
    assert!(printed(&vp).contains(&DecodedLine::Cut));
}

#[test]
fn cover_open_and_silent_printer_are_errors() {
    let (vp, mut printer) = attached(SimPrinterState {
        cover_open: true,
        ..Default::default()
    });
    assert_eq!(print_receipt(&mut printer), Err(PrinterError::CoverOpen));
    vp.set_state(SimPrinterState {
        mute: true,
        ..Default::default()
    });
    assert_eq!(print_receipt(&mut printer), Err(PrinterError::Offline));
}

#[test]
fn file_sink_appends_receipts() {
    let dir = common::temp_dir("file-sink");
    let path = dir.join("receipts.escpos");
    for _ in 0..2 {
        let mut printer = Printer::open(&path, 9600).unwrap();
        assert_eq!(printer.status(), Ok(None));
        print_receipt(&mut printer).unwrap();
    }
    let lines = decode(&std::fs::read(&path).unwrap());
    assert_eq!(lines.iter().filter(|l| **l == DecodedLine::Cut).count(), 2);
    let _ = std::fs::remove_dir_all(dir);
}

/// A USB printer unplugged and plugged back in: the path (a udev-style
/// symlink) points at a new device. The job while it is gone fails with an
/// I/O error; the next one opens the path again and prints.
#[test]
fn an_unplugged_printer_is_reopened_when_it_comes_back() {
    let dir = common::temp_dir("replug");
    let link = dir.join("printer");
    let first = plug_in(&link);
    let mut printer = Printer::open(&link, 9600).unwrap();
    print_receipt(&mut printer).unwrap();
    assert!(printed(&first).contains(&DecodedLine::Cut));

    // Unplugged: the device and its symlink are gone.
    drop(first);
    std::fs::remove_file(&link).unwrap();
    let err = print_receipt(&mut printer).unwrap_err();
    assert!(matches!(err, PrinterError::Io(_)), "{err:?}");
    // Still gone: reopening fails and nothing is created at the path.
    assert!(print_receipt(&mut printer).is_err());
    assert!(std::fs::symlink_metadata(&link).is_err());

    let second = plug_in(&link);
    print_receipt(&mut printer).unwrap();
    assert!(printed(&second).contains(&DecodedLine::Cut));
    let _ = std::fs::remove_dir_all(dir);
}

/// A printer not plugged in when the kiosk starts: jobs fail without creating
/// anything at its path, and once it is plugged in the next job prints.
#[test]
fn a_printer_that_was_not_there_at_start_prints_once_it_is() {
    let dir = common::temp_dir("attach");
    let link = dir.join("printer");
    let mut printer = Printer::attach(&link, 9600);
    let err = print_receipt(&mut printer).unwrap_err();
    assert!(matches!(err, PrinterError::Io(_)), "{err:?}");
    assert!(std::fs::symlink_metadata(&link).is_err(), "no file made");

    let vp = plug_in(&link);
    print_receipt(&mut printer).unwrap();
    assert!(printed(&vp).contains(&DecodedLine::Cut));
    let _ = std::fs::remove_dir_all(dir);
}
