//! The kiosk's voice wired up: a [`canteen_voice::Speaker`] with eSpeak NG
//! and the ALSA sink when `[voice] enabled`, at the configured volume, and
//! the controller's voice hook that hands it each screen's text (returning
//! at once: synthesis and playback run on the speaker's thread). A board
//! without an audio device logs "no audio device" once and sells on.

use canteen_ui::Lang;
use canteen_ui::controller::VoiceHook;
use canteen_voice::alsa::AlsaSink;
use canteen_voice::{Espeak, Speaker, VoiceLang};

/// Starts the speaker, or `None` when the configuration turns the voice off.
pub fn start(config: &canteen_config::Voice) -> Option<Speaker> {
    if !config.enabled {
        return None;
    }
    let speaker = Speaker::spawn(Espeak::default, AlsaSink::default, |message| {
        eprintln!("voice: {message}");
    });
    speaker.set_volume(config.volume);
    Some(speaker)
}

/// The voice's language for the kiosk's display language.
pub fn voice_lang(lang: Lang) -> VoiceLang {
    match lang {
        Lang::Zh => VoiceLang::Zh,
        Lang::En => VoiceLang::English,
    }
}

/// The controller's hook: say the new screen's text, or stop.
pub fn hook(speaker: Speaker) -> VoiceHook {
    Box::new(move |text, lang| match text {
        Some(text) => speaker.say(text, voice_lang(lang)),
        None => speaker.stop(),
    })
}
