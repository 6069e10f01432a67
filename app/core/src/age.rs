//! Age in 周岁: completed years on a given local date.
//!
//! Canteens differ on when a birthday "counts": on the day itself (the default)
//! or from the day after. A 29 February birthday falls on 1 March in years that
//! have no 29 February.
//!
//! [`born_in_band`] turns an age band back into the birth dates it spans: what
//! a sale's age tier tells about its diner (the stolen-kiosk attack model of
//! issue #12 prices a guess over exactly those dates).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// When a diner becomes a year older.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeConvention {
    /// On the birthday itself (the default).
    #[default]
    Birthday,
    /// On the day after the birthday.
    DayAfter,
}

/// The birthday in `year`: 29 February becomes 1 March in common years.
fn birthday_in(birth: NaiveDate, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("1 March exists in every year")
}

/// Completed years of a person born on `birth`, on the local date `on`.
/// Returns `None` if `on` is before the birth date.
pub fn age_on(birth: NaiveDate, on: NaiveDate, convention: AgeConvention) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year() - birth.year();
    let birthday = birthday_in(birth, on.year());
    let reached = match convention {
        AgeConvention::Birthday => on >= birthday,
        AgeConvention::DayAfter => on > birthday,
    };
    if !reached {
        years -= 1;
    }
    Some(u32::try_from(years.max(0)).expect("non-negative"))
}

/// The earliest and latest birth dates whose age on `on` lies within
/// `min..=max` (inclusive; `None` is open-ended), from the first birth year an
/// ID number may carry ([`crate::resident_id::EARLIEST_BIRTH_YEAR`]) to `on`;
/// `None` if no date is in the band.
pub fn born_in_band(
    min: Option<u32>,
    max: Option<u32>,
    on: NaiveDate,
    convention: AgeConvention,
) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(crate::resident_id::EARLIEST_BIRTH_YEAR, 1, 1)?;
    if on < first {
        return None;
    }
    let age = |day: i64| age_on(first + chrono::Days::new(day as u64), on, convention);
    let days = (on - first).num_days();
    // Age falls as the birth date moves later: the first day at or under
    // `max`, and the first day under `min` (the band ends the day before).
    let first_day = |pred: &dyn Fn(u32) -> bool| {
        let (mut lo, mut hi) = (0_i64, days + 1);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if age(mid).is_some_and(pred) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    };
    let start = max.map_or(0, |max| first_day(&|a| a <= max));
    let end = min.map_or(days, |min| first_day(&|a| a < min) - 1);
    (start <= end).then(|| {
        (
            first + chrono::Days::new(start as u64),
            first + chrono::Days::new(end as u64),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn birthday_edges_and_leap_day_birthdays_under_both_conventions() {
        // (born, on, birthday-counts age, day-after age)
        let cases = [
            // the day before, of and after the birthday; birth itself
            (d(1946, 11, 23), d(2026, 11, 22), 79, 79),
            (d(1946, 11, 23), d(2026, 11, 23), 80, 79),
            (d(1946, 11, 23), d(2026, 11, 24), 80, 80),
            (d(1946, 11, 23), d(2027, 11, 22), 80, 80),
            (d(1946, 11, 23), d(1946, 11, 23), 0, 0),
            // born on 29 Feb, common year: 28 Feb is still before the
            // birthday, 1 March is it
            (d(1936, 2, 29), d(2026, 2, 28), 89, 89),
            (d(1936, 2, 29), d(2026, 3, 1), 90, 89),
            (d(1936, 2, 29), d(2026, 3, 2), 90, 90),
            // leap year: 29 Feb is the birthday
            (d(1936, 2, 29), d(2028, 2, 28), 91, 91),
            (d(1936, 2, 29), d(2028, 2, 29), 92, 91),
            (d(1936, 2, 29), d(2028, 3, 1), 92, 92),
        ];
        for (born, on, birthday, day_after) in cases {
            assert_eq!(
                age_on(born, on, AgeConvention::Birthday),
                Some(birthday),
                "born {born}, on {on}, birthday"
            );
            assert_eq!(
                age_on(born, on, AgeConvention::DayAfter),
                Some(day_after),
                "born {born}, on {on}, day after"
            );
        }
    }

    #[test]
    fn year_end_birthdays() {
        let born = d(1949, 12, 31);
        for (on, convention, age) in [
            (d(2026, 12, 30), AgeConvention::Birthday, 76),
            (d(2026, 12, 31), AgeConvention::Birthday, 77),
            (d(2027, 1, 1), AgeConvention::DayAfter, 77),
            (d(2026, 12, 31), AgeConvention::DayAfter, 76),
        ] {
            let got = age_on(born, on, convention);
            assert_eq!(got, Some(age), "on {on}, {convention:?}");
        }
    }

    #[test]
    fn before_birth_has_no_age() {
        assert_eq!(
            age_on(d(2020, 5, 5), d(2020, 5, 4), AgeConvention::Birthday),
            None
        );
    }

    #[test]
    fn a_band_spans_the_birth_dates_of_its_ages() {
        let on = d(2026, 11, 23);
        let (from, to) = born_in_band(Some(80), Some(89), on, AgeConvention::Birthday).unwrap();
        assert_eq!((from, to), (d(1936, 11, 24), d(1946, 11, 23)));
        assert_eq!(age_on(from, on, AgeConvention::Birthday), Some(89));
        assert_eq!(age_on(to, on, AgeConvention::Birthday), Some(80));
        assert_eq!(
            age_on(to.succ_opt().unwrap(), on, AgeConvention::Birthday),
            Some(79)
        );
        let (from, _) = born_in_band(Some(90), None, on, AgeConvention::Birthday).unwrap();
        assert_eq!(from, d(1890, 1, 1));
        let (_, to) = born_in_band(None, Some(59), on, AgeConvention::Birthday).unwrap();
        assert_eq!(to, on);
        let (_, to) = born_in_band(Some(80), None, on, AgeConvention::DayAfter).unwrap();
        assert_eq!(to, d(1946, 11, 22), "80 from the day after the birthday");
        assert_eq!(
            born_in_band(Some(200), None, on, AgeConvention::Birthday),
            None
        );
    }
}
