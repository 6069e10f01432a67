//! Cashier mode over the real ledger: the Slint window driven headlessly by
//! accessible label (`canteen_ui::testing`), the real controller and worker,
//! and `LedgerService` on a temporary data directory with two staff members
//! added through the ledger. What the screens say is checked against what the
//! ledger stored and what the (file) printer received.

mod support;

use canteen_config::Config;
use canteen_core::cashier::AuditAction;
use canteen_core::journal::RecordBody;
use canteen_core::{Money, Payment, PaymentChoice};
use canteen_ledger::SaleRequest;
use canteen_ui::cashier::Page;
use chrono::NaiveDate;
use support::lunches::cash_sale;
use support::screens::{Rig, now};
use support::steps::Steps;

#[test]
fn sign_in_shift_cash_sale_void_close_with_difference_and_z() {
    let rig = Rig::new();
    rig.sign_in(&rig.cashier, "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    rig.open_shift("200");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Order));
    assert_eq!(rig.current_shift().cash.float, Money::from_yuan(200));

    // A lunch set for a diner without ID: market price, ¥20 cash, ¥5 change.
    rig.tap("午餐套餐  ¥15.00");
    rig.tap("现金收款");
    rig.type_keys("20");
    assert!(rig.shows("找零 ¥5.00"));
    rig.tap("确认收款");
    rig.pump();
    rig.assert_shows(&["收款成功", "找零 ¥5.00"]);
    let seq = rig.last_sale_seq();
    let sale = rig.sale(seq);
    assert_eq!(sale.total_fen, 1500);
    assert_eq!(
        sale.payments,
        vec![Payment::Cash {
            amount: Money::from_yuan(15),
            tendered: Money::from_yuan(20),
            change: Money::from_yuan(5),
        }]
    );
    let receipt = rig.printed();
    assert!(receipt.contains("实付 Total ¥15.00"), "{receipt}");
    assert_eq!(
        receipt.matches("[DRAWER]").count(),
        1,
        "the drawer opens once, for the committed cash sale: {receipt}"
    );
    rig.tap("下一单");

    // Void it with the supervisor's PIN.
    rig.tap("作废");
    assert_eq!(rig.field("单号"), seq.to_string());
    rig.tap("顾客退餐");
    rig.submit("9999", "确认作废");
    assert!(rig.shows("已作废，请退还现金 ¥15.00"));
    let shift = rig.current_shift();
    assert_eq!(shift.cash.refunds, Money::from_yuan(15));
    assert_eq!(shift.void_count, 1);
    assert!(rig.ledger().ledger().verify().unwrap().is_ok());

    // "No sale": the drawer opens only after the supervisor's consent is recorded.
    rig.tap("开钱箱");
    rig.tap("核对现金");
    rig.submit("9999", "打开钱箱");
    assert!(rig.shows("钱箱已打开（已记录）"));
    assert_eq!(rig.printed().matches("[DRAWER]").count(), 2);
    let no_sale = rig.audits(AuditAction::NoSaleDrawer);
    assert_eq!(no_sale.len(), 1);
    assert!(no_sale[0].detail.contains("核对现金"), "{:?}", no_sale[0]);

    // Close the shift ¥10 short; the supervisor accepts the difference.
    rig.tap("交班");
    rig.pump();
    let expected = Money::from_fen(rig.current_shift().expected_fen);
    assert_eq!(expected, Money::from_yuan(200), "200 + 20 − 5 − 15");
    assert!(rig.shows(&format!("应有现金 {expected}")));
    rig.type_keys("190");
    assert!(rig.shows("差额 −¥10.00"));
    rig.tap_showing("确认交班", "差额超过 ¥5.00，请主管输入密码");
    rig.submit("9999", "确认交班");
    assert!(rig.shows("已交班，差额 −¥10.00"));
    let open_seq = {
        let svc = rig.ledger();
        assert!(svc.ledger().current_shift().unwrap().is_none(), "closed");
        svc.ledger()
            .records_after(0, usize::MAX)
            .unwrap()
            .iter()
            .find(|r| matches!(r.record.body, RecordBody::Shift(_)))
            .map(|r| r.seq)
            .unwrap()
    };
    {
        let svc = rig.ledger();
        let closed = svc.ledger().shift_report(open_seq).unwrap().unwrap();
        assert_eq!(closed.counted_fen, Some(19_000));
        assert_eq!(closed.difference_fen, Some(-1_000));
        assert!(closed.supervisor_id.is_some(), "the supervisor is recorded");
    }

    // Close the day: the Z on screen and on paper matches the stored closing.
    rig.load("日结 Z 报表", Page::Report);
    let z = rig.closing();
    assert!(rig.shows("Z 日结报表 2026-11-23"));
    assert!(rig.shows(&format!("销售笔数 {}", z.closing.day.sale_count)));
    assert!(rig.shows("作废笔数 1"));
    assert!(rig.shows(&format!("累计总额 {}", z.closing.grand_total)));
    let head = hex::encode(z.closing.chain_head);
    assert!(rig.shows(&format!("链头 #{} {}…", z.closing.head_seq, &head[..16])));
    let paper = rig.printed();
    assert!(
        paper.contains(&format!("累计总额 Grand total {}", z.closing.grand_total)),
        "{paper}"
    );
    assert!(
        paper.contains(&head[..32]) && paper.contains(&head[32..]),
        "{paper}"
    );
    rig.tap("返回");
    rig.tap("退出");
    assert_eq!(rig.kiosk.cashier_page(), None);
    assert!(rig.shows("请刷身份证或扫码"));
    rig.pump();
}

#[test]
fn five_wrong_pins_lock_the_account_in_the_ledger() {
    let rig = Rig::new();
    rig.sign_in(&rig.cashier, "0000");
    assert!(rig.shows("密码错误，还可再试 4 次"));
    for _ in 0..3 {
        rig.submit("0000", "登录");
    }
    assert!(rig.shows("密码错误，还可再试 1 次"));
    rig.submit("0000", "登录");
    assert!(rig.shows("已锁定 15 分钟，请找主管"));
    rig.submit("1234", "登录");
    assert!(
        rig.shows("已锁定 15 分钟，请找主管"),
        "the right PIN is refused while locked"
    );
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::SignIn));
    let svc = rig.ledger();
    let staff = svc.ledger().staff(&rig.cashier).unwrap().unwrap();
    assert!(staff.locked_until.is_some(), "locked in the ledger");
    let audits = svc
        .ledger()
        .records_after(0, usize::MAX)
        .unwrap()
        .iter()
        .filter(|r| matches!(r.record.body, RecordBody::Audit(_)))
        .count();
    assert!(audits >= 7, "every attempt and the lock are audited");
}

