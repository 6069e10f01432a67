//! The community fund's monthly statement: what each partner owed for the
//! month under their agreement (a share of their revenue — paid by diners plus
//! the subsidy claimed for them, `report partner`'s base — and/or a fixed
//! amount, prorated by the days the agreement was in force), what they paid,
//! what they still owe, and the fund's balance with the month's payments and
//! spending.
//!
//! [`statement`] is a pure function of the agreements, the daily revenue and
//! the entries, so the rules are tested without a database; [`fund`] loads
//! them. Rounding: each agreement's share of one month's revenue and its
//! prorated fixed amount are each rounded half up to the fen.

use std::collections::BTreeMap;

use crate::store::db::Db;
use canteen_core::{Money, Percent};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::error::Result;
use crate::store::fund::{self, Agreement, Entry, EntryKind};

/// A calendar month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Month {
    pub first: NaiveDate,
}

impl Month {
    /// `YYYY-MM`.
    pub fn parse(text: &str) -> std::result::Result<Month, String> {
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .map(|first| Month { first })
            .map_err(|_| format!("`{text}` is not a month: write YYYY-MM, e.g. 2026-11"))
    }

    pub fn of(day: NaiveDate) -> Month {
        Month {
            first: day.with_day(1).expect("day 1 exists"),
        }
    }

    pub fn last(self) -> NaiveDate {
        self.next()
            .first
            .pred_opt()
            .expect("a day before the next month")
    }

    pub fn next(self) -> Month {
        Month {
            first: self
                .first
                .checked_add_months(chrono::Months::new(1))
                .expect("a next month"),
        }
    }

    pub fn days(self) -> i64 {
        (self.last() - self.first).num_days() + 1
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

/// One partner's month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartnerStatement {
    pub operator: String,
    /// The agreements' terms in force this month, e.g. `5% + ¥500.00/月`.
    pub terms: String,
    /// Revenue on the days an agreement with a share was in force.
    pub revenue_fen: i64,
    pub share_fen: i64,
    pub fixed_fen: i64,
    /// `share_fen + fixed_fen`.
    pub due_fen: i64,
    /// Payments dated this month.
    pub paid_fen: i64,
    /// Still owed from earlier months (negative: paid ahead).
    pub owed_before_fen: i64,
    /// `owed_before_fen + due_fen − paid_fen`.
    pub owed_after_fen: i64,
}

/// The fund over the month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Balance {
    pub opening_fen: i64,
    pub paid_in_fen: i64,
    pub spent_fen: i64,
    pub closing_fen: i64,
}

/// The month's statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FundStatement {
    pub month: String,
    pub partners: Vec<PartnerStatement>,
    pub fund: Balance,
    /// The month's payments and spending, oldest first.
    pub entries: Vec<Entry>,
}

/// What `a` asks for in `month` given the operator's revenue per day:
/// (revenue counted, share, prorated fixed amount), or `None` when the
/// agreement is not in force that month.
fn due(a: &Agreement, month: Month, revenue: &BTreeMap<NaiveDate, i64>) -> Option<(i64, i64, i64)> {
    let from = a.starts_on.max(month.first);
    let to = a.ends_on.unwrap_or(NaiveDate::MAX).min(month.last());
    if from > to {
        return None;
    }
    let counted: i64 = if a.share_bp > 0 {
        revenue.range(from..=to).map(|(_, fen)| fen).sum()
    } else {
        0
    };
    let share = Money::from_fen(counted)
        .percent(Percent::from_basis_points(a.share_bp))
        .fen();
    let days = (to - from).num_days() + 1;
    // monthly × days / days-in-month, rounded half up (amounts are not negative).
    let fixed = (2 * a.monthly_fen * days + month.days()) / (2 * month.days());
    Some((counted, share, fixed))
}

fn terms(a: &Agreement) -> String {
    let share = (a.share_bp > 0).then(|| Percent::from_basis_points(a.share_bp).to_string());
    let fixed = (a.monthly_fen > 0).then(|| format!("{}/月", Money::from_fen(a.monthly_fen)));
    let mut t = [share, fixed]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" + ");
    if let Some(end) = a.ends_on {
        t.push_str(&format!(" (至 {end})"));
    }
    t
}

