//! Turns an ESC/POS byte stream back into readable lines: the virtual
//! printer's view, `canteen receipt show`, and the basis of golden tests.
//!
//! Text between `FS &` and `FS .` is decoded as GB18030; other text as ASCII
//! (bytes above 0x7F outside Chinese mode become U+FFFD). `GS ( k` QR codes
//! become [`DecodedLine::Qr`] with their data, `GS v 0` bitmaps
//! [`DecodedLine::Raster`], and cut, drawer kick and feed become markers.
//! Known commands are skipped with their arguments; an unknown command is
//! reported as [`DecodedLine::Unknown`] and decoding continues at the next
//! byte. A truncated command at the end of the stream ends decoding. Never
//! panics, whatever the input (see the property test).

use super::escpos::{Align, DLE, ESC, FS, GS, LF};

/// One decoded element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodedLine {
    Text {
        text: String,
        align: Align,
        bold: bool,
        width: u8,
        height: u8,
    },
    Qr {
        data: Vec<u8>,
    },
    Raster {
        width_dots: usize,
        height_dots: usize,
    },
    Feed(u8),
    Cut,
    Drawer,
    /// An unknown command: its introducer and first byte.
    Unknown([u8; 2]),
}

impl DecodedLine {
    /// The text of a text line.
    pub fn text(&self) -> Option<&str> {
        match self {
            DecodedLine::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

#[derive(Default)]
struct State {
    lines: Vec<DecodedLine>,
    text: String,
    kanji: bool,
    kbuf: Vec<u8>,
    align: Align,
    bold: bool,
    width: u8,
    height: u8,
    qr_data: Vec<u8>,
    /// The last thing emitted was a graphic: its trailing LF gives no blank line.
    after_graphic: bool,
}

impl State {
    fn flush_kanji(&mut self) {
        if !self.kbuf.is_empty() {
            let (s, _) = encoding_rs::GB18030.decode_without_bom_handling(&self.kbuf);
            self.text.push_str(&s);
            self.kbuf.clear();
        }
    }

    fn end_line(&mut self) {
        self.flush_kanji();
        if self.text.is_empty() && self.after_graphic {
            self.after_graphic = false;
            return;
        }
        self.lines.push(DecodedLine::Text {
            text: std::mem::take(&mut self.text),
            align: self.align,
            bold: self.bold,
            width: self.width + 1,
            height: self.height + 1,
        });
        self.after_graphic = false;
    }

    fn emit(&mut self, line: DecodedLine) {
        self.flush_kanji();
        if !self.text.is_empty() {
            self.end_line();
        }
        self.after_graphic = matches!(line, DecodedLine::Qr { .. } | DecodedLine::Raster { .. });
        self.lines.push(line);
    }
}

/// Decodes an ESC/POS stream into lines.
pub fn decode(bytes: &[u8]) -> Vec<DecodedLine> {
    let mut st = State::default();
    let mut i = 0;
    // `arg(k)` is the k-th byte after position i, if present.
    while i < bytes.len() {
        let b = bytes[i];
        let arg = |k: usize| bytes.get(i + k).copied();
        let consumed = match b {
            LF => {
                st.end_line();
                1
            }
            b'\r' => 1,
            b'\t' => {
                st.text.push(' ');
                1
            }
            ESC => match esc(&mut st, &bytes[i..]) {
                Some(n) => n,
                None => break,
            },
            GS => match gs(&mut st, &bytes[i..]) {
                Some(n) => n,
                None => break,
            },
            FS => match arg(1) {
                Some(b'&') => {
                    st.kanji = true;
                    2
                }
                Some(b'.') => {
                    st.flush_kanji();
                    st.kanji = false;
                    2
                }
                Some(b'!' | b'-' | b'C' | b'W') => {
                    if arg(2).is_none() {
                        break;
                    }
                    3
                }
                Some(c) => {
                    st.emit(DecodedLine::Unknown([FS, c]));
                    2
                }
                None => break,
            },
            DLE => match (arg(1), arg(2)) {
                (Some(0x04 | 0x05), Some(_)) => 3,
                (Some(0x14), _) => match (arg(2), arg(3), arg(4)) {
                    (Some(_), Some(_), Some(_)) => 5,
                    _ => break,
                },
                (Some(c), _) if c != 0x04 && c != 0x05 => {
                    st.emit(DecodedLine::Unknown([DLE, c]));
                    2
                }
                _ => break,
            },
            0x00..=0x1f | 0x7f => 1,
            _ if st.kanji => {
                st.kbuf.push(b);
                1
            }
            0x20..=0x7e => {
                st.text.push(char::from(b));
                1
            }
            _ => {
                st.text.push(char::REPLACEMENT_CHARACTER);
                1
            }
        };
        i += consumed;
    }
    st.flush_kanji();
    if !st.text.is_empty() {
        st.end_line();
    }
    st.lines
}

/// Handles `ESC c …`; returns the bytes consumed, or None if truncated.
fn esc(st: &mut State, s: &[u8]) -> Option<usize> {
    let c = *s.get(1)?;
    let a1 = || s.get(2).copied();
    Some(match c {
        b'@' => {
            st.flush_kanji();
            st.kanji = false;
            st.align = Align::Left;
            st.bold = false;
            st.width = 0;
            st.height = 0;
            2
        }
        b'a' => {
            st.align = match a1()? {
                1 | b'1' => Align::Center,
                2 | b'2' => Align::Right,
                _ => Align::Left,
            };
            3
        }
        b'E' => {
            st.bold = a1()? & 1 == 1;
            3
        }
        b'd' => {
            let n = a1()?;
            st.emit(DecodedLine::Feed(n));
            st.after_graphic = false;
            3
        }
        b'p' => {
            s.get(4)?;
            st.emit(DecodedLine::Drawer);
            st.after_graphic = false;
            5
        }
        b'2' => 2,
        b'!' | b'-' | b'J' | b'3' | b't' | b'M' | b'G' | b'R' | b'{' | b'V' | b'U' => {
            a1()?;
            3
        }
        other => {
            st.emit(DecodedLine::Unknown([ESC, other]));
            st.after_graphic = false;
            2
        }
    })
}

fn le16(lo: u8, hi: u8) -> usize {
    usize::from(lo) | (usize::from(hi) << 8)
}

/// Handles `GS …` at the start of `s`; returns the bytes consumed, or None if truncated.
fn gs(st: &mut State, s: &[u8]) -> Option<usize> {
    let c = *s.get(1)?;
    Some(match c {
        b'!' => {
            let n = *s.get(2)?;
            st.width = (n >> 4) & 7;
            st.height = n & 7;
            3
        }
        b'V' => {
            let m = *s.get(2)?;
            let n = if m == 65 || m == 66 {
                s.get(3)?;
                4
            } else {
                3
            };
            st.emit(DecodedLine::Cut);
            st.after_graphic = false;
            n
        }
        b'(' => {
            let fun = *s.get(2)?;
            let len = le16(*s.get(3)?, *s.get(4)?);
            let body = s.get(5..5 + len)?;
            if fun == b'k' && body.len() >= 3 && body[0] == 49 {
                match body[1] {
                    80 => st.qr_data = body[3..].to_vec(),
                    81 => {
                        let data = std::mem::take(&mut st.qr_data);
                        st.emit(DecodedLine::Qr { data });
                    }
                    _ => {}
                }
            }
            5 + len
        }
        b'v' => {
            if *s.get(2)? != b'0' {
                st.emit(DecodedLine::Unknown([GS, c]));
                return Some(2);
            }
            let wb = le16(*s.get(4)?, *s.get(5)?);
            let h = le16(*s.get(6)?, *s.get(7)?);
            let n = wb.checked_mul(h)?;
            s.get(8..8usize.checked_add(n)?)?;
            st.emit(DecodedLine::Raster {
                width_dots: wb * 8,
                height_dots: h,
            });
            8 + n
        }
        b'L' | b'W' => {
            s.get(3)?;
            4
        }
        b'B' | b'h' | b'w' | b'H' | b'f' | b'r' | b'a' | b'b' => {
            s.get(2)?;
            3
        }
        other => {
            st.emit(DecodedLine::Unknown([GS, other]));
            st.after_graphic = false;
            2
        }
    })
}

/// Display width of text on a 58 mm printer: CJK and other non-ASCII count 2.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Renders decoded lines as plain text, `columns` wide (32 for 58 mm paper),
/// honouring alignment (double-width text takes twice the room); graphics and commands become `[…]` markers.
pub fn render(lines: &[DecodedLine], columns: usize) -> String {
    let mut out = String::new();
    for line in lines {
        let (text, align, scale) = match line {
            DecodedLine::Text {
                text, align, width, ..
            } => (text.clone(), *align, usize::from(*width)),
            DecodedLine::Qr { data } => (
                format!("[QR {}]", String::from_utf8_lossy(data)),
                Align::Center,
                1,
            ),
            DecodedLine::Raster {
                width_dots,
                height_dots,
            } => (
                format!("[RASTER {width_dots}x{height_dots}]"),
                Align::Center,
                1,
            ),
            DecodedLine::Feed(n) => {
                for _ in 0..*n {
                    out.push('\n');
                }
                continue;
            }
            DecodedLine::Cut => ("[CUT]".to_owned(), Align::Left, 1),
            DecodedLine::Drawer => ("[DRAWER]".to_owned(), Align::Left, 1),
            DecodedLine::Unknown([a, b]) => (format!("[? {a:02X} {b:02X}]"), Align::Left, 1),
        };
        let pad = columns.saturating_sub(display_width(&text) * scale);
        let left = match align {
            Align::Left => 0,
            Align::Center => pad / 2,
            Align::Right => pad,
        };
        out.push_str(&" ".repeat(left));
        out.push_str(&text);
        out.push('\n');
    }
    out
}
