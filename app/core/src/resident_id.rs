//! Resident identity numbers (公民身份号码, GB 11643-1999) and the permits that
//! share their format.
//!
//! Parsing normalises first (trim, full-width digits to ASCII, `x` to `X`), then
//! checks, in this order: length (15 or 18), characters, birth date (a real
//! calendar date, not after the reference date), and for 18-character numbers the
//! ISO 7064 MOD 11-2 check character. Legacy 15-digit numbers are upgraded to 18
//! (insert `19`, append the check). Region codes are deliberately not checked
//! against a list: codes change, and a number is never refused only for its region.
//!
//! A [`ResidentId`] never prints the full number: `Debug` and `Display` show the
//! masked form (`110***********002X`). Use [`ResidentId::expose`] only to derive a
//! keyed look-up hash; never to store, log or show.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What kind of document the number belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// An 18-character mainland resident ID.
    Citizen,
    /// A legacy 15-digit mainland ID, upgraded to 18 characters.
    #[serde(rename = "citizen15")]
    Citizen15,
    /// Residence permit for Hong Kong residents (prefix 810000).
    Hk,
    /// Residence permit for Macau residents (prefix 820000).
    Macau,
    /// Residence permit for Taiwan residents (prefix 830000).
    Taiwan,
    /// Foreigner's permanent residence ID (first digit 9): the check character is
    /// verified but no birth date is parsed from it.
    ForeignPr,
}

impl IdKind {
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Citizen => "citizen",
            IdKind::Citizen15 => "citizen15",
            IdKind::Hk => "hk",
            IdKind::Macau => "macau",
            IdKind::Taiwan => "taiwan",
            IdKind::ForeignPr => "foreign_pr",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }
}

/// Why a string is not a valid ID number. The codes are part of the CLI contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error(
        "an ID number has 18 characters (or 15 digits for an old card); check the number and scan again"
    )]
    BadLength,
    #[error(
        "an ID number has only digits, with an X allowed as the last of 18 characters; check the number and scan again"
    )]
    BadCharacter,
    #[error(
        "the birth date inside the ID number is not a real date or lies in the future; check the number and scan again"
    )]
    BadBirthDate,
    #[error(
        "the ID number's check character does not match (a mistyped or misread digit); check the number and scan again"
    )]
    BadCheck,
}

impl IdError {
    /// The stable machine-readable code (`bad_length`, …).
    pub fn code(self) -> &'static str {
        match self {
            IdError::BadLength => "bad_length",
            IdError::BadCharacter => "bad_character",
            IdError::BadBirthDate => "bad_birth_date",
            IdError::BadCheck => "bad_check",
        }
    }
}

/// A validated, normalised 18-character ID number with what it tells.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId {
    normalized: [u8; 18],
    kind: IdKind,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: &[u8; 11] = b"10X98765432";
/// Birth years before this are treated as misreads, not as 126-year-old diners.
pub const EARLIEST_BIRTH_YEAR: i32 = 1890;

/// The ISO 7064 MOD 11-2 check character for the first 17 digits.
pub fn check_char(first17: &[u8; 17]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Trims and maps full-width digits and `x`/`ｘ`/`Ｘ` to ASCII. Other characters
/// are kept as they are, so they are reported as bad characters later.
pub fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'x' | 'ｘ' | 'Ｘ' => 'X',
            other => other,
        })
        .collect()
}

impl ResidentId {
    /// Parses and validates `input`, with `today` the local date against which a
    /// birth date must not lie in the future.
    pub fn parse(input: &str, today: NaiveDate) -> Result<ResidentId, IdError> {
        let s = normalize(input);
        match s.chars().count() {
            18 => Self::parse18(s.as_bytes(), today, None),
            15 => Self::parse15(s.as_bytes(), today),
            _ => Err(IdError::BadLength),
        }
    }

