//! The printable claim page: title, canteen and period, the claim table with
//! its totals, and the boxes the paper claim needs — 负责人 (head), 经办人
//! (clerk) and 盖章 (official stamp), each with a date line. Plain HTML with
//! print CSS (A4 landscape); the browser's Print or `--print-to-pdf` makes
//! the paper.

use super::Lang;
use super::claim_table::{self, ClaimTable, totals_label};
use super::html::{esc, head};

const CSS: &str = r#"@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 11pt; color: #000; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 4mm; }
p.meta { text-align: center; margin: 0 0 6mm; }
table.claim { width: 100%; border-collapse: collapse; }
table.claim th, table.claim td { border: 0.3mm solid #000; padding: 1.2mm 2mm; }
table.claim th { background: #eee; }
table.claim td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.claim tr.totals td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.signatures { display: flex; gap: 8mm; margin-top: 10mm; break-inside: avoid; }
.box { flex: 1; border: 0.3mm solid #000; height: 38mm; padding: 3mm; position: relative; }
.box .role { font-weight: bold; }
.box .date { position: absolute; left: 3mm; right: 3mm; bottom: 3mm; }
@media screen { body { max-width: 277mm; margin: 10mm auto; } }
"#;

/// The claim page of `table` for `month` (e.g. `2026年11月` or a date range)
/// at `canteen`, in `lang`.
pub fn claim_print_html(table: &ClaimTable, month: &str, canteen: &str, lang: Lang) -> String {
    let title = lang.pick(
        "社区食堂助餐补贴申报表",
        "Community canteen meal subsidy claim",
    );
    let mut html = head(lang, &format!("{title} {month}"), CSS);
    html.push_str("<body>\n");
    html.push_str(&format!("<h1>{}</h1>\n", esc(title)));
    html.push_str(&format!(
        "<p class=\"meta\">{}：{} &nbsp; {}：{}</p>\n",
        lang.pick("食堂", "Canteen"),
        esc(canteen),
        lang.pick("申报期间", "Period"),
        esc(month)
    ));
    html.push_str("<table class=\"claim\">\n<thead><tr>");
    for h in claim_table::columns(lang) {
        html.push_str(&format!("<th>{}</th>", esc(h)));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for line in &table.lines {
        html.push_str("<tr>");
        for text in line.texts(lang) {
            html.push_str(&format!("<td>{}</td>", esc(text)));
        }
        push_amounts(&mut html, line.amounts());
        html.push_str("</tr>\n");
    }
    html.push_str(&format!(
        "<tr class=\"totals\"><td colspan=\"5\">{}</td>",
        totals_label(lang)
    ));
    push_amounts(&mut html, table.totals);
    html.push_str("</tr>\n</tbody>\n</table>\n<div class=\"signatures\">\n");
    let date_line = lang.pick("日期：_____年____月____日", "Date: ____________");
    for (zh, en) in [("负责人", "Head"), ("经办人", "Clerk"), ("盖章", "Stamp")] {
        let role = match lang {
            Lang::Zh => zh.to_owned(),
            Lang::En => format!("{zh} / {en}"),
        };
        html.push_str(&format!(
            "<div class=\"box\"><div class=\"role\">{role}</div><div class=\"date\">{date_line}</div></div>\n"
        ));
    }
    html.push_str("</div>\n</body>\n</html>\n");
    html
}

fn push_amounts(html: &mut String, amounts: [i64; 6]) {
    for text in claim_table::number_texts(amounts) {
        html.push_str(&format!("<td class=\"num\">{text}</td>"));
    }
}
