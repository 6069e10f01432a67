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
//! - the recovery attack runs against the copy. **The attack (the smart
//!   thief):** take the community secret (`resident.key`, found in the copied
//!   configuration directory) and the key cost (the database's
//!   `resident_key_cost`). The thief knows the canteen's county (every diner
//!   of a community canteen lives in it: the first 6 digits) and reads each
//!   resident's age band from the tier of their sales in the journal (80–89:
//!   ~3,650 birth dates). The stored masked ID shows nothing since schema v14
//!   (all `*`), so the check character is hidden too: the candidates are every
//!   birth date in the band × the 1,000 sequence numbers, each with its
//!   computed check character. Derive each candidate's resident key with the
//!   stolen secret and compare it with the stored key. Within a budget of
//!   2,000 guesses a resident, no ID may be recovered; and for every age band
//!   the pricing has (and the band of no age tier), the space times the cost
//!   per guess measured at the community default cost must be at least
//!   10,000 CPU-seconds a resident. A negative control runs the same attack
//!   against the mask v13 kept (first 3 and last 4 shown: sequence and check
//!   character known): it recovers every ID within the budget.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use canteen_config::Config;
use canteen_core::resident_id::MASKED_AT_REST;
use canteen_core::{AgeConvention, CommunitySecret, KeyCost, ResidentId, born_in_band};
use canteen_kiosk::scan_input::{ScanInput, from_line};
use canteen_ledger::{KeyPlace, Ledger, SaleRequest};
use canteen_office::keys;
use canteen_office::store::{self, bundles};
use canteen_sync::signing::{Bundle, OfficePublicKey};
use chrono::{DateTime, FixedOffset, NaiveDate};
use support::lunches::cash_lunch;
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
        area: "110105",
        born: "19500715",
        seq: "017",
        name: "李建国",
        card: "88001002",
    },
    Person {
        area: "110105",
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
                    age_convention: AgeConvention::Birthday,
                    ..cash_lunch(&conf, at(LUNCH), None)
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
    let mut conn = store::open(office.dir.path()).unwrap();
    let bundle = Bundle {
        menu_toml: Some(include_str!("../config/defaults/menu.toml").into()),
        ..support::office::bundle(1)
    };
    bundles::put(&mut conn, 1, &office_key.sign_bundle(&bundle), "now").unwrap();
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

/// The county every diner of the test canteen lives in: what the thief knows.
const COUNTY: &str = "110105";

/// One stolen resident row: the key, the stored mask and the tiers of the
/// resident's sales.
struct Row {
    key: String,
    masked_id: String,
    tiers: Vec<String>,
}

/// What a thief reads from the copy: the secret, the cost, the rows, the
/// pricing (its age bands).
struct Loot {
    secret: CommunitySecret,
    rows: Vec<Row>,
    pricing: canteen_core::PricingRules,
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
    let keyed: Vec<(String, String)> = conn
        .prepare("SELECT resident_key, masked_id FROM residents")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut tiers = conn
        .prepare(
            "SELECT DISTINCT l.tier FROM journal j JOIN sale_lines l ON l.seq = j.seq
             WHERE j.resident_key = ?1 AND l.tier IS NOT NULL",
        )
        .unwrap();
    let rows = keyed
        .into_iter()
        .map(|(key, masked_id)| Row {
            tiers: tiers
                .query_map([&key], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap(),
            key,
            masked_id,
        })
        .collect();
    let config = Config::load(Some(&stolen.join("config"))).unwrap();
    Loot {
        secret: CommunitySecret::with_cost(bytes, cost),
        rows,
        pricing: config.pricing,
    }
}

fn sale_day() -> NaiveDate {
    at(LUNCH).date_naive()
}

/// The birth dates of an age band on the sale day.
fn band(min: Option<u32>, max: Option<u32>) -> (NaiveDate, NaiveDate) {
    born_in_band(min, max, sale_day(), AgeConvention::Birthday).expect("a band with dates")
}

/// The band a resident's sales tell: their tier's ages.
fn band_of(loot: &Loot, row: &Row) -> (NaiveDate, NaiveDate) {
    let tier = loot
        .pricing
        .tier(&row.tiers[0])
        .filter(|t| !t.cashier_only)
        .expect("an age tier on the resident's sales");
    band(tier.min_age, tier.max_age)
}

/// The candidates in the attack's order: each birth date of `dates`, each
/// sequence number (or only `seq`), the check character computed (or only
/// numbers ending in `check`).
fn candidates(
    (from, to): (NaiveDate, NaiveDate),
    known: Option<(&str, u8)>,
) -> impl Iterator<Item = String> {
    from.iter_days()
        .take_while(move |d| *d <= to)
        .flat_map(move |d| {
            let seqs: Vec<String> = match known {
                Some((seq, _)) => vec![seq.to_owned()],
                None => (0..1000).map(|s| format!("{s:03}")).collect(),
            };
            seqs.into_iter().filter_map(move |seq| {
                let first = format!("{COUNTY}{}{seq}", d.format("%Y%m%d"));
                let check = check_char(first.as_bytes());
                known
                    .is_none_or(|(_, shown)| shown == check)
                    .then(|| format!("{first}{}", check as char))
            })
        })
}

/// The attack on one row: the number recovered within `budget` guesses, if
/// any, and the guesses made. `v13_mask`: the row's mask as v13 kept it.
fn attack(
    loot: &Loot,
    row: &Row,
    v13_mask: Option<&str>,
    budget: usize,
) -> (Option<String>, usize) {
    let known = v13_mask.map(|m| (&m[14..17], m.as_bytes()[17]));
    let mut guesses = 0;
    for candidate in candidates(band_of(loot, row), known).take(budget) {
        guesses += 1;
        let Ok(id) = ResidentId::parse(&candidate, sale_day()) else {
            continue;
        };
        if loot.secret.key_of(&id) == row.key {
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
    for row in &loot.rows {
        assert_eq!(row.masked_id, MASKED_AT_REST, "no digit at rest");
        assert_eq!(row.tiers.len(), 1, "each resident's sales tell one band");
    }
    let started = Instant::now();
    let mut total_guesses = 0;
    for row in &loot.rows {
        let (found, guesses) = attack(&loot, row, None, BUDGET);
        assert_eq!(found, None, "recovered within {BUDGET} guesses");
        assert_eq!(guesses, BUDGET, "the whole budget was spent");
        total_guesses += guesses;
    }
    let per_guess_here = started.elapsed().as_secs_f64() / total_guesses as f64;

    // Negative control: against the mask v13 kept beside the key (sequence
    // and check character shown), the same thief recovers every resident
    // within the budget.
    for row in &loot.rows {
        let p = PEOPLE
            .iter()
            .find(|p| {
                loot.secret
                    .key_of(&ResidentId::parse(&number(p), sale_day()).unwrap())
                    == row.key
            })
            .unwrap();
        let v13 = ResidentId::parse(&number(p), sale_day()).unwrap().masked();
        let (found, guesses) = attack(&loot, row, Some(&v13), BUDGET);
        assert_eq!(found.as_deref(), Some(number(p).as_str()), "{v13}");
        assert!(guesses < BUDGET, "{guesses} guesses");
    }

    // The price of one resident at the community default cost, for every
    // age band the pricing has and the band of no age tier (under the
    // youngest tier's age).
    let default = CommunitySecret::with_cost([7; 32], KeyCost::DEFAULT);
    let probe = ResidentId::parse(&number(&PEOPLE[0]), sale_day()).unwrap();
    let n = 20;
    let t = Instant::now();
    for _ in 0..n {
        std::hint::black_box(default.key_of(&probe));
    }
    let per_guess_default = t.elapsed().as_secs_f64() / f64::from(n);
    let mut bands: Vec<(String, (NaiveDate, NaiveDate))> = loot
        .pricing
        .tiers
        .iter()
        .filter(|t| !t.cashier_only)
        .map(|t| (t.id.clone(), band(t.min_age, t.max_age)))
        .collect();
    let youngest = bands.iter().map(|b| b.1.1).max().unwrap();
    bands.push((
        "no age tier".into(),
        (youngest.succ_opt().unwrap(), sale_day()),
    ));
    println!(
        "attack: {:.3} ms a guess at the test's cost, {:.1} ms at the default cost",
        per_guess_here * 1e3,
        per_guess_default * 1e3
    );
    for (tier, (from, to)) in &bands {
        let space = ((*to - *from).num_days() + 1) as f64 * 1000.0;
        let cpu_seconds = space * per_guess_default;
        println!(
            "band {tier} ({from}..{to}): {space:.0} candidates => {cpu_seconds:.0} CPU-seconds a resident"
        );
        assert!(
            cpu_seconds >= 10_000.0,
            "{tier}: {cpu_seconds:.0} CPU-seconds"
        );
    }
    // The count is the enumeration's (checked on one band's first day).
    let (first, _) = bands[0].1;
    assert_eq!(candidates((first, first), None).count(), 1000);
}
