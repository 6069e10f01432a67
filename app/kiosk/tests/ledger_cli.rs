//! The ledger commands through the real `canteen` binary: `sell`, `void`,
//! `journal verify`, `report z|x`, `residents import` and `backup`, each with
//! its JSON contract, its refusals (exit 2, nothing written) and, for verify, a
//! journal edited on disk with a hex editor's means (no SQL, no triggers).

use std::fs;

use tempfile::TempDir;

mod support;
use support::{Sell, add_staff, canteen, edit_on_disk, ints, records};

/// Diners aged 70, 85 and 95 on 2026-11-23.
const AGE70: &str = "110101195611230017";
const AGE85: &str = "110101194103010021";
const AGE95: &str = "110101193101010031";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

#[test]
fn sell_prints_the_committed_sale_and_refusals_write_nothing() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let lunch_and_soup = Sell::demo("lunch-set").and("soup").id(AGE70).at(LUNCH);
    let (code, sale) = canteen(data, lunch_and_soup.tendered(2000).args());
    assert_eq!(code, 0, "{sale}");
    assert_eq!(
        ints(&sale, ["/seq", "/total_fen", "/subsidy_fen"]),
        [1, 1500, 300]
    );
    assert_eq!(sale["at"], LUNCH);
    assert_eq!(sale["hash"].as_str().unwrap().len(), 64);
    assert_eq!(sale["lines"].as_array().unwrap().len(), 2);
    assert_eq!(sale["payments"][0]["method"], "cash");
    assert_eq!(sale["payments"][0]["change_fen"], 500);
    assert!(
        !sale.to_string().contains(AGE70),
        "the ID number is never printed"
    );

    let free = canteen(data, Sell::demo("lunch-set").id(AGE95).at(LUNCH).args()).1;
    assert_eq!(free["payments"][0]["method"], "free");
    let soup = Sell::demo("soup").at(LUNCH);
    let mobile = canteen(data, soup.pay("mobile").reference("wx0001").args()).1;
    assert_eq!(mobile["payments"][0]["reference"], "wx0001");

    let lunch = || Sell::demo("lunch-set");
    for (sale, error) in [
        (
            lunch().id("110101195611230018").at(LUNCH).tendered(2000),
            "invalid_id",
        ),
        (
            Sell::demo("caviar").at(LUNCH).tendered(2000),
            "unknown_item",
        ),
        (
            lunch().at("2026-11-23T15:00:00+08:00").tendered(2000),
            "outside_period",
        ),
        (lunch().at(LUNCH).tendered(1000), "too_little_tendered"),
        (lunch().at(LUNCH).pay("cash"), "missing_tendered"),
        (lunch().at(LUNCH), "not_free"),
        (lunch().at(LUNCH).pay("mobile"), "missing_reference"),
        (lunch().id(AGE85).at(LUNCH).pay("card"), "missing_card"),
    ] {
        let (code, v) = canteen(data, sale.args());
        assert_eq!(
            (code, v["error"].as_str()),
            (2, Some(error)),
            "{sale:?}: {v}"
        );
        assert!(v["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(records(data), 3, "refused sales wrote nothing");
}

#[test]
fn verify_finds_a_journal_edited_on_disk() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    for reference in ["wx-AAAA-0001", "wx-BBBB-0002", "wx-CCCC-0003"] {
        let soup = Sell::demo("soup").at(LUNCH).pay("mobile");
        canteen(data, soup.reference(reference).args());
    }
    let (code, ok) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (code, ok["ok"].as_bool(), ok["records"].as_u64()),
        (0, Some(true), Some(3))
    );
    assert_eq!(ok["head"].as_str().unwrap().len(), 64);

    // The processes have exited, so the -wal file is checkpointed into the database.
    edit_on_disk(data, b"wx-BBBB-0002", b"wx-BBBB-9999");
    let (code, broken) = canteen(data, &["journal", "verify"]);
    assert_eq!(
        (
            code,
            broken["ok"].as_bool(),
            broken["first_bad_seq"].as_u64()
        ),
        (1, Some(false), Some(2)),
        "{broken}"
    );
    assert!(broken["reason"].as_str().unwrap().contains("edited"));
}

