//! The CLI's side of the export files: the subsidy claim for people
//! (`report subsidy --format xlsx|excel-csv|html`), reading a registry file
//! in whatever form Excel saved it and importing it into the office's
//! registry (`residents import`, `bundle issue --residents`), the printable meal-card sheet (`card sheet`), and every
//! report's machine CSV. The files themselves are built by
//! `canteen_office::export` (through `canteen_office::documents`).

use std::io::{Seek, Write};
use std::path::Path;

use anyhow::Context;
use canteen_core::registry::RegistryRow;
use canteen_office::OfficeError;
use canteen_office::documents;
use canteen_office::export::{Lang, registry_file};
use canteen_office::report::{CsvRow, Dates};
use canteen_office::store::{audit, registry_import, rules};

/// `--lang zh|en`.
pub(crate) fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("`{s}` is not a language: use zh or en"))
}

pub(crate) use canteen_office::documents::ClaimFile;

/// Writes the claim of `dates` as `file` to `out` (stdout when none, except
/// the workbook).
pub(crate) fn subsidy(
    data: &crate::Data,
    dates: Dates,
    file: ClaimFile,
    out: Option<&Path>,
    lang: Lang,
) -> anyhow::Result<()> {
    if file == ClaimFile::Xlsx && out.is_none() {
        anyhow::bail!(OfficeError::BadRequest {
            code: "missing_out",
            status: 400,
            message: "an XLSX report needs --out FILE".into(),
        });
    }
    let mut conn = data.open()?;
    let (bytes, lines) = documents::claim_file(&mut conn, dates, file, lang)?;
    match out {
        Some(path) => {
            std::fs::write(path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            // The workbook kept its earlier contract: nothing on stdout.
            if file != ClaimFile::Xlsx {
                canteen_cli::print_json(&serde_json::json!({ "out": path, "lines": lines }));
            }
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

/// The rows of the registry file at `path` (XLSX, or CSV in UTF-8 or
/// GB18030), checked; every bad row in the error.
pub(crate) fn read_registry(data: &crate::Data, path: &Path) -> anyhow::Result<Vec<RegistryRow>> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let categories = rules::latest(&mut data.open()?)?.pricing.categories;
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
    data: &crate::Data,
    card_nos: &[String],
    all_new: bool,
    out: &Path,
    lang: Lang,
) -> anyhow::Result<()> {
    let mut conn = data.open()?;
    let named = if all_new { &[][..] } else { card_nos };
    let now = chrono::Utc::now().to_rfc3339();
    let (page, cards) = documents::card_sheet(&mut conn, &data.data, named, lang, &now)?;
    std::fs::write(out, page).with_context(|| format!("cannot write {}", out.display()))?;
    audit::record(&mut conn, &now, audit::CONSOLE, "card sheet", cards as u64)?;
    canteen_cli::print_json(&serde_json::json!({ "cards": cards, "out": out }));
    Ok(())
}

/// Writes report `rows` as the machine CSV (English ids, fen) to `out`, or
/// stdout when none.
pub(crate) fn write_csv<T: CsvRow>(out: Option<&Path>, rows: &[T]) -> anyhow::Result<()> {
    let target = out.map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    write_csv_to(out, rows).with_context(|| format!("cannot write {target}"))
}

fn write_csv_to<T: CsvRow>(out: Option<&Path>, rows: &[T]) -> anyhow::Result<()> {
    let sink: Box<dyn std::io::Write> = match out {
        Some(path) => Box::new(std::fs::File::create(path)?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(sink);
    w.write_record(T::COLUMNS)?;
    for row in rows {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}

/// Imports the registry file at `path` into the office's registry, row by
/// row (a million rows never sit in memory): checked in a first pass (a bad
/// row is reported as [`read_registry`] reports it, nothing written), then
/// keyed with the community secret, ID numbers and names sealed, and written
/// in one transaction. How many residents were imported.
pub(crate) fn import_registry_file(
    data: &crate::Data,
    seal: &crate::Seal,
    path: &Path,
) -> anyhow::Result<usize> {
    let data_dir = &data.data;
    let mut file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut conn = data.open()?;
    let categories = rules::latest(&mut conn)?.pricing.categories;
    let today = chrono::Utc::now().date_naive();
    let bad = |e: registry_file::RegistryFileError| {
        anyhow::Error::new(registry_import::bad(e.to_string()))
    };
    let read = |e: std::io::Error| anyhow::anyhow!("cannot read {}: {e}", path.display());
    registry_file::stream(&mut file, today, &categories, |_| Ok(()))
        .map_err(read)?
        .map_err(bad)?;
    let secret = canteen_office::keys::community_secret(data_dir)?;
    let key = seal.open(data_dir, &mut conn, true)?;
    let now = chrono::Utc::now().to_rfc3339();
    file.rewind().map_err(read)?;
    let imported =
        registry_import::import_file(&mut conn, file, today, &categories, &secret, &key, &now)?
            .map_err(bad)?;
    audit::record(
        &mut conn,
        &now,
        audit::CONSOLE,
        "residents import",
        imported as u64,
    )?;
    Ok(imported)
}

/// Imports a registry file's rows into the office's registry, keyed with the
/// community secret, ID numbers and names sealed; the bundle rows.
pub(crate) fn import_registry(
    data: &crate::Data,
    seal: &crate::Seal,
    rows: Vec<RegistryRow>,
) -> anyhow::Result<Vec<canteen_sync::signing::KeyedResident>> {
    let secret = canteen_office::keys::community_secret(&data.data)?;
    let mut conn = data.open()?;
    let key = seal.open(&data.data, &mut conn, true)?;
    let now = chrono::Utc::now().to_rfc3339();
    Ok(canteen_office::store::registry::import_rows(
        &mut conn, rows, &secret, &key, &now,
    )?)
}
