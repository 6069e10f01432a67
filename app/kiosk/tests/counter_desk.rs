//! Desk mode over the real ledger: one cashier signs in once, opens a shift
//! and switches the kiosk to 柜台模式; twenty diners then order at the kiosk
//! and choose "pay at the counter", and each is settled from the counter
//! screen's staff panel — cash (the exact amount) or mobile, alternately —
//! with the cashier's taps counted per diner. Every sale is read back from
//! the ledger with its payment; the journal holds one sign-in in total and
//! the shift's expected cash counts the cash sales.

mod support;

use canteen_core::cashier::AuditAction;
use canteen_core::session::Stage;
use canteen_core::{Money, Payment};
use chrono::NaiveDate;
use support::screens::Rig;

const DINERS: usize = 20;

/// A distinct unregistered diner aged 30 to 68 (all pay something).
fn diner(i: usize) -> String {
    let year = 1996 - 2 * i32::try_from(i).unwrap();
    let birth = NaiveDate::from_ymd_opt(year, 3, 10).unwrap();
    canteen_kiosk::demo::synthetic_number(birth, 11 + 2 * u8::try_from(i).unwrap())
}

#[test]
fn twenty_diners_pay_at_the_desk_with_one_cashier_sign_in() {
    let rig = Rig::new();
    rig.open_desk(&rig.cashier, "1234");
    assert!(rig.kiosk.desk().is_some(), "desk mode is on");
    assert_eq!(rig.stage(), "welcome");

    let mut cash_total = Money::ZERO;
    let mut most_taps = 0;
    for i in 0..DINERS {
        let mobile = i % 2 == 1;
        // The diner: scan, confirm the standard meal, pay at the counter.
        rig.scan(&diner(i));
        rig.tap("确认点餐");
        rig.tap("现金或手机支付");
        let Stage::Counter(order) = rig.kiosk.stage() else {
            panic!("diner {i}: counter, not {}", rig.stage());
        };
        let due = order.total();
        assert!(due > Money::ZERO, "diner {i} pays something");
        // The order is on the staff panel at once (no worker round trip).
        assert!(
            rig.shows(&format!("柜台收款（收银员：王芳）应收 {due}")),
            "diner {i}: the panel shows {due}"
        );

        // The cashier, counted from the moment the order appears.
        let mut taps = 0;
        let mut tap = |label: &str| {
            taps += 1;
            rig.tap(label);
        };
        tap(if mobile {
            "收手机支付"
        } else {
            "收现金"
        });
        tap("确认已收");
        rig.pump();
        assert!(taps <= 2, "diner {i}: {taps} taps");
        most_taps = most_taps.max(taps);

        let Stage::Done(done) = rig.kiosk.stage() else {
            panic!("diner {i}: done, not {}", rig.stage());
        };
        assert!(rig.shows(&format!("已付 {due}")), "diner {i} sees it paid");
        let seq: u64 = done.sale_no.parse().unwrap();
        let sale = rig.ledger().ledger().sale(seq).unwrap().expect("stored");
        assert_eq!(sale.total_fen, due.fen(), "diner {i}");
        assert_eq!(sale.lines.len(), order.lines.len());
        assert!(sale.masked_id.is_some(), "the sale is the diner's");
        match (mobile, sale.payments.as_slice()) {
            (
                false,
                [
                    Payment::Cash {
                        amount,
                        tendered,
                        change,
                    },
                ],
            ) => {
                assert_eq!((*amount, *tendered, *change), (due, due, Money::ZERO));
                cash_total += due;
            }
            (true, [Payment::Mobile { amount, reference }]) => {
                assert_eq!(*amount, due);
                assert!(reference.starts_with("desk "), "{reference}");
            }
            (_, other) => panic!("diner {i} (mobile: {mobile}): {other:?}"),
        }
        rig.tap("完成");
        assert_eq!(rig.stage(), "welcome");
    }
    println!(
        "desk mode: {DINERS} diners, at most {most_taps} cashier taps each after the order appeared"
    );

    assert_eq!(rig.kiosk.desk().unwrap().served, DINERS as u32);
    assert_eq!(
        rig.audits(AuditAction::SignIn).len(),
        1,
        "one cashier sign-in in total"
    );
    assert!(
        rig.audits(AuditAction::SignOut).is_empty(),
        "never signed out"
    );
    let svc = rig.ledger();
    let shift = svc.ledger().current_shift().unwrap().expect("open");
    assert_eq!(shift.cash.expected(), Money::from_yuan(200) + cash_total);
    let sales = svc
        .ledger()
        .records_after(0, usize::MAX)
        .unwrap()
        .into_iter()
        .filter(|r| matches!(r.record.body, canteen_core::journal::RecordBody::Sale(_)))
        .count();
    assert_eq!(sales, DINERS, "one sale per diner, nothing else sold");
}
