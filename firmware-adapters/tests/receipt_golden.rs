//! Golden tests of receipts: documents encode to ESC/POS bytes that decode back
//! to the expected Chinese text and markers; hostile names cannot inject
//! commands.

use firmware_adapters::printer::decode::DecodedLine;
use firmware_adapters::printer::escpos::qr_bitmap;
use firmware_adapters::printer::{
    Align, Document, EncodeOptions, QrMode, TextStyle, decode, encode, render,
};
use proptest::prelude::*;

fn sample() -> Document {
    Document::new()
        .styled("幸福里社区长者食堂", TextStyle::center().bold().size(2, 2))
        .line("单号 K01-000042  2026-11-23 11:42")
        .line("就餐人: 王秀英 (80岁)")
        .line("红烧肉 x1        12.00")
        .line("清炒时蔬 x1       4.00")
        .line("米饭 x1           1.00")
        .line("助餐补贴        -8.00")
        .styled(
            "实付 9.00 元",
            TextStyle::default().bold().align(Align::Right),
        )
        .qr("CANTEEN-RCPT:1:K01:42:0a1b2c3d")
        .feed(3)
        .cut()
}

fn texts(lines: &[DecodedLine]) -> Vec<&str> {
    lines.iter().filter_map(DecodedLine::text).collect()
}

#[test]
fn sample_receipt_decodes_to_expected_lines() {
    let bytes = encode(&sample(), &EncodeOptions::default()).unwrap();
    // Chinese goes out as GB18030 inside FS & … FS .
    let gb = encoding_rs::GB18030.encode("王秀英").0;
    let mut framed = vec![0x1c, b'&'];
    framed.extend_from_slice(&gb);
    framed.extend_from_slice(&[0x1c, b'.']);
    assert!(bytes.windows(framed.len()).any(|w| w == framed.as_slice()));
    assert!(
        !bytes.windows(3).any(|w| w == "王".as_bytes()),
        "UTF-8 leaked into the stream"
    );

    let lines = decode(&bytes);
    assert_eq!(
        texts(&lines),
        [
            "幸福里社区长者食堂",
            "单号 K01-000042  2026-11-23 11:42",
            "就餐人: 王秀英 (80岁)",
            "红烧肉 x1        12.00",
            "清炒时蔬 x1       4.00",
            "米饭 x1           1.00",
            "助餐补贴        -8.00",
            "实付 9.00 元",
        ]
    );
    assert_eq!(
        lines[0],
        DecodedLine::Text {
            text: "幸福里社区长者食堂".into(),
            align: Align::Center,
            bold: true,
            width: 2,
            height: 2
        }
    );
    assert_eq!(
        lines[7],
        DecodedLine::Text {
            text: "实付 9.00 元".into(),
            align: Align::Right,
            bold: true,
            width: 1,
            height: 1
        }
    );
    assert_eq!(
        &lines[8..],
        [
            DecodedLine::Qr {
                data: b"CANTEEN-RCPT:1:K01:42:0a1b2c3d".to_vec()
            },
            DecodedLine::Feed(3),
            DecodedLine::Cut,
        ]
    );
    assert!(!lines.contains(&DecodedLine::Drawer));
}

#[test]
fn rendered_text_is_readable() {
    let bytes = encode(&sample(), &EncodeOptions::default()).unwrap();
    let text = render(&decode(&bytes), 32);
    let expected = "\
       幸福里社区长者食堂
单号 K01-000042  2026-11-23 11:42
就餐人: 王秀英 (80岁)
红烧肉 x1        12.00
清炒时蔬 x1       4.00
米饭 x1           1.00
助餐补贴        -8.00
                    实付 9.00 元
[QR CANTEEN-RCPT:1:K01:42:0a1b2c3d]



[CUT]
";
    assert_eq!(text, expected);
}

#[test]
fn drawer_kick_only_when_asked() {
    let bytes = encode(
        &Document::new().line("现金").drawer_kick().cut(),
        &EncodeOptions::default(),
    )
    .unwrap();
    let lines = decode(&bytes);
    assert_eq!(lines[1..], [DecodedLine::Drawer, DecodedLine::Cut]);
    assert_eq!(bytes.windows(2).filter(|w| *w == [0x1b, b'p']).count(), 1);
}

