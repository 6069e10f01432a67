//! The kiosk's voice (`[voice]` in `canteen.toml`, optional): whether the
//! kiosk speaks each diner's result, and how loud (0 silent to 100). The
//! language follows the kiosk's display language; staff change the volume
//! and mute on the staff screen until the next start.

use crate::error::Problems;
use crate::raw::VoiceSection;

/// `[voice]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Voice {
    pub enabled: bool,
    /// Percent, 0 (silent) to 100.
    pub volume: u8,
}

impl Default for Voice {
    fn default() -> Self {
        Voice {
            enabled: true,
            volume: 80,
        }
    }
}

pub(crate) fn voice(raw: Option<&VoiceSection>, problems: &mut Vec<crate::Problem>) -> Voice {
    let Some(v) = raw else {
        return Voice::default();
    };
    let mut p = Problems::new("canteen.toml");
    let volume = u8::try_from(v.volume).ok().filter(|v| *v <= 100);
    if volume.is_none() {
        p.add(
            "voice.volume",
            format!(
                "{} is out of range: give a volume from 0 (silent) to 100, or `enabled = false` to turn the voice off",
                v.volume
            ),
        );
    }
    problems.append(&mut p.found);
    Voice {
        enabled: v.enabled,
        volume: volume.unwrap_or(Voice::default().volume),
    }
}
