//! The kiosk session: the diner's self-service flow as a pure state machine.
//!
//! Welcome → Priced (after a scan the worker identified and priced) → Paying →
//! Committing → Done, with Error screens and an idle timeout that returns to
//! Welcome from any step. A half-finished order is dropped, never half-sold:
//! once a commit is requested the session waits for its result and no timeout
//! or scan interrupts it. There is no clock in here: every event comes with the
//! caller's `now`, so tests drive time by hand. Identifying and pricing happen
//! outside (they need the registry); the session only decides what follows.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::{LineBreakdown, Money, ResidentId};

/// How long the thank-you screen stays before the welcome screen returns.
pub const DONE_TIMEOUT: Duration = Duration::from_secs(5);
/// The idle timeout when the configuration says nothing.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Who was scanned, in display-safe form only (never a full ID number).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DinerView {
    /// The scanned number (its `Debug` is masked); the worker needs it to record the sale.
    pub id: Option<ResidentId>,
    /// The masked name if registered (`张*明`), else the masked ID number.
    pub label: String,
    pub age: Option<u32>,
    /// The tier for the diner's age, if any (`age90`, …).
    pub tier: Option<String>,
    /// Registered subsidy categories (`dibao`, …).
    pub categories: Vec<String>,
    /// Meal-card balance, if the diner has a card.
    pub card_balance: Option<Money>,
    /// The meal card the diner identified with when no ID number was scanned
    /// (its QR signature verified by the kiosk); the worker records the sale
    /// for the card's registered holder.
    pub card_no: Option<String>,
    /// The holder's birth date the signed card carried (the kiosk keeps no
    /// birth date): the sale is priced with it again at commit.
    pub card_born: Option<NaiveDate>,
    /// The diner's meal card is blocked (reported lost, or suspended) while
    /// they themselves are served, by their ID card: the screen says so.
    pub card_notice: Option<CardNotice>,
}

/// Why a served diner's meal card cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CardNotice {
    /// Reported lost (挂失).
    Lost,
    /// Suspended by the office.
    Suspended,
}

/// Something the diner may add with one tap: an extra or a companion's meal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub kind: OfferKind,
    pub line: LineBreakdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferKind {
    Extra,
    Companion,
}

/// An order being built: the period's default meal first, then what was added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Order {
    pub diner: DinerView,
    pub lines: Vec<LineBreakdown>,
    pub offers: Vec<Offer>,
    /// The subsidised meal of this period was already taken: market price applies.
    pub quota_used: bool,
}

impl Order {
    pub fn total(&self) -> Money {
        self.lines
            .iter()
            .fold(Money::ZERO, |acc, l| acc + l.charged)
    }

    pub fn subsidy(&self) -> Money {
        self.lines
            .iter()
            .fold(Money::ZERO, |acc, l| acc + l.subsidy)
    }

    pub fn market(&self) -> Money {
        self.lines.iter().fold(Money::ZERO, |acc, l| acc + l.market)
    }

    /// How many of `item` the order holds.
    pub fn count(&self, item: &str) -> usize {
        self.lines.iter().filter(|l| l.item == item).count()
    }
}

/// How the diner settles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayMethod {
    /// Nothing due.
    Free,
    /// Deducted from the meal-card balance.
    MealCard,
    /// Cash or mobile payment at the counter: handed over to the cashier.
    Counter,
}

/// What a committed sale left behind, for the thank-you screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completed {
    pub sale_no: String,
    pub paid: Money,
    pub subsidy: Money,
    pub method: PayMethod,
    /// False when the printer failed: the sale stands and a reprint is offered.
    /// True when nothing failed, including a kiosk with no printer at all.
    pub printed: bool,
    /// What is left on the meal card after a card payment (`None` otherwise).
    pub card_balance: Option<Money>,
}

impl Completed {
    /// A handed-over order the cashier took cash or a mobile payment for.
    pub fn at_counter(sale_no: String, paid: Money, subsidy: Money, printed: bool) -> Completed {
        Completed {
            sale_no,
            paid,
            subsidy,
            method: PayMethod::Counter,
            printed,
            card_balance: None,
        }
    }
}

