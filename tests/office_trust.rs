//! A kiosk cannot raise the office's claim by editing its own pricing: the
//! office re-prices each synced sale with its own copy of the rules the sale
//! names (the shipped defaults, or the bundle the kiosk applied) and its own
//! registry. A kiosk whose `menu.toml` was edited to feed everyone over 60 for
//! free has those sales quarantined and claims only what the office's rules
//! give; a kiosk that priced with an office bundle is claimed by that bundle.

mod support;

use canteen_config::Config;
use canteen_core::ResidentId;
use canteen_ledger::Ledger;
use canteen_office::keys;
use canteen_office::report::{self, Dates};
use canteen_office::store::{self, bundles};
use canteen_sync::signing::Bundle;
use support::lunches::cash_lunch;
use support::office::{Office, sync};
use tempfile::TempDir;

const AGED_65: &str = "110101196103010012";
const AGED_70: &str = "110101195611230017";
const AGED_85: &str = "110101194103010021";
const LUNCH: &str = "2026-11-23T12:00:00+08:00";

/// The shipped menu with the 60–79 lunch price replaced.
fn menu_with_age60_lunch(price: &str) -> String {
    let menu = include_str!("../config/defaults/menu.toml");
    let from =
        r#"tier_prices = { age90 = "0.00", age80 = "10.00", age60 = "12.00", child = "9.00" }"#;
    let to = format!(
        r#"tier_prices = {{ age90 = "0.00", age80 = "10.00", age60 = "{price}", child = "9.00" }}"#
    );
    assert!(menu.contains(from), "the shipped lunch line changed");
    menu.replacen(from, &to, 1)
}

fn sell(ledger: &mut Ledger, config: &Config, id: &str) -> i64 {
    let at = chrono::DateTime::parse_from_rfc3339(LUNCH).unwrap();
    let id = ResidentId::parse(id, at.date_naive()).unwrap();
    ledger
        .sell(&cash_lunch(config, at, Some(&id)))
        .unwrap()
        .subsidy_fen
}

/// A fresh office and a kiosk registered with it and its diners: the office,
/// the kiosk's folder, its open ledger and its token.
fn enrolled_kiosk() -> (Office, TempDir, Ledger, String) {
    let office = Office::start();
    let kiosk = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(kiosk.path()).unwrap();
    let token = office.register(kiosk.path(), "east");
    support::office_registry::register_at_office(
        office.dir.path(),
        kiosk.path(),
        &[AGED_65, AGED_70, AGED_85],
    );
    (office, kiosk, ledger, token)
}

fn claim(office: &Office) -> (i64, Vec<(u64, String)>) {
    let mut conn = store::open(office.dir.path()).unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dates = Dates { from: day, to: day };
    let subsidy = report::subsidy(&mut conn, dates).unwrap();
    let quarantined = report::quarantine(&mut conn, dates)
        .unwrap()
        .into_iter()
        .map(|q| (q.seq, q.code))
        .collect();
    (subsidy.iter().map(|r| r.subsidy_fen).sum(), quarantined)
}

#[test]
fn an_edited_pricing_file_cannot_raise_the_claim() {
    let (office, kiosk, mut ledger, token) = enrolled_kiosk();

    let config_dir = tempfile::tempdir().unwrap();
    std::fs::write(
        config_dir.path().join("menu.toml"),
        menu_with_age60_lunch("0.00"),
    )
    .unwrap();
    let edited = Config::load(Some(config_dir.path())).unwrap();
    let shipped = Config::load(None).unwrap();

    // The edited kiosk gives the 65-year-old a free lunch (¥15 of subsidy);
    // the 85-year-old is priced with the shipped rules (¥5 of subsidy).
    assert_eq!(sell(&mut ledger, &edited, AGED_65), 1500);
    assert_eq!(sell(&mut ledger, &shipped, AGED_85), 500);
    sync(kiosk.path(), &office.url, &token);

    let (claimed, quarantined) = claim(&office);
    assert_eq!(claimed, 500, "the office claims what its own rules give");
    assert_eq!(quarantined, vec![(1, "price".to_owned())]);
}

#[test]
fn a_sale_priced_with_an_office_bundle_is_claimed_by_that_bundle() {
    let (office, kiosk, mut ledger, token) = enrolled_kiosk();

    // The office lowers the 60–79 lunch to ¥11 in bundle 1.
    let menu = menu_with_age60_lunch("11.00");
    let bundle = Bundle {
        version: 1,
        issued_at: "2026-11-22T00:00:00Z".into(),
        residents: None,
        menu_toml: Some(menu.clone()),
        pricing_toml: None,
        canteen_rules: None,
        dishes: None,
    };
    let signed = keys::load_or_create(office.dir.path())
        .unwrap()
        .sign_bundle(&bundle);
    bundles::put(
        &mut store::open(office.dir.path()).unwrap(),
        1,
        &signed,
        "now",
    )
    .unwrap();

    // The kiosk that applied it holds its menu and its version.
    let config_dir = tempfile::tempdir().unwrap();
    std::fs::write(config_dir.path().join("menu.toml"), &menu).unwrap();
    std::fs::write(
        config_dir.path().join(canteen_config::BUNDLE_VERSION_FILE),
        "1",
    )
    .unwrap();
    let v1 = Config::load(Some(config_dir.path())).unwrap();
    assert_eq!(v1.pricing.version, 1);
    assert_eq!(sell(&mut ledger, &v1, AGED_65), 400);
    // A sale on the shipped rules (¥12) while claiming bundle 1 does not re-derive.
    let mut stale = Config::load(None).unwrap();
    stale.pricing.version = 1;
    assert_eq!(sell(&mut ledger, &stale, AGED_85), 500);
    // Bundle 1 leaves the 80–89 price at ¥10, so that one re-derives too; a
    // version the office never issued does not.
    stale.pricing.version = 7;
    assert_eq!(sell(&mut ledger, &stale, AGED_70), 300);
    sync(kiosk.path(), &office.url, &token);

    let (claimed, quarantined) = claim(&office);
    assert_eq!(claimed, 400 + 500);
    assert_eq!(quarantined, vec![(3, "rules_version".to_owned())]);
}
