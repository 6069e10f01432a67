//! The demo's clock: `canteen kiosk --demo --clock 12:00` runs the kiosk as if it
//! were that local time now, so a newcomer can try a lunch at midnight. The shift
//! is fixed at start-up and the clock keeps ticking from there; the ledger records
//! sales at the shifted time, which is why only the demo may use it.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};

/// Parses the `--clock` argument (`HH:MM`, 24-hour).
pub fn parse(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .ok()
        .filter(|_| text.len() == 5)
}

/// How far to move a clock reading `now` so that it reads `start` today.
pub fn shift(now: NaiveDateTime, start: NaiveTime) -> TimeDelta {
    now.date().and_time(start) - now
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(h: u32, m: u32, s: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(h, m, s)
            .unwrap()
    }

    #[test]
    fn the_shifted_clock_reads_the_start_time_today() {
        for now in [at(0, 35, 10), at(12, 0, 0), at(23, 59, 59)] {
            let start = parse("12:00").unwrap();
            assert_eq!(now + shift(now, start), at(12, 0, 0), "from {now}");
        }
        // Later readings move on from the start.
        let now = at(0, 35, 0);
        let d = shift(now, parse("11:30").unwrap());
        assert_eq!(now + TimeDelta::minutes(5) + d, at(11, 35, 0));
    }

    #[test]
    fn only_hh_mm_is_a_clock() {
        assert_eq!(parse("07:05"), NaiveTime::from_hms_opt(7, 5, 0));
        for bad in ["7:05", "12", "12:00:00", "24:00", "noon", ""] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
