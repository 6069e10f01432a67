//! The audio device: ALSA's default output through `cpal`, opened on the
//! first utterance and kept open (the callback plays silence between
//! utterances). Speech is resampled linearly to the device's rate and copied
//! to every channel. No device, or one that refuses the stream, is
//! [`VoiceError::NoDevice`]: the speaker logs it once and goes on silently.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, SizedSample};

use crate::VoiceError;
use crate::speaker::Sink;

type Queue = Arc<Mutex<VecDeque<f32>>>;

struct Open {
    _stream: cpal::Stream,
    queue: Queue,
    rate: u32,
    channels: usize,
}

/// ALSA playback (see the module documentation).
#[derive(Default)]
pub struct AlsaSink {
    open: Option<Open>,
    /// The utterance's sample rate.
    source_rate: u32,
    /// Position between the previous and the next source sample, 0..1.
    phase: f64,
    previous: f32,
}

fn no_device(e: impl std::fmt::Display) -> VoiceError {
    VoiceError::NoDevice(e.to_string())
}

fn stream<T>(
    device: &cpal::Device,
    config: cpal::StreamConfig,
    queue: Queue,
) -> Result<cpal::Stream, VoiceError>
where
    T: SizedSample + FromSample<f32>,
{
    device
        .build_output_stream::<T, _, _>(
            config,
            move |out: &mut [T], _| {
                let mut q = queue.lock().unwrap_or_else(|p| p.into_inner());
                for o in out.iter_mut() {
                    *o = T::from_sample(q.pop_front().unwrap_or(0.0));
                }
            },
            |_| {},
            None,
        )
        .map_err(no_device)
}

fn open() -> Result<Open, VoiceError> {
    let host = cpal::default_host();
    let device = host
        .default_output_device()
        .ok_or_else(|| no_device("ALSA has no default output device"))?;
    let supported = device.default_output_config().map_err(no_device)?;
    let config = supported.config();
    let queue: Queue = Arc::new(Mutex::new(VecDeque::new()));
    let s = match supported.sample_format() {
        cpal::SampleFormat::F32 => stream::<f32>(&device, config, queue.clone())?,
        cpal::SampleFormat::I16 => stream::<i16>(&device, config, queue.clone())?,
        cpal::SampleFormat::I32 => stream::<i32>(&device, config, queue.clone())?,
        cpal::SampleFormat::U8 => stream::<u8>(&device, config, queue.clone())?,
        other => return Err(no_device(format!("unsupported sample format {other}"))),
    };
    s.play().map_err(no_device)?;
    Ok(Open {
        _stream: s,
        queue,
        rate: config.sample_rate,
        channels: usize::from(config.channels).max(1),
    })
}

impl Sink for AlsaSink {
    fn begin(&mut self, rate: u32) -> Result<(), VoiceError> {
        if self.open.is_none() {
            self.open = Some(open()?);
        }
        self.source_rate = rate.max(1);
        self.phase = 0.0;
        self.previous = 0.0;
        Ok(())
    }

    fn write(&mut self, samples: &[i16]) -> Result<(), VoiceError> {
        let Some(open) = &self.open else {
            return Err(no_device("not opened"));
        };
        let step = f64::from(self.source_rate) / f64::from(open.rate.max(1));
        let mut out = Vec::with_capacity(samples.len() * open.channels * 3);
        for &s in samples {
            let x = f32::from(s) / 32768.0;
            while self.phase < 1.0 {
                #[allow(clippy::cast_possible_truncation)]
                let y = self.previous + (x - self.previous) * self.phase as f32;
                out.extend(std::iter::repeat_n(y, open.channels));
                self.phase += step;
            }
            self.phase -= 1.0;
            self.previous = x;
        }
        // Keep at most ~200 ms queued, so a stop is heard at once.
        let limit = usize::try_from(open.rate / 5).unwrap_or(9600) * open.channels;
        loop {
            let queued = open.queue.lock().map(|q| q.len()).unwrap_or(0);
            if queued < limit {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        open.queue
            .lock()
            .map_err(|_| VoiceError::Playback("audio queue poisoned".into()))?
            .extend(out);
        Ok(())
    }

    fn finish(&mut self, cancelled: &dyn Fn() -> bool) {
        let Some(open) = &self.open else { return };
        while !cancelled() && open.queue.lock().map(|q| !q.is_empty()).unwrap_or(false) {
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn stop(&mut self) {
        if let Some(open) = &self.open {
            if let Ok(mut q) = open.queue.lock() {
                q.clear();
            }
        }
    }
}
