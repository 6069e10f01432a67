//! The subsidy claim as a CSV for Excel on Chinese Windows: a UTF-8 byte-order
//! mark (without it Excel reads the file as GBK and shows mojibake), Chinese
//! (or English) headers and labels, amounts in yuan with two decimals, and a
//! totals row. The machine CSV (`report subsidy --format csv`: English ids,
//! fen) is a separate, unchanged contract.

use super::claim_table::{self, ClaimTable, totals_label};
use super::{Lang, yuan_text};

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
        let [meals, amounts @ ..] = line.amounts();
        let meals = meals.to_string();
        let amounts = amounts.map(yuan_text);
        let mut fields: Vec<&str> = line.texts(lang).to_vec();
        fields.push(&meals);
        fields.extend(amounts.iter().map(String::as_str));
        record(&mut w, &fields);
    }
    let [meals, amounts @ ..] = table.totals.amounts();
    let meals = meals.to_string();
    let amounts = amounts.map(yuan_text);
    let mut fields = vec![totals_label(lang), "", "", "", "", &meals];
    fields.extend(amounts.iter().map(String::as_str));
    record(&mut w, &fields);
    w.into_inner()
        .expect("flushing CSV into memory cannot fail")
}
