//! The office's documents for people, built from the store: the subsidy
//! claim's files (XLSX, CSV for Excel, printable page) and the printable
//! meal-card sheet. The CLI writes them to files and the web back office sends
//! them as downloads; both call these functions, which call
//! [`crate::export`] for the bytes.

use std::path::Path;

use crate::store::db::Db;

use crate::error::{OfficeError, Result};
use crate::export::{self, CardCell, ClaimTable, Lang};
use crate::keys;
use crate::report::{self, Dates};
use crate::store::{registry, rules};

/// The subsidy claim's files for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimFile {
    Xlsx,
    ExcelCsv,
    Html,
}

impl ClaimFile {
    /// The file's media type.
    pub fn content_type(self) -> &'static str {
        match self {
            ClaimFile::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ClaimFile::ExcelCsv => "text/csv; charset=utf-8",
            ClaimFile::Html => "text/html; charset=utf-8",
        }
    }

    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            ClaimFile::Xlsx => "xlsx",
            ClaimFile::ExcelCsv => "csv",
            ClaimFile::Html => "html",
        }
    }
}

/// The claim table of `dates`, labelled with the newest issued rules' names.
pub fn claim_table(db: &mut dyn Db, dates: Dates) -> Result<ClaimTable> {
    let rows = report::subsidy(db, dates)?;
    Ok(ClaimTable::new(&rows, &rules::latest(db)?.pricing))
}

/// `2026-11-01 – 2026-11-30`, or one date.
pub fn period_text(dates: Dates) -> String {
    if dates.from == dates.to {
        dates.from.to_string()
    } else {
        format!("{} – {}", dates.from, dates.to)
    }
}

/// The claim of `dates` as `file`: its bytes and how many lines it has.
pub fn claim_file(
    db: &mut dyn Db,
    dates: Dates,
    file: ClaimFile,
    lang: Lang,
) -> Result<(Vec<u8>, usize)> {
    let table = claim_table(db, dates)?;
    let bytes = match file {
        ClaimFile::Xlsx => export::claim_xlsx(&table, &report::meals(db, dates)?, lang)?,
        ClaimFile::ExcelCsv => export::claim_csv(&table, lang),
        ClaimFile::Html => {
            let mut canteens: Vec<&str> = table.lines.iter().map(|l| l.canteen.as_str()).collect();
            canteens.dedup();
            export::claim_print_html(&table, &period_text(dates), &canteens.join("、"), lang)
                .into_bytes()
        }
    };
    Ok((bytes, table.lines.len()))
}

/// The printable sheet of the named cards, or of every card never printed
/// when `card_nos` is empty; those cards are then marked printed at `now`.
/// Returns the page and how many cards are on it.
pub fn card_sheet(
    db: &mut dyn Db,
    data_dir: &Path,
    card_nos: &[String],
    lang: Lang,
    now: &str,
) -> Result<(String, usize)> {
    let cards = if card_nos.is_empty() {
        registry::unprinted_cards(db)?
    } else {
        registry::cards_by_number(db, card_nos)?
    };
    if cards.is_empty() {
        return Err(OfficeError::BadRequest {
            code: "no_new_cards",
            status: 400,
            message:
                "every registered meal card has been printed already: name the cards to print again"
                    .into(),
        });
    }
    let key = keys::load_or_create(data_dir)?;
    let cells: Vec<CardCell> = cards
        .iter()
        .map(|c| CardCell {
            card_no: c.card_no.clone(),
            masked_name: c.masked_name.clone(),
            qr_text: key.holder_card_qr_text(&c.card_no, c.born),
        })
        .collect();
    let page = export::card_sheet_html(&cells, lang);
    registry::mark_printed(db, &cards, now)?;
    Ok((page, cells.len()))
}
