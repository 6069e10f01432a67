//! The subsidy claim as an XLSX workbook for Excel: sheet 补贴申报 / Claim
//! (the claim table with Chinese headers, amounts as yuan numbers formatted
//! `¥#,##0.00`, columns wide enough for Chinese text, a bold totals row of
//! `SUM` formulas with their values cached, the header row frozen and repeated
//! on every printed page, landscape A4 fitted to one page wide) and sheet
//! 用餐明细 / Meals (each meal line behind it, with the masked ID only).

use rust_xlsxwriter::{Format, FormatBorder, Formula, Workbook, Worksheet, XlsxError};

use super::claim_table::{self, ClaimTable, Labels, NumberKind, totals_label};
use super::{Lang, yuan_number};
use crate::error::{OfficeError, Result};
use crate::report::MealRow;

/// The yuan number format of every amount cell.
pub const YUAN_FORMAT: &str = "¥#,##0.00";

/// The header row's look in every workbook the office writes: bold on pale
/// blue, ruled below.
pub fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_border_bottom(FormatBorder::Thin)
}

/// Excel's paper size code for A4.
const A4: u8 = 9;

impl From<XlsxError> for OfficeError {
    fn from(e: XlsxError) -> Self {
        OfficeError::Store(format!("cannot write the workbook: {e}"))
    }
}

/// The meal list's column headers.
fn meal_columns(lang: Lang) -> [&'static str; 13] {
    match lang {
        Lang::Zh => [
            "食堂",
            "终端",
            "流水号",
            "日期",
            "餐次",
            "菜品",
            "年龄段",
            "补贴类别",
            "身份证号（脱敏）",
            "份数",
            "市场价（元）",
            "个人支付（元）",
            "补贴金额（元）",
        ],
        Lang::En => [
            "Canteen",
            "Terminal",
            "Seq",
            "Date",
            "Meal period",
            "Item",
            "Tier",
            "Category",
            "ID (masked)",
            "Meals",
            "Market (yuan)",
            "Paid (yuan)",
            "Subsidy (yuan)",
        ],
    }
}

/// The width Excel needs for `text`: a CJK character takes two columns.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Tracks each column's widest cell and sets the widths at the end.
pub(super) struct Widths(Vec<usize>);

impl Widths {
    pub(super) fn new(headers: &[&str]) -> Widths {
        Widths(headers.iter().map(|h| display_width(h)).collect())
    }

    pub(super) fn see(&mut self, col: usize, text: &str) {
        self.0[col] = self.0[col].max(display_width(text));
    }

    pub(super) fn apply(&self, ws: &mut Worksheet) -> Result<()> {
        for (col, w) in self.0.iter().enumerate() {
            ws.set_column_width(col as u16, (*w + 2).clamp(8, 48) as f64)?;
        }
        Ok(())
    }
}

fn column_letter(col: u16) -> String {
    let mut n = col as u32 + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

/// Header row, frozen and printed on every page; landscape A4, one page wide.
pub(super) fn set_up(ws: &mut Worksheet, headers: &[&str], bold: &Format) -> Result<()> {
    for (col, name) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    ws.set_landscape();
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The workbook of `table` and its `meals`, as bytes.
pub fn claim_xlsx(table: &ClaimTable, meals: &[MealRow], lang: Lang) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let header = header_format();
    let yuan = Format::new().set_num_format(YUAN_FORMAT);
    let bold = Format::new().set_bold().set_border_top(FormatBorder::Thin);
    let bold_yuan = bold.clone().set_num_format(YUAN_FORMAT);

    let headers = claim_table::columns(lang);
    let ws = book
        .add_worksheet()
        .set_name(lang.pick("补贴申报", "Claim"))?;
    set_up(ws, &headers, &header)?;
    let mut widths = Widths::new(&headers);
    for (i, line) in table.lines.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in line.texts(lang).into_iter().enumerate() {
            ws.write_string(row, col as u16, text)?;
            widths.see(col, text);
        }
        for (k, value) in line.amounts().into_iter().enumerate() {
            let col = 5 + k;
            match claim_table::NUMBER_KINDS[k] {
                NumberKind::Meals => ws.write_number(row, col as u16, value as f64)?,
                NumberKind::Fen => {
                    widths.see(col, &format!("¥{:.2},", yuan_number(value)));
                    ws.write_number_with_format(row, col as u16, yuan_number(value), &yuan)?
                }
            };
        }
    }
    // The totals row: SUM formulas over the lines, their values cached so a
    // reader that does not calculate (or a preview) shows them too.
    let total_row = table.lines.len() as u32 + 1;
    ws.write_string_with_format(total_row, 0, totals_label(lang), &bold)?;
    for col in 1..5 {
        ws.write_blank(total_row, col, &bold)?;
    }
    for (k, value) in table.totals.into_iter().enumerate() {
        let col = 5 + k as u16;
        let letter = column_letter(col);
        let (result, format) = match claim_table::NUMBER_KINDS[k] {
            NumberKind::Meals => (value.to_string(), &bold),
            NumberKind::Fen => (format!("{}", yuan_number(value)), &bold_yuan),
        };
        let formula =
            Formula::new(format!("=SUM({letter}2:{letter}{total_row})")).set_result(result);
        ws.write_formula_with_format(total_row, col, formula, format)?;
    }
    widths.apply(ws)?;

    meal_sheet(&mut book, &table.labels, meals, lang, &header, &yuan)?;
    Ok(book.save_to_buffer()?)
}

fn meal_sheet(
    book: &mut Workbook,
    labels: &Labels,
    meals: &[MealRow],
    lang: Lang,
    header: &Format,
    yuan: &Format,
) -> Result<()> {
    let headers = meal_columns(lang);
    let ws = book
        .add_worksheet()
        .set_name(lang.pick("用餐明细", "Meals"))?;
    set_up(ws, &headers, header)?;
    let mut widths = Widths::new(&headers);
    for (i, m) in meals.iter().enumerate() {
        let row = i as u32 + 1;
        let period = labels.period(&m.period);
        let item = labels.item(&m.item);
        let tier = labels.tier(&m.tier);
        let category = labels.category(&m.category);
        let texts = [
            (0, m.canteen.as_str()),
            (1, m.device_id.as_str()),
            (3, m.date.as_str()),
            (4, period.pick(lang)),
            (5, item.pick(lang)),
            (6, tier.pick(lang)),
            (7, category.pick(lang)),
            // Masked at the kiosk before it was ever sent: never a full ID.
            (8, m.diner.as_str()),
        ];
        for (col, text) in texts {
            ws.write_string(row, col, text)?;
            widths.see(col as usize, text);
        }
        ws.write_number(row, 2, m.seq as f64)?;
        ws.write_number(row, 9, m.sign as f64)?;
        ws.write_number_with_format(row, 10, yuan_number(m.sign * m.market_fen), yuan)?;
        ws.write_number_with_format(row, 11, yuan_number(m.sign * m.paid_fen), yuan)?;
        ws.write_number_with_format(row, 12, yuan_number(m.sign * m.subsidy_fen), yuan)?;
    }
    widths.see(2, "000000");
    widths.see(10, "¥00,000.00");
    widths.see(11, "¥00,000.00");
    widths.see(12, "¥00,000.00");
    widths.apply(ws)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_are_lettered_like_excel() {
        assert_eq!(super::column_letter(0), "A");
        assert_eq!(super::column_letter(8), "I");
        assert_eq!(super::column_letter(26), "AA");
        assert_eq!(super::display_width("低保ab"), 6);
    }
}
