//! Rendering without a display: a Slint platform whose only window is a
//! `MinimalSoftwareWindow`, drawn by the software renderer into a pixel buffer
//! and saved as PNG. Used by `canteen screenshots` and the benchmark.

use std::path::Path;
use std::rc::Rc;

use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use slint::{PhysicalSize, PlatformError, Rgb8Pixel};

/// The platform: one offscreen window of a fixed size.
pub struct OffscreenPlatform {
    window: Rc<MinimalSoftwareWindow>,
    start: std::time::Instant,
}

thread_local! {
    /// The window of the platform installed on this thread, if any.
    static INSTALLED: std::cell::RefCell<Option<Rc<MinimalSoftwareWindow>>> =
        const { std::cell::RefCell::new(None) };
}

impl OffscreenPlatform {
    /// Installs the platform before any component exists, or, when this
    /// thread installed it already, resizes its one window (so one process
    /// can render several sizes, one after the other).
    pub fn install(width: u32, height: u32) -> Result<Rc<MinimalSoftwareWindow>, PlatformError> {
        if let Some(window) = INSTALLED.with(|w| w.borrow().clone()) {
            window.set_size(PhysicalSize::new(width, height));
            return Ok(window);
        }
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        window.set_size(PhysicalSize::new(width, height));
        slint::platform::set_platform(Box::new(OffscreenPlatform {
            window: window.clone(),
            start: std::time::Instant::now(),
        }))
        .map_err(|e| PlatformError::Other(e.to_string()))?;
        INSTALLED.with(|w| *w.borrow_mut() = Some(window.clone()));
        Ok(window)
    }
}

impl Platform for OffscreenPlatform {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        Ok(self.window.clone())
    }

    fn duration_since_start(&self) -> core::time::Duration {
        self.start.elapsed()
    }
}

/// Renders the window's current content into RGB bytes.
pub fn render_rgb(window: &MinimalSoftwareWindow) -> (u32, u32, Vec<u8>) {
    let size = window.size();
    let (w, h) = (size.width, size.height);
    let mut buffer = vec![Rgb8Pixel::new(0, 0, 0); (w * h) as usize];
    slint::platform::update_timers_and_animations();
    window.request_redraw();
    window.draw_if_needed(|renderer| {
        renderer.render(&mut buffer, w as usize);
    });
    let mut rgb = Vec::with_capacity(buffer.len() * 3);
    for p in buffer {
        rgb.extend_from_slice(&[p.r, p.g, p.b]);
    }
    (w, h, rgb)
}

/// Writes RGB bytes as a PNG file.
pub fn write_png(path: &Path, width: u32, height: u32, rgb: &[u8]) -> std::io::Result<()> {
    let file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut encoder = png::Encoder::new(file, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(std::io::Error::other)?;
    writer
        .write_image_data(rgb)
        .map_err(std::io::Error::other)?;
    writer.finish().map_err(std::io::Error::other)
}
