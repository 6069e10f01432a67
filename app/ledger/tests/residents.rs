//! The residents registry: CSV validation reports every bad row with its line,
//! imports all-or-nothing, and registered categories and statuses drive selling.

mod common;

use canteen_ledger::{CardStatus, Ledger, ResidentStatus};
use common::*;
use tempfile::TempDir;

const HEADER: &str = "id_number,name,categories,card_no,status\n";

fn read(ledger: &Ledger, body: &str) -> canteen_ledger::ResidentsCsv {
    ledger.read_residents_csv(
        format!("{HEADER}{body}").as_bytes(),
        at(LUNCH).date_naive(),
        &["dibao".into()],
    )
}

#[test]
fn every_bad_row_is_reported_with_its_line() {
    let dir = TempDir::new().unwrap();
    let ledger = open(dir.path());
    let good = id_number(AGE70, "001");
    let mut bad_check = id_number(AGE70, "002");
    bad_check.replace_range(17.., if bad_check.ends_with('1') { "2" } else { "1" });
    let body = format!(
        "{good},张三,dibao,C1,active\n{bad_check},李四,,,\n{},王五,veteran,,\n{},赵六,,C1,\n{good},张三,,,\n{},钱七,,,retired\n{},,,,\n",
        id_number(AGE85, "003"),
        id_number(AGE85, "004"),
        id_number(AGE95, "005"),
        id_number(AGE95, "006"),
    );
    let csv = read(&ledger, &body);
    assert_eq!(csv.good.len(), 1);
    let lines: Vec<u64> = csv.bad.iter().map(|b| b.line).collect();
    assert_eq!(lines, [3, 4, 5, 6, 7, 8], "{:?}", csv.bad);
    assert!(csv.bad[0].reason.contains("check"));
    assert!(csv.bad[1].reason.contains("veteran"));
    assert!(csv.bad[2].reason.contains("line 2"));
    assert!(csv.bad[3].reason.contains("line 2"));
    assert!(csv.bad[4].reason.contains("retired"));
    for bad in &csv.bad {
        assert!(
            !bad.reason.contains(&bad_check[..17]),
            "reasons never repeat an ID number"
        );
    }
    let wrong_header =
        ledger.read_residents_csv("id,name\n".as_bytes(), at(LUNCH).date_naive(), &[]);
    assert_eq!(wrong_header.bad[0].line, 1);
}

#[test]
fn registered_categories_and_statuses_apply_when_selling() {
    let (_dir, mut ledger) = fresh();
    let [dibao, suspended, lost] = ["011", "012", "013"].map(|n| id_number(AGE70, n));
    let csv = read(
        &ledger,
        &format!("{dibao},张小明,dibao,C9,\n{suspended},李四,,,suspended\n{lost},王五,,C7,lost\n"),
    );
    assert!(csv.bad.is_empty());
    let counts = ledger
        .import_residents(&csv.good, at(LUNCH), &mut || {})
        .unwrap();
    assert_eq!((counts.added, counts.updated), (3, 0));

    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&dibao)).unwrap();
    assert_eq!(sale.total_fen, 1152, "¥12 × 96%");
    assert_eq!(sale.lines[0].categories, ["dibao"]);
    assert_eq!(
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(&suspended))
            .unwrap_err()
            .code(),
        Some("resident_suspended")
    );
    // A lost card blocks the card, not the person: their ID card is served.
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&lost)).unwrap();
    assert_eq!(sale.total_fen, 1200);
    let r = ledger.resident(&parse_id(&lost, LUNCH)).unwrap().unwrap();
    assert_eq!(
        (r.status, r.card_status),
        (ResidentStatus::Active, CardStatus::Lost)
    );

    // Re-import: the suspended resident is active again.
    let csv = read(&ledger, &format!("{suspended},李四,,,active\n"));
    let counts = ledger
        .import_residents(&csv.good, at(LUNCH), &mut || {})
        .unwrap();
    assert_eq!((counts.added, counts.updated), (0, 1));
    assert!(sell(&mut ledger, LUNCH, &["lunch-set"], Some(&suspended)).is_ok());
    let r = ledger.resident(&parse_id(&dibao, LUNCH)).unwrap().unwrap();
    assert_eq!(
        (r.card_no.as_deref(), r.status, r.masked_name.as_str()),
        (Some("C9"), ResidentStatus::Active, "张*明")
    );
}

/// A fresh ledger with the residents `rows` (a file's lines after its header)
/// imported.
fn with_residents(rows: &str) -> (tempfile::TempDir, Ledger) {
    let (dir, mut ledger) = fresh();
    import_residents(&mut ledger, &format!("{HEADER}{rows}"));
    (dir, ledger)
}

