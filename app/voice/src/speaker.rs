//! Speech on a background thread. [`Speaker::say`] returns at once: it hands
//! the text to the speaker's thread, which synthesises it and feeds the
//! samples to a [`Sink`] in 20 ms chunks. Every call to `say` or `stop`
//! starts a new generation; the thread drops queued text of an older
//! generation and stops an utterance mid-word when its generation is no
//! longer the current one, so a new screen cuts off the old screen's speech.
//! A sink that cannot open an audio device is logged once ("no audio
//! device") and speech is skipped; nothing reaches the caller.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::{Pcm, Synth, VoiceError, VoiceLang};

/// Where samples go: an audio device, or a recorder in tests.
pub trait Sink {
    /// Gets ready for an utterance at `rate` Hz (opens the device the first time).
    fn begin(&mut self, rate: u32) -> Result<(), VoiceError>;
    /// Queues a chunk, blocking while the device's queue is full.
    fn write(&mut self, samples: &[i16]) -> Result<(), VoiceError>;
    /// Waits until what is queued has played, or `cancelled()` turns true.
    fn finish(&mut self, cancelled: &dyn Fn() -> bool);
    /// Drops what is queued at once.
    fn stop(&mut self);
}

/// What the speaker thread has done (for tests, benchmarks and logs).
#[derive(Clone, Debug, Default)]
pub struct SpeakerStats {
    /// Per utterance that reached the sink: from `say` to its first chunk.
    pub first_sample: Vec<Duration>,
    /// Utterances played to the end.
    pub finished: u64,
    /// Utterances dropped or cut off by a newer one.
    pub cancelled: u64,
    /// Synthesis or playback failures (each message once).
    pub errors: Vec<String>,
}

struct Job {
    generation: u64,
    text: String,
    lang: VoiceLang,
    asked: Instant,
}

struct Shared {
    generation: AtomicU64,
    volume: AtomicU8,
    enabled: AtomicBool,
    stats: Mutex<SpeakerStats>,
}

/// A handle on the speaker thread (cheap to clone; any thread).
#[derive(Clone)]
pub struct Speaker {
    tx: Sender<Job>,
    shared: Arc<Shared>,
}

/// Samples per chunk handed to the sink: 20 ms, so a cut-off is quick.
fn chunk_len(rate: u32) -> usize {
    usize::try_from(rate / 50).unwrap_or(441).max(1)
}

impl Speaker {
    /// Starts the speaker thread. The synthesiser and the sink are made on
    /// that thread (an audio stream need not be `Send`); `log` receives each
    /// distinct failure once, e.g. "no audio device".
    pub fn spawn<S, K>(
        make_synth: impl FnOnce() -> S + Send + 'static,
        make_sink: impl FnOnce() -> K + Send + 'static,
        log: impl Fn(&str) + Send + 'static,
    ) -> Speaker
    where
        S: Synth + 'static,
        K: Sink + 'static,
    {
        let (tx, rx) = mpsc::channel();
        let shared = Arc::new(Shared {
            generation: AtomicU64::new(0),
            volume: AtomicU8::new(80),
            enabled: AtomicBool::new(true),
            stats: Mutex::new(SpeakerStats::default()),
        });
        let thread_shared = shared.clone();
        std::thread::Builder::new()
            .name("speaker".into())
            .spawn(move || {
                let synth = make_synth();
                let mut sink = make_sink();
                run(&rx, &thread_shared, &synth, &mut sink, &log);
            })
            .expect("spawn the speaker thread");
        Speaker { tx, shared }
    }

    /// Says `text` after stopping whatever is being said. Never blocks.
    /// Muted or disabled, it only stops the current utterance.
    pub fn say(&self, text: &str, lang: VoiceLang) {
        let generation = self.shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
        if text.trim().is_empty()
            || !self.shared.enabled.load(Ordering::SeqCst)
            || self.shared.volume.load(Ordering::SeqCst) == 0
        {
            return;
        }
        let _ = self.tx.send(Job {
            generation,
            text: text.to_owned(),
            lang,
            asked: Instant::now(),
        });
    }

    /// Stops the current utterance (the screen changed to one that says nothing).
    pub fn stop(&self) {
        self.shared.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Volume in percent, 0 (mute) to 100; takes effect from the next chunk.
    pub fn set_volume(&self, volume: u8) {
        self.shared.volume.store(volume.min(100), Ordering::SeqCst);
    }

    pub fn volume(&self) -> u8 {
        self.shared.volume.load(Ordering::SeqCst)
    }

    /// Turns speech on or off (off stops the current utterance).
    pub fn set_enabled(&self, on: bool) {
        self.shared.enabled.store(on, Ordering::SeqCst);
        if !on {
            self.stop();
        }
    }

    pub fn enabled(&self) -> bool {
        self.shared.enabled.load(Ordering::SeqCst)
    }

    /// A copy of what the thread has done so far.
    pub fn stats(&self) -> SpeakerStats {
        self.shared
            .stats
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }
}

fn run(
    rx: &Receiver<Job>,
    shared: &Shared,
    synth: &dyn Synth,
    sink: &mut dyn Sink,
    log: &dyn Fn(&str),
) {
    let current = |g: u64| shared.generation.load(Ordering::SeqCst) == g;
    let note = |f: &dyn Fn(&mut SpeakerStats)| {
        if let Ok(mut s) = shared.stats.lock() {
            f(&mut s);
        }
    };
    let fail = |e: VoiceError| {
        let message = match &e {
            VoiceError::NoDevice(_) => format!("no audio device ({e}): speech is skipped"),
            other => other.to_string(),
        };
        note(&|s| s.errors.push(message.clone()));
        log(&message);
    };
    let mut logged: Vec<String> = Vec::new();
    while let Ok(mut job) = rx.recv() {
        // Only the newest request matters.
        while let Ok(newer) = rx.try_recv() {
            job = newer;
        }
        if !current(job.generation) {
            note(&|s| s.cancelled += 1);
            continue;
        }
        let pcm = match synth.synthesise(&job.text, job.lang) {
            Ok(p) => p,
            Err(e) => {
                once(&mut logged, e, &fail);
                continue;
            }
        };
        if !current(job.generation) {
            note(&|s| s.cancelled += 1);
            continue;
        }
        if let Err(e) = sink.begin(pcm.rate) {
            once(&mut logged, e, &fail);
            continue;
        }
        let mut cut = false;
        let mut first = true;
        for chunk in pcm.samples.chunks(chunk_len(pcm.rate)) {
            if !current(job.generation) {
                cut = true;
                break;
            }
            let samples = Pcm::scaled(chunk, shared.volume.load(Ordering::SeqCst));
            if let Err(e) = sink.write(&samples) {
                once(&mut logged, e, &fail);
                cut = true;
                break;
            }
            if first {
                first = false;
                let waited = job.asked.elapsed();
                note(&|s| s.first_sample.push(waited));
            }
        }
        if !cut {
            sink.finish(&|| !current(job.generation));
            cut = !current(job.generation);
        }
        if cut {
            sink.stop();
            note(&|s| s.cancelled += 1);
        } else {
            note(&|s| s.finished += 1);
        }
    }
}

/// Reports each distinct failure once.
fn once(logged: &mut Vec<String>, e: VoiceError, fail: &dyn Fn(VoiceError)) {
    let key = match &e {
        VoiceError::NoDevice(_) => "no device".to_owned(),
        other => other.to_string(),
    };
    if !logged.contains(&key) {
        logged.push(key);
        fail(e);
    }
}