#[test]
fn crafted_name_with_esc_p_opens_no_drawer() {
    // A resident name from the registry carrying a drawer kick, a cut, a
    // re-initialise and a GS ( k header.
    let name = "张三\x1bp\x00\x19\u{fa}\x1dV\x42\x03\x1b@\x1d(k\x03\x001Q0\u{85}李四";
    let doc = Document::new()
        .line(format!("就餐人: {name}"))
        .styled(name, TextStyle::center())
        .cut();
    let bytes = encode(&doc, &EncodeOptions::default()).unwrap();
    assert!(
        !bytes.windows(2).any(|w| w == [0x1b, b'p']),
        "ESC p in output"
    );
    let lines = decode(&bytes);
    assert!(!lines.contains(&DecodedLine::Drawer));
    assert_eq!(lines.iter().filter(|l| **l == DecodedLine::Cut).count(), 1);
    assert!(
        !lines
            .iter()
            .any(|l| matches!(l, DecodedLine::Qr { .. } | DecodedLine::Unknown(_)))
    );
    // Only the control characters are gone; the printable rest stays visible.
    assert_eq!(
        texts(&lines),
        ["就餐人: 张三púVB@(k1Q0李四", "张三púVB@(k1Q0李四"]
    );
}

#[test]
fn raster_fallback_carries_the_qr_bitmap() {
    let opts = EncodeOptions {
        qr: QrMode::Raster,
        qr_module: 4,
    };
    let data = "CANTEEN-RCPT:1:K01:42:0a1b2c3d";
    let bytes = encode(&Document::new().qr(data).cut(), &opts).unwrap();
    let lines = decode(&bytes);
    let (wb, h, bits) = qr_bitmap(data, 4).unwrap();
    assert_eq!(
        lines,
        [
            DecodedLine::Raster {
                width_dots: wb * 8,
                height_dots: h
            },
            DecodedLine::Cut
        ]
    );
    // The bitmap is in the stream, after the 8-byte GS v 0 header.
    let start = bytes
        .windows(3)
        .position(|w| w == [0x1d, b'v', b'0'])
        .unwrap();
    assert_eq!(&bytes[start + 8..start + 8 + bits.len()], bits.as_slice());
    // A real QR: the three finder patterns' dark corners (quiet zone 4 modules).
    let dark = |x: usize, y: usize| bits[y * wb + x / 8] & (0x80 >> (x % 8)) != 0;
    let q = 4 * 4;
    let modules = h / 4 - 8;
    assert!(dark(q, q) && dark(q + (modules - 1) * 4, q) && dark(q, q + (modules - 1) * 4));
    assert!(!dark(0, 0));
}

#[test]
fn oversize_qr_is_an_error_not_a_panic() {
    let big = "9".repeat(5000);
    assert!(encode(&Document::new().qr(&big), &EncodeOptions::default()).is_err());
    assert!(
        encode(
            &Document::new().qr(&big),
            &EncodeOptions {
                qr: QrMode::Raster,
                qr_module: 4
            }
        )
        .is_err()
    );
}

#[test]
fn truncated_and_hostile_streams_decode_without_panic() {
    let bytes = encode(&sample(), &EncodeOptions::default()).unwrap();
    for cut in 0..bytes.len() {
        let _ = decode(&bytes[..cut]);
    }
    // A GS v 0 claiming a huge bitmap that is not there.
    assert!(decode(&[0x1d, b'v', b'0', 0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]).is_empty());
}

proptest! {
    #[test]
    fn decode_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let lines = decode(&bytes);
        let _ = render(&lines, 32);
    }

    #[test]
    fn any_text_round_trips_without_control_chars(text in "\\PC{0,40}") {
        let bytes = encode(&Document::new().line(text.clone()), &EncodeOptions::default()).unwrap();
        let lines = decode(&bytes);
        let clean: String = text.chars().filter(|c| !c.is_control()).collect();
        prop_assert_eq!(texts(&lines), vec![clean.as_str()]);
    }

    #[test]
    fn data_text_never_produces_commands(text in proptest::collection::vec(any::<char>(), 0..40)) {
        let text: String = text.into_iter().collect();
        let bytes = encode(&Document::new().line(text), &EncodeOptions::default()).unwrap();
        let lines = decode(&bytes);
        prop_assert_eq!(lines.len(), 1);
        prop_assert!(lines[0].text().is_some());
    }
}
