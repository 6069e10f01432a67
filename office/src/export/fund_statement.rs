//! The community fund's monthly statement for people: an XLSX workbook
//! (sheet 合伙人 / Partners: each partner's terms, revenue, share, fixed
//! amount, due, paid and still owed, in yuan with a totals row; sheet 基金 /
//! Fund: the balance and the month's payments and spending) and a printable
//! page with the same tables and signature boxes.

use rust_xlsxwriter::{Format, Workbook};

use super::claim_xlsx::{Widths, YUAN_FORMAT, header_format, set_up};
use super::html::{esc, head};
use super::{Lang, yuan_number, yuan_text};
use crate::error::Result;
use crate::report::FundStatement;
use crate::store::fund::EntryKind;

fn partner_columns(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "合伙人",
            "协议",
            "营业额（元）",
            "分成（元）",
            "固定金额（元）",
            "本月应缴（元）",
            "本月已缴（元）",
            "累计欠缴（元）",
        ],
        Lang::En => [
            "Partner",
            "Terms",
            "Revenue (yuan)",
            "Share (yuan)",
            "Fixed (yuan)",
            "Due (yuan)",
            "Paid (yuan)",
            "Owed to date (yuan)",
        ],
    }
}

fn entry_columns(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["日期", "类型", "合伙人", "金额（元）", "说明 / 经办人"],
        Lang::En => [
            "Date",
            "Kind",
            "Partner",
            "Amount (yuan)",
            "Note / entered by",
        ],
    }
}

fn kind_label(kind: EntryKind, lang: Lang) -> &'static str {
    match kind {
        EntryKind::Payment => lang.pick("缴入", "Payment"),
        EntryKind::Spending => lang.pick("支出", "Spending"),
    }
}

