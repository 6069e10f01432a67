//! The deliveries staff screen (送餐) over the real ledger: three housebound
//! residents with standing lunch orders on two routes; the cashier signs in,
//! opens the screen from the order screen, taps "prepare all" (the file
//! printer receives the roster, grouped by route, masked names only), marks
//! one delivery delivered by a tap and one not delivered after scanning its
//! roster QR; the screen shows each status. The ledger then holds exactly
//! what the CLI's calls (`Ledger::prepare_deliveries`, `confirm_delivery`,
//! as `canteen delivery roster|confirm` make them) write on a second ledger
//! with the same residents: the same delivery sales, the void of the meal not
//! delivered, the same outcome audits.

mod support;

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_core::cashier::AuditAction;
use canteen_core::journal::RecordBody;
use canteen_kiosk::delivery_sheet;
use canteen_kiosk::demo::synthetic_number;
use canteen_ledger::{DeliveryOrder, Ledger};
use canteen_ui::cashier::DELIVERY_REASONS;
use chrono::NaiveDate;
use support::journal;
use support::screens::{Rig, lunch, now};
use support::steps::Steps;

/// (ID number, name, categories, route, tier) of the three residents.
fn residents() -> [(
    String,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
); 3] {
    let id = |year, seq| synthetic_number(NaiveDate::from_ymd_opt(year, 3, 10).unwrap(), seq);
    [
        (id(1941, 21), "李秀英", "dibao", "A 幸福里", "age80"),
        (id(1931, 23), "张桂兰", "", "A 幸福里", "age90"),
        (id(1954, 25), "王建国", "", "B 光明路", "age60"),
    ]
}

/// Registers the residents with standing lunch orders in `ledger`.
fn stock(ledger: &mut Ledger) {
    let tz = Config::defaults().canteen.timezone;
    let mut csv = String::from("id_number,name,categories,card_no,status\n");
    for (id, name, cats, ..) in residents() {
        csv.push_str(&format!("{id},{name},{cats},,active\n"));
    }
    let read = ledger.read_residents_csv(csv.as_bytes(), lunch().date(), &["dibao".into()]);
    assert!(read.bad.is_empty(), "{:?}", read.bad);
    ledger
        .import_residents(&read.good, now(tz), &mut || {})
        .unwrap();
    let orders: Vec<(String, DeliveryOrder)> = residents()
        .into_iter()
        .enumerate()
        .map(|(i, (id, _, _, route, tier))| {
            let key = ledger
                .resident(&ResidentId::parse(&id, lunch().date()).unwrap())
                .unwrap()
                .expect("registered")
                .resident_key;
            let order = DeliveryOrder {
                address: format!("{route} {}号楼302室", i + 1),
                route: route.into(),
                note: if i == 0 {
                    "软食".into()
                } else {
                    String::new()
                },
                tier: Some(tier.into()),
                periods: vec!["lunch".into()],
                meals: 1,
            };
            (key, order)
        })
        .collect();
    ledger
        .replace_delivery_orders(&orders, &Config::defaults().pricing)
        .unwrap();
}