/// A diner chooses "pay at the counter" on the self-service screens (with a
/// companion's meal added); staff take it over in cashier mode and take cash.
/// The ledger re-prices it as the kiosk priced it (companion line included),
/// counts the cash in the shift, prints the receipt, and the diner's screen
/// then shows the done screen.
#[test]
fn a_handed_over_order_is_paid_at_the_counter_in_the_ledger() {
    use canteen_core::session::{Event, OfferKind, Stage};
    let rig = Rig::new();
    let birth = NaiveDate::from_ymd_opt(1956, 1, 15).unwrap();
    let number = canteen_kiosk::demo::synthetic_number(birth, 45);
    rig.scan(&number);
    let Stage::Priced(order) = rig.kiosk.stage() else {
        panic!("priced, not {}", rig.stage());
    };
    if let Some(i) = order
        .offers
        .iter()
        .position(|o| o.kind == OfferKind::Companion)
    {
        rig.kiosk.handle(Event::AddOffer(i));
    }
    let Stage::Priced(order) = rig.kiosk.stage() else {
        panic!("still priced");
    };
    let due = order.total();
    assert!(due > Money::ZERO && due <= Money::from_yuan(50), "{due}");
    rig.hand_over();

    rig.open_counter(&rig.cashier, "1234", "200");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Handover));
    assert!(rig.shows(&format!("应收 {due}")));
    assert!(
        !rig.shows(&format!("顾客：{number}")),
        "no full ID on screen"
    );
    rig.tap("现金收款");
    rig.type_keys("50");
    let change = Money::from_yuan(50) - due;
    assert!(rig.shows(&format!("找零 {change}")));
    rig.load("确认收款", Page::Paid);
    let sale = rig.sale(rig.last_sale_seq());
    assert_eq!(sale.total_fen, due.fen());
    assert_eq!(sale.lines.len(), order.lines.len());
    assert!(sale.masked_id.is_some(), "the sale is the diner's");
    assert_eq!(
        sale.payments,
        vec![Payment::Cash {
            amount: due,
            tendered: Money::from_yuan(50),
            change,
        }]
    );
    let shift = rig.current_shift();
    assert_eq!(shift.cash.expected(), Money::from_yuan(200) + due);
    assert!(rig.printed().contains(&format!("实付 Total {due}")));
    rig.tap("下一单");
    rig.tap("退出");
    rig.pump();
    assert_eq!(rig.stage(), "done");
    assert!(rig.shows(&format!("已付 {due}")));
}

