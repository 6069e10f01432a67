//! Crash safety of `canteen sell`: runs it in a loop and kills it with SIGKILL
//! at random moments (at least 200 kills), then checks that every sale whose
//! JSON was printed is in the journal exactly as printed, that no half sale
//! exists (`journal verify` rebuilds every record from all its rows and checks
//! the chain and the sequence), and that no resident got the lunch subsidy twice.
//!
//! The kill delays are uniform over the time an unkilled `sell` takes here, so
//! kills land in start-up, in the transaction, around the commit and after it.
//! The random seed is printed so a failure can be replayed.

use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use canteen_ledger::Ledger;
use serde_json::Value;

mod support;
use support::Sell;

const KILLS: usize = 200;
const SIGKILL: i32 = 9;
const LUNCH: &str = "2026-11-23T12:00:00+08:00";
/// Valid ID numbers of diners aged 60–95 (check characters computed offline).
const IDS: [&str; 3] = [
    "110101195611230017",
    "110101194103010021",
    "110101193101010031",
];

/// xorshift64*: enough randomness for kill delays, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn sell(data: &Path, rng: &mut Rng) -> Command {
    let lunch = Sell::demo("lunch-set").at(LUNCH).tendered(2000);
    let mut cmd = Command::new(support::canteen_exe());
    cmd.args(lunch.args()).arg("--data").arg(data);
    // Anonymous diners, and identified ones whose second lunch must cost the market price.
    if let Some(id) = IDS.get(rng.below(IDS.len() as u64 + 1) as usize) {
        cmd.args(["--id", id]);
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::null());
    cmd
}

/// Runs one `sell`, killed after `delay` unless it finished; returns whether it
/// was killed and the sale it printed, if it printed a whole one.
fn run_once(data: &Path, rng: &mut Rng, delay: Option<Duration>) -> (bool, Option<Value>) {
    let mut child = sell(data, rng).spawn().unwrap();
    if let Some(delay) = delay {
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL; fails only if it already exited
    }
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let status = child.wait().unwrap();
    let killed = status.signal() == Some(SIGKILL);
    // A sale counts as printed only as a whole line of JSON.
    let printed = out
        .strip_suffix('\n')
        .and_then(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|v| v.get("seq").is_some());
    if !killed {
        assert!(
            status.success() && printed.is_some(),
            "an unkilled sell must succeed: {status:?} {out}"
        );
    }
    (killed, printed)
}

#[test]
fn sales_survive_sigkill_at_random_moments() {
    let dir = tempfile::TempDir::new().unwrap();
    let data = dir.path().join("data");
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("seed {seed}");
    let mut rng = Rng(seed);
    let mut printed = Vec::new();

    // How long a sell takes here, unkilled (also creates the database).
    let mut took = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        printed.extend(run_once(&data, &mut rng, None).1);
        took.push(start.elapsed());
    }
    took.sort();
    let span = took[2].as_micros() as u64 * 5 / 4;

    let mut kills = 0;
    let mut runs = 0;
    while kills < KILLS {
        runs += 1;
        assert!(
            runs < KILLS * 20,
            "only {kills} kills in {runs} runs: the delays miss the process"
        );
        let delay = Duration::from_micros(rng.below(span));
        let (killed, sale) = run_once(&data, &mut rng, Some(delay));
        kills += usize::from(killed);
        printed.extend(sale);
    }
    println!(
        "{runs} runs, {kills} killed, {} sales printed, delays 0–{span} µs",
        printed.len()
    );

    let verify = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(["journal", "verify", "--data"])
        .arg(&data)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&verify.stdout).unwrap();
    assert!(verify.status.success(), "{report}");
    assert_eq!(report["ok"], true);
    let records = report["records"].as_u64().unwrap();
    assert!(records as usize >= printed.len());

    let ledger = Ledger::open(&data).unwrap();
    for sale in &printed {
        let seq = sale["seq"].as_u64().unwrap();
        let stored = ledger
            .sale(seq)
            .unwrap()
            .unwrap_or_else(|| panic!("printed sale {seq} is missing"));
        assert_eq!(
            &serde_json::to_value(&stored).unwrap(),
            sale,
            "sale {seq} differs from what was printed"
        );
    }
    // The journal keeps no digit of an ID (the at-rest mask), so a person is
    // told apart by their key: the quota uses recorded under it.
    let subsidised = (1..=records)
        .filter(|seq| {
            let sale = ledger.sale(*seq).unwrap().expect("only sales were made");
            sale.masked_id.is_some() && sale.lines.iter().any(|l| l.uses_quota)
        })
        .count();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let uses: Vec<u32> = IDS
        .iter()
        .map(|n| {
            let id = canteen_core::ResidentId::parse(n, day).unwrap();
            ledger.quota_used(&id, day, "lunch").unwrap()
        })
        .collect();
    assert!(
        uses.iter().all(|n| *n <= 1),
        "one subsidised lunch per person: {uses:?}"
    );
    assert_eq!(
        subsidised,
        uses.iter().sum::<u32>() as usize,
        "every subsidised sale is one person's one use"
    );
}
