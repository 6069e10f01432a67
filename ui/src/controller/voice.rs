//! The controller's side of the kiosk's voice: when what is on screen
//! changes (the session's stage, the scanner's state, the language, cashier
//! mode), the text [`crate::speech::say`] gives for it goes to the voice hook
//! the kiosk installed (`None` stops the speaker: cashier screens and the
//! short committing screen say nothing); a diner who leaves a screen
//! untouched for half the idle timeout hears its reminder once. The staff
//! screen's voice button cycles the volume (100, 70, 40, off) through the
//! volume hook.

use std::time::Instant;

use canteen_core::session::{Event, Stage};
use chrono::NaiveDateTime;

use slint::ComponentHandle;

use super::{Inner, Kiosk};
use crate::lang::Lang;
use crate::speech::{self, Welcome};
use crate::{KioskWindow, VoiceAdapter};

/// Receives what to say in which language; `None` only stops the speaker.
/// Called on the UI thread: it must hand the text over and return at once.
pub type VoiceHook = Box<dyn Fn(Option<&str>, Lang)>;

/// Receives the volume staff chose (percent; 0 is off).
pub type VolumeHook = Box<dyn Fn(u8)>;

/// The staff button's next volume: 100 → 70 → 40 → off → 100.
pub fn next_volume(volume: u8) -> u8 {
    match volume {
        0 => 100,
        v if v > 70 => 70,
        v if v > 40 => 40,
        _ => 0,
    }
}

#[derive(Default)]
pub(super) struct VoiceState {
    hook: Option<VoiceHook>,
    volume_hook: Option<VolumeHook>,
    /// The screen last spoken for: stage, scanner down, language, cashier mode.
    last: Option<(Stage, bool, Lang, bool)>,
    since: Option<Instant>,
    reminded: bool,
    pub(super) scanner_down: bool,
}

/// Speaks for the screen now up, if it changed since the last call.
pub(super) fn screen(inner: &Inner, now: NaiveDateTime) {
    let mut v = inner.voice.borrow_mut();
    let stage = inner.session.stage();
    let key = (
        stage.clone(),
        v.scanner_down,
        inner.lang,
        inner.cashier.is_some(),
    );
    if v.last.as_ref() == Some(&key) {
        return;
    }
    v.last = Some(key);
    v.since = Some(Instant::now());
    v.reminded = false;
    let text = spoken(inner, inner.lang, now, v.scanner_down);
    if let Some(hook) = &v.hook {
        hook(text.as_deref(), inner.lang);
    }
}

fn spoken(inner: &Inner, lang: Lang, now: NaiveDateTime, scanner_down: bool) -> Option<String> {
    if inner.cashier.is_some() {
        return None;
    }
    let welcome = Welcome {
        scanner_ok: !scanner_down,
        now,
    };
    speech::say(&inner.settings, lang, inner.session.stage(), welcome)
}

impl Kiosk {
    /// Installs the voice: from now on each screen change calls `hook`.
    /// The current screen is spoken at once.
    pub fn set_voice(&self, hook: VoiceHook) {
        {
            let inner = self.0.borrow();
            let mut v = inner.voice.borrow_mut();
            v.hook = Some(hook);
            v.last = None;
        }
        self.render();
    }

    /// What the kiosk says for the screen it shows now, in `lang` (`None`:
    /// nothing). Screenshots and `canteen speech` read it state by state.
    pub fn spoken_in(&self, lang: Lang) -> Option<String> {
        let inner = self.0.borrow();
        let now = (inner.clock)();
        let down = inner.voice.borrow().scanner_down;
        spoken(&inner, lang, now, down)
    }

    /// Shows the staff screen's voice button at `volume`; each tap calls
    /// `on_change` with the next volume and says a sample at it.
    pub fn set_voice_volume(&self, volume: u8, on_change: VolumeHook) {
        let inner = self.0.borrow();
        inner.voice.borrow_mut().volume_hook = Some(on_change);
        if let Some(ui) = inner.ui.upgrade() {
            let a = ui.global::<VoiceAdapter<'_>>();
            a.set_available(true);
            a.set_volume(i32::from(volume.min(100)));
        }
    }

    pub(super) fn wire_voice(&self, ui: &KioskWindow) {
        let me = std::rc::Rc::downgrade(&self.0);
        let weak = ui.as_weak();
        ui.global::<VoiceAdapter<'_>>().on_cycle(move || {
            let (Some(k), Some(ui)) = (me.upgrade(), weak.upgrade()) else {
                return;
            };
            let a = ui.global::<VoiceAdapter<'_>>();
            let volume = next_volume(u8::try_from(a.get_volume()).unwrap_or(100));
            a.set_volume(i32::from(volume));
            let inner = k.borrow();
            let v = inner.voice.borrow();
            if let Some(on_change) = &v.volume_hook {
                on_change(volume);
            }
            if let (Some(hook), true) = (&v.hook, volume > 0) {
                hook(Some(speech::volume_sample(inner.lang)), inner.lang);
            }
        });
    }

    /// A tick of the self-service session, then the idle reminder when due.
    pub(super) fn voice_tick(&self, now: Instant) {
        self.handle_at(Event::Tick, now);
        let inner = self.0.borrow();
        let mut v = inner.voice.borrow_mut();
        let half = inner.settings.idle_timeout / 2;
        let due = v
            .since
            .is_some_and(|t| now.saturating_duration_since(t) >= half);
        if v.reminded || !due || inner.cashier.is_some() {
            return;
        }
        if let Some(text) = speech::reminder(inner.lang, inner.session.stage()) {
            v.reminded = true;
            if let Some(hook) = &v.hook {
                hook(Some(text), inner.lang);
            }
        }
    }
}
