//! First boot through the real binary: several `canteen sell` processes
//! started at once on a brand-new data folder (a kiosk and its sync daemon
//! starting together) all succeed, and the chain holds every sale once.

use std::process::{Command, Stdio};

use tempfile::TempDir;

const ROUNDS: usize = 5;
const PROCESSES: usize = 4;

#[test]
fn sell_processes_opening_a_new_folder_at_once_all_succeed() {
    for round in 0..ROUNDS {
        let dir = TempDir::new().unwrap();
        let data = dir.path().join("data");
        let children: Vec<_> = (0..PROCESSES)
            .map(|_| {
                Command::new(env!("CARGO_BIN_EXE_canteen"))
                    .args(["sell", "--item", "haircut", "--tendered", "1000", "--data"])
                    .arg(&data)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut seqs = Vec::new();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "round {round}: {stdout} {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let sale: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
            seqs.push(sale["seq"].as_u64().unwrap());
        }
        seqs.sort_unstable();
        assert_eq!(
            seqs,
            (1..=PROCESSES as u64).collect::<Vec<_>>(),
            "round {round}"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_canteen"))
            .args(["journal", "verify", "--data"])
            .arg(&data)
            .output()
            .unwrap();
        let verify: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            verify["records"].as_u64(),
            Some(PROCESSES as u64),
            "{verify}"
        );
    }
}
