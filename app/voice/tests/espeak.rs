//! The real synthesiser: eSpeak NG speaks Mandarin and English (non-silent,
//! longer than 0.3 s), and the WAV it becomes reads back the same.

use canteen_voice::{Espeak, Pcm, Synth, VoiceError, VoiceLang};

#[test]
fn espeak_speaks_both_languages() {
    let e = Espeak::default();
    for (text, lang) in [
        ("八十五岁。本餐十元。", VoiceLang::Zh),
        ("Age 85. Your meal costs 10 yuan.", VoiceLang::English),
    ] {
        let pcm = e.synthesise(text, lang).unwrap();
        assert!(pcm.duration_ms() > 300, "{text}: {} ms", pcm.duration_ms());
        assert!(pcm.rms() > 500.0, "{text}: rms {}", pcm.rms());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.wav");
        pcm.write_wav(&path).unwrap();
        assert_eq!(Pcm::read_wav(&path).unwrap(), pcm);
    }
}

#[test]
fn a_missing_synthesiser_says_what_to_install() {
    let e = Espeak {
        program: "/nonexistent/espeak-ng".into(),
        ..Espeak::default()
    };
    let err = e.synthesise("x", VoiceLang::Zh).unwrap_err();
    assert!(matches!(err, VoiceError::Spawn { .. }));
    assert!(err.to_string().contains("espeak-ng"), "{err}");
}
