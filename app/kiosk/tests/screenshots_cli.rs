//! `canteen screenshots` renders every screen, the staff screens included, in
//! Chinese and English: each named state is a non-empty PNG and the command's
//! JSON lists exactly the files it wrote.

use std::path::Path;
use std::process::Command;

/// The cashier-mode and desk-mode states the gallery must contain (one PNG each).
const CASHIER_STATES: [&str; 30] = [
    "cashier-sign-in",
    "cashier-sign-in-wrong-pin",
    "cashier-sign-in-locked",
    "cashier-shift-open",
    "cashier-handover",
    "cashier-order-pending",
    "cashier-handover-pay",
    "cashier-order-empty",
    "cashier-order-typing-id",
    "cashier-order",
    "cashier-order-child",
    "cashier-pay-mobile",
    "cashier-pay-cash",
    "cashier-paid",
    "cashier-refund",
    "cashier-refund-lines",
    "cashier-refunded",
    "cashier-void",
    "cashier-voided",
    "cashier-no-sale",
    "cashier-top-up",
    "cashier-topped-up",
    "cashier-x-report",
    "cashier-shift-close",
    "cashier-shift-close-supervisor",
    "cashier-shift-closed",
    "cashier-z-report",
    "desk-welcome",
    "desk-counter",
    "desk-counter-cash",
];

/// Runs `canteen screenshots ARGS --out OUT`.
fn screenshots(args: &[&str], out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_canteen"))
        .arg("screenshots")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn json_of(run: &std::process::Output) -> serde_json::Value {
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).unwrap()
}

fn shoot(out: &Path, lang: &str) -> Vec<String> {
    let json = json_of(&screenshots(&["--lang", lang, "--size", "1280x800"], out));
    json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_cashier_screen_is_rendered_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["zh", "en"] {
        let out = dir.path().join(lang);
        let files = shoot(&out, lang);
        let png_count = std::fs::read_dir(&out)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|x| x == "png")
            })
            .count();
        assert_eq!(files.len(), png_count, "every listed file was written");
        for state in CASHIER_STATES {
            let path = out.join(format!("{state}.png"));
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("{lang}: no {state}.png: {e}"));
            assert!(bytes.starts_with(b"\x89PNG"), "{lang}: {state} is a PNG");
            assert!(
                files.iter().any(|f| f.ends_with(&format!("{state}.png"))),
                "{lang}: {state} listed"
            );
        }
    }
}

/// A PNG's width and height from its IHDR chunk.
fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"\x89PNG"), "{} is a PNG", path.display());
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (be(16), be(20))
}

#[test]
fn matrix_renders_both_languages_at_both_panel_sizes() {
    let dir = tempfile::tempdir().unwrap();
    let json = json_of(&screenshots(&["--matrix"], dir.path()));
    let sets = json["sets"].as_array().unwrap();
    assert_eq!(sets.len(), 4, "zh and en at 1024x600 and 1280x800");
    for (lang, w, h) in [
        ("zh", 1024, 600),
        ("zh", 1280, 800),
        ("en", 1024, 600),
        ("en", 1280, 800),
    ] {
        let sub = dir.path().join(format!("{lang}-{w}x{h}"));
        for state in ["welcome", "priced-age90", "done", "cashier-order"] {
            assert_eq!(
                png_size(&sub.join(format!("{state}.png"))),
                (w, h),
                "{lang} {state}"
            );
        }
    }
    // --matrix chooses languages and sizes itself.
    let both = screenshots(&["--matrix", "--size", "1024x600"], dir.path());
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stdout).contains("bad_matrix"));
}