    fn parse18(
        b: &[u8],
        today: NaiveDate,
        kind_override: Option<IdKind>,
    ) -> Result<ResidentId, IdError> {
        // `b` is 18 chars but possibly multi-byte; only ASCII is valid.
        if b.len() != 18 {
            return Err(IdError::BadCharacter);
        }
        let (first17, last) = (&b[..17], b[17]);
        if !first17.iter().all(u8::is_ascii_digit) || !(last.is_ascii_digit() || last == b'X') {
            return Err(IdError::BadCharacter);
        }
        let kind = kind_override.unwrap_or_else(|| match &b[..6] {
            b"810000" => IdKind::Hk,
            b"820000" => IdKind::Macau,
            b"830000" => IdKind::Taiwan,
            _ if b[0] == b'9' => IdKind::ForeignPr,
            _ => IdKind::Citizen,
        });
        let birth_date = match kind {
            IdKind::ForeignPr => None,
            _ => Some(birth_date(&b[6..14], today)?),
        };
        let first17: &[u8; 17] = first17.try_into().expect("sliced 17 bytes");
        if check_char(first17) != last {
            return Err(IdError::BadCheck);
        }
        let sex = match kind {
            IdKind::ForeignPr => None,
            _ if (b[16] - b'0') % 2 == 1 => Some(Sex::Male),
            _ => Some(Sex::Female),
        };
        let normalized: [u8; 18] = b.try_into().expect("checked length 18");
        Ok(ResidentId {
            normalized,
            kind,
            birth_date,
            sex,
        })
    }

    fn parse15(b: &[u8], today: NaiveDate) -> Result<ResidentId, IdError> {
        if b.len() != 15 || !b.iter().all(u8::is_ascii_digit) {
            return Err(IdError::BadCharacter);
        }
        let mut first17 = [0u8; 17];
        first17[..6].copy_from_slice(&b[..6]);
        first17[6..8].copy_from_slice(b"19");
        first17[8..].copy_from_slice(&b[6..]);
        let mut full = [0u8; 18];
        full[..17].copy_from_slice(&first17);
        full[17] = check_char(&first17);
        Self::parse18(&full, today, Some(IdKind::Citizen15))
    }

    /// The normalised 18-character number. Only for deriving keyed look-up hashes:
    /// never store, log, print or send it.
    pub fn expose(&self) -> &str {
        std::str::from_utf8(&self.normalized).expect("validated ASCII")
    }

    pub fn kind(&self) -> IdKind {
        self.kind
    }

    pub fn birth_date(&self) -> Option<NaiveDate> {
        self.birth_date
    }

    pub fn sex(&self) -> Option<Sex> {
        self.sex
    }

    /// The masked form shown on screens and receipts: first 3 and last 4 kept.
    /// Only for what is shown in the moment (the diner who just scanned, a
    /// receipt, the office's reports); never for what a kiosk stores: see
    /// [`ResidentId::masked_at_rest`].
    pub fn masked(&self) -> String {
        mask(self.expose())
    }

    /// The form a kiosk stores beside a resident key: [`MASKED_AT_REST`],
    /// every character hidden, the same for every number.
    ///
    /// Why nothing at all: a stolen kiosk has the resident keys, and a key
    /// confirms a guessed number. With the first 3 and last 4 characters shown
    /// (`110***********002X`), a thief who knows the canteen's county (every
    /// diner of a community canteen lives in it: the other 3 region digits)
    /// and the diner's age band (the tier of their sales: ~3,650 birth dates)
    /// needs ~3,650 guesses — minutes at any key cost a scan can afford
    /// (priced within 100 ms). With no digit shown the check character no
    /// longer narrows anything either, and the space is every birth date in
    /// the band × 1,000 sequence numbers. Fixed length, so the stored form
    /// does not tell a legacy 15-digit card from an 18-character one.
    pub fn masked_at_rest(&self) -> String {
        MASKED_AT_REST.to_owned()
    }
}