/// Everything that can go wrong, in the diner's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The scan is not a valid ID number or meal-card code.
    InvalidId,
    /// A meal-card QR code whose office signature does not verify (forged or
    /// altered), or a card the registry does not know: staff must look.
    InvalidCard,
    CardSuspended,
    CardLost,
    /// Outside every meal period; `next` is the next period's name and start time.
    OutsidePeriod {
        next: Option<(String, String)>,
    },
    InsufficientBalance {
        balance: Money,
        due: Money,
    },
    /// The back end refused the sale (e.g. its price no longer held): nothing
    /// was charged; the diner scans again or asks staff.
    Refused,
    /// The database failed: selling stops until staff intervene.
    Database,
}

impl ErrorKind {
    /// A short stable name, used for screenshot files and logs.
    pub fn code(&self) -> &'static str {
        match self {
            ErrorKind::InvalidId => "invalid-id",
            ErrorKind::InvalidCard => "invalid-card",
            ErrorKind::CardSuspended => "card-suspended",
            ErrorKind::CardLost => "card-lost",
            ErrorKind::OutsidePeriod { .. } => "outside-period",
            ErrorKind::InsufficientBalance { .. } => "insufficient-balance",
            ErrorKind::Refused => "refused",
            ErrorKind::Database => "database",
        }
    }

    /// Whether the kiosk must stop selling (no timeout and no scan leaves it).
    pub fn is_fatal(&self) -> bool {
        matches!(self, ErrorKind::Database)
    }
}

/// The screen the session is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Welcome,
    Priced(Order),
    Paying(Order),
    /// The commit is in flight: nothing interrupts it.
    Committing(Order, PayMethod),
    /// Handed over to the cashier: "please pay at the counter".
    Counter(Order),
    Done(Completed),
    Error(ErrorKind),
}

impl Stage {
    pub fn name(&self) -> &'static str {
        match self {
            Stage::Welcome => "welcome",
            Stage::Priced(_) => "priced",
            Stage::Paying(_) => "paying",
            Stage::Committing(..) => "committing",
            Stage::Counter(_) => "counter",
            Stage::Done(_) => "done",
            Stage::Error(_) => "error",
        }
    }
}

/// What happens to the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The worker identified and priced a scan.
    Scanned(Order),
    /// The worker refused a scan.
    Rejected(ErrorKind),
    /// The diner confirmed the order.
    Confirm,
    /// The diner tapped offer number `n`.
    AddOffer(usize),
    /// The diner chose how to pay.
    Choose(PayMethod),
    /// The diner tapped "back" / "cancel".
    Cancel,
    /// The worker committed the sale.
    Committed(Completed),
    /// The worker failed.
    Failed(ErrorKind),
    /// Time passed.
    Tick,
}

/// What the caller must do after an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Record the sale (one transaction), then print, then report `Committed`/`Failed`.
    Commit { order: Order, method: PayMethod },
    /// Hand the order to the cashier screen.
    HandOver(Order),
}

/// The session: the current stage and when the diner last did something.
#[derive(Clone, Debug)]
pub struct Session {
    stage: Stage,
    last_activity: Instant,
    idle_timeout: Duration,
}

impl Session {
    pub fn new(now: Instant, idle_timeout: Duration) -> Session {
        Session {
            stage: Stage::Welcome,
            last_activity: now,
            idle_timeout,
        }
    }

    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// Applies one event at `now`; returns what the caller must do, if anything.
    pub fn handle(&mut self, event: Event, now: Instant) -> Option<Effect> {
        if matches!(&self.stage, Stage::Error(e) if e.is_fatal()) {
            return None;
        }
        if !matches!(event, Event::Tick) {
            self.last_activity = now;
        }
        let stage = std::mem::replace(&mut self.stage, Stage::Welcome);
        let (next, effect) = Self::step(
            stage,
            event,
            now.saturating_duration_since(self.last_activity),
            self.idle_timeout,
        );
        self.stage = next;
        effect
    }