/// The statement of `month` from every agreement, each operator's revenue per
/// day (from the first agreement's month through `month`) and every entry
/// dated through the month's last day.
pub fn statement(
    month: Month,
    agreements: &[Agreement],
    revenue: &[(String, NaiveDate, i64)],
    entries: &[Entry],
) -> FundStatement {
    let mut by_operator: BTreeMap<&str, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for (op, day, fen) in revenue {
        *by_operator.entry(op).or_default().entry(*day).or_default() += fen;
    }
    let paid = |op: &str, from: NaiveDate, to: NaiveDate| -> i64 {
        entries
            .iter()
            .filter(|e| e.kind == EntryKind::Payment && e.operator.as_deref() == Some(op))
            .filter(|e| (from..=to).contains(&e.on_date))
            .map(|e| e.amount_fen)
            .sum()
    };
    let empty = BTreeMap::new();
    let mut operators: Vec<&str> = agreements.iter().map(|a| a.operator.as_str()).collect();
    operators.dedup();
    let partners = operators
        .into_iter()
        .filter_map(|op| {
            let theirs: Vec<&Agreement> = agreements.iter().filter(|a| a.operator == op).collect();
            let days = by_operator.get(op).unwrap_or(&empty);
            let owed_in = |m: Month| -> Vec<(&Agreement, (i64, i64, i64))> {
                theirs
                    .iter()
                    .filter_map(|a| due(a, m, days).map(|d| (*a, d)))
                    .collect()
            };
            let start = Month::of(theirs.iter().map(|a| a.starts_on).min()?);
            let mut due_before = 0;
            let mut m = start;
            while m < month {
                due_before += owed_in(m).iter().map(|(_, (_, s, f))| s + f).sum::<i64>();
                m = m.next();
            }
            let now = owed_in(month);
            let paid_before = paid(op, NaiveDate::MIN, month.first.pred_opt()?);
            let paid_now = paid(op, month.first, month.last());
            if now.is_empty() && due_before == 0 && paid_before == 0 && paid_now == 0 {
                return None;
            }
            let revenue_fen = now.iter().map(|(_, (r, _, _))| r).sum();
            let share_fen = now.iter().map(|(_, (_, s, _))| s).sum();
            let fixed_fen = now.iter().map(|(_, (_, _, f))| f).sum();
            let due_fen = share_fen + fixed_fen;
            let owed_before_fen = due_before - paid_before;
            Some(PartnerStatement {
                operator: op.to_owned(),
                terms: now
                    .iter()
                    .map(|(a, _)| terms(a))
                    .collect::<Vec<_>>()
                    .join("; "),
                revenue_fen,
                share_fen,
                fixed_fen,
                due_fen,
                paid_fen: paid_now,
                owed_before_fen,
                owed_after_fen: owed_before_fen + due_fen - paid_now,
            })
        })
        .collect();
    let signed = |e: &Entry| match e.kind {
        EntryKind::Payment => e.amount_fen,
        EntryKind::Spending => -e.amount_fen,
    };
    let opening_fen = entries
        .iter()
        .filter(|e| e.on_date < month.first)
        .map(signed)
        .sum();
    let this_month: Vec<Entry> = entries
        .iter()
        .filter(|e| (month.first..=month.last()).contains(&e.on_date))
        .cloned()
        .collect();
    let of_kind = |k: EntryKind| -> i64 {
        this_month
            .iter()
            .filter(|e| e.kind == k)
            .map(|e| e.amount_fen)
            .sum()
    };
    let (paid_in_fen, spent_fen) = (of_kind(EntryKind::Payment), of_kind(EntryKind::Spending));
    FundStatement {
        month: month.to_string(),
        partners,
        fund: Balance {
            opening_fen,
            paid_in_fen,
            spent_fen,
            closing_fen: opening_fen + paid_in_fen - spent_fen,
        },
        entries: this_month,
    }
}

