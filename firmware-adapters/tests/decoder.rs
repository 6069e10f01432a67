//! Byte-fixture tests of the scanner frame decoder, and a property test that
//! arbitrary bytes never panic it.

use embassy_time::{Duration, Instant};
use firmware_adapters::scanner::{Decoder, DecoderConfig, DecoderEvent, Rejection};
use proptest::prelude::*;

fn t(ms: u64) -> Instant {
    Instant::from_millis(ms)
}

/// A decoder with the default configuration as `change` leaves it.
fn decoder(change: impl FnOnce(&mut DecoderConfig)) -> Decoder {
    let mut config = DecoderConfig::default();
    change(&mut config);
    Decoder::new(config)
}

fn frames(events: &[DecoderEvent]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            DecoderEvent::Frame(f) => Some(f.payload.as_str()),
            DecoderEvent::Rejected(_) => None,
        })
        .collect()
}

fn rejections(events: &[DecoderEvent]) -> Vec<Rejection> {
    events
        .iter()
        .filter_map(|e| match e {
            DecoderEvent::Rejected(r) => Some(*r),
            DecoderEvent::Frame(_) => None,
        })
        .collect()
}

#[test]
fn every_terminator() {
    for term in [&b"\r"[..], b"\n", b"\r\n"] {
        let mut d = decoder(|_| {});
        let mut input = b"ABC123".to_vec();
        input.extend_from_slice(term);
        input.extend_from_slice(b"DEF456");
        input.extend_from_slice(term);
        let ev = d.feed(&input, t(0));
        assert_eq!(frames(&ev), ["ABC123", "DEF456"], "terminator {term:?}");
        assert!(rejections(&ev).is_empty());
    }
}

#[test]
fn blank_lines_and_lfcr_give_no_empty_frames() {
    let mut d = decoder(|_| {});
    let ev = d.feed(b"\r\n\r\n\n\rA1\n\r\r\nB2\r\n", t(0));
    assert_eq!(frames(&ev), ["A1", "B2"]);
    assert_eq!(ev.len(), 2);
}

#[test]
fn split_reads_byte_by_byte() {
    let mut d = decoder(|_| {});
    let input = b"CANTEEN-CARD:1:20240001:abcdefghijklmnop\r\n";
    let mut all = Vec::new();
    for (i, b) in input.iter().enumerate() {
        all.extend(d.feed(&[*b], t(i as u64)));
    }
    assert_eq!(frames(&all), ["CANTEEN-CARD:1:20240001:abcdefghijklmnop"]);
}

#[test]
fn split_cr_lf_across_reads() {
    let mut d = decoder(|_| {});
    let mut ev = d.feed(b"X1\r", t(0));
    ev.extend(d.feed(b"\nX2\r", t(5)));
    ev.extend(d.feed(b"\n", t(10)));
    assert_eq!(frames(&ev), ["X1", "X2"]);
}

#[test]
fn oversize_is_rejected_once_and_the_next_frame_is_fine() {
    let mut d = decoder(|c| c.max_len = 8);
    let ev = d.feed(b"123456789\r\n12345678\r\n", t(0));
    assert_eq!(rejections(&ev), [Rejection::Oversize]);
    assert_eq!(frames(&ev), ["12345678"]);
}

#[test]
fn endless_garbage_is_bounded_and_rejected() {
    let mut d = decoder(|c| c.max_len = 16);
    let junk = vec![b'Z'; 100_000];
    assert!(d.feed(&junk, t(0)).is_empty());
    assert!(format!("{d:?}").contains("pending_len: 100000"));
    let ev = d.feed(b"\n", t(1));
    assert_eq!(rejections(&ev), [Rejection::Oversize]);
}

#[test]
fn control_bytes_reject_the_frame() {
    for bad in [0x00u8, 0x1b, 0x07, 0x09, 0x7f, 0x10] {
        let mut d = decoder(|_| {});
        let ev = d.feed(&[b'A', b'B', bad, b'C', b'\r', b'O', b'K', b'\n'], t(0));
        assert_eq!(
            rejections(&ev),
            [Rejection::ControlByte(bad)],
            "byte {bad:#x}"
        );
        assert_eq!(frames(&ev), ["OK"]);
    }
}

#[test]
fn invalid_utf8_is_rejected_valid_utf8_accepted() {
    let mut d = decoder(|_| {});
    let ev = d.feed(b"\xff\xfe\r\n", t(0));
    assert_eq!(rejections(&ev), [Rejection::Encoding]);
    let ev = d.feed("张三\r\n".as_bytes(), t(1));
    assert_eq!(frames(&ev), ["张三"]);
}

