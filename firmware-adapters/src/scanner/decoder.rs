//! The scanner frame decoder: bytes plus an [`Instant`] in, [`DecoderEvent`]s out.
//!
//! Pure and deterministic (no clock, no I/O): the caller passes the time at
//! which the bytes arrived. Rules:
//!
//! - A frame ends at CR or LF; CRLF (and blank lines) give no empty frames.
//! - A configured prefix and suffix must be present and are stripped.
//! - A frame longer than `max_len` bytes (before stripping) is rejected as
//!   [`Rejection::Oversize`]; the decoder keeps at most `max_len` bytes, so
//!   garbage without terminators cannot grow memory.
//! - Any other control byte (below 0x20, or 0x7F) poisons the frame, which is
//!   rejected as [`Rejection::ControlByte`] at its terminator.
//! - A payload that is not UTF-8 is rejected as [`Rejection::Encoding`].
//! - A partial frame with no byte for `inter_char_timeout` is dropped as
//!   [`Rejection::Timeout`] (on the next `feed` or on [`Decoder::poll_timeout`];
//!   [`Decoder::deadline`] says when to poll).
//! - The same payload seen again within `repeat_window` of its previous sighting
//!   is reported once: holding a card under the scanner gives one event.

use embassy_time::{Duration, Instant};

/// Framing settings of one scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecoderConfig {
    /// Bytes every frame must start with (stripped); empty for none.
    pub prefix: Vec<u8>,
    /// Bytes every frame must end with before the terminator (stripped).
    pub suffix: Vec<u8>,
    /// Longest accepted frame in bytes, prefix and suffix included.
    pub max_len: usize,
    /// A partial frame is dropped after this long without a byte.
    pub inter_char_timeout: Duration,
    /// An identical payload within this window of its last sighting is suppressed.
    pub repeat_window: Duration,
}

impl Default for DecoderConfig {
    fn default() -> Self {
        Self {
            prefix: Vec::new(),
            suffix: Vec::new(),
            max_len: 512,
            inter_char_timeout: Duration::from_millis(300),
            repeat_window: Duration::from_millis(1500),
        }
    }
}

/// One accepted frame. `Debug` shows only its length: a frame may hold a
/// resident ID number.
#[derive(Clone, PartialEq, Eq)]
pub struct Frame {
    /// The payload, prefix/suffix and terminator removed.
    pub payload: String,
    /// When its terminator arrived.
    pub at: Instant,
}

impl std::fmt::Debug for Frame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frame")
            .field("payload_len", &self.payload.len())
            .field("at", &self.at)
            .finish()
    }
}

/// Why a frame was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// Longer than `max_len`.
    Oversize,
    /// Held a control byte other than the terminator.
    ControlByte(u8),
    /// The configured prefix was missing.
    MissingPrefix,
    /// The configured suffix was missing.
    MissingSuffix,
    /// Not valid UTF-8.
    Encoding,
    /// Dropped after the inter-character timeout.
    Timeout,
}

impl Rejection {
    /// A stable snake_case code for logs and the JSON CLI contract.
    pub fn code(&self) -> &'static str {
        match self {
            Rejection::Oversize => "oversize",
            Rejection::ControlByte(_) => "control_byte",
            Rejection::MissingPrefix => "missing_prefix",
            Rejection::MissingSuffix => "missing_suffix",
            Rejection::Encoding => "encoding",
            Rejection::Timeout => "timeout",
        }
    }
}

/// What the decoder reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecoderEvent {
    Frame(Frame),
    Rejected(Rejection),
}

/// The frame decoder state machine; see the module docs for the rules.
pub struct Decoder {
    config: DecoderConfig,
    buf: Vec<u8>,
    /// Bytes of the current frame seen so far (may exceed `buf.len()`).
    len: usize,
    control: Option<u8>,
    last_byte: Option<Instant>,
    last_payload: Option<(Vec<u8>, Instant)>,
}

