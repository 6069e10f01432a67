//! Meal periods: named local-time windows, start inclusive, end exclusive.

use chrono::NaiveTime;
use serde::Serialize;

/// A meal period's identifier, e.g. `lunch`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PeriodId(pub String);

impl PeriodId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PeriodId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One meal period: `[start, end)` in local time, within one day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MealPeriod {
    pub id: PeriodId,
    pub name_zh: String,
    pub name_en: String,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl MealPeriod {
    pub fn contains(&self, t: NaiveTime) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether two periods share any instant.
    pub fn overlaps(&self, other: &MealPeriod) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The day's meal periods, sorted by start time and not overlapping (the
/// configuration loader guarantees both).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Periods(Vec<MealPeriod>);

impl Periods {
    /// Sorts by start; the caller has checked there are no overlaps.
    pub fn new(mut periods: Vec<MealPeriod>) -> Self {
        periods.sort_by_key(|p| p.start);
        Periods(periods)
    }

    pub fn all(&self) -> &[MealPeriod] {
        &self.0
    }

    pub fn get(&self, id: &str) -> Option<&MealPeriod> {
        self.0.iter().find(|p| p.id.as_str() == id)
    }

    /// The period `t` falls in, if any.
    pub fn at(&self, t: NaiveTime) -> Option<&MealPeriod> {
        self.0.iter().find(|p| p.contains(t))
    }

    /// The next period to start after `t` today, or the first one tomorrow.
    pub fn next_after(&self, t: NaiveTime) -> Option<&MealPeriod> {
        self.0
            .iter()
            .find(|p| p.start > t)
            .or_else(|| self.0.first())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn period(id: &str, start: NaiveTime, end: NaiveTime) -> MealPeriod {
        MealPeriod {
            id: PeriodId(id.into()),
            name_zh: id.into(),
            name_en: id.into(),
            start,
            end,
        }
    }

    fn day() -> Periods {
        Periods::new(vec![
            period("lunch", t(11, 0), t(13, 30)),
            period("breakfast", t(6, 30), t(9, 0)),
            period("dinner", t(17, 0), t(19, 30)),
        ])
    }

    #[test]
    fn start_is_inclusive_end_is_exclusive() {
        let p = day();
        let at = |h, m| p.at(t(h, m)).map(|x| x.id.as_str().to_owned());
        assert_eq!(at(6, 29), None);
        assert_eq!(at(6, 30).as_deref(), Some("breakfast"));
        assert_eq!(
            p.at(NaiveTime::from_hms_opt(8, 59, 59).unwrap())
                .map(|x| x.id.as_str()),
            Some("breakfast")
        );
        assert_eq!(at(9, 0), None);
        assert_eq!(at(11, 0).as_deref(), Some("lunch"));
        assert_eq!(at(13, 29).as_deref(), Some("lunch"));
        assert_eq!(at(13, 30), None);
        assert_eq!(at(19, 30), None);
    }

    #[test]
    fn next_period_wraps_to_tomorrow() {
        let p = day();
        assert_eq!(p.next_after(t(9, 30)).unwrap().id.as_str(), "lunch");
        assert_eq!(p.next_after(t(11, 0)).unwrap().id.as_str(), "dinner");
        assert_eq!(p.next_after(t(20, 0)).unwrap().id.as_str(), "breakfast");
        assert_eq!(p.next_after(t(5, 0)).unwrap().id.as_str(), "breakfast");
    }

    #[test]
    fn overlap_is_detected_but_touching_is_not() {
        let a = period("a", t(11, 0), t(13, 30));
        assert!(a.overlaps(&period("b", t(13, 0), t(14, 0))));
        assert!(!a.overlaps(&period("c", t(13, 30), t(14, 0))));
        assert!(a.overlaps(&period("d", t(10, 0), t(18, 0))));
    }
}
