//! What recovering one resident's ID number from a stolen kiosk costs: the
//! attack is the one issue #12 describes. The attacker has the kiosk's data
//! and configuration folders, so the community secret, the key cost and every
//! stored resident key and masked ID (`110***********002X`: the first 3 and
//! the last 4 characters). For one target they enumerate the 11 hidden
//! characters — 3 region digits and an 8-digit birth date over a century (or
//! the one date, if the kiosk kept it) — keep the candidates whose MOD 11-2
//! check character matches the shown one, and derive each candidate's key
//! with the secret until one matches the stored key.
//!
//! Prints the measured cost of one guess (one derivation at the cost given,
//! default [`KeyCost::DEFAULT`]), the candidate count per resident with and
//! without a known birth date, and the resulting CPU-seconds per resident;
//! beside it the old HMAC derivation's cost as a baseline measured in the
//! same run. Run it in release: `cargo run --release -p canteen-core
//! --example key_cost [memory_kib iterations]`.

use std::time::Instant;

use canteen_core::resident_id::check_char;
use canteen_core::{CommunitySecret, KeyCost, ResidentId};
use chrono::{Duration, NaiveDate};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The mean wall-clock seconds of one call of `f` over `runs` calls (its
/// result kept from the optimiser).
fn seconds_per_call<T>(runs: u32, mut f: impl FnMut() -> T) -> f64 {
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(f());
    }
    started.elapsed().as_secs_f64() / f64::from(runs)
}

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let cost = match args[..] {
        [m, t] => KeyCost {
            memory_kib: m,
            iterations: t,
        },
        _ => KeyCost::DEFAULT,
    };
    let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let id = ResidentId::parse("11010519491231002X", today).unwrap();
    let secret = CommunitySecret::with_cost([7; 32], cost);

    let per_guess = seconds_per_call(30, || secret.key_of(&id));
    let hmac_per_guess = seconds_per_call(100_000, || {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&[7; 32]).unwrap();
        mac.update(id.expose().as_bytes());
        mac.finalize()
    });

    // The target as the kiosk shows it: 110***********002X.
    let (prefix, tail) = (b"110", b"002");
    let check = b'X';
    let known_date = NaiveDate::from_ymd_opt(1949, 12, 31).unwrap();
    let count = |dates: &mut dyn Iterator<Item = NaiveDate>| -> u64 {
        let mut n = 0;
        for date in dates {
            let ymd = date.format("%Y%m%d").to_string();
            for region in 0..1000u32 {
                let mut first17 = [0u8; 17];
                first17[..3].copy_from_slice(prefix);
                first17[3..6].copy_from_slice(format!("{region:03}").as_bytes());
                first17[6..14].copy_from_slice(ymd.as_bytes());
                first17[14..].copy_from_slice(tail);
                if check_char(&first17) == check {
                    n += 1;
                }
            }
        }
        n
    };
    let with_date = count(&mut std::iter::once(known_date));
    let start = today - Duration::days(36_525);
    let without_date = count(&mut (0..=36_525).map(|d| start + Duration::days(d)));

    println!(
        "key cost: argon2id memory_kib={} iterations={}",
        cost.memory_kib, cost.iterations
    );
    println!(
        "cost per guess: {:.2} ms (HMAC-SHA256 baseline: {:.2} µs)",
        per_guess * 1e3,
        hmac_per_guess * 1e6
    );
    for (what, n) in [
        ("birth date kept", with_date),
        ("no birth date", without_date),
    ] {
        println!(
            "{what}: {n} candidates per resident, {:.0} CPU-seconds per resident \
             (expected half: {:.0}); HMAC baseline {:.3} CPU-seconds",
            n as f64 * per_guess,
            n as f64 * per_guess / 2.0,
            n as f64 * hmac_per_guess,
        );
    }
}
