//! The speaker thread with a fake synthesiser and a recording sink that
//! plays in real time: a new utterance cuts off the one being said, muting
//! stops it, and a sink without a device is reported once.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use canteen_voice::{Pcm, Sink, Speaker, Synth, VoiceError, VoiceLang};

/// One second of samples per character, each sample the text's first char code.
struct FakeSynth;

impl Synth for FakeSynth {
    fn synthesise(&self, text: &str, _: VoiceLang) -> Result<Pcm, VoiceError> {
        let mark = i16::try_from(u32::from(text.chars().next().unwrap_or('a'))).unwrap_or(1);
        Ok(Pcm {
            rate: 1000,
            samples: vec![mark; 1000 * text.chars().count()],
        })
    }
}

#[derive(Clone, Default)]
struct Recorder {
    chunks: Arc<Mutex<Vec<Vec<i16>>>>,
    stops: Arc<Mutex<u32>>,
}

impl Sink for Recorder {
    fn begin(&mut self, _: u32) -> Result<(), VoiceError> {
        Ok(())
    }
    fn write(&mut self, samples: &[i16]) -> Result<(), VoiceError> {
        // Plays in real time: 1000 Hz, so a sample is a millisecond.
        std::thread::sleep(Duration::from_millis(samples.len() as u64));
        self.chunks.lock().unwrap().push(samples.to_vec());
        Ok(())
    }
    fn finish(&mut self, _: &dyn Fn() -> bool) {}
    fn stop(&mut self) {
        *self.stops.lock().unwrap() += 1;
    }
}

fn wait_until(what: &str, f: impl Fn() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out: {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A speaker at `volume` whose sink is a recorder, and the recorder.
fn speaker(volume: u8) -> (Recorder, Speaker) {
    let rec = Recorder::default();
    let sink = rec.clone();
    let s = Speaker::spawn(|| FakeSynth, move || sink, |_| {});
    s.set_volume(volume);
    (rec, s)
}

/// Starts saying "aaaa" (four seconds) and waits for its first chunk.
fn start_saying_aaaa(rec: &Recorder, s: &Speaker, lang: VoiceLang) {
    s.say("aaaa", lang);
    wait_until("the first chunk", || !rec.chunks.lock().unwrap().is_empty());
}

#[test]
fn a_new_utterance_cuts_off_the_one_being_said() {
    let (rec, s) = speaker(100);
    start_saying_aaaa(&rec, &s, VoiceLang::Zh);
    s.say("b", VoiceLang::Zh);
    wait_until("b played", || s.stats().finished == 1);
    let chunks = rec.chunks.lock().unwrap().clone();
    // Milliseconds played of the utterance `of`.
    let played = |of: char| -> usize {
        let of = chunks.iter().filter(|c| c[0] == of as i16);
        of.map(Vec::len).sum()
    };
    let (a, b) = (played('a'), played('b'));
    assert!(
        a < 1000,
        "the old utterance went on for {a} ms after the new one"
    );
    assert_eq!(b, 1000, "the new utterance is played whole");
    let stats = s.stats();
    assert_eq!(stats.cancelled, 1);
    assert_eq!(
        *rec.stops.lock().unwrap(),
        1,
        "the sink was told to drop its queue"
    );
    assert_eq!(stats.first_sample.len(), 2);
}

#[test]
fn stop_and_mute_silence_the_current_utterance() {
    let (rec, s) = speaker(100);
    start_saying_aaaa(&rec, &s, VoiceLang::English);
    s.stop();
    wait_until("cut off", || s.stats().cancelled == 1);
    let played: usize = rec.chunks.lock().unwrap().iter().map(Vec::len).sum();
    assert!(played < 1000, "{played} ms played after stop");

    s.set_enabled(false);
    s.say("c", VoiceLang::Zh);
    s.set_enabled(true);
    s.set_volume(0);
    s.say("d", VoiceLang::Zh);
    std::thread::sleep(Duration::from_millis(200));
    let after = rec.chunks.lock().unwrap();
    assert!(
        after.iter().all(|c| c[0] == 'a' as i16),
        "nothing said while off or muted"
    );
}

#[test]
fn volume_scales_the_samples() {
    let (rec, s) = speaker(50);
    s.say("d", VoiceLang::Zh);
    wait_until("played", || s.stats().finished == 1);
    let chunks = rec.chunks.lock().unwrap();
    assert!(chunks.iter().flatten().all(|&x| x == 'd' as i16 / 2));
}

struct NoDevice;

impl Sink for NoDevice {
    fn begin(&mut self, _: u32) -> Result<(), VoiceError> {
        Err(VoiceError::NoDevice("no card".into()))
    }
    fn write(&mut self, _: &[i16]) -> Result<(), VoiceError> {
        unreachable!()
    }
    fn finish(&mut self, _: &dyn Fn() -> bool) {}
    fn stop(&mut self) {}
}

#[test]
fn no_audio_device_is_logged_once_and_speech_goes_on() {
    let log = Arc::new(Mutex::new(Vec::<String>::new()));
    let l = log.clone();
    let s = Speaker::spawn(
        || FakeSynth,
        || NoDevice,
        move |m| l.lock().unwrap().push(m.to_owned()),
    );
    for _ in 0..3 {
        s.say("a", VoiceLang::Zh);
        std::thread::sleep(Duration::from_millis(50));
    }
    wait_until("logged", || !log.lock().unwrap().is_empty());
    std::thread::sleep(Duration::from_millis(100));
    let log = log.lock().unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(log[0].contains("no audio device"), "{log:?}");
}
