//! Issue #12's budget in one run: what recovering one resident's ID number
//! from a stolen kiosk costs, beside what a scan costs the diner.
//!
//! **The attack modelled (the smart thief).** The thief copies the kiosk's
//! data and configuration folders: the community secret (`resident.key`),
//! the key cost and, per resident, the stored resident key and the tiers of
//! their sales; the stored masked ID shows nothing since schema v14 (all
//! `*`), and no birth date is kept since v13. They know the canteen's county
//! (every diner of a community canteen lives in it: the first 6 digits) and
//! read the diner's age band from their tier. For one target they enumerate
//! every birth date in the band × the 1,000 sequence numbers (the check
//! character is computed, as it is hidden too) and derive each candidate's
//! key with the stolen secret until one matches. `tests/stolen_kiosk.rs` runs
//! this attack against a real kiosk's copied folders. Against the v13 mask
//! (first 3 and last 4 shown: sequence and check character known) the same
//! thief needs only the band's dates whose check character fits: the
//! printout says how many.
//!
//! Prints: the cost per guess at the community default cost and the HMAC-SHA256
//! baseline (the derivation before argon2id); per age band of the shipped
//! pricing (and the band of no age tier) the candidate space and the
//! CPU-seconds per resident (space × cost); and
//! the scan→priced time p50/p99 over 240 scans — a scanned ID line through
//! `canteen_ui::identify::identify` on the kiosk's `LedgerService` (parse,
//! key derivation, registry look-up, quota count, pricing), the worker's own
//! path — at the default cost and at the cheapest argon2 cost (≈ the
//! baseline). Run in release:
//! `cargo run --release -p canteen-kiosk --example stolen_kiosk_cost`.

use std::time::{Duration, Instant};

use canteen_config::Config;
use canteen_core::resident_id::check_char;
use canteen_core::{
    AgeConvention, CommunitySecret, KeyCost, PricingRules, ResidentId, born_in_band,
};
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

/// The age bands a sale's tier tells, as birth dates on `on`: each age tier
/// of `pricing`, and the band of no age tier (younger than every tier).
fn bands(pricing: &PricingRules, on: NaiveDate) -> Vec<(String, NaiveDate, NaiveDate)> {
    let band = |min, max| born_in_band(min, max, on, AgeConvention::Birthday).unwrap();
    let mut out: Vec<(String, NaiveDate, NaiveDate)> = pricing
        .tiers
        .iter()
        .filter(|t| !t.cashier_only)
        .map(|t| {
            let (from, to) = band(t.min_age, t.max_age);
            (t.id.clone(), from, to)
        })
        .collect();
    let youngest = out.iter().map(|b| b.2).max().unwrap();
    out.push(("no age tier".into(), youngest.succ_opt().unwrap(), on));
    out
}

/// How many dates of `from..=to` fit the check character of `masked` (the
/// v13 mask: county, sequence and check known): the v13 thief's candidates.
fn v13_candidates(masked: &str, county: &str, from: NaiveDate, to: NaiveDate) -> usize {
    from.iter_days()
        .take_while(|d| *d <= to)
        .filter(|d| {
            let first = format!("{county}{}{}", d.format("%Y%m%d"), &masked[14..17]);
            check_char(first.as_bytes().try_into().unwrap()) == masked.as_bytes()[17]
        })
        .count()
}

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
        // Read as the scanner reads it (validated once), then priced.
        let scan = canteen_core::Scan::read(&line, lunch.date());
        let order =
            canteen_ui::identify::identify(&mut service, &settings, &scan, lunch).expect("priced");
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
    let config = Config::defaults();
    for (tier, from, to) in bands(&config.pricing, today) {
        let space = ((to - from).num_days() + 1) as f64 * 1000.0;
        let v13 = v13_candidates(&id.masked(), &target[..6], from, to);
        println!(
            "band {tier} (born {from}..{to}): {space:.0} candidates => {:.0} CPU-seconds a resident (baseline HMAC: {:.1}; against the v13 mask: {v13} candidates, {:.1} CPU-seconds)",
            space * guess,
            space * hmac_guess,
            v13 as f64 * guess
        );
    }
    println!(
        "scan->priced over {SCANS} scans: p50 {:.1} ms, p99 {:.1} ms (baseline, cheapest key: p50 {:.1} ms, p99 {:.1} ms)",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        b50.as_secs_f64() * 1e3,
        b99.as_secs_f64() * 1e3
    );
}
