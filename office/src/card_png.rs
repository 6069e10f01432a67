//! A meal card's QR code as a PNG: black modules on white, 8 pixels a module,
//! with the standard 4-module quiet zone, ready to print on the card.

use std::path::Path;

use qrcode::{Color, QrCode};

use crate::error::{OfficeError, Result};

const SCALE: usize = 8;
const QUIET: usize = 4;

/// Writes the QR of `text` to `path`.
pub fn write(text: &str, path: &Path) -> Result<()> {
    let code = QrCode::new(text.as_bytes())
        .map_err(|e| OfficeError::Store(format!("cannot encode the QR: {e}")))?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (i, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (i % modules + QUIET, i / modules + QUIET);
            for y in my * SCALE..(my + 1) * SCALE {
                pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
            }
        }
    }
    let png_error =
        |e: png::EncodingError| OfficeError::Store(format!("cannot write the PNG: {e}"));
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, side as u32, side as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(png_error)?;
    writer.write_image_data(&pixels).map_err(png_error)?;
    writer.finish().map_err(png_error)?;
    Ok(())
}
