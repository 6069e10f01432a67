//! The residents list, one row at a time: the one reading of the registry
//! format (`id_number,name,categories,card_no,status`) that the kiosk's
//! ledger and the office's registry both use.
//!
//! [`RegistryRow::parse`] checks one row's fields and returns them typed, or
//! why the row is bad — never naming its person. Splitting the file into rows
//! (CSV quoting, line numbers, encodings) is the caller's edge work.

use chrono::NaiveDate;

use crate::ResidentId;

/// The header line a residents list starts with.
pub const HEADER: [&str; 5] = ["id_number", "name", "categories", "card_no", "status"];

/// The `status` values: the person's and the card's state, as
/// [`RowStatus::as_str`] writes them.
pub const STATUS_VALUES: [&str; 4] = {
    let mut words = [""; 4];
    let mut n = 0;
    while n < words.len() {
        words[n] = RowStatus::ALL[n].as_str();
        n += 1;
    }
    words
};

/// A row's `status`: `active` (or empty); `suspended` refuses the person;
/// `lost` and `card_suspended` block only their meal card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowStatus {
    Active,
    Suspended,
    CardLost,
    CardSuspended,
}

impl RowStatus {
    pub const ALL: [RowStatus; 4] = [
        RowStatus::Active,
        RowStatus::Suspended,
        RowStatus::CardLost,
        RowStatus::CardSuspended,
    ];

    /// The word a registry file writes, and the office keeps and sends in
    /// its bundles.
    pub const fn as_str(self) -> &'static str {
        match self {
            RowStatus::Active => "active",
            RowStatus::Suspended => "suspended",
            RowStatus::CardLost => "lost",
            RowStatus::CardSuspended => "card_suspended",
        }
    }

    /// The status a word names; an empty one is `active`.
    pub fn parse(s: &str) -> Option<RowStatus> {
        match s {
            "" => Some(RowStatus::Active),
            _ => RowStatus::ALL.into_iter().find(|r| r.as_str() == s),
        }
    }
}

/// One good row.
#[derive(Clone, Debug)]
pub struct RegistryRow {
    pub id: ResidentId,
    /// The full name: the caller masks it (or seals it) before keeping it.
    pub name: String,
    pub categories: Vec<String>,
    pub card_no: Option<String>,
    pub status: RowStatus,
}

impl RegistryRow {
    /// Checks one row's fields (validating the ID on `today`); categories must
    /// be among `known_categories` when they are given.
    pub fn parse(
        fields: &[&str],
        today: NaiveDate,
        known_categories: Option<&[String]>,
    ) -> Result<RegistryRow, String> {
        let [id, name, categories, card_no, status] = fields else {
            return Err(format!(
                "expected {} fields, found {}",
                HEADER.len(),
                fields.len()
            ));
        };
        let id = ResidentId::parse(id, today).map_err(|e| format!("id_number: {e}"))?;
        if name.is_empty() || name.chars().any(char::is_control) {
            return Err("name: empty or contains control characters".into());
        }
        let categories: Vec<String> = categories
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(known) = known_categories
            && let Some(unknown) = categories.iter().find(|c| !known.contains(c))
        {
            return Err(format!(
                "categories: `{unknown}` is not a configured category ({})",
                known.join(", ")
            ));
        }
        let card_no = Some(card_no.to_string()).filter(|c| !c.is_empty());
        if card_no
            .as_deref()
            .is_some_and(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-'))
        {
            return Err("card_no: only letters, digits and `-`".into());
        }
        let status = RowStatus::parse(status).ok_or_else(|| {
            format!(
                "status: `{status}` is not one of {} (lost and card_suspended block the meal card, suspended the person)",
                STATUS_VALUES.join(", ")
            )
        })?;
        Ok(RegistryRow {
            id,
            name: (*name).to_owned(),
            categories,
            card_no,
            status,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
    }

    #[test]
    fn a_good_row_is_typed_and_bad_fields_are_named_without_the_person() {
        let row = RegistryRow::parse(
            &["11010519491231002X", "张三", "dibao; ", "123456", "lost"],
            today(),
            Some(&["dibao".to_owned()]),
        )
        .unwrap();
        assert_eq!(row.categories, vec!["dibao".to_owned()]);
        assert_eq!(row.status, RowStatus::CardLost);
        let bad = |fields: &[&str]| RegistryRow::parse(fields, today(), Some(&[])).unwrap_err();
        assert!(bad(&["11010519491231002X", "张三", "vip", "", ""]).starts_with("categories"));
        assert!(bad(&["11010519491231002X", "", "", "", ""]).starts_with("name"));
        assert!(bad(&["11010519491231002X", "张三", "", "12 34", ""]).starts_with("card_no"));
        assert!(bad(&["11010519491231002X", "张三", "", "", "gone"]).starts_with("status"));
        assert!(bad(&["11010519491231002X", "张三"]).starts_with("expected 5"));
        let id = bad(&["110105194912310021", "张三", "", "", ""]);
        assert!(
            id.starts_with("id_number") && !id.contains("110105"),
            "{id}"
        );
    }

    #[test]
    fn each_status_reads_back_from_the_word_it_writes() {
        assert_eq!(
            STATUS_VALUES,
            ["active", "suspended", "lost", "card_suspended"]
        );
        for status in RowStatus::ALL {
            assert_eq!(RowStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RowStatus::parse(""), Some(RowStatus::Active));
        assert_eq!(RowStatus::parse("Active"), None);
    }
}
