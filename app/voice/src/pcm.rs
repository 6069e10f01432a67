//! Synthesised speech as 16-bit mono samples at a sample rate: its duration,
//! its loudness (RMS, to tell speech from silence), volume scaling, and WAV
//! files written and read with `hound`.

use std::path::Path;

use crate::VoiceError;

/// Mono 16-bit PCM.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pcm {
    pub rate: u32,
    pub samples: Vec<i16>,
}

impl Pcm {
    /// Length in milliseconds (0 for an empty or rate-less buffer).
    pub fn duration_ms(&self) -> u64 {
        if self.rate == 0 {
            return 0;
        }
        self.samples.len() as u64 * 1000 / u64::from(self.rate)
    }

    /// Root mean square of the samples, 0 (silence) to 32768.
    pub fn rms(&self) -> f64 {
        if self.samples.is_empty() {
            return 0.0;
        }
        let sum: f64 = self.samples.iter().map(|&s| f64::from(s).powi(2)).sum();
        (sum / self.samples.len() as f64).sqrt()
    }

    /// The samples at `volume` percent (0 mutes, 100 leaves them as they are).
    pub fn scaled(samples: &[i16], volume: u8) -> Vec<i16> {
        let v = i32::from(volume.min(100));
        samples
            .iter()
            .map(|&s| i16::try_from(i32::from(s) * v / 100).unwrap_or(s))
            .collect()
    }

    /// Writes a mono 16-bit WAV file.
    pub fn write_wav(&self, path: &Path) -> Result<(), VoiceError> {
        let err = |e: hound::Error| VoiceError::WriteWav {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: self.rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).map_err(err)?;
        for &s in &self.samples {
            w.write_sample(s).map_err(err)?;
        }
        w.finalize().map_err(err)
    }

    /// Reads a mono 16-bit WAV file (e.g. one [`Pcm::write_wav`] wrote).
    pub fn read_wav(path: &Path) -> Result<Pcm, VoiceError> {
        let bad = |e: hound::Error| VoiceError::BadWav(format!("{}: {e}", path.display()));
        let mut r = hound::WavReader::open(path).map_err(bad)?;
        let spec = r.spec();
        if spec.channels != 1 || spec.bits_per_sample != 16 {
            return Err(VoiceError::BadWav(format!(
                "{}: {} channels, {} bits; expected mono 16-bit",
                path.display(),
                spec.channels,
                spec.bits_per_sample
            )));
        }
        let samples = r
            .samples::<i16>()
            .collect::<Result<Vec<_>, _>>()
            .map_err(bad)?;
        Ok(Pcm {
            rate: spec.sample_rate,
            samples,
        })
    }

    /// Parses the WAV stream `espeak-ng --stdout` writes. Its RIFF and data
    /// sizes are placeholders (it streams), so the data chunk runs to the end.
    pub fn from_espeak_wav(bytes: &[u8]) -> Result<Pcm, VoiceError> {
        let bad = |m: &str| VoiceError::BadWav(m.to_owned());
        if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
            return Err(bad("no RIFF/WAVE header"));
        }
        let mut at = 12;
        let mut rate = None;
        while at + 8 <= bytes.len() {
            let id = &bytes[at..at + 4];
            let len =
                u32::from_le_bytes([bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]]);
            let body = at + 8;
            if id == b"fmt " {
                let f = bytes
                    .get(body..body + 16)
                    .ok_or_else(|| bad("short fmt chunk"))?;
                let format = u16::from_le_bytes([f[0], f[1]]);
                let channels = u16::from_le_bytes([f[2], f[3]]);
                let bits = u16::from_le_bytes([f[14], f[15]]);
                if format != 1 || channels != 1 || bits != 16 {
                    return Err(bad("not mono 16-bit PCM"));
                }
                rate = Some(u32::from_le_bytes([f[4], f[5], f[6], f[7]]));
            } else if id == b"data" {
                let rate = rate.ok_or_else(|| bad("data before fmt"))?;
                let data = &bytes[body..];
                let samples = data
                    .chunks_exact(2)
                    .map(|c| i16::from_le_bytes([c[0], c[1]]))
                    .collect();
                return Ok(Pcm { rate, samples });
            }
            at = body.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
        }
        Err(bad("no data chunk"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_rms_and_volume() {
        let p = Pcm {
            rate: 1000,
            samples: vec![1000, -1000, 1000, -1000],
        };
        assert_eq!(p.duration_ms(), 4);
        assert!((p.rms() - 1000.0).abs() < 1e-9);
        assert_eq!(Pcm::scaled(&p.samples, 50), vec![500, -500, 500, -500]);
        assert_eq!(Pcm::scaled(&p.samples, 0), vec![0; 4]);
        assert_eq!(Pcm::default().rms(), 0.0);
    }

    #[test]
    fn espeak_stream_header_with_placeholder_sizes() {
        let mut wav = b"RIFF\xff\xff\xff\x7fWAVEfmt ".to_vec();
        wav.extend_from_slice(&16u32.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes());
        wav.extend_from_slice(&1u16.to_le_bytes());
        wav.extend_from_slice(&22050u32.to_le_bytes());
        wav.extend_from_slice(&44100u32.to_le_bytes());
        wav.extend_from_slice(&2u16.to_le_bytes());
        wav.extend_from_slice(&16u16.to_le_bytes());
        wav.extend_from_slice(b"data\xff\xff\xff\x7f");
        wav.extend_from_slice(&[1, 0, 0xff, 0xff]);
        let p = Pcm::from_espeak_wav(&wav).unwrap();
        assert_eq!(p.rate, 22050);
        assert_eq!(p.samples, vec![1, -1]);
        assert!(Pcm::from_espeak_wav(b"garbage").is_err());
        assert!(Pcm::from_espeak_wav(&wav[..30]).is_err());
    }
}
