//! The subsidy claim as an XLSX workbook: sheet `subsidy` (the CSV's rows) and
//! sheet `meals` (each meal line behind it, with the masked ID only).

use std::path::Path;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::{CsvRow, MealRow, SubsidyRow};
use crate::error::{OfficeError, Result};

impl From<XlsxError> for OfficeError {
    fn from(e: XlsxError) -> Self {
        OfficeError::Store(format!("cannot write the workbook: {e}"))
    }
}

fn header(ws: &mut Worksheet, names: &[&str]) -> Result<()> {
    for (col, name) in names.iter().enumerate() {
        ws.write_string(0, col as u16, *name)?;
    }
    Ok(())
}

/// Writes the workbook to `path`.
pub fn write_subsidy(path: &Path, rows: &[SubsidyRow], meals: &[MealRow]) -> Result<()> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet().set_name("subsidy")?;
    // The same columns, in the same order, as the CSV report.
    header(ws, SubsidyRow::COLUMNS)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in [&r.canteen, &r.date, &r.period, &r.tier, &r.category]
            .into_iter()
            .enumerate()
        {
            ws.write_string(row, col as u16, text)?;
        }
        for (col, n) in [r.meals, r.market_fen, r.paid_fen, r.subsidy_fen]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, col as u16 + 5, n as f64)?;
        }
    }
    let ws = book.add_worksheet().set_name("meals")?;
    header(
        ws,
        &[
            "canteen",
            "device_id",
            "seq",
            "date",
            "period",
            "item",
            "tier",
            "category",
            "masked_id",
            "sign",
            "market_fen",
            "paid_fen",
            "subsidy_fen",
        ],
    )?;
    for (i, m) in meals.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, &m.canteen)?;
        ws.write_string(row, 1, &m.device_id)?;
        ws.write_number(row, 2, m.seq as f64)?;
        for (col, text) in [
            &m.date,
            &m.period,
            &m.item,
            &m.tier,
            &m.category,
            &m.masked_id,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_string(row, col as u16 + 3, text)?;
        }
        for (col, n) in [m.sign, m.market_fen, m.paid_fen, m.subsidy_fen]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, col as u16 + 9, n as f64)?;
        }
    }
    book.save(path)?;
    Ok(())
}
