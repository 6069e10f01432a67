//! `canteen-voice`: the kiosk speaks what its screen says. The text comes from
//! the UI (`canteen_ui::speech`, a pure function of the screen); this crate is
//! the I/O side: [`synth`] turns text into 16-bit mono PCM with eSpeak NG (the
//! `espeak-ng` program as a child process, voice `cmn` for Mandarin, `en` for
//! English), [`pcm`] measures it and writes WAV files, [`speaker`] plays
//! utterances on a background thread through a [`speaker::Sink`] (ALSA
//! through `cpal` in [`alsa`]), so speech never blocks the UI thread and a new
//! screen stops what is being said. Architecture invariant: this crate
//! depends on no crate of ours and never sees a name or an ID number; it says
//! the text it is given.

pub mod alsa;
pub mod pcm;
pub mod speaker;
pub mod synth;

pub use pcm::Pcm;
pub use speaker::{Sink, Speaker, SpeakerStats};
pub use synth::{Espeak, Synth, VoiceLang};

/// What can go wrong while speaking.
#[derive(Debug, thiserror::Error)]
pub enum VoiceError {
    #[error(
        "cannot run the speech synthesiser `{program}`: {source}; install eSpeak NG (Debian package `espeak-ng`) or turn the voice off with `[voice] enabled = false` in canteen.toml"
    )]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("the speech synthesiser failed ({status}): {stderr}")]
    Synth { status: String, stderr: String },
    #[error("the speech synthesiser's output is not a 16-bit PCM WAV: {0}")]
    BadWav(String),
    #[error("no audio device: {0}; the kiosk keeps working without speech")]
    NoDevice(String),
    #[error("audio playback failed: {0}")]
    Playback(String),
    #[error("cannot write the WAV file {path}: {message}")]
    WriteWav { path: String, message: String },
}
