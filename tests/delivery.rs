//! Meals delivered to the housebound, end to end (issue #17): standing orders
//! set at the office reach the kiosk in a signed bundle; `canteen delivery
//! roster` prepares the lunch sales once and prints the roster grouped by
//! route with masked names on a file printer; two deliveries are confirmed
//! delivered and one not delivered (voided); the quota is used for the two
//! and freed for the voided one; after a real sync the office — which
//! re-derives every price and fee — claims two delivered meals with their
//! subsidy and delivery fees, and its delivery report counts each route.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_ledger::Ledger;
use canteen_office::report::{self, Dates};
use canteen_office::seal::{self, SealKey};
use canteen_office::store::{self, registry};
use canteen_office::{keys, publish};
use firmware_adapters::printer::{DecodedLine, decode};
use serde_json::Value;
use support::lunches::cash_lunch;

/// Aged 85 on the day (tier age80: lunch ¥10.00, fee ¥2.00).
const AGED_85: &str = "110101194103010021";
/// Aged 70 (age60: lunch ¥12.00, fee ¥2.00).
const AGED_70: &str = "110101195611230017";
/// Aged 93 (age90: lunch free, no fee).
const AGED_93: &str = "110101193303010021";
const DAY: &str = "2026-11-23";
const LUNCH: &str = "2026-11-23T11:30:00+08:00";