    fn step(
        stage: Stage,
        event: Event,
        idle: Duration,
        idle_timeout: Duration,
    ) -> (Stage, Option<Effect>) {
        use Stage as S;
        match (stage, event) {
            // Results of work in flight always land.
            (S::Committing(..), Event::Committed(done)) => (S::Done(done), None),
            (S::Committing(..), Event::Failed(kind)) => (S::Error(kind), None),
            (s @ S::Committing(..), _) => (s, None),
            // The cashier took payment for the handed-over order.
            (S::Counter(_), Event::Committed(done)) => (S::Done(done), None),
            (_, Event::Failed(kind)) if kind.is_fatal() => (S::Error(kind), None),

            // A scan starts over, except while paying.
            (s @ (S::Paying(_) | S::Counter(_)), Event::Scanned(_) | Event::Rejected(_)) => {
                (s, None)
            }
            (_, Event::Scanned(order)) => (S::Priced(order), None),
            (_, Event::Rejected(kind)) => (S::Error(kind), None),

            (S::Priced(mut order), Event::AddOffer(n)) => {
                if let Some(offer) = order.offers.get(n) {
                    order.lines.push(offer.line.clone());
                }
                (S::Priced(order), None)
            }
            (S::Priced(order), Event::Confirm) if order.total() == Money::ZERO => (
                S::Committing(order.clone(), PayMethod::Free),
                Some(Effect::Commit {
                    order,
                    method: PayMethod::Free,
                }),
            ),
            (S::Priced(order), Event::Confirm) => (S::Paying(order), None),
            (S::Paying(order), Event::Choose(PayMethod::Counter)) => {
                (S::Counter(order.clone()), Some(Effect::HandOver(order)))
            }
            (S::Paying(order), Event::Choose(method)) => (
                S::Committing(order.clone(), method),
                Some(Effect::Commit { order, method }),
            ),
            (S::Paying(order), Event::Cancel) => (S::Priced(order), None),
            (_, Event::Cancel) => (S::Welcome, None),

            (s, Event::Tick) => {
                let limit = if matches!(s, S::Done(_)) {
                    DONE_TIMEOUT.min(idle_timeout)
                } else {
                    idle_timeout
                };
                if !matches!(s, S::Welcome) && idle >= limit {
                    (S::Welcome, None)
                } else {
                    (s, None)
                }
            }
            (s, _) => (s, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(item: &str, market: i64, charged: i64) -> LineBreakdown {
        LineBreakdown {
            item: item.into(),
            period: None,
            tier: None,
            categories: vec![],
            market: Money::from_yuan(market),
            charged: Money::from_yuan(charged),
            subsidy: Money::from_yuan(market - charged),
            uses_quota: market > charged,
            reason_zh: String::new(),
            reason_en: String::new(),
        }
    }

    fn order(charged: i64) -> Order {
        Order {
            diner: DinerView {
                id: None,
                label: "张*明".into(),
                age: Some(70),
                tier: Some("age60".into()),
                categories: vec![],
                card_balance: None,
                card_no: None,
                card_born: None,
                card_notice: None,
            },
            lines: vec![line("lunch-set", 15, charged)],
            offers: vec![
                Offer {
                    kind: OfferKind::Extra,
                    line: line("soup", 3, 3),
                },
                Offer {
                    kind: OfferKind::Companion,
                    line: line("lunch-set", 15, 15),
                },
            ],
            quota_used: false,
        }
    }

    fn done(paid: i64) -> Completed {
        Completed {
            sale_no: "1".into(),
            paid: Money::from_yuan(paid),
            subsidy: Money::ZERO,
            method: PayMethod::Free,
            printed: true,
            card_balance: None,
        }
    }

    fn session() -> (Session, Instant) {
        let t0 = Instant::now();
        (Session::new(t0, DEFAULT_IDLE_TIMEOUT), t0)
    }

    /// The ledger committed the sale paying `paid`: the diner sees it done.
    fn committed(s: &mut Session, t: Instant, paid: i64) {
        s.handle(Event::Committed(done(paid)), t);
        assert_eq!(s.stage(), &Stage::Done(done(paid)));
    }

    /// A session that has just scanned an order paying `paid` yuan.
    fn scanned(paid: i64) -> (Session, Instant) {
        let (mut s, t) = session();
        s.handle(Event::Scanned(order(paid)), t);
        (s, t)
    }

    #[test]
    fn free_meal_commits_on_confirm() {
        let (mut s, t) = scanned(0);
        let effect = s.handle(Event::Confirm, t);
        assert_eq!(
            effect,
            Some(Effect::Commit {
                order: order(0),
                method: PayMethod::Free
            })
        );
        assert_eq!(s.stage().name(), "committing");
        committed(&mut s, t, 0);
    }

    #[test]
    fn paid_meal_goes_through_payment_choice() {
        let (mut s, t) = scanned(12);
        assert_eq!(s.handle(Event::Confirm, t), None);
        assert_eq!(s.stage().name(), "paying");
        let effect = s.handle(Event::Choose(PayMethod::MealCard), t);
        assert!(matches!(
            effect,
            Some(Effect::Commit {
                method: PayMethod::MealCard,
                ..
            })
        ));
    }

    #[test]
    fn counter_hands_over() {
        let (mut s, t) = scanned(12);
        s.handle(Event::Confirm, t);
        assert_eq!(
            s.handle(Event::Choose(PayMethod::Counter), t),
            Some(Effect::HandOver(order(12)))
        );
        assert_eq!(s.stage().name(), "counter");
        // The cashier took payment for it: the diner sees it done.
        committed(&mut s, t, 12);
    }

    #[test]
    fn offers_add_lines_and_totals() {
        let (mut s, t) = scanned(12);
        s.handle(Event::AddOffer(0), t);
        s.handle(Event::AddOffer(1), t);
        s.handle(Event::AddOffer(9), t);
        let Stage::Priced(o) = s.stage() else {
            panic!("{:?}", s.stage())
        };
        assert_eq!(o.lines.len(), 3);
        assert_eq!(o.total(), Money::from_yuan(30));
        assert_eq!(o.subsidy(), Money::from_yuan(3));
        assert_eq!(o.count("lunch-set"), 2);
    }

    #[test]
    fn idle_timeout_drops_the_order() {
        let (mut s, t) = scanned(12);
        s.handle(Event::Confirm, t);
        s.handle(Event::Tick, t + Duration::from_secs(29));
        assert_eq!(s.stage().name(), "paying");
        s.handle(Event::Tick, t + Duration::from_secs(30));
        assert_eq!(s.stage(), &Stage::Welcome);
    }

    #[test]
    fn activity_restarts_the_idle_clock() {
        let (mut s, t) = scanned(12);
        s.handle(Event::AddOffer(0), t + Duration::from_secs(20));
        s.handle(Event::Tick, t + Duration::from_secs(40));
        assert_eq!(s.stage().name(), "priced");
    }

    #[test]
    fn a_commit_in_flight_is_never_interrupted() {
        let (mut s, t) = scanned(0);
        s.handle(Event::Confirm, t);
        s.handle(Event::Tick, t + Duration::from_secs(300));
        s.handle(Event::Scanned(order(12)), t);
        s.handle(Event::Cancel, t);
        assert_eq!(s.stage().name(), "committing");
        s.handle(
            Event::Failed(ErrorKind::InsufficientBalance {
                balance: Money::ZERO,
                due: Money::from_yuan(1),
            }),
            t,
        );
        assert_eq!(s.stage().name(), "error");
    }

    #[test]
    fn done_returns_to_welcome_after_a_few_seconds() {
        let (mut s, t) = scanned(0);
        s.handle(Event::Confirm, t);
        s.handle(Event::Committed(done(0)), t);
        s.handle(Event::Tick, t + DONE_TIMEOUT - Duration::from_millis(1));
        assert_eq!(s.stage().name(), "done");
        s.handle(Event::Tick, t + DONE_TIMEOUT);
        assert_eq!(s.stage(), &Stage::Welcome);
    }

    #[test]
    fn rejected_scan_shows_error_and_cancel_returns() {
        let (mut s, t) = session();
        s.handle(Event::Rejected(ErrorKind::InvalidId), t);
        assert_eq!(s.stage(), &Stage::Error(ErrorKind::InvalidId));
        s.handle(Event::Cancel, t);
        assert_eq!(s.stage(), &Stage::Welcome);
    }

    #[test]
    fn scans_are_ignored_while_paying() {
        let (mut s, t) = scanned(12);
        s.handle(Event::Confirm, t);
        s.handle(Event::Rejected(ErrorKind::InvalidId), t);
        assert_eq!(s.stage().name(), "paying");
        s.handle(Event::Cancel, t);
        assert_eq!(s.stage().name(), "priced");
    }

    #[test]
    fn database_failure_stops_selling() {
        let (mut s, t) = session();
        s.handle(Event::Failed(ErrorKind::Database), t);
        s.handle(Event::Scanned(order(0)), t);
        s.handle(Event::Cancel, t);
        s.handle(Event::Tick, t + Duration::from_secs(3600));
        assert_eq!(s.stage(), &Stage::Error(ErrorKind::Database));
    }
}
