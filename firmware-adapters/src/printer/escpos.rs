//! The ESC/POS document model and encoder. Pure: a [`Document`] in, bytes out.
//!
//! The kiosk fills a [`Document`] with lines (size, bold, alignment), QR codes,
//! feeds, a cut and, for cash sales after commit, a drawer kick; [`encode`]
//! turns it into bytes:
//!
//! - `ESC @` initialises the printer.
//! - Each text line sets `ESC a` (alignment), `ESC E` (bold) and `GS !`
//!   (size), then the text, then `LF`. Runs of non-ASCII text are GB18030
//!   bytes (`encoding_rs`) between `FS &` (Chinese mode on) and `FS .` (off).
//! - QR codes use `GS ( k` (model 2, module size, error correction M, store,
//!   print) or, with [`QrMode::Raster`], a bitmap made with the `qrcode` crate
//!   sent as `GS v 0`.
//! - `ESC d n` feeds, `GS V 66 n` feeds and cuts, `ESC p 0 25 250` kicks the
//!   drawer.
//!
//! Every piece of text goes through [`sanitize`], which strips control
//! characters (C0, DEL, C1): a name or item that came from data can never
//! smuggle a command (for example `ESC p`, the drawer kick) into the stream.
//! QR data is length-prefixed in `GS ( k` and rendered as pixels in `GS v 0`,
//! so it cannot inject commands either.

use qrcode::{EcLevel, QrCode};
use thiserror::Error;

pub const ESC: u8 = 0x1b;
pub const GS: u8 = 0x1d;
pub const FS: u8 = 0x1c;
pub const DLE: u8 = 0x10;
pub const EOT: u8 = 0x04;
pub const LF: u8 = 0x0a;

/// Horizontal alignment of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
}

/// Character size and weight of a line. Width and height are multipliers 1–8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextStyle {
    pub width: u8,
    pub height: u8,
    pub bold: bool,
    pub align: Align,
}

impl Default for TextStyle {
    fn default() -> Self {
        Self {
            width: 1,
            height: 1,
            bold: false,
            align: Align::Left,
        }
    }
}

impl TextStyle {
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn size(mut self, width: u8, height: u8) -> Self {
        self.width = width;
        self.height = height;
        self
    }
    pub fn align(mut self, align: Align) -> Self {
        self.align = align;
        self
    }
    pub fn center() -> Self {
        Self::default().align(Align::Center)
    }
}

/// One element of a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Text { text: String, style: TextStyle },
    Qr { data: String, align: Align },
    Feed(u8),
    Cut,
    DrawerKick,
}

/// A receipt (or any printout) as a list of blocks, filled by the caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    pub blocks: Vec<Block>,
}

impl Document {
    pub fn new() -> Self {
        Self::default()
    }
    /// A plain left-aligned line.
    pub fn line(self, text: impl Into<String>) -> Self {
        self.styled(text, TextStyle::default())
    }
    pub fn styled(mut self, text: impl Into<String>, style: TextStyle) -> Self {
        self.blocks.push(Block::Text {
            text: text.into(),
            style,
        });
        self
    }
    /// A centred QR code.
    pub fn qr(mut self, data: impl Into<String>) -> Self {
        self.blocks.push(Block::Qr {
            data: data.into(),
            align: Align::Center,
        });
        self
    }
    pub fn feed(mut self, lines: u8) -> Self {
        self.blocks.push(Block::Feed(lines));
        self
    }
    pub fn cut(mut self) -> Self {
        self.blocks.push(Block::Cut);
        self
    }
    /// Opens the cash drawer. Only for cash sales, after the sale committed.
    pub fn drawer_kick(mut self) -> Self {
        self.blocks.push(Block::DrawerKick);
        self
    }
    pub fn push(&mut self, block: Block) {
        self.blocks.push(block);
    }
}

/// How QR codes are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QrMode {
    /// The printer renders the code (`GS ( k`).
    #[default]
    Native,
    /// A bitmap rendered here (`GS v 0`), for printers without `GS ( k`.
    Raster,
}

/// Printer capabilities the encoding depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncodeOptions {
    pub qr: QrMode,
    /// QR module size in dots (1–16).
    pub qr_module: u8,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        Self {
            qr: QrMode::Native,
            qr_module: 6,
        }
    }
}

/// Why a document could not be encoded.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum EncodeError {
    #[error("二维码内容过长 / QR data too long ({0} bytes)")]
    QrTooLong(usize),
}

