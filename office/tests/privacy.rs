//! The office keeps full ID numbers and names only sealed: after importing
//! residents, issuing a bundle and receiving sales, no file of its data
//! directory (database, WAL, keys) holds a full ID number or name, in UTF-8
//! or GB18030. The one export that opens them, `report claim-ids`, gives them
//! back and is audited; a wrong, missing, misplaced or too-open seal key is
//! refused with what to do.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use canteen_core::ResidentId;
use canteen_office::keys;
use support::{Office, batch, chain, sale};

const RESIDENTS: [(&str, &str); 2] = [
    ("110101194103010021", "王建国"),
    ("11010519491231002X", "欧阳秀英"),
];

fn office_cli(args: &[&str]) -> (i32, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_canteen-office"))
        .args(support::db::with_database(args))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let Ok(json) = text
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<Vec<serde_json::Value>, _>>()
    else {
        // A report written to stdout: its text.
        return (out.status.code().unwrap(), serde_json::Value::String(text));
    };
    let json = match json.len() {
        1 => json.into_iter().next().unwrap(),
        _ => serde_json::Value::Array(json),
    };
    (out.status.code().unwrap(), json)
}

/// Every file under `dir`, recursively.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Which files under `dir` hold a full ID number or name (UTF-8 or GB18030).
fn plaintext_hits(dir: &Path) -> Vec<String> {
    let mut all = Vec::new();
    files(dir, &mut all);
    let mut hits = Vec::new();
    // On PostgreSQL the office's rows are not in the directory: read them too.
    let rows = support::db::dump(dir);
    assert!(
        !support::db::postgres() || rows.contains("王*国"),
        "the rows are read: {rows}"
    );
    for (id, name) in RESIDENTS {
        if rows.contains(id) || rows.contains(name) {
            hits.push(format!("the PostgreSQL database holds {id} or {name}"));
        }
    }
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        for (id, name) in RESIDENTS {
            let (gb, _, _) = encoding_rs::GB18030.encode(name);
            for needle in [id.as_bytes(), name.as_bytes(), &gb[..]] {
                if bytes.windows(needle.len()).any(|w| w == needle) {
                    hits.push(format!("{} holds {}", path.display(), needle.len()));
                }
            }
        }
    }
    hits
}