/// Loads what [`statement`] needs for `month` from the store.
pub fn fund(db: &mut dyn Db, month: Month) -> Result<FundStatement> {
    let agreements = fund::agreements(db)?;
    let Some(first) = agreements.iter().map(|a| a.starts_on).min() else {
        let entries = fund::entries_through(db, month.last())?;
        return Ok(statement(month, &agreements, &[], &entries));
    };
    let from = Month::of(first).first.min(month.first);
    let revenue = fund::daily_revenue(db, from, month.last())?;
    let entries = fund::entries_through(db, month.last())?;
    Ok(statement(month, &agreements, &revenue, &entries))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn agreement(
        op: &str,
        share_bp: u32,
        monthly_fen: i64,
        from: &str,
        to: Option<&str>,
    ) -> Agreement {
        Agreement {
            id: 1,
            operator: op.into(),
            share_bp,
            monthly_fen,
            starts_on: d(from),
            ends_on: to.map(d),
        }
    }

    fn payment(op: &str, fen: i64, on: &str) -> Entry {
        Entry {
            id: 0,
            kind: EntryKind::Payment,
            operator: Some(op.into()),
            amount_fen: fen,
            on_date: d(on),
            note: "分成".into(),
            entered_by: "王".into(),
        }
    }

    #[test]
    fn a_share_counts_only_days_in_force_and_rounds_half_up() {
        let a = agreement("甲", 550, 0, "2026-11-10", None);
        let revenue: BTreeMap<_, _> = [(d("2026-11-09"), 100_000), (d("2026-11-10"), 1_001)].into();
        // 5.5% of ¥10.01 = 55.055 fen → 55 fen; the 9th is before the agreement.
        assert_eq!(
            due(&a, Month::of(d("2026-11-01")), &revenue),
            Some((1_001, 55, 0))
        );
    }

    #[test]
    fn a_fixed_amount_is_prorated_by_days_in_force() {
        // 30 000 fen a month, in force 10 of November's 30 days: 10 000.
        let a = agreement("乙", 0, 30_000, "2026-11-21", None);
        assert_eq!(
            due(&a, Month::of(d("2026-11-01")), &BTreeMap::new()),
            Some((0, 0, 10_000))
        );
        // Ended on 2026-12-01: 1 of 31 days → 967.74 → 968.
        let b = agreement("乙", 0, 30_000, "2026-11-01", Some("2026-12-01"));
        assert_eq!(
            due(&b, Month::of(d("2026-12-01")), &BTreeMap::new()),
            Some((0, 0, 968))
        );
        assert_eq!(due(&b, Month::of(d("2027-01-01")), &BTreeMap::new()), None);
    }

    #[test]
    fn what_is_owed_carries_over_and_the_fund_balances() {
        let agreements = [agreement("甲", 1_000, 0, "2026-11-01", None)];
        let revenue = [
            ("甲".to_owned(), d("2026-11-05"), 50_000),
            ("甲".to_owned(), d("2026-12-05"), 20_000),
        ];
        let mut spend = payment("甲", 1_000, "2026-12-20");
        spend.kind = EntryKind::Spending;
        spend.operator = None;
        let entries = [
            payment("甲", 3_000, "2026-11-30"),
            payment("甲", 2_000, "2026-12-02"),
            spend,
        ];
        let s = statement(Month::of(d("2026-12-01")), &agreements, &revenue, &entries);
        let p = &s.partners[0];
        // November: 5 000 due, 3 000 paid → 2 000 owed; December: 2 000 due, 2 000 paid.
        assert_eq!(
            (p.owed_before_fen, p.due_fen, p.paid_fen, p.owed_after_fen),
            (2_000, 2_000, 2_000, 2_000)
        );
        assert_eq!(p.terms, "10%");
        assert_eq!(
            s.fund,
            Balance {
                opening_fen: 3_000,
                paid_in_fen: 2_000,
                spent_fen: 1_000,
                closing_fen: 4_000
            }
        );
        assert_eq!(s.entries.len(), 2);
    }

    #[test]
    fn a_month_is_read_from_yyyy_mm_and_says_how_to_write_one() {
        assert_eq!(Month::parse("2026-02").unwrap().days(), 28);
        assert!(Month::parse("2026-13").unwrap_err().contains("YYYY-MM"));
    }
}
