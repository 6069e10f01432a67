//! Frame decoding throughput, next to a baseline measured in the same run: a
//! plain scan of the same buffer for terminators (the least any decoder must
//! do). Run with `cargo bench -p firmware-adapters --bench decoder`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use embassy_time::Instant;
use firmware_adapters::scanner::{Decoder, DecoderConfig, DecoderEvent, classify};

/// 10,000 varied frames (ID numbers, meal cards, receipts), CR LF terminated.
fn stream() -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..10_000u32 {
        let frame = match i % 3 {
            0 => format!("1101051949{:07}X", i),
            1 => format!("CANTEEN-CARD:1:{:08}:abcdefghijklmnopqrstuvwxyz012345", i),
            _ => format!("CANTEEN-RCPT:1:K01:{i}:0a1b2c3d4e5f"),
        };
        out.extend_from_slice(frame.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

/// Feeds `data` to a default decoder in 64-byte reads, 1 ms apart, and counts
/// the frames whose payload `counts` accepts.
fn frames_in_64_byte_reads(data: &[u8], counts: impl Fn(&str) -> bool) -> usize {
    let mut d = Decoder::new(DecoderConfig::default());
    let mut n = 0usize;
    for (i, chunk) in black_box(data).chunks(64).enumerate() {
        for ev in d.feed(chunk, Instant::from_millis(i as u64)) {
            if let DecoderEvent::Frame(f) = ev {
                n += usize::from(counts(&f.payload));
            }
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let data = stream();
    let mut g = c.benchmark_group("scanner");
    g.throughput(Throughput::Bytes(data.len() as u64));

    g.bench_function("baseline: byte scan for CR/LF", |b| {
        b.iter(|| {
            black_box(&data)
                .iter()
                .filter(|&&b| b == b'\r' || b == b'\n')
                .count()
        })
    });

    g.bench_function("decoder: feed 64-byte reads", |b| {
        b.iter(|| {
            let frames = frames_in_64_byte_reads(&data, |_| true);
            assert_eq!(frames, 10_000);
            frames
        })
    });

    g.bench_function("decoder + classify: feed 64-byte reads", |b| {
        b.iter(|| frames_in_64_byte_reads(&data, |payload| classify(payload).valid))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
