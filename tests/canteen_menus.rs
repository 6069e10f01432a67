//! Menus and prices per canteen: the office publishes canteen `west`'s own
//! menu (its lunch set at 16.00 instead of the shared 15.00) through the
//! same checked path as the shared menu. Two kiosks, one at `east` and one at
//! `west`, pull the bundle over real HTTP with their own sync code
//! (`office_sync::pull_bundle`): each is served its canteen's menu in the
//! shape every kiosk parses (no per-canteen field), signed by the office, and
//! sells at its own canteen's price. After the push the office re-derives
//! both sales with the rules of the sale's device's canteen at that bundle
//! version, so neither is quarantined; a sale at `east` priced with `west`'s
//! menu under the same version is. `bundle issue --canteen` does the same
//! from the command line, and a kiosk handed the bundle as stored (every
//! canteen's menu in it) applies the one of the canteen it was enrolled at.

mod support;

use std::path::Path;
use std::time::Duration;

use canteen_config::Config;
use canteen_core::Secret;
use canteen_kiosk::office_sync::{self, ApplyTo};
use canteen_ledger::Ledger;
use canteen_office::publish;
use canteen_office::store;
use canteen_sync::signing::OfficePublicKey;
use support::lunches::sell_one;
use support::office::Office;

const SHARED_MENU: &str = include_str!("../config/defaults/menu.toml");
const PRICING: &str = include_str!("../config/defaults/pricing.toml");

/// The shipped menu with the lunch set's market price at `price`.
fn lunch_at(price: &str) -> String {
    let lunch = "name_en = \"Lunch set\"\nmarket = \"15.00\"";
    assert!(SHARED_MENU.contains(lunch), "the shipped lunch set");
    SHARED_MENU.replacen(
        lunch,
        &format!("name_en = \"Lunch set\"\nmarket = \"{price}\""),
        1,
    )
}

/// A kiosk registered with the office at `canteen`, its configuration folder
/// empty until a bundle is applied.
struct Kiosk {
    data: tempfile::TempDir,
    config: tempfile::TempDir,
    token: String,
}

impl Kiosk {
    fn at(office: &Office, canteen: &str) -> Kiosk {
        let data = tempfile::tempdir().unwrap();
        let token = office.register(data.path(), canteen);
        Kiosk {
            data,
            config: tempfile::tempdir().unwrap(),
            token,
        }
    }

    fn client(&self, office: &Office) -> canteen_sync::client::OfficeClient {
        office_sync::client(
            &office.url,
            &Secret::new(self.token.as_str()),
            None,
            Duration::from_secs(10),
        )
        .unwrap()
    }

    /// Pulls and applies the office's bundle; the version applied.
    fn pull(&self, office: &Office, key: &OfficePublicKey) -> u64 {
        let mut ledger = Ledger::open(self.data.path()).unwrap();
        let tz = Config::defaults().canteen.timezone;
        let to = ApplyTo {
            ledger: &mut ledger,
            config_dir: Some(self.config.path()),
            tz,
        };
        office_sync::pull_bundle(&self.client(office), key, to)
            .unwrap()
            .expect("a newer bundle")
    }

    /// Sells one lunch set with the configuration in `config` (as the kiosk
    /// loads it on its next start); its total in fen.
    fn sell_with(&self, config: &Path) -> i64 {
        let config = Config::load(Some(config)).unwrap();
        let mut ledger = Ledger::open(self.data.path()).unwrap();
        sell_one(&mut ledger, &config).total_fen
    }

    fn push(&self, office: &Office) {
        let mut ledger = Ledger::open(self.data.path()).unwrap();
        let tz = Config::defaults().canteen.timezone;
        let report = office_sync::push(
            &mut ledger,
            &self.client(office),
            Some(self.config.path()),
            tz,
            50,
            &mut |_, _| {},
        )
        .unwrap();
        assert!(report.stored > 0, "{report:?}");
    }

    fn device_id(&self) -> String {
        Ledger::open(self.data.path())
            .unwrap()
            .identity()
            .device_id
            .clone()
    }
}

