//! Reading the registry CSV (`id_number,name,categories,card_no,status`).
//!
//! Every row is validated before anything is imported; each bad row is reported
//! with its line number and a reason (never with the ID number). Categories are
//! separated by `;` inside their field and must be known to the pricing
//! configuration; an empty status means `active`, `suspended` refuses the
//! person, `lost` and `card_suspended` block only their meal card. An ID or card number that
//! appears twice in the file is a bad row.

use std::collections::HashMap;
use std::io::Read;

use canteen_core::registry::{HEADER, RegistryRow, RowStatus};
use chrono::NaiveDate;
use serde::Serialize;

use crate::keyring::Keyring;
use crate::residents::{CardStatus, Resident, ResidentStatus, mask_name};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BadRow {
    pub line: u64,
    pub reason: String,
}

/// A validated file: the good rows and the bad ones.
#[derive(Clone, Debug, Default)]
pub struct ResidentsCsv {
    pub good: Vec<Resident>,
    pub bad: Vec<BadRow>,
    /// The line of each good row (parallel to `good`), for refusing a row later.
    pub good_lines: Vec<u64>,
}

impl ResidentsCsv {
    /// Turns each good row for which `refuse` gives a reason into a bad row.
    pub(crate) fn refuse_where(&mut self, mut refuse: impl FnMut(&Resident) -> Option<String>) {
        let good = std::mem::take(&mut self.good);
        let lines = std::mem::take(&mut self.good_lines);
        for (r, line) in good.into_iter().zip(lines) {
            match refuse(&r) {
                Some(reason) => self.bad.push(BadRow { line, reason }),
                None => {
                    self.good.push(r);
                    self.good_lines.push(line);
                }
            }
        }
        self.bad.sort_by_key(|b| b.line);
    }
}

pub(crate) fn read(
    input: impl Read,
    today: NaiveDate,
    keyring: &Keyring,
    known_categories: &[String],
) -> ResidentsCsv {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(input);
    let mut out = ResidentsCsv::default();
    match reader.headers() {
        Ok(h) if h.iter().eq(HEADER) => {}
        Ok(_) => {
            out.bad.push(BadRow {
                line: 1,
                reason: format!("the first line must be the header `{}`", HEADER.join(",")),
            });
            return out;
        }
        Err(e) => {
            out.bad.push(BadRow {
                line: 1,
                reason: format!("unreadable header: {e}"),
            });
            return out;
        }
    }
    let mut seen_ids: HashMap<String, u64> = HashMap::new();
    let mut seen_cards: HashMap<String, u64> = HashMap::new();
    for record in reader.records() {
        let (line, parsed) = match record {
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                (line, row(&r, today, keyring, known_categories))
            }
            Err(e) => (
                e.position().map_or(0, |p| p.line()),
                Err(format!("unreadable row: {e}")),
            ),
        };
        let checked = parsed.and_then(|r| {
            if let Some(first) = seen_ids.insert(r.resident_key.clone(), line) {
                return Err(format!("the same ID number is already on line {first}"));
            }
            if let Some(card) = &r.card_no
                && let Some(first) = seen_cards.insert(card.clone(), line)
            {
                return Err(format!("card number {card} is already on line {first}"));
            }
            Ok(r)
        });
        match checked {
            Ok(r) => {
                out.good.push(r);
                out.good_lines.push(line);
            }
            Err(reason) => out.bad.push(BadRow { line, reason }),
        }
    }
    out
}

fn row(
    r: &csv::StringRecord,
    today: NaiveDate,
    keyring: &Keyring,
    known_categories: &[String],
) -> Result<Resident, String> {
    let fields: Vec<&str> = r.iter().collect();
    let row = RegistryRow::parse(&fields, today, Some(known_categories))?;
    let (status, card_status) = match row.status {
        RowStatus::Active => (ResidentStatus::Active, CardStatus::Active),
        RowStatus::Suspended => (ResidentStatus::Suspended, CardStatus::Active),
        RowStatus::CardLost => (ResidentStatus::Active, CardStatus::Lost),
        RowStatus::CardSuspended => (ResidentStatus::Active, CardStatus::Suspended),
    };
    Ok(Resident {
        resident_key: keyring.resident_key(&row.id),
        masked_id: row.id.masked_at_rest(),
        masked_name: mask_name(&row.name),
        categories: row.categories,
        card_no: row.card_no,
        status,
        card_status,
    })
}