/// Removes control characters (C0, DEL, C1) from text that came from data.
pub fn sanitize(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// Encodes a document as ESC/POS bytes.
pub fn encode(doc: &Document, opts: &EncodeOptions) -> Result<Vec<u8>, EncodeError> {
    let mut out = vec![ESC, b'@'];
    for block in &doc.blocks {
        match block {
            Block::Text { text, style } => encode_text(&mut out, text, style),
            Block::Qr { data, align } => {
                out.extend_from_slice(&[ESC, b'a', align_byte(*align)]);
                match opts.qr {
                    QrMode::Native => encode_qr_native(&mut out, data, opts.qr_module)?,
                    QrMode::Raster => encode_qr_raster(&mut out, data, opts.qr_module)?,
                }
                out.push(LF);
            }
            Block::Feed(n) => out.extend_from_slice(&[ESC, b'd', *n]),
            Block::Cut => out.extend_from_slice(&[GS, b'V', 66, 3]),
            Block::DrawerKick => out.extend_from_slice(&[ESC, b'p', 0, 25, 250]),
        }
    }
    Ok(out)
}

fn align_byte(a: Align) -> u8 {
    match a {
        Align::Left => 0,
        Align::Center => 1,
        Align::Right => 2,
    }
}

fn encode_text(out: &mut Vec<u8>, text: &str, style: &TextStyle) {
    let w = style.width.clamp(1, 8) - 1;
    let h = style.height.clamp(1, 8) - 1;
    out.extend_from_slice(&[ESC, b'a', align_byte(style.align)]);
    out.extend_from_slice(&[ESC, b'E', u8::from(style.bold)]);
    out.extend_from_slice(&[GS, b'!', (w << 4) | h]);
    let clean = sanitize(text);
    let mut rest = clean.as_str();
    while !rest.is_empty() {
        let first_ascii = rest.starts_with(|c: char| c.is_ascii());
        let split = rest
            .find(|c: char| c.is_ascii() != first_ascii)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(split);
        if run.is_ascii() {
            out.extend_from_slice(run.as_bytes());
        } else {
            let (bytes, _, _) = encoding_rs::GB18030.encode(run);
            out.extend_from_slice(&[FS, b'&']);
            out.extend_from_slice(&bytes);
            out.extend_from_slice(&[FS, b'.']);
        }
        rest = tail;
    }
    // Back to normal size and weight so a raw LF-only consumer is not surprised.
    out.extend_from_slice(&[LF, ESC, b'E', 0, GS, b'!', 0]);
}

/// Longest QR payload accepted (byte mode, level M, version 40 holds 2331).
pub const QR_MAX: usize = 2331;

fn encode_qr_native(out: &mut Vec<u8>, data: &str, module: u8) -> Result<(), EncodeError> {
    let bytes = data.as_bytes();
    if bytes.len() > QR_MAX {
        return Err(EncodeError::QrTooLong(bytes.len()));
    }
    // Model 2.
    out.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    // Module size.
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, module.clamp(1, 16)]);
    // Error correction M.
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
    // Store the data: pL pH count the 3 bytes `49 80 48` plus the data.
    let len = bytes.len() + 3;
    let [pl, ph] = le16(len);
    out.extend_from_slice(&[GS, b'(', b'k', pl, ph, 49, 80, 48]);
    out.extend_from_slice(bytes);
    // Print.
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
    Ok(())
}

/// Renders `data` as a QR bitmap: rows of `width` dots, 1 = black, MSB first,
/// with a quiet zone of 4 modules. Returns (width in bytes, height, bits).
pub fn qr_bitmap(data: &str, module: u8) -> Result<(usize, usize, Vec<u8>), EncodeError> {
    let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
        .map_err(|_| EncodeError::QrTooLong(data.len()))?;
    let n = code.width();
    let colors = code.to_colors();
    let scale = usize::from(module.clamp(1, 16));
    let quiet = 4;
    let dots = (n + 2 * quiet) * scale;
    let width_bytes = dots.div_ceil(8);
    let mut bits = vec![0u8; width_bytes * dots];
    for y in 0..dots {
        for x in 0..dots {
            let (mx, my) = (
                (x / scale).wrapping_sub(quiet),
                (y / scale).wrapping_sub(quiet),
            );
            let dark = mx < n && my < n && colors[my * n + mx] == qrcode::Color::Dark;
            if dark {
                bits[y * width_bytes + x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    Ok((width_bytes, dots, bits))
}

/// A count as ESC/POS writes it after a command: low byte, then high byte
/// (the caller has kept it within 16 bits).
fn le16(n: usize) -> [u8; 2] {
    [(n & 0xff) as u8, (n >> 8) as u8]
}

fn encode_qr_raster(out: &mut Vec<u8>, data: &str, module: u8) -> Result<(), EncodeError> {
    if data.len() > QR_MAX {
        return Err(EncodeError::QrTooLong(data.len()));
    }
    let (wb, h, bits) = qr_bitmap(data, module)?;
    if wb > 0xffff || h > 0xffff {
        return Err(EncodeError::QrTooLong(data.len()));
    }
    let ([xl, xh], [yl, yh]) = (le16(wb), le16(h));
    out.extend_from_slice(&[GS, b'v', b'0', 0, xl, xh, yl, yh]);
    out.extend_from_slice(&bits);
    Ok(())
}
