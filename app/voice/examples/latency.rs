//! Time from a screen change to the first audio sample: `Speaker::say` with
//! a priced screen's text, eSpeak NG synthesising, until the first chunk
//! reaches the sink (a sink that discards, so no device is needed), over 60
//! changes; p50 and p99. Baseline from the same run: synthesising the fixed
//! one-word phrase "好" directly. Run with
//! `cargo run --release -p canteen-voice --example latency`.

use std::time::{Duration, Instant};

use canteen_voice::{Espeak, Sink, Speaker, Synth, VoiceError, VoiceLang};

struct Discard;

impl Sink for Discard {
    fn begin(&mut self, _: u32) -> Result<(), VoiceError> {
        Ok(())
    }
    fn write(&mut self, _: &[i16]) -> Result<(), VoiceError> {
        Ok(())
    }
    fn finish(&mut self, _: &dyn Fn() -> bool) {}
    fn stop(&mut self) {}
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn report(name: &str, mut d: Vec<Duration>) {
    d.sort();
    println!(
        "{name:<44} n={:<3} p50 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms",
        d.len(),
        percentile(&d, 0.5).as_secs_f64() * 1e3,
        percentile(&d, 0.99).as_secs_f64() * 1e3,
        d.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
    );
}

fn main() {
    const N: usize = 60;
    let phrases = [
        ("八十五岁。本餐十元。", VoiceLang::Zh),
        ("九十二岁。本餐免费。", VoiceLang::Zh),
        ("六十五岁。低保。本餐十一元五角二分。", VoiceLang::Zh),
        ("请选择付款方式。需付十二元。", VoiceLang::Zh),
        ("支付成功，十元。请取餐，祝您用餐愉快！", VoiceLang::Zh),
        ("Age 85. Your meal costs 10 yuan.", VoiceLang::English),
    ];

    let espeak = Espeak::default();
    let baseline: Vec<Duration> = (0..N)
        .map(|_| {
            let t = Instant::now();
            espeak
                .synthesise("好", VoiceLang::Zh)
                .expect("espeak-ng runs");
            t.elapsed()
        })
        .collect();

    let speaker = Speaker::spawn(Espeak::default, || Discard, |m| eprintln!("voice: {m}"));
    for i in 0..N {
        let (text, lang) = phrases[i % phrases.len()];
        speaker.say(text, lang);
        let start = Instant::now();
        while speaker.stats().first_sample.len() <= i {
            assert!(start.elapsed() < Duration::from_secs(10), "no audio");
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    let stats = speaker.stats();
    println!("screen change → first audio sample ({} changes)", N);
    report("baseline: synthesise \"好\" (whole clip)", baseline);
    report(
        "screen change → first sample at the sink",
        stats.first_sample,
    );
}