fn run(cmd: &mut Command) -> Value {
    let out: Output = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

fn kiosk_cmd(kiosk: &Path, config: &Path, args: &[&str]) -> Value {
    run(Command::new(support::bins::canteen())
        .args(args)
        .arg("--data")
        .arg(kiosk)
        .arg("--config")
        .arg(config))
}

fn set_delivery(office: &Path, id: &str, address: &str, route: &str, note: &str) {
    let out = run(Command::new(support::bins::canteen_office())
        .args([
            "residents",
            "delivery",
            "set",
            "--id",
            id,
            "--address",
            address,
            "--route",
            route,
            "--note",
            note,
            "--periods",
            "lunch",
            "--data",
        ])
        .arg(office));
    assert_eq!(out["route"], route);
}

fn counter_sale(kiosk: &Path, id: &str) -> (i64, i64) {
    let config = Config::defaults();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-23T12:40:00+08:00").unwrap();
    let id = ResidentId::parse(id, at.date_naive()).unwrap();
    let sale = Ledger::open(kiosk)
        .unwrap()
        .sell(&cash_lunch(&config, at, Some(&id)))
        .unwrap();
    (sale.total_fen, sale.subsidy_fen)
}

/// The roster's printed text lines and QR codes, in order.
fn printed(file: &Path) -> (Vec<String>, Vec<String>) {
    let (mut texts, mut qrs) = (Vec::new(), Vec::new());
    for line in decode(&std::fs::read(file).unwrap()) {
        match line {
            DecodedLine::Qr { data } => qrs.push(String::from_utf8(data).unwrap()),
            other => texts.extend(other.text().map(str::to_owned)),
        }
    }
    (texts, qrs)
}

#[test]
fn delivered_meals_are_prepared_once_confirmed_synced_and_claimed_in_their_own_column() {
    // The office, serving on a loopback port, with its signing key.
    let served = support::office::Office::start();
    let (office, url) = (served.dir.path(), &served.url);
    let mut conn = store::open(office).unwrap();
    let public = keys::load_or_create(office).unwrap().public_hex();

    // The kiosk, registered at the office, which keys residents with the
    // kiosk's secret (what enrolment makes the other way round).
    let kiosk_dir = tempfile::tempdir().unwrap();
    let config_dir = support::shipped_config_dir();
    let (kiosk, config) = (kiosk_dir.path(), config_dir.path());
    let device_id = Ledger::open(kiosk).unwrap().identity().device_id.clone();
    let token = served.register_on(kiosk, "east", "2026-11-16T00:00:00Z");
    support::office_registry::adopt_kiosk_secret(office, kiosk);

    // The registry, and three housebound residents' standing lunch orders.
    let csv = format!(
        "id_number,name,categories,card_no,status\n{AGED_85},李秀英,,,active\n{AGED_70},王建国,,,active\n{AGED_93},张桂兰,,,active\n"
    );
    let community = keys::community_secret(office).unwrap();
    {
        let mut conn = store::open(office).unwrap();
        let seal = SealKey::open(&seal::default_path(office), office, &mut conn, true).unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        registry::import_csv(
            &mut conn,
            &csv,
            &community,
            &seal,
            today,
            "2026-11-16T00:00:00Z",
        )
        .unwrap();
    }
    set_delivery(office, AGED_85, "幸福路1号楼302室", "1号楼", "软食");
    set_delivery(office, AGED_70, "幸福路2号楼101室", "2号楼", "");
    set_delivery(office, AGED_93, "幸福路1号楼501室", "1号楼", "少盐");
    publish::registry_bundle(&mut conn, office, "2026-11-23T08:00:00+08:00").unwrap();

    // The kiosk pulls the signed bundle: residents and their orders.
    let synced = || {
        let status = Command::new(support::bins::canteen())
            .args([
                "sync",
                "--office",
                url,
                "--token",
                &token,
                "--office-key",
                &public,
                "--data",
            ])
            .arg(kiosk)
            .arg("--config")
            .arg(config)
            .status()
            .unwrap();
        assert!(status.success());
    };
    synced();
    let orders = Ledger::open(kiosk).unwrap().delivery_orders().unwrap();
    let mut tiers: Vec<(String, Option<String>)> = orders
        .iter()
        .map(|o| (o.order.route.clone(), o.order.tier.clone()))
        .collect();
    tiers.sort();
    assert_eq!(
        tiers,
        [
            ("1号楼".into(), Some("age80".into())),
            ("1号楼".into(), Some("age90".into())),
            ("2号楼".into(), Some("age60".into())),
        ]
    );

    // The lunch roster: prepared once, printed grouped by route.
    let sheet = kiosk.join("roster.escpos");
    let roster_args = [
        "delivery", "roster", "--date", DAY, "--period", "lunch", "--at", LUNCH,
    ];
    let mut with_print = roster_args.to_vec();
    with_print.extend(["--print", "--printer", sheet.to_str().unwrap()]);
    let roster = kiosk_cmd(kiosk, config, &with_print);
    assert_eq!(roster["prepared"], 3, "{roster}");
    assert_eq!(roster["printed"], true);
    let lines = roster["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["status"] == "prepared"), "{roster}");
    let routes: Vec<&str> = lines.iter().map(|l| l["route"].as_str().unwrap()).collect();
    assert_eq!(routes, ["1号楼", "1号楼", "2号楼"], "ordered by route");
    let by_name = |name: &str| {
        lines
            .iter()
            .find(|l| l["masked_name"] == name)
            .unwrap_or_else(|| panic!("{name} in {roster}"))
            .clone()
    };
    let (li, wang, zhang) = (by_name("李*英"), by_name("王*国"), by_name("张*兰"));
    // Amounts to collect: meal and fee by the diner's own tier.
    assert_eq!(
        (li["total_fen"].as_i64(), li["collect_fen"].as_i64()),
        (Some(1200), Some(1200))
    );
    assert_eq!(
        li["items"],
        serde_json::json!(["lunch-set", "delivery-fee"])
    );
    assert_eq!(wang["collect_fen"], 1400);
    assert_eq!(
        (
            zhang["total_fen"].as_i64(),
            zhang["items"].as_array().unwrap().len()
        ),
        (Some(0), 1)
    );
    let seq = |l: &Value| l["seq"].as_u64().unwrap();

    let again = kiosk_cmd(kiosk, config, &roster_args);
    assert_eq!(again["prepared"], 0, "running it twice sells nothing twice");
    assert_eq!(again["lines"], roster["lines"]);

    let (texts, qrs) = printed(&sheet);
    let at = |needle: &str| {
        texts
            .iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("`{needle}` printed: {texts:#?}"))
    };
    assert!(at("路线 Route 1号楼") < at("李*英") && at("李*英") < at("路线 Route 2号楼"));
    assert!(at("张*兰") < at("路线 Route 2号楼") && at("路线 Route 2号楼") < at("王*国"));
    at("幸福路1号楼302室");
    at("备注 软食");
    at("收 Collect ¥14.00");
    at("免费 Free");
    for full in ["李秀英", "王建国", "张桂兰", AGED_85, AGED_70, AGED_93] {
        assert!(
            texts.iter().all(|t| !t.contains(full)),
            "{full} printed in full"
        );
    }
    let expected_qrs: Vec<String> = lines
        .iter()
        .map(|l| canteen_kiosk::delivery_sheet::qr_text(&device_id, seq(l)))
        .collect();
    assert_eq!(qrs, expected_qrs, "a QR per line carrying its sale");

    // Two delivered, one not (voided, which frees its quota).
    let at_back = ["--at", "2026-11-23T12:30:00+08:00"];
    for l in [&li, &zhang] {
        let s = seq(l).to_string();
        let mut args = vec!["delivery", "confirm", "--seq", &s, "--delivered"];
        args.extend(at_back);
        let done = kiosk_cmd(kiosk, config, &args);
        assert_eq!(done["delivered"], true);
    }
    let s = seq(&wang).to_string();
    let mut args = vec![
        "delivery",
        "confirm",
        "--seq",
        &s,
        "--not-delivered",
        "--reason",
        "家中无人",
    ];
    args.extend(at_back);
    let back = kiosk_cmd(kiosk, config, &args);
    assert_eq!(back["void"]["original_seq"], seq(&wang));
    assert_eq!(back["void"]["refund_fen"], 1400);

    // The quota: used for the delivered diner (a counter lunch is at market
    // price), free again for the one whose meal came back.
    assert_eq!(counter_sale(kiosk, AGED_85), (1500, 0));
    assert_eq!(counter_sale(kiosk, AGED_70), (1200, 300));

    // After a real sync the office, re-deriving every price and fee, claims
    // the two delivered meals in their own column.
    synced();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dates = Dates { from: day, to: day };
    let mut conn = store::open(office).unwrap();
    let quarantined = report::quarantine(&mut conn, dates).unwrap();
    assert!(
        quarantined.is_empty(),
        "every sale re-derives: {quarantined:?}"
    );
    let claim = report::subsidy(&mut conn, dates).unwrap();
    let sum = |f: fn(&report::SubsidyRow) -> i64| claim.iter().map(f).sum::<i64>();
    assert_eq!(sum(|r| r.delivered_meals), 2);
    assert_eq!(
        sum(|r| r.delivery_fee_fen),
        200,
        "李*英's fee; 90+ deliver free"
    );
    // 李*英 ¥5.00 and 张*兰 ¥15.00 delivered, 王*国 ¥3.00 at the counter.
    assert_eq!(sum(|r| r.subsidy_fen), 2300);
    assert_eq!(sum(|r| r.meals), 4, "fee lines are not meals");
    let by_route = report::delivery(&mut conn, dates).unwrap();
    let summary: Vec<(&str, i64, i64, i64, i64)> = by_route
        .iter()
        .map(|r| {
            (
                r.route.as_str(),
                r.delivered_meals,
                r.not_delivered_meals,
                r.unconfirmed_meals,
                r.fee_fen,
            )
        })
        .collect();
    assert_eq!(summary, [("1号楼", 2, 0, 0, 200), ("2号楼", 0, 1, 0, 0)]);

    // An order ended at the console; the console's changes are audited
    // (a second clear changes nothing and adds nothing).
    let clear = || {
        run(Command::new(support::bins::canteen_office())
            .args(["residents", "delivery", "clear", "--id", AGED_70, "--data"])
            .arg(office))
    };
    assert_eq!(clear()["cleared"], true);
    assert_eq!(clear()["cleared"], false);
    let console: Vec<String> = canteen_office::store::audit::list(&mut conn)
        .unwrap()
        .into_iter()
        .filter(|e| e.who == "cli")
        .map(|e| e.what.split(" for resident ").next().unwrap().to_owned())
        .collect();
    assert_eq!(
        console,
        [
            "delivery order set",
            "delivery order set",
            "delivery order set",
            "delivery order cleared"
        ]
    );
}

#[test]
fn a_kiosk_that_raises_its_delivery_fee_has_the_sale_quarantined() {
    let office = support::office::Office::start();
    let kiosk_dir = tempfile::tempdir().unwrap();
    let kiosk = kiosk_dir.path();
    let mut ledger = Ledger::open(kiosk).unwrap();
    let token = office.register(kiosk, "east");
    support::office_registry::register_at_office(office.dir.path(), kiosk, &[AGED_85]);
    let lunch = chrono::DateTime::parse_from_rfc3339(LUNCH).unwrap();
    let csv = format!("id_number,name,categories,card_no,status\n{AGED_85},李秀英,,,active\n");
    let read = ledger.read_residents_csv(csv.as_bytes(), lunch.date_naive(), &[]);
    ledger
        .import_residents(&read.good, lunch, &mut || {})
        .unwrap();
    let id = ResidentId::parse(AGED_85, lunch.date_naive()).unwrap();
    let key = ledger.resident(&id).unwrap().unwrap().resident_key;

    // The kiosk's own pricing.toml charges ¥5.00 where the shipped one says ¥2.00.
    let edited_dir = tempfile::tempdir().unwrap();
    let pricing = include_str!("../config/defaults/pricing.toml");
    assert!(
        pricing.contains("fee = \"2.00\""),
        "the shipped fee changed"
    );
    std::fs::write(
        edited_dir.path().join("pricing.toml"),
        pricing.replacen("fee = \"2.00\"", "fee = \"5.00\"", 1),
    )
    .unwrap();
    let edited = Config::load(Some(edited_dir.path())).unwrap();
    let order = canteen_core::StandingOrder {
        address: "幸福路1号楼302室".into(),
        route: "1号楼".into(),
        note: String::new(),
        tier: Some("age80".into()),
        periods: vec!["lunch".into()],
        meals: 1,
    };
    ledger
        .set_delivery_order(&key, &order, &edited.pricing)
        .unwrap();
    let roster = ledger
        .prepare_deliveries(&edited.pricing, "lunch", lunch)
        .unwrap();
    assert_eq!(roster.lines[0].total_fen, 1500, "¥10.00 and a ¥5.00 fee");
    drop(ledger);

    support::office::sync(kiosk, &office.url, &token);

    let mut conn = store::open(office.dir.path()).unwrap();
    let day = lunch.date_naive();
    let dates = Dates { from: day, to: day };
    let quarantined = report::quarantine(&mut conn, dates).unwrap();
    assert_eq!(quarantined.len(), 1, "{quarantined:?}");
    assert_eq!(quarantined[0].code, "price");
    assert!(
        quarantined[0]
            .reason
            .contains("delivery fee of ¥5.00; the rules give ¥2.00"),
        "{}",
        quarantined[0].reason
    );
    let claim = report::subsidy(&mut conn, dates).unwrap();
    assert!(claim.is_empty(), "nothing of it is claimed: {claim:?}");
}