/// A meal-card holder (no ID shown) chooses "pay at the counter": the counter
/// sells the handed-over order priced by the birth date the card's signed QR
/// carries (format 2), as self-service priced it — the registry keeps no
/// birth date, so without the card's the counter would price the holder with
/// no age and refuse the total the screen showed.
#[test]
fn a_card_holders_handed_over_order_is_priced_by_the_cards_birth_date() {
    use canteen_core::session::Stage;
    const CARD: &str = "88001235";
    let rig = Rig::new();
    rig.register("110101194103010021,王建国", CARD);
    rig.kiosk
        .scan_card(CARD, NaiveDate::from_ymd_opt(1941, 3, 1));
    assert!(rig.kiosk.pump_one(), "worker answered the card");
    let Stage::Priced(order) = rig.kiosk.stage() else {
        panic!("priced, not {}", rig.stage());
    };
    let due = order.total();
    rig.hand_over();

    rig.open_counter(&rig.cashier, "1234", "200");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::Handover));
    rig.tap("现金收款");
    rig.submit("50", "确认收款");
    assert_eq!(
        rig.kiosk.cashier_page(),
        Some(Page::Paid),
        "sold at the counter"
    );
    let sale = rig.sale(rig.last_sale_seq());
    assert_eq!(sale.total_fen, due.fen(), "the price self-service showed");
    assert!(sale.masked_id.is_some(), "the card holder's sale");
    let tiers: Vec<Option<&str>> = sale.lines.iter().map(|l| l.tier.as_deref()).collect();
    assert!(
        !tiers.is_empty() && tiers.iter().all(|t| *t == Some("age80")),
        "aged 85 by the card's date: {tiers:?}"
    );
}

/// A meal card topped up at the counter over the ledger: an unknown card is
/// refused and nothing is written; a registered card typed on the keypad gets
/// the cash, counted in the shift's expected cash, audited with the cashier,
/// and the receipt shows the new balance.
#[test]
fn a_meal_card_is_topped_up_at_the_counter_in_the_ledger() {
    const CARD: &str = "88001234";
    let rig = Rig::new();
    rig.register("110101195611230017,李秀英", CARD);
    rig.open_counter(&rig.cashier, "1234", "200");
    rig.tap_to("充值", Page::TopUp);

    rig.type_keys("88009999");
    rig.tap("充值金额");
    rig.submit("50", "确认充值");
    assert!(rig.shows("没有这张饭卡，请核对卡号"));
    assert_eq!(
        rig.ledger().ledger().card_balance("88009999").unwrap(),
        Money::ZERO
    );

    rig.tap("卡号");
    rig.tap("删除");
    rig.tap("删除");
    rig.tap("删除");
    rig.tap("删除");
    rig.type_keys("1234");
    assert_eq!(rig.field("卡号"), CARD);
    rig.tap("确认充值");
    rig.pump();
    assert!(rig.shows("新余额 ¥50.00"));
    assert_eq!(
        rig.ledger().ledger().card_balance(CARD).unwrap(),
        Money::from_yuan(50)
    );
    let shift = rig.current_shift();
    assert_eq!(shift.cash.top_ups, Money::from_yuan(50));
    assert_eq!(shift.cash.expected(), Money::from_yuan(250));
    let audits = rig.audits(AuditAction::CardTopUp);
    assert_eq!(audits.len(), 1);
    assert_eq!(
        audits[0].staff_id.map(|s| s.to_string()),
        Some(rig.cashier.clone())
    );
    assert!(!audits[0].detail.contains(CARD), "masked: {:?}", audits[0]);
    let receipt = rig.printed();
    assert!(receipt.contains("余额 Balance ¥50.00"), "{receipt}");
    assert!(receipt.contains("[DRAWER]"), "{receipt}");
}

