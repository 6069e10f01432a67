//! The kiosk's devices over the real ledger (`support::ledger_rig`): a
//! serial scanner on a pseudo-terminal feeding typed scans to the worker,
//! and a printer out of paper that leaves the sale committed and reprints
//! it marked 补打 COPY.

mod support;

use firmware_adapters::printer::{Printer, decode, render};
use support::ledger_rig::Rig;

#[test]
fn a_serial_scanner_on_a_pty_feeds_the_kiosk() {
    use canteen_kiosk::scan_input::{ScanInput, Scanners};
    use firmware_adapters::scanner::{ScannerConfig, spawn};
    use firmware_adapters::sim::SimScanner;
    use std::time::Duration;

    let rig = Rig::new();
    let mut sim = SimScanner::new().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let _runner = spawn(ScannerConfig::new(sim.path()), tx).unwrap();
    let mut scanners = Scanners::default();
    // A deadline so a broken runner fails the test instead of hanging it.
    let mut next = || {
        scanners.input(
            rx.recv_timeout(Duration::from_secs(20))
                .expect("scanner event"),
        )
    };
    while next() != ScanInput::Connected(true) {}
    sim.send_frame("not an id").unwrap();
    sim.send_frame(&rig.number("92")).unwrap();
    let mut scans = Vec::new();
    while scans.len() < 2 {
        if let ScanInput::Scan(scan) = next() {
            scans.push(scan);
        }
    }
    assert_eq!(
        scans[0],
        canteen_core::Scan::unreadable(),
        "an unreadable code is a scan the diner must repeat"
    );
    // Typed from the scanner to the worker: nothing turns them back to text.
    let scan = |scan: &canteen_core::Scan| {
        rig.kiosk.scanned(scan.clone());
        assert!(rig.kiosk.pump_one(), "worker answered the scan");
    };
    scan(&scans[0]);
    assert_eq!(rig.stage(), "error");
    assert!(rig.shows("无法识别这张证件"));
    scan(&scans[1]);
    assert_eq!(rig.stage(), "priced");
    rig.assert_shows(&["王*华", "您需支付 免费"]);
}

#[test]
fn a_failed_print_keeps_the_sale_and_the_reprint_says_copy() {
    use firmware_adapters::sim::{SimPrinterState, VirtualPrinter};

    let paper_out = SimPrinterState {
        paper_out: true,
        ..Default::default()
    };
    let vp = VirtualPrinter::start(paper_out).unwrap();
    let printer = Printer::open(std::path::Path::new(vp.path()), 9600).unwrap();
    let rig = Rig::with_printer(Some(printer));
    rig.scan(&rig.number("92"));
    rig.commit_with("确认，免费用餐");
    assert!(rig.shows("打印机缺纸"));
    assert!(
        rig.ledger()
            .ledger()
            .sale(rig.first_sale)
            .unwrap()
            .is_some(),
        "the sale stands"
    );

    vp.set_state(SimPrinterState::default());
    rig.tap("补打小票");
    assert!(rig.kiosk.pump_one());
    let text = render(
        &decode(&vp.received_through_cut(std::time::Duration::from_secs(5))),
        32,
    );
    assert!(text.contains("补打 COPY"), "{text}");
    assert!(text.contains(&format!("{:06}", rig.first_sale)), "{text}");
    assert!(text.contains("[CUT"), "{text}");
    assert!(
        !text.contains("[DRAWER"),
        "no drawer kick at the self-service kiosk"
    );
}
