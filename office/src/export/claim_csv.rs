//! The subsidy claim as a CSV for Excel on Chinese Windows: a UTF-8 byte-order
//! mark (without it Excel reads the file as GBK and shows mojibake), Chinese
//! (or English) headers and labels, amounts in yuan with two decimals, and a
//! totals row. The machine CSV (`report subsidy --format csv`: English ids,
//! fen) is a separate, unchanged contract.

use super::Lang;
use super::claim_table::{self, ClaimTable, number_texts, totals_label};

/// The UTF-8 byte-order mark Excel needs to read the file as UTF-8.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The CSV of `table`, byte-order mark first.
pub fn claim_csv(table: &ClaimTable, lang: Lang) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    let record = |w: &mut csv::Writer<Vec<u8>>, fields: &[&str]| {
        w.write_record(fields)
            .expect("writing CSV into memory cannot fail");
    };
    record(&mut w, &claim_table::columns(lang));
    for line in &table.lines {
        let numbers = number_texts(line.amounts());
        let mut fields: Vec<&str> = line.texts(lang).to_vec();
        fields.extend(numbers.iter().map(String::as_str));
        record(&mut w, &fields);
    }
    let numbers = number_texts(table.totals);
    let mut fields = vec![totals_label(lang), "", "", "", ""];
    fields.extend(numbers.iter().map(String::as_str));
    record(&mut w, &fields);
    w.into_inner()
        .expect("flushing CSV into memory cannot fail")
}