#[test]
fn z_shows_and_prints_a_line_refund_and_nets_it_out() {
    let rig = Rig::new();
    let config = Config::defaults();
    let tz = config.canteen.timezone;
    // A cash sale of a lunch set and a soup, then the soup refunded with the
    // supervisor's consent (through the ledger, as `canteen refund` does).
    let refund = {
        let mut svc = rig.ledger();
        let ledger = svc.ledger_mut();
        let items = vec!["lunch-set".into(), "soup".into()];
        let sale = ledger
            .sell(&SaleRequest {
                payment: PaymentChoice::Cash {
                    tendered: Money::from_yuan(50),
                },
                ..cash_sale(&config, now(tz), items, None)
            })
            .unwrap();
        let boss = ledger.authorise_supervisor("9999", now(tz), &config.cashier);
        let boss = boss.unwrap();
        ledger
            .refund_lines(sale.seq, &[(1, 1)], "汤洒了", &boss, now(tz))
            .unwrap()
    };
    assert!(refund.refund_fen > 0);
    let refunded = Money::from_fen(refund.refund_fen);

    rig.sign_in(&rig.cashier, "1234");
    assert_eq!(rig.kiosk.cashier_page(), Some(Page::ShiftOpen));
    rig.load("日结 Z 报表", Page::Report);
    let day = rig.closing().closing.day;
    assert_eq!(day.refund_count, 1);
    assert_eq!(day.refunded, refunded);
    assert_eq!(day.net, day.gross - day.voided - day.refunded);
    assert!(rig.shows("Z 日结报表 2026-11-23"));
    assert!(rig.shows(&format!("销售总额 {}", day.gross)));
    assert!(rig.shows(&format!("作废金额 {}", day.voided)));
    assert!(rig.shows("退款笔数 1"));
    assert!(rig.shows(&format!("退款金额 {refunded}")));
    assert!(rig.shows(&format!("净额 {}", day.net)));
    let shown = rig
        .kiosk
        .cashier()
        .unwrap()
        .shown_report()
        .cloned()
        .expect("report");
    assert_eq!(shown.net, shown.gross - shown.voided - shown.refunded);
    assert_eq!(
        (shown.refund_count, shown.refunded, shown.net),
        (1, refunded, day.net)
    );
    let paper = rig.printed();
    assert!(
        paper.contains(&format!("总额 Gross {}", day.gross)),
        "{paper}"
    );
    assert!(paper.contains("退款 Refunds 1"), "{paper}");
    assert!(
        paper.contains(&format!("退款额 Refunded {refunded}")),
        "{paper}"
    );
    assert!(paper.contains(&format!("净额 Net {}", day.net)), "{paper}");
    rig.tap("返回");
    rig.tap("退出");
    rig.pump();
}