#[test]
fn a_card_holder_is_sold_to_by_the_card_with_their_age_categories_and_quota() {
    let number = id_number(AGE70, "001");
    let (_dir, mut ledger) = with_residents(&format!("{number},张三,dibao,88001234,active\n"));
    let holder = ledger.resident_by_card("88001234").unwrap().expect("found");
    assert_eq!(holder.masked_name, "张*");
    assert!(ledger.resident_by_card("88009999").unwrap().is_none());

    let rules = rules();
    let lunch = |payment| request(&rules, LUNCH, &["lunch-set"], None, payment);
    let sale = ledger
        .sell_card_holder("88001234", Some(born(AGE70)), &lunch(cash(100)))
        .unwrap();
    assert_eq!(sale.total_fen, 1152, "age 70, 低保: 96% of ¥12");
    assert_eq!(sale.masked_id, Some(holder.masked_id.clone()));
    // The quota is the person's, whether they show the card or the ID card.
    let by_id = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&number)).unwrap();
    assert_eq!(by_id.total_fen, 1500);
    let key = &holder.resident_key;
    let date = at(LUNCH).date_naive();
    assert_eq!(ledger.quota_used_by_key(key, date, "lunch").unwrap(), 1);

    let before = ledger.outbox_status().unwrap().last_seq;
    let unknown = ledger.sell_card_holder("88009999", None, &lunch(cash(100)));
    assert!(matches!(
        unknown,
        Err(canteen_ledger::LedgerError::UnknownCard)
    ));
    assert_eq!(unknown.unwrap_err().code(), Some("unknown_card"));
    assert_eq!(
        ledger.outbox_status().unwrap().last_seq,
        before,
        "nothing written"
    );
}

#[test]
fn a_suspended_card_holder_is_refused_by_the_card() {
    let number = id_number(AGE85, "002");
    let (_dir, mut ledger) = with_residents(&format!("{number},李四,,88005678,suspended\n"));
    let rules = rules();
    let refused = ledger.sell_card_holder(
        "88005678",
        None,
        &request(
            &rules,
            LUNCH,
            &["lunch-set"],
            None,
            canteen_core::PaymentChoice::Free,
        ),
    );
    assert!(matches!(
        refused,
        Err(canteen_ledger::LedgerError::ResidentSuspended)
    ));
}

fn card_sale(
    ledger: &mut Ledger,
    card_no: &str,
    id: Option<&canteen_core::ResidentId>,
    payment: canteen_core::PaymentChoice,
) -> Result<canteen_ledger::CommittedSale, canteen_ledger::LedgerError> {
    let rules = rules();
    let req = request(&rules, LUNCH, &["lunch-set"], id, payment);
    match id {
        Some(_) => ledger.sell(&req),
        None => ledger.sell_card_holder(card_no, None, &req),
    }
}

/// A lost or suspended meal card refuses that card (to identify, or to pay);
/// the same resident's ID card is served. A suspended person stays refused
/// both ways.
#[test]
fn a_blocked_card_blocks_the_card_not_the_person() {
    let (_dir, mut ledger) = fresh();
    let born = [(AGE70, "021"), (AGE85, "022"), (AGE95, "023")];
    let [lost, card_suspended, suspended] = born.map(|(day, n)| id_number(day, n));
    import_residents(
        &mut ledger,
        &format!(
            "{HEADER}{lost},王五,dibao,C21,lost\n{card_suspended},赵六,,C22,card_suspended\n{suspended},钱七,,C23,suspended\n"
        ),
    );
    let before = ledger.outbox_status().unwrap().last_seq;
    let free = || canteen_core::PaymentChoice::Free;
    let by_card = |no: &str| canteen_core::PaymentChoice::Card {
        card_no: no.to_owned(),
    };
    // By the card: refused.
    for (card, code) in [
        ("C21", "card_lost"),
        ("C22", "card_suspended"),
        ("C23", "resident_suspended"),
    ] {
        let err = card_sale(&mut ledger, card, None, free()).unwrap_err();
        assert_eq!(err.code(), Some(code), "{card}: {err}");
    }
    // Paying with a lost card after an ID scan: refused too.
    let lost_id = parse_id(&lost, LUNCH);
    let err = card_sale(&mut ledger, "C21", Some(&lost_id), by_card("C21")).unwrap_err();
    assert_eq!(err.code(), Some("card_lost"), "{err}");
    // The suspended person is refused by their ID card as well.
    let err = card_sale(&mut ledger, "", Some(&parse_id(&suspended, LUNCH)), free()).unwrap_err();
    assert_eq!(err.code(), Some("resident_suspended"));
    assert_eq!(
        ledger.outbox_status().unwrap().last_seq,
        before,
        "nothing written"
    );
    // By the ID card: served, at their price (低保 96% of ¥12.00; 80–89 ¥10.00).
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&lost)).unwrap();
    assert_eq!(sale.total_fen, 1152);
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&card_suspended)).unwrap();
    assert_eq!(sale.total_fen, 1000);
}

/// The birth date of a `YYYYMMDD` constant, as a signed meal card carries it.
fn born(yyyymmdd: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(yyyymmdd, "%Y%m%d").unwrap()
}