#[test]
fn partial_frame_dropped_after_inter_char_timeout() {
    let mut d = decoder(|c| c.inter_char_timeout = Duration::from_millis(100));
    assert!(d.feed(b"1234", t(0)).is_empty());
    assert_eq!(d.deadline(), Some(t(100)));
    assert_eq!(d.poll_timeout(t(99)), None);
    assert_eq!(
        d.poll_timeout(t(100)),
        Some(DecoderEvent::Rejected(Rejection::Timeout))
    );
    assert_eq!(d.deadline(), None);
    // The rest arriving late is a frame of its own.
    let ev = d.feed(b"5678\r\n", t(150));
    assert_eq!(frames(&ev), ["5678"]);
}

#[test]
fn timeout_noticed_on_next_feed_too() {
    let mut d = decoder(|c| c.inter_char_timeout = Duration::from_millis(100));
    d.feed(b"12", t(0));
    let ev = d.feed(b"34\r\n", t(500));
    assert_eq!(rejections(&ev), [Rejection::Timeout]);
    assert_eq!(frames(&ev), ["34"]);
}

#[test]
fn slow_but_steady_bytes_do_not_time_out() {
    let mut d = decoder(|c| c.inter_char_timeout = Duration::from_millis(100));
    let mut ev = Vec::new();
    for (i, b) in b"ABCDEFG\r".iter().enumerate() {
        ev.extend(d.feed(&[*b], t(i as u64 * 90)));
    }
    assert_eq!(frames(&ev), ["ABCDEFG"]);
    assert!(rejections(&ev).is_empty());
}

#[test]
fn repeat_within_window_reported_once() {
    let mut d = decoder(|_| {});
    assert_eq!(frames(&d.feed(b"CODE1\r\n", t(0))), ["CODE1"]);
    assert!(d.feed(b"CODE1\r\n", t(500)).is_empty());
    // The window slides with each sighting: a code held under the scanner stays quiet.
    assert!(d.feed(b"CODE1\r\n", t(1900)).is_empty());
    // Another code is reported, and so is the first one after a quiet window.
    assert_eq!(frames(&d.feed(b"CODE2\r\n", t(2000))), ["CODE2"]);
    assert_eq!(frames(&d.feed(b"CODE1\r\n", t(3500))), ["CODE1"]);
    assert_eq!(frames(&d.feed(b"CODE1\r\n", t(5001))), ["CODE1"]);
}

#[test]
fn repeat_window_is_configurable() {
    let mut d = decoder(|c| c.repeat_window = Duration::from_millis(0));
    assert_eq!(frames(&d.feed(b"A1\rA1\rA1\r", t(0))), ["A1", "A1", "A1"]);
}

#[test]
fn prefix_and_suffix_are_required_and_stripped() {
    let mut d = decoder(|c| {
        c.prefix = b"]Q".to_vec();
        c.suffix = b"#".to_vec();
    });
    let ev = d.feed(b"]QHELLO#\r\nHELLO#\r\n]QHELLO\r\n]Q#\r\n", t(0));
    assert_eq!(frames(&ev), ["HELLO"]);
    assert_eq!(
        rejections(&ev),
        [Rejection::MissingPrefix, Rejection::MissingSuffix]
    );
}

#[test]
fn reset_forgets_partial_frame_and_repeats() {
    let mut d = decoder(|_| {});
    d.feed(b"AAA\r\nBB", t(0));
    d.reset();
    let ev = d.feed(b"CC\r\nAAA\r\n", t(10));
    assert_eq!(frames(&ev), ["CC", "AAA"]);
}

#[test]
fn debug_output_hides_frame_contents() {
    let mut d = decoder(|_| {});
    let ev = d.feed(b"11010519491231002X\r\n1101051949", t(0));
    let shown = format!("{ev:?} {d:?}");
    assert!(!shown.contains("11010519491231002X"), "{shown}");
    assert!(!shown.contains("1101051949"), "{shown}");
}

proptest! {
    #[test]
    fn random_bytes_never_panic(chunks in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 0..32),
                                gaps in proptest::collection::vec(0u64..1000, 32),
                                max_len in 0usize..40) {
        let cfg = DecoderConfig { max_len, prefix: b"P".to_vec(), ..DecoderConfig::default() };
        let mut d = Decoder::new(cfg);
        let mut now = 0;
        for (chunk, gap) in chunks.iter().zip(&gaps) {
            now += gap;
            for ev in d.feed(chunk, t(now)) {
                if let DecoderEvent::Frame(f) = ev {
                    // Accepted frames obey the rules.
                    prop_assert!(f.payload.len() < max_len.max(1));
                    prop_assert!(!f.payload.bytes().any(|b| b < 0x20 || b == 0x7f));
                }
            }
            let _ = d.poll_timeout(t(now + 1));
        }
    }

    #[test]
    fn any_clean_payload_round_trips(payload in "[ -~]{1,64}", term in prop_oneof![Just("\r"), Just("\n"), Just("\r\n")]) {
        let mut d = decoder(|_| {});
        let input = format!("{payload}{term}");
        let ev = d.feed(input.as_bytes(), t(0));
        prop_assert_eq!(frames(&ev), vec![payload.as_str()]);
    }
}
