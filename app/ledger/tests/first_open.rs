//! First boot: any number of processes (here threads, each with its own
//! connection) opening a brand-new data folder at once all succeed, and agree
//! on one database identity and one resident key.

use std::sync::{Arc, Barrier};

use canteen_ledger::Ledger;
use tempfile::TempDir;

const ROUNDS: usize = 100;
const OPENERS: usize = 4;

#[test]
fn concurrent_first_open_of_a_new_folder_succeeds_every_time() {
    for round in 0..ROUNDS {
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("data");
        let barrier = Arc::new(Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|_| {
                let data = data.clone();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    let ledger = Ledger::open(&data).map_err(|e| e.to_string())?;
                    Ok::<_, String>((ledger.identity().clone(), ledger.resident_key_fingerprint()))
                })
            })
            .collect();
        let results: Vec<_> = openers.into_iter().map(|t| t.join().unwrap()).collect();
        let first = results[0]
            .clone()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        for r in &results {
            let r = r.as_ref().unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(r, &first, "round {round}: openers disagree");
        }
    }
}