/// What the deliveries wrote, comparable across two ledgers (sale numbers
/// differ: the screen's ledger also holds the sign-in and the shift).
fn delivery_records(records: Vec<RecordBody>) -> Vec<String> {
    records
        .into_iter()
        .filter_map(|b| match b {
            RecordBody::Sale(s) if s.delivery.is_some() => Some(format!(
                "sale {:?} {:?} {:?}",
                s.delivery, s.lines, s.payments
            )),
            RecordBody::Void(v) => Some(format!("void {}", v.reason)),
            RecordBody::Audit(a)
                if matches!(
                    a.action,
                    AuditAction::DeliveryDelivered | AuditAction::DeliveryNotDelivered
                ) =>
            {
                Some(format!("audit {:?}", a.action))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn staff_prepare_print_and_confirm_deliveries_as_the_cli_does() {
    let rig = Rig::new();
    stock(rig.ledger().ledger_mut());
    rig.open_counter(&rig.cashier, "1234", "200");

    rig.tap("送餐");
    rig.pump();
    assert!(rig.shows("送餐 · 午餐"), "the current period's list");
    assert!(
        rig.shows("还没有备餐。点“全部备餐”按长期订单备餐并打印送餐单"),
        "nothing prepared yet"
    );

    rig.tap("全部备餐");
    rig.pump();
    assert!(rig.shows("本次备餐 3 份，送餐单已打印"));
    // The list: masked names and routes; 张*兰 (95) is free, 李*英 (85,
    // 低保) pays 96% of ¥10.00 plus the ¥2.00 fee at the door.
    for row in ["李*英  A 幸福里", "张*兰  A 幸福里", "王*国  B 光明路"] {
        assert!(rig.shows(row), "row {row}");
    }
    assert!(rig.shows("收 ¥11.60") && rig.shows("免费"));
    let printed = rig.printed();
    assert!(printed.contains("送餐单 Delivery roster"), "{printed}");
    let route_a = printed.find("路线 Route A 幸福里").expect("route A");
    let route_b = printed.find("路线 Route B 光明路").expect("route B");
    assert!(route_a < route_b, "grouped by route");
    for (id, name, ..) in residents() {
        assert!(!printed.contains(name), "{name} is printed masked only");
        assert!(!printed.contains(&id), "no ID number on the roster");
    }
    assert!(printed.contains("收 Collect ¥11.60") && printed.contains("免费 Free"));

    // 李*英: tapped, delivered.
    rig.tap("李*英  A 幸福里");
    rig.tap("标记为已送达");
    rig.pump();
    assert!(rig.shows("已送达"), "the line shows delivered");

    // 王*国: selected by scanning the roster line's QR, not delivered.
    let (wang_seq, li_seq) = {
        let svc = rig.ledger();
        let roster = svc
            .ledger()
            .delivery_roster(lunch().date(), "lunch")
            .unwrap();
        let seq = |masked: &str| {
            roster
                .lines
                .iter()
                .find(|l| l.masked_name == masked)
                .unwrap()
                .seq
        };
        (seq("王*国"), seq("李*英"))
    };
    let device = rig.ledger().ledger().identity().device_id.clone();
    rig.kiosk.scan(&delivery_sheet::qr_text(&device, wang_seq));
    assert!(
        rig.shows(&format!("已备餐 {wang_seq}号")),
        "the scanned line"
    );
    rig.tap("标记为未送达");
    assert!(rig.shows("请先选择原因"), "a reason first");
    rig.tap("家中无人");
    rig.tap("标记为未送达");
    rig.pump();
    assert!(rig.shows("未送达"));

    // The ledger: statuses as the CLI's roster reports them.
    let roster = rig
        .ledger()
        .ledger()
        .delivery_roster(lunch().date(), "lunch")
        .unwrap();
    let status = |seq| roster.lines.iter().find(|l| l.seq == seq).unwrap().status;
    assert_eq!(status(li_seq).as_str(), "delivered");
    assert_eq!(status(wang_seq).as_str(), "not_delivered");
    let voids = rig.voids();
    assert_eq!(voids.len(), 1, "one void: the meal not delivered");
    assert_eq!(voids[0].original_seq, wang_seq);

    // The same on a second ledger through the calls the CLI makes.
    let dir = tempfile::tempdir().unwrap();
    let mut twin = Ledger::open(&dir.path().join("data")).unwrap();
    stock(&mut twin);
    let tz = Config::defaults().canteen.timezone;
    let cli = twin
        .prepare_deliveries(&Config::defaults().pricing, "lunch", now(tz))
        .unwrap();
    let seq = |masked: &str| {
        cli.lines
            .iter()
            .find(|l| l.masked_name == masked)
            .unwrap()
            .seq
    };
    twin.confirm_delivery(seq("李*英"), true, "", now(tz))
        .unwrap();
    twin.confirm_delivery(seq("王*国"), false, DELIVERY_REASONS[0], now(tz))
        .unwrap();
    let cli_records = delivery_records(journal::bodies(&twin, 0));
    assert_eq!(cli_records.len(), 3 + 1 + 2, "3 sales, 1 void, 2 audits");
    assert_eq!(delivery_records(rig.records()), cli_records);
    let money = |r: &canteen_ledger::Roster| -> Vec<(String, i64, i64, &'static str)> {
        r.lines
            .iter()
            .map(|l| {
                (
                    l.masked_name.clone(),
                    l.total_fen,
                    l.collect_fen,
                    l.status.as_str(),
                )
            })
            .collect()
    };
    assert_eq!(
        money(&roster),
        money(&twin.delivery_roster(lunch().date(), "lunch").unwrap())
    );
}