/// The office's quarantine of `device_id`: (seq, code) each.
fn quarantined(office: &Office, device_id: &str) -> Vec<(u64, String)> {
    let conn = store::open(office.dir.path()).unwrap();
    let mut stmt = conn
        .prepare("SELECT seq, code FROM quarantine WHERE device_id = ?1 ORDER BY seq")
        .unwrap();
    stmt.query_map([device_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn each_kiosk_sells_at_its_own_canteens_price_and_the_office_rederives_each_by_its_canteen() {
    let office = Office::start();
    let east = Kiosk::at(&office, "east");
    let west = Kiosk::at(&office, "west");
    let mut conn = store::open(office.dir.path()).unwrap();
    let at = "2026-11-23T00:00:00Z";

    // A canteen's own menu goes through the kiosks' own check: a bad one is
    // refused with its problem named, and nothing is issued.
    let west_bundle = |conn: &mut rusqlite::Connection, menu: &str| {
        publish::rules_bundle_for(conn, office.dir.path(), Some("west"), menu, PRICING, at).unwrap()
    };
    let refused = west_bundle(&mut conn, &lunch_at("sixteen")).unwrap_err();
    assert!(
        refused
            .problems
            .iter()
            .any(|p| p.file == "menu.toml" && p.key.ends_with("market")),
        "{refused}"
    );
    assert_eq!(store::bundles::newest_version(&mut conn).unwrap(), 0);

    // The shared menu (bundle 1), then west's own lunch price (bundle 2),
    // which keeps the shared one for east.
    let one = publish::rules_bundle(&mut conn, office.dir.path(), SHARED_MENU, PRICING, at)
        .unwrap()
        .unwrap();
    let west_menu = lunch_at("16.00");
    let two = west_bundle(&mut conn, &west_menu).unwrap();
    assert_eq!((one, two), (1, 2));

    // Each kiosk is served bundle 2 as its canteen runs it, signed by the
    // office, in the shape older kiosks parse.
    let key = OfficePublicKey::from_hex(
        &canteen_office::keys::load_or_create(office.dir.path())
            .unwrap()
            .public_hex(),
    )
    .unwrap();
    for kiosk in [&east, &west] {
        let served = kiosk
            .client(&office)
            .latest_bundle(&kiosk.device_id())
            .unwrap()
            .unwrap();
        assert!(
            !served.bundle.contains("canteen_rules"),
            "{}",
            served.bundle
        );
        assert_eq!(key.verify_bundle(&served).unwrap().version, 2);
    }
    assert_eq!(east.pull(&office, &key), 2);
    assert_eq!(west.pull(&office, &key), 2);
    let menu_of = |k: &Kiosk| std::fs::read_to_string(k.config.path().join("menu.toml")).unwrap();
    assert_eq!(menu_of(&east), SHARED_MENU);
    assert_eq!(menu_of(&west), west_menu);

    // Each sells at its own canteen's price, naming bundle 2.
    assert_eq!(east.sell_with(east.config.path()), 1500);
    assert_eq!(west.sell_with(west.config.path()), 1600);
    east.push(&office);
    west.push(&office);
    assert_eq!(quarantined(&office, &east.device_id()), []);
    assert_eq!(quarantined(&office, &west.device_id()), []);

    // A sale at east priced with west's menu under the same bundle version
    // does not re-derive with east's rules: quarantined.
    assert_eq!(east.sell_with(west.config.path()), 1600);
    east.push(&office);
    let held = quarantined(&office, &east.device_id());
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].0, 2, "east's second sale");
    assert_eq!(quarantined(&office, &west.device_id()), []);
}

#[test]
fn bundle_issue_with_canteen_gives_that_canteen_its_own_menu_and_keeps_the_shared_one() {
    let office = Office::start();
    let mut conn = store::open(office.dir.path()).unwrap();
    let shared = lunch_at("14.00");
    let one = publish::rules_bundle(&mut conn, office.dir.path(), &shared, PRICING, "now")
        .unwrap()
        .unwrap();
    let file = office.dir.path().join("west-menu.toml");
    std::fs::write(&file, lunch_at("16.00")).unwrap();
    let out = std::process::Command::new(support::bins::canteen_office())
        .args([
            "bundle",
            "issue",
            "--version",
            "2",
            "--canteen",
            "west",
            "--menu",
        ])
        .arg(&file)
        .arg("--data")
        .arg(office.dir.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(one, 1);
    let mut lunch = |canteen: Option<&str>| {
        let config = store::rules::latest_for(&mut conn, canteen).unwrap();
        let item = config.pricing.items.iter().find(|i| i.id == "lunch-set");
        item.unwrap().market.fen()
    };
    // West gets its own menu with the pricing it ran; the rest the shared.
    assert_eq!(
        (lunch(Some("west")), lunch(None), lunch(Some("east"))),
        (1600, 1400, 1400)
    );
    let (_, west_pricing) = store::rules::latest_texts_for(&mut conn, Some("west")).unwrap();
    assert_eq!(west_pricing, PRICING);
}

#[test]
fn a_kiosk_given_every_canteens_menu_applies_the_one_of_the_canteen_it_was_enrolled_at() {
    let office = Office::start();
    let mut conn = store::open(office.dir.path()).unwrap();
    publish::rules_bundle(&mut conn, office.dir.path(), SHARED_MENU, PRICING, "now")
        .unwrap()
        .unwrap();
    let west_menu = lunch_at("16.00");
    let own = Some("west");
    publish::rules_bundle_for(
        &mut conn,
        office.dir.path(),
        own,
        &west_menu,
        PRICING,
        "now",
    )
    .unwrap()
    .unwrap();
    // The bundle as stored, every canteen's menu in it (not as served).
    let stored = store::bundles::latest(&mut conn).unwrap().unwrap();
    let bundle: canteen_sync::signing::Bundle = serde_json::from_str(&stored.bundle).unwrap();
    assert!(bundle.canteen_rules.is_some());

    let applied = |enrolled_at: Option<&str>| {
        let data = tempfile::tempdir().unwrap();
        let config = tempfile::tempdir().unwrap();
        let mut ledger = Ledger::open(data.path()).unwrap();
        if let Some(canteen) = enrolled_at {
            let link = canteen_ledger::OfficeLink {
                office: office.url.clone(),
                token: Secret::new("t".repeat(64)),
                office_key: "ab".repeat(32),
                canteen: canteen.to_owned(),
                office_ca: None,
            };
            let secret = canteen_core::CommunitySecret::from_bytes([5; 32]);
            ledger.enrol(&link, &secret).unwrap();
        }
        let to = ApplyTo {
            ledger: &mut ledger,
            config_dir: Some(config.path()),
            tz: Config::defaults().canteen.timezone,
        };
        office_sync::apply_bundle(&bundle, to).unwrap();
        std::fs::read_to_string(config.path().join("menu.toml")).unwrap()
    };
    assert_eq!(applied(Some("west")), west_menu);
    assert_eq!(applied(Some("east")), SHARED_MENU);
    assert_eq!(applied(None), SHARED_MENU, "not enrolled: the shared menu");
}