#[test]
fn the_office_keeps_ids_and_names_sealed_and_opens_them_only_for_an_audited_export() {
    let office = Office::start();
    let data = office.dir.path();
    let data_s = data.to_str().unwrap();
    let outside = tempfile::tempdir().unwrap();
    let seal_key = outside.path().join("seal.key");
    let seal_s = seal_key.to_str().unwrap();
    let csv = outside.path().join("residents.csv");
    let mut text = String::from("id_number,name,categories,card_no,status\n");
    for (i, (id, name)) in RESIDENTS.iter().enumerate() {
        text.push_str(&format!("{id},{name},,8800123{i},active\n"));
    }
    std::fs::write(&csv, text).unwrap();
    let csv_s = csv.to_str().unwrap();

    let (code, out) = office_cli(&[
        "residents",
        "import",
        csv_s,
        "--data",
        data_s,
        "--seal-key",
        seal_s,
    ]);
    assert_eq!(
        (code, &out["imported"]),
        (0, &serde_json::json!(2)),
        "{out}"
    );
    let mode = std::fs::metadata(&seal_key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the seal key is created owner-only");
    let bundle_out = outside.path().join("bundle.json");
    let (code, out) = office_cli(&[
        "bundle",
        "issue",
        "--version",
        "1",
        "--residents",
        csv_s,
        "--out",
        bundle_out.to_str().unwrap(),
        "--data",
        data_s,
        "--seal-key",
        seal_s,
    ]);
    assert_eq!(code, 0, "{out}");
    let issued = std::fs::read_to_string(&bundle_out).unwrap();
    // Kiosks store what the bundle carries: the at-rest mask, no digit.
    assert!(
        issued.contains(canteen_core::resident_id::MASKED_AT_REST)
            && !issued.contains("110***********0021")
            && issued.contains("王*国"),
        "{issued}"
    );

    // A sale to the first resident, keyed as every enrolled kiosk keys them.
    let secret = keys::community_secret(data).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let key = secret.key_of(&ResidentId::parse(RESIDENTS[0].0, today).unwrap());
    let client = office.client(&office.add_device("dev-east", "east"));
    let records = chain(
        "dev-east",
        "e1",
        vec![sale("lunch-set", Some(&key)), sale("lunch-set", None)],
    );
    client.push(&batch("dev-east", "e1", &records)).unwrap();

    for report in ["subsidy", "partner", "anomalies"] {
        let (code, out) = office_cli(&[
            "report",
            report,
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--data",
            data_s,
        ]);
        assert_eq!(code, 0, "{report}: {out}");
    }
    assert_eq!(plaintext_hits(data), Vec::<String>::new());

    // The claim with full IDs: opened, written outside, audited.
    let claim = outside.path().join("claim.csv");
    let claim_s = claim.to_str().unwrap();
    let run_claim = |by: &str, key: &str| {
        office_cli(&[
            "report",
            "claim-ids",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-23",
            "--out",
            claim_s,
            "--by",
            by,
            "--data",
            data_s,
            "--seal-key",
            key,
        ])
    };
    let (code, out) = run_claim("李科长", seal_s);
    assert_eq!((code, &out["rows"]), (0, &serde_json::json!(1)), "{out}");
    let written = std::fs::read_to_string(&claim).unwrap();
    assert!(
        written.starts_with("canteen,device_id,seq,date,period,item,tier,category,id_number,name,")
    );
    assert!(
        written.contains(&format!("{},{}", RESIDENTS[0].0, RESIDENTS[0].1)),
        "{written}"
    );
    // The console's import and bundle, then the export by its named person.
    let audit_log = || {
        let (code, log) = office_cli(&["audit", "list", "--data", data_s]);
        assert_eq!(code, 0, "{log}");
        let entries: Vec<(String, String, u64)> = log
            .as_array()
            .unwrap_or_else(|| panic!("{log}"))
            .iter()
            .map(|e| {
                let text = |k: &str| e[k].as_str().unwrap().to_owned();
                (text("who"), text("what"), e["rows"].as_u64().unwrap())
            })
            .collect();
        entries
    };
    let log = audit_log();
    let console = |what: &str, rows| ("cli".to_owned(), what.to_owned(), rows);
    assert_eq!(
        log[..2],
        [
            console("residents import", 2),
            console("bundle 1 issued", 2)
        ]
    );
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!((log[2].0.as_str(), log[2].2), ("李科长", 1), "{log:?}");
    assert!(log[2].1.contains("claim-ids"), "{log:?}");
    assert_eq!(
        plaintext_hits(data),
        Vec::<String>::new(),
        "after the export"
    );

    // Refusals: each exits 2 with what to do, and audits nothing.
    let wrong = outside.path().join("wrong.key");
    std::fs::write(&wrong, "11".repeat(32)).unwrap();
    std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).unwrap();
    let open = outside.path().join("open.key");
    std::fs::copy(&seal_key, &open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o644)).unwrap();
    let inside = data.join("seal.key");
    std::fs::copy(&seal_key, &inside).unwrap();
    std::fs::set_permissions(&inside, std::fs::Permissions::from_mode(0o600)).unwrap();
    let missing = outside.path().join("missing.key");
    for (key, says) in [
        (&wrong, "not the key that sealed"),
        (&open, "chmod 600"),
        (&inside, "inside the data directory"),
        (&missing, "is missing"),
    ] {
        let (code, out) = run_claim("李科长", key.to_str().unwrap());
        assert_eq!(code, 2, "{out}");
        assert!(out["message"].as_str().unwrap().contains(says), "{out}");
    }
    std::fs::remove_file(&inside).unwrap();
    assert_eq!(audit_log(), log, "refusals audit nothing");
    // Without --by nothing is opened.
    let (code, _) = run_claim(" ", seal_s);
    assert_eq!(code, 2);
}