#[test]
fn report_z_closes_once_and_x_shows_the_day() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let lunch = || Sell::demo("lunch-set");
    canteen(data, lunch().id(AGE85).at(LUNCH).tendered(1000).args());
    canteen(data, lunch().at(LUNCH).tendered(1500).args());
    let (code, x) = canteen(data, &["report", "x", "--date", "2026-11-23"]);
    assert_eq!(code, 0, "{x}");
    assert_eq!(
        ints(&x, ["/net_fen", "/subsidy_fen", "/sale_count"]),
        [2500, 500, 2]
    );
    let close = |at| canteen(data, &["report", "z", "--date", "2026-11-23", "--at", at]).1;
    let z = close("2026-11-23T20:00:00+08:00");
    assert_eq!(ints(&z, ["/seq", "/net_fen", "/head_seq"]), [3, 2500, 2]);
    let again = close("2026-11-23T21:00:00+08:00");
    assert_eq!(z, again, "closing twice returns the same closing");
    let z_text = ["report", "z", "--date", "2026-11-23", "--format", "text"];
    let (code, text) = canteen(data, &z_text);
    assert_eq!(code, 0);
    let text = text.as_str().expect("text, not JSON");
    assert!(
        text.contains("¥25.00") && text.contains(z["chain_head"].as_str().unwrap()),
        "{text}"
    );
    let dinner = Sell::demo("dinner-set").at("2026-11-23T18:00:00+08:00");
    let (code, late) = canteen(data, dinner.tendered(1500).args());
    assert_eq!((code, late["error"].as_str()), (2, Some("day_closed")));
}

#[test]
fn residents_import_is_all_or_nothing_unless_told_otherwise() {
    let dir = TempDir::new().unwrap();
    let data = dir.path();
    let csv = dir.path().join("residents.csv");
    fs::write(&csv, format!("id_number,name,categories,card_no,status\n{AGE70},张小明,dibao,C001,\n12345,李四,,,\n{AGE85},王五,,,suspended\n")).unwrap();
    let csv = csv.to_str().unwrap();
    let (code, refused) = canteen(data, &["residents", "import", csv]);
    assert_eq!((code, refused["error"].as_str()), (2, Some("bad_rows")));
    assert!(
        refused["message"].as_str().unwrap().contains("line 3"),
        "{refused}"
    );
    let lunch = || Sell::demo("lunch-set");
    let before = canteen(data, lunch().id(AGE70).at(LUNCH).tendered(2000).args()).1;
    assert_eq!(
        before["total_fen"], 1200,
        "nothing was imported: no dibao yet"
    );

    let (code, counts) = canteen(data, &["residents", "import", csv, "--skip-bad"]);
    assert_eq!(code, 0, "{counts}");
    assert_eq!(
        (counts["added"].as_u64(), counts["skipped"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(counts["bad"][0]["line"], 3);
    // A card sale needs the balance: a cashier tops the card up with cash first.
    add_staff(data, "li", "cashier", "2468", &[]);
    let (code, up) = canteen(
        data,
        &[
            "card", "top-up", "--card", "C001", "--amount", "2000", "--staff", "li", "--at", LUNCH,
        ],
    );
    assert_eq!(code, 0, "{up}");
    let dinner = Sell::demo("dinner-set")
        .id(AGE70)
        .at("2026-11-23T18:00:00+08:00");
    let dinner = canteen(data, dinner.pay("card").args()).1;
    assert_eq!(
        (
            dinner["total_fen"].as_i64(),
            dinner["payments"][0]["card_no"].as_str()
        ),
        (Some(1152), Some("C001"))
    );
    assert_eq!(dinner["card_balance_fen"].as_i64(), Some(2000 - 1152));
    let (code, suspended) = canteen(data, lunch().id(AGE85).at(LUNCH).tendered(2000).args());
    assert_eq!(
        (code, suspended["error"].as_str()),
        (2, Some("resident_suspended"))
    );
}

#[test]
fn backup_writes_a_verified_copy() {
    let dir = TempDir::new().unwrap();
    let data = dir.path().join("data");
    let lunch = Sell::demo("lunch-set").id(AGE70).at(LUNCH).tendered(2000);
    canteen(&data, lunch.args());
    let to = dir.path().join("backup.db");
    let (code, report) = canteen(&data, &["backup", "--to", to.to_str().unwrap()]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["records"], 1);
    let restored = dir.path().join("restored");
    fs::create_dir(&restored).unwrap();
    fs::copy(&to, restored.join(canteen_ledger::DB_FILE)).unwrap();
    fs::copy(data.join("resident.key"), restored.join("resident.key")).unwrap();
    let (code, v) = canteen(&restored, &["journal", "verify"]);
    assert_eq!((code, &v["head"]), (0, &report["head"]));
}