#[test]
fn a_line_refund_at_the_counter_is_journalled_with_its_supervisor() {
    let rig = Rig::new();
    rig.open_counter(&rig.cashier, "1234", "200");
    rig.sell_cash(&["午餐套餐  ¥15.00", "例汤  ¥3.00"], "20");
    let seq = rig.last_sale_seq();
    let drawer = |rig: &Rig| rig.printed().matches("[DRAWER]").count();
    assert_eq!(drawer(&rig), 1, "the sale's");

    rig.tap("退款");
    rig.pump();
    assert_eq!(rig.field("单号"), seq.to_string());
    assert!(rig.shows("#1 午餐套餐 ¥15.00"));

    // The cashier's own PIN: refused, nothing written, the drawer stays shut.
    rig.refund_with(&["#2 例汤 ¥3.00"], "顾客退餐", "1234");
    assert!(rig.shows("主管密码不正确，请主管重输"));
    assert!(rig.refunds().is_empty());
    assert_eq!(drawer(&rig), 1, "no kick for a refused refund");

    rig.submit("9999", "确认退款");
    assert!(rig.shows("请从钱箱取出 ¥3.00 退给顾客"));
    let supervisor = rig.ledger().ledger().staff("李主管").unwrap().unwrap();
    let stored = rig.refunds();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].original_seq, seq);
    assert_eq!(stored[0].supervisor_id, supervisor.id);
    assert_eq!(stored[0].lines.len(), 1);
    assert_eq!(stored[0].lines[0].line_no, 1);
    assert_eq!(stored[0].lines[0].amount, Money::from_yuan(3));
    let audits = rig.audits(AuditAction::RefundAuthorised);
    assert_eq!(audits.len(), 1);
    {
        let svc = rig.ledger();
        assert_eq!(audits[0].staff_id, Some(supervisor.id));
        assert!(audits[0].detail.contains("顾客退餐"), "{:?}", audits[0]);
        let shift = svc.ledger().current_shift().unwrap().expect("open");
        assert_eq!(shift.cash.refunds, Money::from_yuan(3));
        assert_eq!(
            Money::from_fen(shift.expected_fen),
            Money::from_yuan(215),
            "200 + 20 − 2 − 3"
        );
        assert!(svc.ledger().verify().unwrap().is_ok(), "journal verify");
    }
    assert_eq!(drawer(&rig), 2, "exactly one more kick, after the commit");
    let slip = rig.printed();
    assert!(slip.contains("REFUND"), "{slip}");
    assert!(slip.contains(&format!("-{seq:06}")), "{slip}");
    assert!(slip.contains("-¥3.00"), "{slip}");
    assert!(slip.contains("主管 Supervisor 李主管"), "{slip}");
    assert!(slip.contains("退款方式 By 现金 Cash"), "{slip}");

    // Offered again, the soup is shown refunded and cannot be ticked.
    rig.tap("完成");
    rig.tap("退款");
    rig.pump();
    assert!(rig.shows("#2 例汤 ¥3.00（已退款）"));
    assert!(rig.find("#2 例汤 ¥3.00").is_empty());
    rig.tap("返回");

    // X shows it; the net leaves it out.
    rig.tap("X 报表");
    rig.pump();
    rig.assert_shows(&["退款笔数 1", "退款金额 ¥3.00", "净额 ¥15.00"]);
}

/// A meal-card sale's line goes back onto the card: the screen shows the new
/// balance, the drawer stays shut and the shift's cash is untouched.
#[test]
fn a_card_sale_line_is_refunded_onto_the_card() {
    const CARD: &str = "88001234";
    let rig = Rig::new();
    rig.register("110101195611230017,李秀英", CARD);
    let seq = {
        let config = Config::defaults();
        let tz = config.canteen.timezone;
        let mut svc = rig.ledger();
        let ledger = svc.ledger_mut();
        let staff = ledger.staff("王芳").unwrap().unwrap();
        ledger
            .top_up_card(CARD, Money::from_yuan(50), staff.id, now(tz))
            .unwrap();
        ledger
            .sell(&SaleRequest {
                payment: PaymentChoice::Card {
                    card_no: CARD.into(),
                },
                ..cash_sale(&config, now(tz), vec!["soup".into()], None)
            })
            .unwrap()
            .seq
    };
    assert_eq!(
        rig.ledger().ledger().card_balance(CARD).unwrap(),
        Money::from_yuan(47)
    );
    rig.open_counter(&rig.cashier, "1234", "200");
    rig.tap("退款");
    assert_eq!(rig.field("单号"), "", "no sale at this counter yet");
    rig.submit(&seq.to_string(), "查找");
    rig.tap("#1 例汤 ¥3.00");
    rig.tap("点错菜品");
    rig.submit("9999", "确认退款");
    rig.assert_shows(&["退款方式 饭卡", "已退回饭卡", "饭卡余额 ¥50.00"]);
    assert_eq!(
        rig.ledger().ledger().card_balance(CARD).unwrap(),
        Money::from_yuan(50)
    );
    let slip = rig.printed();
    assert!(slip.contains("饭卡 Meal card"), "{slip}");
    assert!(slip.contains("余额 Balance ¥50.00"), "{slip}");
    assert_eq!(slip.matches("[DRAWER]").count(), 0, "no cash, no drawer");
    let shift = rig.ledger().ledger().current_shift().unwrap().unwrap();
    assert_eq!(shift.cash.refunds, Money::ZERO);
    assert_eq!(Money::from_fen(shift.expected_fen), Money::from_yuan(200));
}
