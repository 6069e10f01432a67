//! Issue #12: a stolen kiosk yields no ID numbers.
//!
//! A kiosk with `--config DIR` imports three residents, sells to them by ID
//! card (`canteen sell`) and by meal card (the signed card carries the
//! holder's birth date; the ledger's card-holder sale), and syncs with an
//! in-process office (sales pushed, a signed bundle pulled and kept). Then
//! both of its folders are copied, as a thief would, and:
//!
//! - every file in them is grepped for the full ID numbers (ASCII), the full
//!   names (UTF-8 and GB18030) and the birth dates (`YYYYMMDD` and
//!   `YYYY-MM-DD`): none may appear;
//! - the recovery attack runs against the copy. **The attack:** take the
//!   community secret (`resident.key`, found in the copied configuration
//!   directory) and the key cost (the database's `resident_key_cost`), and for
//!   each resident row take its masked ID (first 3 and last 4 characters:
//!   province and city digit, sequence and check character) and every other
//!   stored column (masked name, categories, card — no birth date since schema
//!   v13). Enumerate the unknown 11 characters in order — the 3 remaining
//!   area-code digits (000–999) × every birth date 1900-01-01..2026-12-31 —
//!   keeping only numbers whose ISO 7064 check character matches the shown
//!   one, derive each candidate's resident key with the stolen secret and
//!   compare it with the stored key. Within a budget of 2,000 guesses a
//!   resident, no ID may be recovered; the full space times the cost per guess
//!   measured at the community default cost must be at least 10,000
//!   CPU-seconds a resident. A negative control runs the same attack with the
//!   birth date known (what the v12 registry stored beside the key): it
//!   recovers every ID within the budget.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use canteen_config::Config;
use canteen_core::{AgeConvention, CommunitySecret, KeyCost, Money, PaymentChoice, ResidentId};
use canteen_kiosk::scan_input::{ScanInput, from_line};
use canteen_ledger::{KeyPlace, Ledger, SaleRequest};
use canteen_office::keys;
use canteen_office::store::{self, bundles};
use canteen_sync::signing::{Bundle, OfficePublicKey};
use chrono::{DateTime, FixedOffset, NaiveDate};
use support::office::Office;

/// A guess costs ~1 ms here (the test's `[privacy]`), so it runs in seconds.
const TEST_COST: KeyCost = KeyCost {
    memory_kib: 1024,
    iterations: 1,
};
const BUDGET: usize = 2_000;
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

struct Person {
    area: &'static str,
    born: &'static str,
    seq: &'static str,
    name: &'static str,
    card: &'static str,
}

const PEOPLE: [Person; 3] = [
    Person {
        area: "110105",
        born: "19410301",
        seq: "002",
        name: "王秀兰",
        card: "88001001",
    },
    Person {
        area: "110108",
        born: "19500715",
        seq: "017",
        name: "李建国",
        card: "88001002",
    },
    Person {
        area: "110101",
        born: "19621230",
        seq: "123",
        name: "张淑珍",
        card: "88001003",
    },
];

/// The ISO 7064 MOD 11-2 check character of 17 digits.
fn check_char(first17: &[u8]) -> u8 {
    canteen_core::resident_id::check_char(first17.try_into().expect("17 digits"))
}

fn number(p: &Person) -> String {
    let first = format!("{}{}{}", p.area, p.born, p.seq);
    format!("{first}{}", check_char(first.as_bytes()) as char)
}

fn dashed(yyyymmdd: &str) -> String {
    format!("{}-{}-{}", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..])
}

