//! Issue #12's budget in one run: what recovering one resident's ID number
//! from a stolen kiosk costs, beside what a scan costs the diner.
//!
//! **The attack modelled.** The thief copies the kiosk's data and
//! configuration folders: the community secret (`resident.key`), the key cost
//! and, per resident, the stored resident key and masked ID
//! (`110***********002X`: first 3 and last 4 characters); since schema v13 no
//! birth date. For one target they enumerate the 11 hidden characters — 3
//! area-code digits (000–999) × every birth date 1900-01-01..2026-12-31 —
//! keep the candidates whose ISO 7064 check character matches the shown one,
//! and derive each candidate's key with the stolen secret until one matches.
//! `tests/stolen_kiosk.rs` runs this attack against a real kiosk's
//! copied folders. (A thief who also knows the real county codes under the
//! shown prefix and the diners' age band needs far fewer guesses: the
//! printout says how many.)
//!
//! Prints: the cost per guess at the community default cost and the HMAC-SHA256
//! baseline (the derivation before argon2id); the candidate space without a
//! birth date (and with one); CPU-seconds per resident (space × cost); and
//! the scan→priced time p50/p99 over 240 scans — a scanned ID line through
//! `canteen_ui::identify::identify` on the kiosk's `LedgerService` (parse,
//! key derivation, registry look-up, quota count, pricing), the worker's own
//! path — at the default cost and at the cheapest argon2 cost (≈ the
//! baseline). Run in release:
//! `cargo run --release -p canteen-kiosk --example stolen_kiosk_cost`.

use std::time::{Duration, Instant};

use canteen_config::Config;
use canteen_core::resident_id::check_char;
use canteen_core::{CommunitySecret, KeyCost, ResidentId};
use canteen_kiosk::ledger_service::LedgerService;
use canteen_kiosk::receipt::ReceiptHeader;
use canteen_ledger::{KeyPlace, Ledger};
use canteen_ui::settings::KioskSettings;
use chrono::{NaiveDate, NaiveDateTime};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const RESIDENTS: u32 = 60;
const SCANS: usize = 240;

fn number(i: u32) -> String {
    let first = format!(
        "110105{}{:03}",
        19_400_101 + (i % 28) + (i / 28) * 10_000,
        i
    );
    let check = check_char(first.as_bytes().try_into().unwrap()) as char;
    format!("{first}{check}")
}

/// Candidates a resident without (and with) a known birth date, for the
/// masked ID of `id`: area digits × dates whose check character is the shown
/// one, counted by residues mod 11 (area part × date part) so it is quick
/// even unoptimised.
fn candidates(id: &str, known: Option<NaiveDate>) -> u64 {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let dates: Vec<NaiveDate> = match known {
        Some(d) => vec![d],
        None => first.iter_days().take_while(|d| *d <= last).collect(),
    };
    // The residue of a part: check_char of 17 digits with the others zero
    // tells which total residue a check character stands for.
    let residue = |digits: &[u8], at: usize| -> usize {
        let mut first17 = [b'0'; 17];
        first17[at..at + digits.len()].copy_from_slice(digits);
        CHECKS
            .iter()
            .position(|c| *c == check_char(&first17))
            .unwrap()
    };
    let bytes = id.as_bytes();
    let fixed = (residue(&bytes[..3], 0) + residue(&bytes[14..17], 14)) % 11;
    let (mut areas, mut days) = ([0u64; 11], [0u64; 11]);
    for area in 0..1000u32 {
        areas[residue(format!("{area:03}").as_bytes(), 3)] += 1;
    }
    for date in dates {
        days[residue(date.format("%Y%m%d").to_string().as_bytes(), 6)] += 1;
    }
    let mut n = 0;
    for (a, count_a) in areas.iter().enumerate() {
        for (d, count_d) in days.iter().enumerate() {
            if CHECKS[(fixed + a + d) % 11] == bytes[17] {
                n += count_a * count_d;
            }
        }
    }
    n
}

/// The check character of a weighted sum's residue mod 11 (ISO 7064 MOD 11-2).
const CHECKS: &[u8; 11] = b"10X98765432";