impl std::fmt::Debug for Decoder {
    /// Lengths only: the buffers may hold a resident ID number.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decoder")
            .field("config", &self.config)
            .field("pending_len", &self.len)
            .field("last_byte", &self.last_byte)
            .finish_non_exhaustive()
    }
}

impl Decoder {
    pub fn new(config: DecoderConfig) -> Self {
        Self {
            buf: Vec::with_capacity(config.max_len.min(4096)),
            config,
            len: 0,
            control: None,
            last_byte: None,
            last_payload: None,
        }
    }

    pub fn config(&self) -> &DecoderConfig {
        &self.config
    }

    /// Forgets a partial frame and the repeat memory (e.g. after a reconnect).
    pub fn reset(&mut self) {
        self.clear_frame();
        self.last_payload = None;
    }

    /// When [`Decoder::poll_timeout`] should next be called, if a partial frame is pending.
    pub fn deadline(&self) -> Option<Instant> {
        self.last_byte
            .filter(|_| self.len > 0)
            .map(|t| t + self.config.inter_char_timeout)
    }

    /// Drops a partial frame whose inter-character timeout has passed at `now`.
    pub fn poll_timeout(&mut self, now: Instant) -> Option<DecoderEvent> {
        match self.deadline() {
            Some(deadline) if now >= deadline => {
                self.clear_frame();
                Some(DecoderEvent::Rejected(Rejection::Timeout))
            }
            _ => None,
        }
    }

    /// Feeds bytes that arrived at `now`, returning the events they complete.
    pub fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<DecoderEvent> {
        let mut events = Vec::new();
        if bytes.is_empty() {
            return events;
        }
        if let Some(e) = self.poll_timeout(now) {
            events.push(e);
        }
        for &b in bytes {
            if b == b'\r' || b == b'\n' {
                if let Some(e) = self.finish(now) {
                    events.push(e);
                }
                continue;
            }
            self.len = self.len.saturating_add(1);
            if b < 0x20 || b == 0x7f {
                self.control.get_or_insert(b);
            } else if self.len <= self.config.max_len {
                self.buf.push(b);
            }
        }
        self.last_byte = Some(now);
        events
    }

    fn clear_frame(&mut self) {
        self.buf.clear();
        self.len = 0;
        self.control = None;
    }

    fn finish(&mut self, now: Instant) -> Option<DecoderEvent> {
        if self.len == 0 {
            return None;
        }
        let result = self.check();
        let event = match result {
            Err(r) => Some(DecoderEvent::Rejected(r)),
            Ok((start, end)) => self.accept(start, end, now),
        };
        self.clear_frame();
        event
    }

    fn check(&self) -> Result<(usize, usize), Rejection> {
        if self.len > self.config.max_len {
            return Err(Rejection::Oversize);
        }
        if let Some(b) = self.control {
            return Err(Rejection::ControlByte(b));
        }
        let (prefix, suffix) = (&self.config.prefix, &self.config.suffix);
        if !self.buf.starts_with(prefix) {
            return Err(Rejection::MissingPrefix);
        }
        if !self.buf[prefix.len()..].ends_with(suffix) {
            return Err(Rejection::MissingSuffix);
        }
        Ok((prefix.len(), self.buf.len() - suffix.len()))
    }

    fn accept(&mut self, start: usize, end: usize, now: Instant) -> Option<DecoderEvent> {
        let payload = &self.buf[start..end];
        let repeated = match &self.last_payload {
            Some((last, seen)) => {
                last.as_slice() == payload
                    && now.saturating_duration_since(*seen) < self.config.repeat_window
            }
            None => false,
        };
        match &mut self.last_payload {
            Some((last, seen)) if last.as_slice() == payload => *seen = now,
            slot => *slot = Some((payload.to_vec(), now)),
        }
        if repeated || payload.is_empty() {
            return None;
        }
        match std::str::from_utf8(payload) {
            Ok(s) => Some(DecoderEvent::Frame(Frame {
                payload: s.to_owned(),
                at: now,
            })),
            Err(_) => Some(DecoderEvent::Rejected(Rejection::Encoding)),
        }
    }
}
