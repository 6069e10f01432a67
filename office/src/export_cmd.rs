//! The CLI's side of the export files: the subsidy claim for people
//! (`report subsidy --format xlsx|excel-csv|html`), reading a registry file
//! in whatever form Excel saved it (`residents import`, `bundle issue
//! --residents`), and the printable meal-card sheet (`card sheet`). The
//! files themselves are built by `canteen_office::export`.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use canteen_core::registry::RegistryRow;
use canteen_office::export::{self, CardCell, ClaimTable, Lang, registry_file};
use canteen_office::report::{self, Dates};
use canteen_office::store::{self, registry, rules};
use canteen_office::{OfficeError, keys};

/// `--lang zh|en`.
pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language: use zh or en"))
}

/// The subsidy claim's files for people.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ClaimFile {
    Xlsx,
    ExcelCsv,
    Html,
}

/// Writes the claim of `dates` as `file` to `out` (stdout when none, except
/// the workbook).
pub(crate) fn subsidy(
    data_dir: &Path,
    dates: Dates,
    file: ClaimFile,
    out: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<()> {
    let conn = store::open(data_dir)?;
    let rows = report::subsidy(&conn, dates)?;
    let table = ClaimTable::new(&rows, &rules::latest(&conn)?.pricing);
    let bytes = match file {
        ClaimFile::Xlsx => {
            let Some(_) = out else {
                anyhow::bail!(OfficeError::BadRequest {
                    code: "missing_out",
                    status: 400,
                    message: "an XLSX report needs --out FILE".into(),
                });
            };
            export::claim_xlsx(&table, &report::meals(&conn, dates)?, lang)?
        }
        ClaimFile::ExcelCsv => export::claim_csv(&table, lang),
        ClaimFile::Html => {
            let mut canteens: Vec<&str> = rows.iter().map(|r| r.canteen.as_str()).collect();
            canteens.dedup();
            let period = if dates.from == dates.to {
                dates.from.to_string()
            } else {
                format!("{} – {}", dates.from, dates.to)
            };
            export::claim_print_html(&table, &period, &canteens.join("、"), lang).into_bytes()
        }
    };
    match out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            // The workbook kept its earlier contract: nothing on stdout.
            if !matches!(file, ClaimFile::Xlsx) {
                writeln!(
                    std::io::stdout(),
                    "{}",
                    serde_json::json!({ "out": path, "lines": table.lines.len() })
                )?;
            }
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

/// The rows of the registry file at `path` (XLSX, or CSV in UTF-8 or
/// GB18030), checked; every bad row in the error.
pub(crate) fn read_registry(data_dir: &Path, path: &Path) -> anyhow::Result<Vec<RegistryRow>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let categories = rules::latest(&store::open(data_dir)?)?.pricing.categories;
    let today = chrono::Utc::now().date_naive();
    registry_file::read(&bytes, today, &categories).map_err(|e| {
        anyhow::Error::new(OfficeError::BadRequest {
            code: "bad_registry",
            status: 400,
            message: e.to_string(),
        })
    })
}

/// Writes the printable sheet of the named cards, or of every card never
/// printed, to `out`; those cards are then marked printed.
pub(crate) fn card_sheet(
    data_dir: &Path,
    card_nos: &[String],
    all_new: bool,
    out: &Path,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut conn = store::open(data_dir)?;
    let cards = if all_new {
        registry::unprinted_cards(&conn)?
    } else {
        registry::cards_by_number(&conn, card_nos)?
    };
    if cards.is_empty() {
        anyhow::bail!(OfficeError::BadRequest {
            code: "no_new_cards",
            status: 400,
            message: "every registered meal card has been printed already: name the cards to print again with --resident CARD_NO".into(),
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
    std::fs::write(out, export::card_sheet_html(&cells, lang))
        .with_context(|| format!("cannot write {}", out.display()))?;
    registry::mark_printed(&mut conn, &cards, &chrono::Utc::now().to_rfc3339())?;
    writeln!(
        std::io::stdout(),
        "{}",
        serde_json::json!({ "cards": cells.len(), "out": out })
    )?;
    Ok(())
}