fn canteen(args: &[&str], data: &Path, config: &Path) -> serde_json::Value {
    let out = Command::new(support::bins::canteen())
        .args(args)
        .arg("--data")
        .arg(data)
        .arg("--config")
        .arg(config)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

/// A kiosk that imported, sold by ID and by card, and synced; its data and
/// configuration folders (and the office, kept alive).
fn used_kiosk() -> (tempfile::TempDir, tempfile::TempDir, Office) {
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    let canteen_toml = include_str!("../config/defaults/canteen.toml")
        .replace(
            "key_memory_kib = 19456",
            &format!("key_memory_kib = {}", TEST_COST.memory_kib),
        )
        .replace(
            "key_iterations = 2",
            &format!("key_iterations = {}", TEST_COST.iterations),
        );
    std::fs::write(config.path().join("canteen.toml"), canteen_toml).unwrap();

    // The office's registry file, outside the kiosk's folders.
    let outside = tempfile::tempdir().unwrap();
    let csv = outside.path().join("residents.csv");
    let mut text = String::from("id_number,name,categories,card_no,status\n");
    for p in &PEOPLE {
        text.push_str(&format!(
            "{},{},dibao,{},active\n",
            number(p),
            p.name,
            p.card
        ));
    }
    std::fs::write(&csv, text).unwrap();
    canteen(
        &["residents", "import", csv.to_str().unwrap()],
        data.path(),
        config.path(),
    );
    assert!(
        config.path().join("resident.key").exists() && !data.path().join("resident.key").exists(),
        "the secret is kept in the configuration directory"
    );

    // By ID card, at the command line.
    for p in &PEOPLE[..2] {
        let sold = canteen(
            &[
                "sell",
                "--item",
                "lunch-set",
                "--id",
                &number(p),
                "--pay",
                "cash",
                "--tendered",
                "2000",
                "--demo",
                "--at",
                LUNCH,
            ],
            data.path(),
            config.path(),
        );
        assert!(sold["total_fen"].as_i64().unwrap() <= 1200, "{sold}");
    }

    // By meal card: the office-signed card carries the birth date.
    let office = Office::start();
    let office_key = keys::load_or_create(office.dir.path()).unwrap();
    let public = OfficePublicKey::from_hex(&office_key.public_hex()).unwrap();
    let p = &PEOPLE[2];
    let born = NaiveDate::parse_from_str(p.born, "%Y%m%d").ok();
    let qr = office_key.holder_card_qr_text(p.card, born);
    let ScanInput::Card(card_no, card_born) = from_line(&qr, Some(&public)) else {
        panic!("the card verifies")
    };
    {
        let conf = Config::load(Some(config.path())).unwrap();
        let keys = KeyPlace {
            dir: Some(config.path().to_path_buf()),
            new_cost: conf.privacy.key_cost,
        };
        let mut ledger = Ledger::open_with(data.path(), &keys).unwrap();
        let sale = ledger
            .sell_card_holder(
                &card_no,
                card_born,
                &SaleRequest {
                    rules: &conf.pricing,
                    age_convention: AgeConvention::Birthday,
                    at: at(LUNCH),
                    items: vec!["lunch-set".into()],
                    companion_items: Vec::new(),
                    expected_total: None,
                    id: None,
                    tier_override: None,
                    payment: PaymentChoice::Cash {
                        tendered: Money::from_yuan(20),
                    },
                },
            )
            .unwrap();
        assert_eq!(
            sale.total_fen, 1152,
            "age 63, 低保: 96% of ¥12, from the card's date"
        );
    }

    // Sync: sales pushed, a signed bundle (menu only) pulled and kept.
    let token = office.register(data.path(), "demo-canteen");
    let conn = store::open(office.dir.path()).unwrap();
    let bundle = Bundle {
        version: 1,
        issued_at: "2026-11-23T00:00:00Z".into(),
        residents: None,
        menu_toml: Some(include_str!("../config/defaults/menu.toml").into()),
        pricing_toml: None,
    };
    bundles::put(&conn, 1, &office_key.sign_bundle(&bundle), "now").unwrap();
    canteen(
        &[
            "sync",
            "--office",
            &office.url,
            "--token",
            &token,
            "--office-key",
            &office_key.public_hex(),
        ],
        data.path(),
        config.path(),
    );
    assert!(data.path().join("bundle.json").exists(), "bundle kept");
    (data, config, office)
}

/// Copies `from` into `to` recursively (a thief's copy).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            out.push(path);
        }
    }
    out
}

/// What a thief reads from the copy: the secret, the cost, the rows.
struct Loot {
    secret: CommunitySecret,
    rows: Vec<(String, String)>,
}

