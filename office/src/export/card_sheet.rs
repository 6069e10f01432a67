//! The printable sheet of meal cards: A4 pages of card-sized cells (85.6 ×
//! 54 mm, the ID-1 size of a bank card), two across and five down, each with
//! the card's signed QR code as inline SVG, the holder's masked name, the card
//! number, and cut marks at its corners. Printed from a browser (or
//! `chromium --print-to-pdf`) at 100 %.

use qrcode::QrCode;
use qrcode::render::svg;

use super::Lang;
use super::html::{esc, head};

/// Cards on one A4 page: two columns of five.
const PER_PAGE: usize = 10;

/// One card to print.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardCell {
    pub card_no: String,
    /// The holder's masked name (`张*明`), never the full name.
    pub masked_name: String,
    /// The QR payload: the office-signed meal-card text
    /// (`OfficeKey::card_qr_text`).
    pub qr_text: String,
}

const CSS: &str = r#"@page { size: A4; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", sans-serif; }
.page { display: grid; grid-template-columns: repeat(2, 85.6mm); grid-auto-rows: 54mm; gap: 1mm 6mm; justify-content: center; break-after: page; }
.page:last-child { break-after: auto; }
.card { position: relative; width: 85.6mm; height: 54mm; padding: 5mm; display: flex; align-items: center; gap: 4mm; }
.qr svg { display: block; width: 38mm; height: 38mm; }
.who { flex: 1; }
.canteen { font-size: 9pt; color: #333; margin-bottom: 3mm; }
.name { font-size: 16pt; font-weight: bold; margin-bottom: 2mm; }
.no { font-family: "DejaVu Sans Mono", monospace; font-size: 11pt; letter-spacing: 0.3mm; }
.cut { position: absolute; width: 4mm; height: 4mm; border: 0 solid #000; }
.tl { top: 0; left: 0; border-top-width: 0.2mm; border-left-width: 0.2mm; }
.tr { top: 0; right: 0; border-top-width: 0.2mm; border-right-width: 0.2mm; }
.bl { bottom: 0; left: 0; border-bottom-width: 0.2mm; border-left-width: 0.2mm; }
.br { bottom: 0; right: 0; border-bottom-width: 0.2mm; border-right-width: 0.2mm; }
"#;

/// The QR of `text` as an inline `<svg>` element (no XML declaration).
pub fn qr_svg(text: &str) -> String {
    let svg = match QrCode::new(text.as_bytes()) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(200, 200)
            .quiet_zone(true)
            .build(),
        // A payload too long for any QR version: say so on the card itself.
        Err(e) => return format!("<p>{}</p>", esc(&e.to_string())),
    };
    match svg.find("<svg") {
        Some(start) => svg[start..].to_owned(),
        None => svg,
    }
}

/// The HTML of the sheet of `cards`, in `lang`.
pub fn card_sheet_html(cards: &[CardCell], lang: Lang) -> String {
    let title = lang.pick("饭卡打印页", "Meal cards");
    let mut html = head(lang, title, CSS);
    html.push_str("<body>\n");
    let heading = lang.pick("社区食堂饭卡", "Community canteen meal card");
    let card_label = lang.pick("卡号", "Card");
    for page in cards.chunks(PER_PAGE) {
        html.push_str("<section class=\"page\">\n");
        for card in page {
            html.push_str(&format!(
                concat!(
                    "<div class=\"card\">",
                    "<i class=\"cut tl\"></i><i class=\"cut tr\"></i><i class=\"cut bl\"></i><i class=\"cut br\"></i>",
                    "<div class=\"qr\">{qr}</div>",
                    "<div class=\"who\"><div class=\"canteen\">{heading}</div>",
                    "<div class=\"name\">{name}</div>",
                    "<div class=\"no\">{label} {no}</div></div>",
                    "</div>\n"
                ),
                qr = qr_svg(&card.qr_text),
                heading = esc(heading),
                name = esc(&card.masked_name),
                label = card_label,
                no = esc(&card.card_no),
            ));
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    html
}
