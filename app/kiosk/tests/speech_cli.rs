//! `canteen speech`: what the kiosk says on a screen state as a WAV file —
//! real speech (eSpeak NG), not silence, longer than 0.3 s — for one state
//! and for every diner-facing state in Chinese and English; bad input is
//! refused with exit 2 and says what to give instead.

use std::path::Path;
use std::process::{Command, Output};

fn canteen(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_canteen"))
        .arg("speech")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// Duration in seconds and RMS of a mono 16-bit WAV, read with `hound`.
fn measure(path: &Path) -> (f64, f64) {
    let mut r = hound::WavReader::open(path).unwrap();
    let spec = r.spec();
    assert_eq!((spec.channels, spec.bits_per_sample), (1, 16));
    let samples: Vec<i16> = r.samples::<i16>().map(Result::unwrap).collect();
    let rms = (samples.iter().map(|&s| f64::from(s).powi(2)).sum::<f64>()
        / samples.len().max(1) as f64)
        .sqrt();
    (samples.len() as f64 / f64::from(spec.sample_rate), rms)
}

#[test]
fn the_priced_state_is_spoken_with_its_amount() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, words) in [("zh", "本餐十元"), ("en", "10 yuan")] {
        let out = dir.path().join(format!("priced.{lang}.wav"));
        let j = json(&canteen(&["--state", "priced-age85", "--lang", lang], &out));
        assert_eq!(j["state"], "priced-age85");
        assert_eq!(j["lang"], lang);
        assert!(j["text"].as_str().unwrap().contains(words), "{j}");
        assert_eq!(j["out"], out.display().to_string());
        let (seconds, rms) = measure(&out);
        assert!(seconds > 0.3, "{seconds} s");
        assert!(rms > 300.0, "silent: rms {rms}");
        let ms = j["duration_ms"].as_u64().unwrap();
        assert!(
            (ms as f64 - seconds * 1000.0).abs() < 2.0,
            "{ms} ms vs {seconds} s"
        );
    }
}

#[test]
fn every_diner_facing_state_is_spoken_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let j = json(&canteen(&["--all"], dir.path()));
    let files = j["files"].as_array().unwrap();
    assert!(files.len() >= 50, "{} files", files.len());
    for lang in ["zh", "en"] {
        assert_eq!(
            files.iter().filter(|f| f["lang"] == lang).count(),
            files.len() / 2
        );
    }
    for f in files {
        let out = Path::new(f["out"].as_str().unwrap());
        let (seconds, rms) = measure(out);
        assert!(seconds > 0.3 && rms > 300.0, "{f}: {seconds} s, rms {rms}");
        let state = f["state"].as_str().unwrap();
        assert!(
            !state.starts_with("cashier-") && state != "committing",
            "{state}"
        );
    }
}

#[test]
fn unknown_and_silent_states_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.wav");
    for (args, code, words) in [
        (
            &["--state", "priced-age200"][..],
            "bad_state",
            "priced-age85",
        ),
        (
            &["--state", "cashier-sign-in"][..],
            "silent_state",
            "says nothing",
        ),
        (
            &["--state", "committing"][..],
            "silent_state",
            "says nothing",
        ),
        (
            &["--state", "done", "--lang", "fr"][..],
            "bad_lang",
            "zh or en",
        ),
    ] {
        let o = canteen(args, &out);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let j: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(j["error"], code, "{j}");
        assert!(j["message"].as_str().unwrap().contains(words), "{j}");
    }
    assert!(!out.exists());
}