/// The fund's balance lines: (label, fen).
fn balance_lines(s: &FundStatement, lang: Lang) -> [(&'static str, i64); 4] {
    [
        (lang.pick("期初余额", "Opening balance"), s.fund.opening_fen),
        (lang.pick("本月缴入", "Paid in"), s.fund.paid_in_fen),
        (lang.pick("本月支出", "Spent"), s.fund.spent_fen),
        (lang.pick("期末余额", "Closing balance"), s.fund.closing_fen),
    ]
}

fn partner_amounts(p: &crate::report::PartnerStatement) -> [i64; 6] {
    [
        p.revenue_fen,
        p.share_fen,
        p.fixed_fen,
        p.due_fen,
        p.paid_fen,
        p.owed_after_fen,
    ]
}

fn totals(s: &FundStatement) -> [i64; 6] {
    let mut t = [0; 6];
    for p in &s.partners {
        for (sum, fen) in t.iter_mut().zip(partner_amounts(p)) {
            *sum += fen;
        }
    }
    t
}

/// The statement as an XLSX workbook's bytes.
pub fn fund_xlsx(s: &FundStatement, lang: Lang) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let header = header_format();
    let yuan = Format::new().set_num_format(YUAN_FORMAT);
    let bold_yuan = Format::new().set_bold().set_num_format(YUAN_FORMAT);
    let bold = Format::new().set_bold();

    let headers = partner_columns(lang);
    let ws = book
        .add_worksheet()
        .set_name(lang.pick("合伙人", "Partners"))?;
    set_up(ws, &headers, &header)?;
    let mut widths = Widths::new(&headers);
    let mut row = 1;
    for p in &s.partners {
        for (col, text) in [&p.operator, &p.terms].into_iter().enumerate() {
            ws.write_string(row, col as u16, text.as_str())?;
            widths.see(col, text);
        }
        for (i, fen) in partner_amounts(p).into_iter().enumerate() {
            ws.write_number_with_format(row, 2 + i as u16, yuan_number(fen), &yuan)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, lang.pick("合计", "Total"), &bold)?;
    for (i, fen) in totals(s).into_iter().enumerate() {
        ws.write_number_with_format(row, 2 + i as u16, yuan_number(fen), &bold_yuan)?;
    }
    widths.apply(ws)?;

    let headers = entry_columns(lang);
    let ws = book.add_worksheet().set_name(lang.pick("基金", "Fund"))?;
    set_up(ws, &headers, &header)?;
    let mut widths = Widths::new(&headers);
    let mut row = 1;
    for e in &s.entries {
        let note = format!("{} / {}", e.note, e.entered_by);
        let texts = [
            e.on_date.to_string(),
            kind_label(e.kind, lang).to_owned(),
            e.operator.clone().unwrap_or_default(),
        ];
        for (col, text) in texts.iter().enumerate() {
            ws.write_string(row, col as u16, text.as_str())?;
            widths.see(col, text);
        }
        ws.write_number_with_format(row, 3, yuan_number(e.amount_fen), &yuan)?;
        ws.write_string(row, 4, &note)?;
        widths.see(4, &note);
        row += 1;
    }
    row += 1;
    for (label, fen) in balance_lines(s, lang) {
        ws.write_string_with_format(row, 2, label, &bold)?;
        ws.write_number_with_format(row, 3, yuan_number(fen), &bold_yuan)?;
        row += 1;
    }
    widths.apply(ws)?;
    Ok(book.save_to_buffer()?)
}

const CSS: &str = r#"@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 11pt; color: #000; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 0.3mm solid #000; padding: 1.2mm 2mm; }
th { background: #eee; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.totals td { font-weight: bold; }
.signatures { display: flex; gap: 8mm; margin-top: 10mm; break-inside: avoid; }
.box { flex: 1; border: 0.3mm solid #000; height: 30mm; padding: 3mm; font-weight: bold; }
@media screen { body { max-width: 277mm; margin: 10mm auto; } }
"#;

fn row(cells: &[String], nums: &[i64]) -> String {
    let mut html = String::from("<tr>");
    for c in cells {
        html.push_str(&format!("<td>{}</td>", esc(c)));
    }
    for fen in nums {
        html.push_str(&format!("<td class=\"num\">{}</td>", yuan_text(*fen)));
    }
    html.push_str("</tr>\n");
    html
}

fn table_head(headers: &[&str]) -> String {
    let cells: String = headers
        .iter()
        .map(|h| format!("<th>{}</th>", esc(h)))
        .collect();
    format!("<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n")
}

/// The statement's title: `社区基金月度对账单 2026-11`.
pub fn fund_title(s: &FundStatement, lang: Lang) -> String {
    format!(
        "{} {}",
        lang.pick("社区基金月度对账单", "Community fund statement"),
        s.month
    )
}

/// The statement as a printable page: [`fund_tables`] under its title, with
/// signature and stamp boxes.
pub fn fund_html(s: &FundStatement, lang: Lang) -> String {
    let title = fund_title(s, lang);
    let mut html = head(lang, &title, CSS);
    html.push_str(&format!("<body>\n<h1>{}</h1>\n", esc(&title)));
    html.push_str(&fund_tables(s, lang));
    html.push_str("<div class=\"signatures\">\n");
    for role in [
        lang.pick("负责人", "Head"),
        lang.pick("经办人", "Clerk"),
        lang.pick("盖章", "Stamp"),
    ] {
        html.push_str(&format!("<div class=\"box\">{}</div>\n", esc(role)));
    }
    html.push_str("</div>\n</body>\n</html>\n");
    html
}

/// The statement's tables (partners with totals, the month's fund entries,
/// the balance) as escaped HTML, for the printable page and the office's
/// web page alike.
pub fn fund_tables(s: &FundStatement, lang: Lang) -> String {
    let mut html = format!("<h2>{}</h2>\n", lang.pick("合伙人", "Partners"));
    html.push_str(&table_head(&partner_columns(lang)));
    for p in &s.partners {
        html.push_str(&row(
            &[p.operator.clone(), p.terms.clone()],
            &partner_amounts(p),
        ));
    }
    html.push_str(
        &row(
            &[lang.pick("合计", "Total").to_owned(), String::new()],
            &totals(s),
        )
        .replacen("<tr>", "<tr class=\"totals\">", 1),
    );
    html.push_str("</tbody>\n</table>\n");
    html.push_str(&format!(
        "<h2>{}</h2>\n",
        lang.pick("基金收支", "Fund entries")
    ));
    html.push_str(&table_head(&entry_columns(lang)));
    for e in &s.entries {
        let cells = [
            e.on_date.to_string(),
            kind_label(e.kind, lang).to_owned(),
            e.operator.clone().unwrap_or_default(),
        ];
        html.push_str(&format!(
            "<tr>{}<td class=\"num\">{}</td><td>{}</td></tr>\n",
            cells
                .iter()
                .map(|c| format!("<td>{}</td>", esc(c)))
                .collect::<String>(),
            yuan_text(e.amount_fen),
            esc(&format!("{} / {}", e.note, e.entered_by))
        ));
    }
    html.push_str("</tbody>\n</table>\n<table>\n<tbody>\n");
    for (label, fen) in balance_lines(s, lang) {
        html.push_str(&row(&[label.to_owned()], &[fen]));
    }
    html.push_str("</tbody>\n</table>\n");
    html
}
