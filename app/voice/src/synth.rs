//! Text to speech with eSpeak NG. The `espeak-ng` program runs as a child
//! process per utterance (`--stdin --stdout`: the text goes in on stdin, a
//! WAV stream comes out): nothing to link, a synthesiser crash cannot take
//! the kiosk down, and the Debian package is all a board needs.
//!
//! Mandarin uses the voice `cmn-latn-pinyin`, not `cmn`: eSpeak NG 1.51
//! (Debian 12) with `cmn` reads the tone number of many characters aloud in
//! English ("本" becomes "ben three"); the pinyin variant looks the same
//! characters up and speaks their tones. Both read the same Chinese text.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::{Pcm, VoiceError};

/// The language of an utterance (the kiosk's display language).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VoiceLang {
    /// Mandarin.
    Zh,
    English,
}

impl VoiceLang {
    /// The eSpeak NG voice for this language.
    pub fn espeak_voice(self) -> &'static str {
        match self {
            VoiceLang::Zh => "cmn-latn-pinyin",
            VoiceLang::English => "en",
        }
    }
}

/// Anything that turns text into speech (eSpeak NG, or a fake in tests).
pub trait Synth: Send {
    fn synthesise(&self, text: &str, lang: VoiceLang) -> Result<Pcm, VoiceError>;
}

/// eSpeak NG through its command-line program.
#[derive(Clone, Debug)]
pub struct Espeak {
    /// The program, `espeak-ng` (found on `PATH`) unless set otherwise.
    pub program: String,
    /// Words per minute; elderly listeners get a slower pace than the default 175.
    pub words_per_minute: u32,
}

impl Default for Espeak {
    fn default() -> Self {
        Espeak {
            program: "espeak-ng".to_owned(),
            words_per_minute: 140,
        }
    }
}

impl Synth for Espeak {
    fn synthesise(&self, text: &str, lang: VoiceLang) -> Result<Pcm, VoiceError> {
        let mut child = Command::new(&self.program)
            .args(["-v", lang.espeak_voice()])
            .args(["-s", &self.words_per_minute.to_string()])
            .args(["--stdin", "--stdout"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|source| VoiceError::Spawn {
                program: self.program.clone(),
                source,
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            // One line: newlines inside the text would only split it into clauses.
            let line = text.replace(['\n', '\r'], " ");
            let _ = writeln!(stdin, "{line}");
        }
        let out = child
            .wait_with_output()
            .map_err(|source| VoiceError::Spawn {
                program: self.program.clone(),
                source,
            })?;
        if !out.status.success() {
            return Err(VoiceError::Synth {
                status: out.status.to_string(),
                stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
            });
        }
        Pcm::from_espeak_wav(&out.stdout)
    }
}
