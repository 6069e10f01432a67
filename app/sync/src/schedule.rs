//! When the kiosk syncs on its own: once a night at a configured local time,
//! and after a failure again and again with a growing pause. Pure: the caller
//! passes the time in.
//!
//! A night that was missed (the kiosk was off) is made up at once: the next run
//! is the first nightly time after the last success, which may lie in the past.
//! A kiosk that has never synced runs at once: a new kiosk should reach the
//! office (and get its residents and menu bundle) on the day it is set up, not
//! the night after.

use std::time::Duration;

use chrono::{DateTime, Days, FixedOffset, NaiveTime};

/// The first pause after a failure; it doubles per failure up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_secs(30);
pub const MAX_BACKOFF: Duration = Duration::from_secs(60 * 60);

/// What the scheduler remembers between runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SyncHistory {
    pub last_success: Option<DateTime<FixedOffset>>,
    /// Failures since the last success, and when the latest was.
    pub failures: u32,
    pub last_failure: Option<DateTime<FixedOffset>>,
}

/// The pause after `failures` consecutive failures (≥ 1).
pub fn backoff(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF)
}

/// The first `nightly` local time strictly after `t` (in `t`'s offset).
fn nightly_after(t: DateTime<FixedOffset>, nightly: NaiveTime) -> DateTime<FixedOffset> {
    let today = t.date_naive().and_time(nightly);
    let local = if today > t.naive_local() {
        today
    } else {
        today + Days::new(1)
    };
    local
        .and_local_timezone(*t.offset())
        .single()
        .expect("a fixed offset maps every local time")
}

/// When the next sync should start; a time not after `now` means "now".
pub fn next_run(
    now: DateTime<FixedOffset>,
    nightly: NaiveTime,
    history: &SyncHistory,
) -> DateTime<FixedOffset> {
    if let (true, Some(failed)) = (history.failures > 0, history.last_failure) {
        return failed + backoff(history.failures);
    }
    match history.last_success {
        // A clock that went backwards past the last success: wait for tonight.
        Some(ok) if ok <= now => nightly_after(ok, nightly),
        Some(_) => nightly_after(now, nightly),
        None => now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }
    const TWO_AM: NaiveTime = NaiveTime::from_hms_opt(2, 0, 0).unwrap();

    #[test]
    fn runs_at_the_next_nightly_time_after_the_last_success() {
        let h = SyncHistory {
            last_success: Some(t("2026-11-23T02:00:05+08:00")),
            ..Default::default()
        };
        assert_eq!(
            next_run(t("2026-11-23T12:00:00+08:00"), TWO_AM, &h),
            t("2026-11-24T02:00:00+08:00")
        );
    }

    #[test]
    fn a_missed_night_is_made_up_at_once() {
        let h = SyncHistory {
            last_success: Some(t("2026-11-20T02:00:05+08:00")),
            ..Default::default()
        };
        let now = t("2026-11-23T09:00:00+08:00");
        assert!(next_run(now, TWO_AM, &h) <= now);
    }

    #[test]
    fn never_synced_runs_at_once_and_a_1970_clock_does_not_run_early() {
        let now = t("2026-11-23T09:00:00+08:00");
        assert_eq!(next_run(now, TWO_AM, &SyncHistory::default()), now);
        let h = SyncHistory {
            last_success: Some(now),
            ..Default::default()
        };
        let boot = t("1970-01-01T08:00:30+08:00");
        assert_eq!(next_run(boot, TWO_AM, &h), t("1970-01-02T02:00:00+08:00"));
    }

    #[test]
    fn failures_back_off_doubling_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(5), Duration::from_secs(480));
        assert_eq!(backoff(40), MAX_BACKOFF);
        let failed = t("2026-11-23T02:00:00+08:00");
        let h = SyncHistory {
            last_success: None,
            failures: 3,
            last_failure: Some(failed),
        };
        assert_eq!(next_run(failed, TWO_AM, &h), t("2026-11-23T02:02:00+08:00"));
    }
}
