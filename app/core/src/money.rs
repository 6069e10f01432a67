//! Money as integer fen (1 yuan = 100 fen), never floating point.
//!
//! [`Money`] displays as `¥12.00`; [`Percent`] is a percentage in basis points
//! (96% = 9600) applied with half-up rounding to the fen.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An amount of money in fen. May be negative (refunds, reversals).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan * 100)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// This amount times a percentage, rounded half up (away from zero on halves).
    ///
    /// `¥12.00 × 96% = ¥11.52`; `¥0.05 × 50% = ¥0.03`.
    pub fn percent(self, p: Percent) -> Money {
        // i128: fen × basis points cannot overflow even for absurd amounts.
        let scaled = i128::from(self.0) * i128::from(p.basis_points());
        let half = 5_000i128;
        let rounded = if scaled >= 0 {
            (scaled + half) / 10_000
        } else {
            (scaled - half) / 10_000
        };
        Money(i64::try_from(rounded).expect("percent of an i64 amount with p <= 100% fits in i64"))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}¥{}.{:02}", abs / 100, abs % 100)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// Why a written amount is not money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyParseError {
    #[error("`{0}` is not an amount: write yuan with at most two decimals, e.g. \"12.00\"")]
    Malformed(String),
    #[error("`{0}` is negative: prices and amounts here must be zero or more")]
    Negative(String),
    #[error("`{0}` is too large")]
    TooLarge(String),
}

/// Parses yuan written as `12`, `12.5` or `12.50` (optionally with a leading `¥`)
/// exactly, without floating point. Negative amounts are refused.
impl FromStr for Money {
    type Err = MoneyParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let malformed = || MoneyParseError::Malformed(s.to_owned());
        let t = s.trim();
        let t = t.strip_prefix('¥').unwrap_or(t);
        if t.starts_with('-') {
            return Err(MoneyParseError::Negative(s.to_owned()));
        }
        let (whole, frac) = match t.split_once('.') {
            Some((w, f)) => (w, f),
            None => (t, ""),
        };
        let all_digits = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !all_digits(whole) || !all_digits(frac) || frac.len() > 2 {
            return Err(malformed());
        }
        if t.ends_with('.') {
            return Err(malformed());
        }
        let yuan: i64 = whole
            .parse()
            .map_err(|_| MoneyParseError::TooLarge(s.to_owned()))?;
        let mut fen_part: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| malformed())?
        };
        if frac.len() == 1 {
            fen_part *= 10;
        }
        yuan.checked_mul(100)
            .and_then(|f| f.checked_add(fen_part))
            .map(Money)
            .ok_or_else(|| MoneyParseError::TooLarge(s.to_owned()))
    }
}

/// A percentage in basis points: 100% = 10 000, 96% = 9 600.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Percent(u32);

impl Percent {
    pub const HUNDRED: Percent = Percent(10_000);

    pub const fn from_basis_points(bp: u32) -> Self {
        Percent(bp)
    }

    pub const fn basis_points(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = self.0 / 100;
        match self.0 % 100 {
            0 => write!(f, "{whole}%"),
            r if r % 10 == 0 => write!(f, "{whole}.{}%", r / 10),
            r => write!(f, "{whole}.{r:02}%"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_yuan_with_two_decimals() {
        let cases = [
            (1200, "¥12.00"),
            (0, "¥0.00"),
            (5, "¥0.05"),
            (1152, "¥11.52"),
            (-300, "-¥3.00"),
            (-5, "-¥0.05"),
        ];
        for (fen, shown) in cases {
            assert_eq!(Money::from_fen(fen).to_string(), shown, "{fen} fen");
        }
    }

    #[test]
    fn percent_rounds_half_up() {
        let p96 = Percent::from_basis_points(9600);
        let cases = [
            (1200, p96, 1152),
            (1000, p96, 960),
            (400, p96, 384),
            (300, p96, 288),
            (0, p96, 0),
            // 5 × 50% = 2.5 → 3 (half up), 3 × 50% = 1.5 → 2, 1 × 50% = 0.5 → 1
            (5, Percent::from_basis_points(5000), 3),
            (3, Percent::from_basis_points(5000), 2),
            (1, Percent::from_basis_points(5000), 1),
            // 1 × 49% = 0.49 → 0
            (1, Percent::from_basis_points(4900), 0),
            // 1234 × 33.33% = 411.2922 → 411
            (1234, Percent::from_basis_points(3333), 411),
            // negative amounts round away from zero on halves: -5 × 50% = -2.5 → -3
            (-5, Percent::from_basis_points(5000), -3),
            (1500, Percent::HUNDRED, 1500),
        ];
        for (fen, p, want) in cases {
            assert_eq!(
                Money::from_fen(fen).percent(p),
                Money::from_fen(want),
                "{fen} × {p}"
            );
        }
    }

    #[test]
    fn parses_exact_yuan() {
        let ok = [
            ("12", 1200),
            ("12.5", 1250),
            ("12.50", 1250),
            ("0.05", 5),
            ("¥3.00", 300),
            (" 9 ", 900),
            ("0", 0),
        ];
        for (s, fen) in ok {
            assert_eq!(s.parse::<Money>(), Ok(Money::from_fen(fen)), "{s:?}");
        }
        for bad in [
            "", "abc", "12.", ".5", "12.345", "1,000", "1e3", "12.5.0", "¥", "+3",
        ] {
            assert!(
                matches!(bad.parse::<Money>(), Err(MoneyParseError::Malformed(_))),
                "{bad:?} should be malformed"
            );
        }
        assert!(matches!(
            "-1.00".parse::<Money>(),
            Err(MoneyParseError::Negative(_))
        ));
        assert!(matches!(
            "99999999999999999999".parse::<Money>(),
            Err(MoneyParseError::TooLarge(_))
        ));
    }

    #[test]
    fn percent_displays_compactly() {
        assert_eq!(Percent::from_basis_points(9600).to_string(), "96%");
        assert_eq!(Percent::from_basis_points(9650).to_string(), "96.5%");
        assert_eq!(Percent::from_basis_points(9655).to_string(), "96.55%");
    }
}
