//! Issue #17's community fund: two partners with different agreements over two
//! months of synced sales. Every sale here is worth ¥15.00 of revenue to its
//! operator (a resident's ¥10.00 plus ¥5.00 subsidy, or a ¥15.00 market
//! sale). The statement's figures are worked out by hand below and must match
//! what `canteen-office fund report` prints, in JSON and in the workbook.
//!
//! 甲公司 (kiosk east): 5% of revenue from 2026-10-01.
//! 乙餐饮 (kiosk west): ¥300.00 a month from 2026-10-16 to 2026-10-31, then
//! 2.5% + ¥200.00 a month from 2026-11-01.

mod support;

use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use canteen_office::store::devices;
use serde_json::Value;
use support::{Dated, Office, batch, chain_at, sale};

const EAST: &str = "甲公司";
const WEST: &str = "乙餐饮";

fn office_cli(office: &Office, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_canteen-office"))
        .args(support::db::with_database(
            &[args, &["--data", office.dir.path().to_str().unwrap()]].concat(),
        ))
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout));
    (out.status.code().unwrap(), json)
}

/// The arguments of a command line whose arguments hold no space.
fn words(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

fn ok(office: &Office, args: &[&str]) -> Value {
    let (code, v) = office_cli(office, args);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

/// `n` lunches on `day` (YYYY-MM-DD), the second to a resident (one
/// subsidised meal a period), the others at the market price.
fn lunches(n: usize, day: &'static str) -> Vec<Dated<'static>> {
    let at: &'static str = Box::leak(format!("{day}T12:00:00+08:00").into_boxed_str());
    let parts: Vec<u32> = day.split('-').map(|p| p.parse().unwrap()).collect();
    let date = (parts[0] as i32, parts[1], parts[2]);
    (0..n)
        .map(|i| ((at, date), sale("lunch-set", (i == 1).then_some(RESIDENT))))
        .collect()
}

const RESIDENT: &str = "abababababababababababababababababababababababababababababababab";

#[test]
fn two_partners_over_two_months_match_the_statement_worked_by_hand() {
    let office = Office::start();
    let mut conn = office.db();
    let mut tokens = Vec::new();
    for (id, canteen, operator) in [("dev-east", "east", EAST), ("dev-west", "west", WEST)] {
        let new = devices::NewDevice {
            device_id: Some(id),
            name: canteen,
            canteen,
            operator,
        };
        tokens.push(
            devices::add(&mut conn, &new, "2026-09-01T00:00:00Z")
                .unwrap()
                .token
                .expose()
                .to_owned(),
        );
    }
    office.register(&[RESIDENT]);
    // 甲: 3 sales in October (¥45.00), 2 in November (¥30.00).
    let east = [lunches(3, "2026-10-12"), lunches(2, "2026-11-20")].concat();
    // 乙: 2 sales on 10-10 (before any agreement counts revenue), 4 on 11-03 (¥60.00).
    let west = [lunches(2, "2026-10-10"), lunches(4, "2026-11-03")].concat();
    for ((device, bodies), token) in [("dev-east", east), ("dev-west", west)]
        .into_iter()
        .zip(&tokens)
    {
        let records = chain_at(device, "e1", bodies);
        office
            .client(token)
            .push(&batch(device, "e1", &records))
            .unwrap();
    }

    // The agreements and the fund's entries, as the clerks type them.
    for line in [
        format!("partner add --operator {EAST} --share 5 --from 2026-10-01 --by 王芳"),
        format!(
            "partner add --operator {WEST} --monthly-fen 30000 --from 2026-10-16 --to 2026-10-31 --by 王芳"
        ),
        format!(
            "partner add --operator {WEST} --share 2.5 --monthly-fen 20000 --from 2026-11-01 --by 王芳"
        ),
        format!(
            "fund pay --operator {EAST} --amount-fen 200 --on 2026-10-31 --note 十月分成 --by 王芳"
        ),
        format!(
            "fund pay --operator {WEST} --amount-fen 15000 --on 2026-11-02 --note 十月固定 --by 王芳"
        ),
        "fund spend --amount-fen 5000 --on 2026-11-15 --note 购买餐具 --by 李强".to_owned(),
    ] {
        ok(&office, &words(&line));
    }
    ok(
        &office,
        &["partner", "end", "--id", "1", "--on", "2026-12-31"],
    );
    // Each is in the audit log as a change made at the console.
    let audited: Vec<String> = canteen_office::store::audit::list(&mut office.db())
        .unwrap()
        .into_iter()
        .filter(|e| e.who == "cli")
        .map(|e| e.what)
        .collect();
    assert_eq!(
        audited,
        [
            format!("partner agreement 1 added for {EAST}"),
            format!("partner agreement 2 added for {WEST}"),
            format!("partner agreement 3 added for {WEST}"),
            format!("fund payment 1 to {EAST}: ¥2.00"),
            format!("fund payment 2 to {WEST}: ¥150.00"),
            "fund spending 3: ¥50.00".to_owned(),
            "partner agreement 1 ends on 2026-12-31".to_owned(),
        ]
    );

    // October by hand: 甲 5% × 4500 = 225 due, 200 paid → 25 owed.
    // 乙 30000 × 16/31 days = 15483.87 → 15484 due, nothing paid.
    let oct = ok(&office, &["fund", "report", "--month", "2026-10"]);
    let row = |s: &Value, op: &str| {
        s["partners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["operator"] == op)
            .unwrap()
            .clone()
    };
    let figures = |p: &Value| {
        [
            "revenue_fen",
            "share_fen",
            "fixed_fen",
            "due_fen",
            "paid_fen",
            "owed_before_fen",
            "owed_after_fen",
        ]
        .map(|k| p[k].as_i64().unwrap())
    };
    assert_eq!(figures(&row(&oct, EAST)), [4500, 225, 0, 225, 200, 0, 25]);
    assert_eq!(figures(&row(&oct, WEST)), [0, 0, 15484, 15484, 0, 0, 15484]);

    // November by hand: 甲 5% × 3000 = 150 due; 25 carried; nothing paid → 175.
    // 乙 2.5% × 6000 = 150 + 20000 fixed = 20150 due; 15484 carried; 15000 paid → 20634.
    // The fund: 200 before November, 15000 in, 5000 out → 10200.
    let nov = ok(&office, &["fund", "report", "--month", "2026-11"]);
    assert_eq!(figures(&row(&nov, EAST)), [3000, 150, 0, 150, 0, 25, 175]);
    assert_eq!(
        figures(&row(&nov, WEST)),
        [6000, 150, 20000, 20150, 15000, 15484, 20634]
    );
    assert_eq!(row(&nov, WEST)["terms"], "2.5% + ¥200.00/月");
    let fund = &nov["fund"];
    assert_eq!(
        ["opening_fen", "paid_in_fen", "spent_fen", "closing_fen"]
            .map(|k| fund[k].as_i64().unwrap()),
        [200, 15000, 5000, 10200]
    );
    assert_eq!(nov["entries"].as_array().unwrap().len(), 2);

    // The workbook for people says the same in yuan.
    // November's statement written as `format` (the workbook, the printable page).
    let export = |format: &str| {
        let path = office.dir.path().join(format!("fund.{format}"));
        let month = ["fund", "report", "--month", "2026-11", "--format", format];
        ok(
            &office,
            &[&month[..], &["--out", path.to_str().unwrap()]].concat(),
        );
        path
    };
    let xlsx = export("xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let partners = book.worksheet_range("合伙人").unwrap();
    assert_eq!(partners.get((0, 0)), Some(&Data::String("合伙人".into())));
    let west_row = partners
        .rows()
        .find(|r| r[0] == Data::String(WEST.into()))
        .unwrap();
    assert_eq!(west_row[5], Data::Float(201.5));
    assert_eq!(west_row[7], Data::Float(206.34));
    let total = partners
        .rows()
        .find(|r| r[0] == Data::String("合计".into()))
        .unwrap();
    assert_eq!(total[5], Data::Float(203.0)); // 150 + 20150 fen
    let fund_sheet = book.worksheet_range("基金").unwrap();
    let closing = fund_sheet
        .rows()
        .find(|r| r[2] == Data::String("期末余额".into()))
        .unwrap();
    assert_eq!(closing[3], Data::Float(102.0));

    let html = export("html");
    let page = std::fs::read_to_string(html).unwrap();
    assert!(
        page.contains("社区基金月度对账单 2026-11")
            && page.contains("盖章")
            && page.contains("206.34"),
        "{page}"
    );
}

#[test]
fn bad_entries_are_refused_with_what_to_type_and_nothing_is_written() {
    let office = Office::start();
    office.add_device("dev-east", "east"); // operator "op"
    let refusals: [(&[&str], &str); 6] = [
        (
            &words("partner add --operator opp --share 5 --from 2026-10-01 --by 王"),
            "unknown_operator",
        ),
        (
            &words("partner add --operator op --from 2026-10-01 --by 王"),
            "empty_agreement",
        ),
        (
            &words("partner add --operator op --share 5 --from 2026-10-01 --to 2026-09-01 --by 王"),
            "bad_dates",
        ),
        (
            &words("partner add --operator op --share 500 --from 2026-10-01 --by 王"),
            "usage",
        ),
        (
            &words("fund pay --operator op --amount-fen 0 --on 2026-10-01 --note x --by 王"),
            "bad_amount",
        ),
        (
            &[
                "fund",
                "spend",
                "--amount-fen",
                "100",
                "--on",
                "2026-10-01",
                "--note",
                " ",
                "--by",
                "王",
            ],
            "missing_note",
        ),
    ];
    for (args, code) in refusals {
        let (status, v) = office_cli(&office, args);
        assert_eq!(
            (status, v["error"].as_str()),
            (2, Some(code)),
            "{args:?}: {v}"
        );
        assert!(!v["message"].as_str().unwrap().is_empty());
    }
    ok(
        &office,
        &words("partner add --operator op --share 5 --from 2026-10-01 --by 王"),
    );
    let (status, v) = office_cli(
        &office,
        &words("partner add --operator op --monthly-fen 100 --from 2026-11-01 --by 王"),
    );
    assert_eq!(
        (status, v["error"].as_str()),
        (2, Some("overlapping_agreement")),
        "{v}"
    );
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .contains("partner end --id 1"),
        "{v}"
    );
    let listed = ok(&office, &["partner", "list"]);
    assert_eq!(
        listed["operator"], "op",
        "one agreement, the first: {listed}"
    );
    let empty = ok(&office, &["fund", "report", "--month", "2026-10"]);
    assert_eq!(empty["fund"]["closing_fen"], 0);
}