fn loot(stolen: &Path) -> Loot {
    let key_file = files(stolen)
        .into_iter()
        .find(|f| f.file_name().unwrap() == "resident.key")
        .expect("the secret is somewhere in the copy");
    let bytes: [u8; 32] = std::fs::read(key_file).unwrap().try_into().unwrap();
    let db = files(stolen)
        .into_iter()
        .find(|f| f.file_name().unwrap() == "canteen.db")
        .unwrap();
    let conn = rusqlite::Connection::open(db).unwrap();
    let cost: String = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'resident_key_cost'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let (m, t) = cost.split_once(':').unwrap();
    let cost = KeyCost {
        memory_kib: m.parse().unwrap(),
        iterations: t.parse().unwrap(),
    };
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('residents')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!columns.iter().any(|c| c.contains("birth")), "{columns:?}");
    let rows = conn
        .prepare("SELECT resident_key, masked_id FROM residents")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    Loot {
        secret: CommunitySecret::with_cost(bytes, cost),
        rows,
    }
}

/// Every birth date the attack tries, in order.
fn dates() -> impl Iterator<Item = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    first.iter_days().take_while(move |d| *d <= last)
}

/// The candidate numbers for a masked ID, in the attack's order; with
/// `known_birth`, only that date.
fn candidates(masked: &str, known_birth: Option<NaiveDate>) -> impl Iterator<Item = String> {
    let (head, tail) = (masked[..3].to_owned(), masked[14..].to_owned());
    let (seq, check) = (tail[..3].to_owned(), tail.as_bytes()[3]);
    (0..1000).flat_map(move |area| {
        let (head, seq) = (head.clone(), seq.clone());
        let days: Box<dyn Iterator<Item = NaiveDate>> = match known_birth {
            Some(d) => Box::new(std::iter::once(d)),
            None => Box::new(dates()),
        };
        days.filter_map(move |d| {
            let first = format!("{head}{area:03}{}{seq}", d.format("%Y%m%d"));
            (check_char(first.as_bytes()) == check).then(|| format!("{first}{}", check as char))
        })
    })
}

/// How many candidates [`candidates`] yields for `masked` without a birth
/// date, counted by residues (area part × date part) instead of one by one.
fn space_size(masked: &str) -> u64 {
    space_size_over(masked, dates())
}

fn space_size_over(masked: &str, days_tried: impl Iterator<Item = NaiveDate>) -> u64 {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let weigh = |digits: &[u8], from: usize| -> usize {
        digits
            .iter()
            .zip(&W[from..])
            .map(|(d, w)| u32::from(d - b'0') * w)
            .sum::<u32>() as usize
            % 11
    };
    let (head, seq) = (&masked.as_bytes()[..3], &masked.as_bytes()[14..17]);
    let fixed = (weigh(head, 0) + weigh(seq, 14)) % 11;
    let (mut areas, mut days) = ([0u64; 11], [0u64; 11]);
    for area in 0..1000 {
        areas[weigh(format!("{area:03}").as_bytes(), 3)] += 1;
    }
    for d in days_tried {
        days[weigh(d.format("%Y%m%d").to_string().as_bytes(), 6)] += 1;
    }
    let check = masked.as_bytes()[17];
    let mut n = 0;
    for (a, count_a) in areas.iter().enumerate() {
        for (d, count_d) in days.iter().enumerate() {
            if b"10X98765432"[(fixed + a + d) % 11] == check {
                n += count_a * count_d;
            }
        }
    }
    n
}

/// The attack on one row: the number recovered within `budget` guesses, if any.
fn attack(
    loot: &Loot,
    row: &(String, String),
    known_birth: Option<NaiveDate>,
    budget: usize,
) -> (Option<String>, usize) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut guesses = 0;
    for candidate in candidates(&row.1, known_birth).take(budget) {
        guesses += 1;
        let Ok(id) = ResidentId::parse(&candidate, today) else {
            continue;
        };
        if loot.secret.key_of(&id) == row.0 {
            return (Some(candidate), guesses);
        }
    }
    (None, guesses)
}