/// The at-rest form of every ID number ([`ResidentId::masked_at_rest`]):
/// 18 `*`, no character of the number.
pub const MASKED_AT_REST: &str = "******************";

/// Masks any identifier (an ID number, a card number, a scanned text): the
/// first 3 and last 4 characters kept, the rest `*`. Strings of 8 characters
/// or fewer are fully masked (at 8, keeping 7 would hide one).
pub fn mask(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n <= 8 {
        return "*".repeat(n);
    }
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 3 || i >= n - 4 { *c } else { '*' })
        .collect()
}

fn birth_date(yyyymmdd: &[u8], today: NaiveDate) -> Result<NaiveDate, IdError> {
    let text = std::str::from_utf8(yyyymmdd).map_err(|_| IdError::BadCharacter)?;
    let y: i32 = text[..4].parse().map_err(|_| IdError::BadBirthDate)?;
    let m: u32 = text[4..6].parse().map_err(|_| IdError::BadBirthDate)?;
    let d: u32 = text[6..].parse().map_err(|_| IdError::BadBirthDate)?;
    let date = NaiveDate::from_ymd_opt(y, m, d).ok_or(IdError::BadBirthDate)?;
    if date > today || date.year() < EARLIEST_BIRTH_YEAR {
        return Err(IdError::BadBirthDate);
    }
    Ok(date)
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResidentId")
            .field("masked", &self.masked())
            .field("kind", &self.kind)
            .field("birth_date", &self.birth_date)
            .field("sex", &self.sex)
            .finish()
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masks a name: `张三` → `张*`, `张小明` → `张*明`, `欧阳小明` → `欧**明` — the
/// one masking of names, next to [`ResidentId::masked`], for the kiosk's
/// registry and the office's bundles and reports.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".into(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_keep_first_and_last_character() {
        use super::mask_name;
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小明"), "张*明");
        assert_eq!(mask_name("欧阳小明"), "欧**明");
        assert_eq!(mask_name("李"), "*");
    }

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    /// Builds a valid 18-character number from its first 17 digits.
    fn with_check(first17: &str) -> String {
        let b: [u8; 17] = first17.as_bytes().try_into().unwrap();
        format!("{first17}{}", check_char(&b) as char)
    }

    #[test]
    fn the_standard_example_is_valid() {
        // The worked example of GB 11643-1999.
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.kind(), IdKind::Citizen);
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.sex(), Some(Sex::Female));
        assert_eq!(id.masked(), "110***********002X");
    }

    #[test]
    fn normalises_before_validating() {
        for raw in [
            "  11010519491231002x\n",
            "１１０１０５１９４９１２３１００２Ｘ",
            "\u{3000}11010519491231002ｘ",
        ] {
            let id = ResidentId::parse(raw, today()).unwrap_or_else(|e| panic!("{raw:?}: {e}"));
            assert_eq!(id.expose(), "11010519491231002X");
        }
    }

    #[test]
    fn errors_in_order_length_character_date_check() {
        let cases = [
            ("", IdError::BadLength),
            ("1101051949123100", IdError::BadLength),
            ("11010519491231002X1", IdError::BadLength),
            ("1101051949123100X2", IdError::BadCharacter),
            ("11010519491231002Y", IdError::BadCharacter),
            ("11010519491231002中", IdError::BadCharacter),
            ("11010519491331002X", IdError::BadBirthDate), // month 13
            ("11010519490229002X", IdError::BadBirthDate), // 1949 not leap
            ("11010520270101002X", IdError::BadBirthDate), // future
            ("11010518000101002X", IdError::BadBirthDate), // implausibly old
            ("110105194912310021", IdError::BadCheck),
            ("11010549123100", IdError::BadLength),
            ("11010549123100A", IdError::BadCharacter),
            ("110105491331002", IdError::BadBirthDate),
        ];
        for (raw, want) in cases {
            assert_eq!(ResidentId::parse(raw, today()), Err(want), "{raw:?}");
        }
    }

    #[test]
    fn birth_date_today_is_valid_tomorrow_is_not() {
        let born_today = with_check("11010520261123001");
        assert!(ResidentId::parse(&born_today, today()).is_ok());
        let born_tomorrow = with_check("11010520261124001");
        assert_eq!(
            ResidentId::parse(&born_tomorrow, today()),
            Err(IdError::BadBirthDate)
        );
    }

    #[test]
    fn fifteen_digit_numbers_upgrade() {
        let id = ResidentId::parse("110105491231002", today()).unwrap();
        assert_eq!(id.kind(), IdKind::Citizen15);
        assert_eq!(id.expose(), "11010519491231002X");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.sex(), Some(Sex::Female));
    }

    #[test]
    fn permits_use_the_same_rule_and_carry_a_birth_date() {
        for (prefix, kind) in [
            ("810000", IdKind::Hk),
            ("820000", IdKind::Macau),
            ("830000", IdKind::Taiwan),
        ] {
            let n = with_check(&format!("{prefix}19500607001"));
            let id = ResidentId::parse(&n, today()).unwrap();
            assert_eq!(id.kind(), kind);
            assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1950, 6, 7));
            assert_eq!(id.sex(), Some(Sex::Male));
        }
    }

    #[test]
    fn foreign_permanent_residence_ids_check_but_carry_no_birth_date() {
        // Digits 7–14 need not be a date at all.
        let n = with_check("93615699990000123");
        let id = ResidentId::parse(&n, today()).unwrap();
        assert_eq!(id.kind(), IdKind::ForeignPr);
        assert_eq!(id.birth_date(), None);
        assert_eq!(id.sex(), None);
        let mut broken = n.into_bytes();
        broken[17] = if broken[17] == b'0' { b'1' } else { b'0' };
        assert_eq!(
            ResidentId::parse(std::str::from_utf8(&broken).unwrap(), today()),
            Err(IdError::BadCheck)
        );
    }

    #[test]
    fn unknown_region_codes_are_accepted() {
        let n = with_check("99999919491231001");
        // First digit 9 makes this a foreign PR; use an unassigned mainland code instead.
        assert!(ResidentId::parse(&n, today()).is_ok());
        let n = with_check("00000019491231001");
        assert_eq!(
            ResidentId::parse(&n, today()).unwrap().kind(),
            IdKind::Citizen
        );
    }

    #[test]
    fn debug_and_display_never_show_the_full_number() {
        let id = ResidentId::parse("11010519491231002X", today()).unwrap();
        for shown in [
            format!("{id:?}"),
            format!("{id}"),
            format!("{:?}", Some(&id)),
        ] {
            assert!(!shown.contains("11010519491231002X"), "{shown}");
            assert!(!shown.contains("0519491231"), "{shown}");
        }
    }

    #[test]
    fn the_at_rest_form_shows_no_character_and_has_one_length() {
        let ids = [
            ResidentId::parse("11010519491231002X", today()).unwrap(),
            ResidentId::parse("110105491231002", today()).unwrap(),
            ResidentId::parse(&with_check("93615699990000123"), today()).unwrap(),
        ];
        for id in &ids {
            let at_rest = id.masked_at_rest();
            assert_eq!(at_rest.chars().count(), 18, "{at_rest}");
            assert!(at_rest.chars().all(|c| c == '*'), "{at_rest}");
        }
        assert_eq!(ids[0].masked_at_rest(), ids[2].masked_at_rest());
        assert_ne!(ids[0].masked_at_rest(), ids[0].masked());
    }

    #[test]
    fn mask_keeps_three_and_four() {
        assert_eq!(mask("11010519491231002X"), "110***********002X");
        assert_eq!(mask("12345678"), "********");
        assert_eq!(mask("123456789"), "123**6789");
        assert_eq!(mask("1234567"), "*******");
        assert_eq!(mask(""), "");
    }
}
