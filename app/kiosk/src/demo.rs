//! Demo residents for `canteen kiosk --demo`: synthetic (but valid) ID numbers
//! registered in the ledger's residents registry through its CSV import, so the
//! demo exercises exactly what a real import does — a 92-year-old who eats free,
//! an 85-year-old and a 65-year-old 低保 diner with topped-up meal cards, a
//! 70-year-old whose card is short of a meal, a suspended resident and a lost
//! card, plus an unregistered 40-year-old. The numbers are printed for the
//! person trying the demo; they belong to nobody ([`synthetic_number`]).

use canteen_core::Money;
use canteen_core::cashier::Role;
use canteen_ledger::{Ledger, LedgerError};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

/// A demo diner: the full (synthetic) number is for typing into the demo.
#[derive(Clone, Debug)]
pub struct DemoDiner {
    pub number: String,
    pub description: &'static str,
}

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("demo resident row {line} refused: {reason}")]
    BadRow { line: u64, reason: String },
}

/// The staff member who tops up the demo cards.
const DEMO_STAFF: &str = "演示 demo";
const DEMO_PIN: &str = "2468";

struct Person {
    age: i32,
    seq: u8,
    name: &'static str,
    categories: &'static str,
    card: Option<(&'static str, i64)>,
    status: &'static str,
    description: &'static str,
}

const PEOPLE: [Person; 6] = [
    Person {
        age: 92,
        seq: 12,
        name: "王秀华",
        categories: "",
        card: None,
        status: "",
        description: "92 岁，免费午餐 / age 92, free lunch",
    },
    Person {
        age: 85,
        seq: 21,
        name: "李明",
        categories: "",
        card: Some(("DEMO-0085", 50)),
        status: "",
        description: "85 岁，饭卡 / age 85, meal card",
    },
    Person {
        age: 65,
        seq: 33,
        name: "张建明",
        categories: "dibao",
        card: Some(("DEMO-0065", 100)),
        status: "",
        description: "65 岁，低保，饭卡 / age 65, dibao, meal card",
    },
    Person {
        age: 70,
        seq: 45,
        name: "赵秀英",
        categories: "",
        card: Some(("DEMO-0070", 5)),
        status: "",
        description: "70 岁，饭卡余额不足 / age 70, low card balance",
    },
    Person {
        age: 75,
        seq: 57,
        name: "孙丽",
        categories: "",
        card: None,
        status: "suspended",
        description: "75 岁，已暂停 / age 75, suspended",
    },
    Person {
        age: 78,
        seq: 61,
        name: "周建平",
        categories: "",
        card: Some(("DEMO-0078", 20)),
        status: "lost",
        description: "78 岁，卡已挂失 / age 78, card lost",
    },
];

/// A valid 18-digit number for a birth date (region 110101, sequence
/// `seq`, its check digit computed): a demo diner's, belonging to nobody.
pub fn synthetic_number(birth: NaiveDate, seq: u8) -> String {
    let first17 = format!(
        "110101{}{:02}{}",
        birth.format("%Y%m%d"),
        seq / 10,
        seq % 10
    );
    let bytes: [u8; 17] = first17.as_bytes().try_into().expect("17 digits");
    format!(
        "{first17}{}",
        char::from(canteen_core::resident_id::check_char(&bytes))
    )
}

/// A birthday a month before `today`'s date `years` ago, so the age holds all day.
fn born(today: NaiveDate, years: i32) -> NaiveDate {
    let d = today.with_year(today.year() - years).unwrap_or(today);
    d - chrono::Days::new(30)
}

/// Registers (or refreshes) the demo residents and tops their cards up to at
/// least their demo balance; returns who to scan.
pub fn register(
    ledger: &mut Ledger,
    known_categories: &[String],
    today: NaiveDate,
    now: DateTime<FixedOffset>,
) -> Result<Vec<DemoDiner>, DemoError> {
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    let mut diners = Vec::new();
    for p in &PEOPLE {
        let number = synthetic_number(born(today, p.age), p.seq);
        let card = p.card.map_or("", |(c, _)| c);
        csv.push_str(&format!(
            "{number},{},{},{card},{}\n",
            p.name, p.categories, p.status
        ));
        diners.push(DemoDiner {
            number,
            description: p.description,
        });
    }
    let read = ledger.read_residents_csv(csv.as_bytes(), today, known_categories);
    if let Some(bad) = read.bad.first() {
        return Err(DemoError::BadRow {
            line: bad.line,
            reason: bad.reason.clone(),
        });
    }
    ledger.import_residents(&read.good, now, &mut || {})?;

    let staff = match ledger.staff(DEMO_STAFF)? {
        Some(s) => s,
        None => ledger.add_staff(DEMO_STAFF, Role::Cashier, DEMO_PIN, now)?,
    };
    for (card, yuan) in PEOPLE.iter().filter_map(|p| p.card) {
        let want = Money::from_yuan(yuan);
        let balance = ledger.card_balance(card)?;
        if balance < want {
            ledger.top_up_card(card, want - balance, staff.id, now)?;
        }
    }
    diners.push(DemoDiner {
        number: synthetic_number(born(today, 40), 73),
        description: "40 岁，未登记 / age 40, not registered",
    });
    Ok(diners)
}