#[test]
fn a_copy_of_a_used_kiosks_folders_holds_no_id_name_or_birth_date_and_resists_the_attack() {
    let (data, config, _office) = used_kiosk();
    let stolen = tempfile::tempdir().unwrap();
    copy_dir(data.path(), &stolen.path().join("data"));
    copy_dir(config.path(), &stolen.path().join("config"));

    // Byte greps of every file.
    let mut needles: Vec<(String, Vec<u8>)> = Vec::new();
    for p in &PEOPLE {
        needles.push((format!("ID of {}", p.name), number(p).into_bytes()));
        needles.push((format!("name {}", p.name), p.name.as_bytes().to_vec()));
        let (gb, _, _) = encoding_rs::GB18030.encode(p.name);
        needles.push((format!("GB18030 name {}", p.name), gb.into_owned()));
        needles.push((format!("birth date {}", p.born), p.born.as_bytes().to_vec()));
        needles.push((
            format!("birth date {}", dashed(p.born)),
            dashed(p.born).into_bytes(),
        ));
    }
    let all = files(stolen.path());
    let names: Vec<String> = all
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in [
        "canteen.db",
        "bundle.json",
        "resident.key",
        "canteen.toml",
        "menu.toml",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    for file in &all {
        let bytes = std::fs::read(file).unwrap();
        for (what, needle) in &needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_slice()),
                "{} holds the {what}",
                file.display()
            );
        }
    }

    // The attack, against the copy.
    let loot = loot(stolen.path());
    assert_eq!(
        loot.secret.cost(),
        TEST_COST,
        "the configured [privacy] cost"
    );
    assert_eq!(loot.rows.len(), PEOPLE.len());
    let started = Instant::now();
    let mut total_guesses = 0;
    for row in &loot.rows {
        let (found, guesses) = attack(&loot, row, None, BUDGET);
        assert_eq!(found, None, "recovered {} within {BUDGET} guesses", row.1);
        assert_eq!(guesses, BUDGET, "the whole budget was spent");
        total_guesses += guesses;
    }
    let per_guess_here = started.elapsed().as_secs_f64() / total_guesses as f64;

    // Negative control: with the birth date beside the key (schema v12), the
    // same attack recovers every resident within the budget.
    for row in &loot.rows {
        let p = PEOPLE
            .iter()
            .find(|p| number(p).ends_with(&row.1[14..]))
            .unwrap();
        let born = NaiveDate::parse_from_str(p.born, "%Y%m%d").ok();
        let (found, guesses) = attack(&loot, row, born, BUDGET);
        assert_eq!(found.as_deref(), Some(number(p).as_str()), "{}", row.1);
        assert!(guesses <= 120, "{guesses} guesses");
    }

    // The price of one resident at the community default cost.
    let space = space_size(&loot.rows[0].1) as f64;
    let default = CommunitySecret::with_cost([7; 32], KeyCost::DEFAULT);
    let probe = ResidentId::parse(
        &number(&PEOPLE[0]),
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    )
    .unwrap();
    let n = 20;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(default.key_of(&probe));
    }
    let per_guess_default = t.elapsed().as_secs_f64() / f64::from(n);
    let cpu_seconds = space * per_guess_default;
    println!(
        "attack: {space:.0} candidates a resident without a birth date (with one: ~{}); \
         {:.3} ms a guess at the test's cost, {:.1} ms at the default cost \
         => {cpu_seconds:.0} CPU-seconds to recover one resident",
        1000 / 11,
        per_guess_here * 1e3,
        per_guess_default * 1e3
    );
    assert!(space > 4_000_000.0, "{space}");
    // The count by residues is the enumeration's (checked on one day).
    let day = NaiveDate::from_ymd_opt(1950, 7, 15).unwrap();
    assert_eq!(
        space_size_over(&loot.rows[0].1, std::iter::once(day)),
        candidates(&loot.rows[0].1, Some(day)).count() as u64
    );
    assert!(cpu_seconds >= 10_000.0, "{cpu_seconds:.0} CPU-seconds");
}
