//! The office's export files and the files it reads from Excel users: the
//! subsidy claim as an XLSX workbook and as a CSV that Excel on Chinese Windows
//! opens correctly (UTF-8 byte-order mark, Chinese headers, yuan), the
//! printable claim page with its signature and stamp boxes, the printable A4
//! sheet of meal cards, the community fund's monthly statement, and the registry file as Excel saves it (XLSX, or CSV
//! in UTF-8 or GB18030, Chinese or English headers).
//!
//! Every function takes plain data (or, for a registry file read row by row,
//! a reader) and returns bytes or a `String`, so the CLI and the web pages
//! call the same code; none opens a file or touches the database.
//! Only masked ID numbers and names ever reach these files.

mod card_sheet;
mod claim_csv;
mod claim_print;
pub mod claim_table;
mod claim_xlsx;
mod fund_statement;
pub(crate) mod html;
mod registry_csv;
pub mod registry_file;

pub use card_sheet::{CardCell, card_sheet_html, qr_svg};
pub use claim_csv::claim_csv;
pub use claim_print::claim_print_html;
pub use claim_table::{ClaimLine, ClaimTable, Label, Labels};
pub use claim_xlsx::claim_xlsx;
pub use fund_statement::{fund_html, fund_tables, fund_title, fund_xlsx};

/// The language of an export's headers and labels (core's one `Lang`).
pub use canteen_core::Lang;

/// An amount of fen as yuan with two decimals and no currency sign
/// (`1234` → `12.34`, `-5` → `-0.05`): what a spreadsheet reads as a number.
pub fn yuan_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Fen as a yuan number for a spreadsheet cell.
pub fn yuan_number(fen: i64) -> f64 {
    fen as f64 / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_text_has_two_decimals_and_a_sign() {
        assert_eq!(yuan_text(1234), "12.34");
        assert_eq!(yuan_text(-5), "-0.05");
        assert_eq!(yuan_text(0), "0.00");
        assert_eq!(yuan_number(1250), 12.5);
    }
}