/// p50 and p99 of the scan→priced time over `SCANS` scans at `cost`.
fn scan_times(cost: KeyCost) -> (Duration, Duration) {
    let data = tempfile::tempdir().unwrap();
    let config_dir = tempfile::tempdir().unwrap();
    let config = Config::defaults();
    let keys = KeyPlace {
        dir: Some(config_dir.path().to_path_buf()),
        new_cost: cost,
    };
    let mut ledger = Ledger::open_with(data.path(), &keys).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    for i in 0..RESIDENTS {
        csv.push_str(&format!(
            "{},王秀兰,dibao,{},active\n",
            number(i),
            88_000_000 + i
        ));
    }
    let read = ledger.read_residents_csv(csv.as_bytes(), today, &config.pricing.category_ids());
    assert!(read.bad.is_empty());
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:00:00+08:00").unwrap();
    ledger.import_residents(&read.good, at, &mut || {}).unwrap();
    let mut service = LedgerService::new(
        ledger,
        config.pricing.clone(),
        config.canteen.age_convention,
        config.canteen.timezone,
        ReceiptHeader::new("食堂", "Canteen", &config.pricing),
    );
    let settings = KioskSettings::new(
        "食堂",
        "Canteen",
        config.pricing.clone(),
        config.canteen.age_convention,
    );
    let lunch: NaiveDateTime = at.naive_local();
    let mut times = Vec::with_capacity(SCANS);
    for s in 0..SCANS {
        let line = number(s as u32 % RESIDENTS);
        let started = Instant::now();
        let order =
            canteen_ui::identify::identify(&mut service, &settings, &line, lunch).expect("priced");
        times.push(started.elapsed());
        std::hint::black_box(order);
    }
    times.sort();
    (times[SCANS / 2], times[SCANS * 99 / 100])
}

fn per_guess(cost: KeyCost, id: &ResidentId) -> f64 {
    let secret = CommunitySecret::with_cost([7; 32], cost);
    let runs = 30;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(secret.key_of(id));
    }
    started.elapsed().as_secs_f64() / f64::from(runs)
}

fn main() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let target = number(0);
    let id = ResidentId::parse(&target, today).unwrap();
    let guess = per_guess(KeyCost::DEFAULT, &id);
    let hmac_runs = 100_000;
    let started = Instant::now();
    for _ in 0..hmac_runs {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&[7; 32]).unwrap();
        mac.update(id.expose().as_bytes());
        std::hint::black_box(mac.finalize());
    }
    let hmac_guess = started.elapsed().as_secs_f64() / f64::from(hmac_runs);
    let without = candidates(&target, None);
    let with = candidates(&target, id.birth_date());
    let (p50, p99) = scan_times(KeyCost::DEFAULT);
    let (b50, b99) = scan_times(KeyCost::CHEAP);
    let d = KeyCost::DEFAULT;
    println!(
        "key cost: argon2id memory_kib={} iterations={}",
        d.memory_kib, d.iterations
    );
    println!(
        "cost per guess: {:.2} ms (baseline HMAC-SHA256: {:.2} µs)",
        guess * 1e3,
        hmac_guess * 1e6
    );
    println!("candidates per resident: {without} without a birth date ({with} with one)");
    println!(
        "CPU-seconds to recover one resident: {:.0} (baseline HMAC: {:.1}; with the birth date kept: {:.1})",
        without as f64 * guess,
        without as f64 * hmac_guess,
        with as f64 * guess
    );
    println!(
        "scan->priced over {SCANS} scans: p50 {:.1} ms, p99 {:.1} ms (baseline, cheapest key: p50 {:.1} ms, p99 {:.1} ms)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        b50.as_secs_f64() * 1e3,
        b99.as_secs_f64() * 1e3
    );
    // A thief with the real county codes (tens under a 3-digit prefix) and
    // the diners' age band (60–100 years) needs far fewer guesses.
    let narrow = 20.0 * 14_610.0 / 11.0;
    println!(
        "narrower attacker (20 real county codes x ages 60-100): ~{narrow:.0} candidates, {:.0} CPU-seconds",
        narrow * guess
    );
}
