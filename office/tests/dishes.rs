//! The office's day's dishes: `publish::dishes_bundle` checks the canteen,
//! the period and the dishes, keeps every version (append-only history) and
//! signs a bundle carrying the newest version of every menu in force; a
//! later registry bundle carries them too, so a kiosk that takes only the
//! newest bundle still gets them.

mod support;

use canteen_core::dishes::{DishInput, check_dishes};
use canteen_core::{Dish, TagCatalog};
use canteen_office::publish;
use canteen_office::store::db::Db;
use canteen_office::store::{bundles, dishes};
use canteen_sync::signing::OfficePublicKey;
use chrono::NaiveDate;
use support::add_device;

fn menu(names: &[(&str, &[&str])]) -> Vec<Dish> {
    let inputs: Vec<DishInput> = names
        .iter()
        .map(|(name, tags)| DishInput {
            name_zh: (*name).into(),
            tags: tags.iter().map(|t| (*t).into()).collect(),
            ..DishInput::default()
        })
        .collect();
    check_dishes(&inputs, &TagCatalog::shipped()).unwrap()
}

fn date(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

/// A clerk's dishes of `canteen`'s `period` on 2026-12-07, published on the
/// 6th at `at`.
fn publish_for_the_7th(
    conn: &mut dyn Db,
    data_dir: &std::path::Path,
    canteen: &str,
    period: &str,
    dishes: &[Dish],
    at: &str,
) -> canteen_office::Result<publish::PublishedMenu> {
    let new = dishes::NewMenu {
        canteen,
        date: date(7),
        period,
        dishes,
        entered_by: "clerk",
    };
    publish::dishes_bundle(conn, data_dir, &new, date(6), at)
}

#[test]
fn a_published_menu_is_versioned_kept_and_carried_by_the_next_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = support::db::open(dir.path());
    for (id, canteen) in [("k1", "east"), ("k2", "west")] {
        add_device(&mut conn, id, canteen, "op", "2026-12-01T00:00:00Z");
    }
    let first = menu(&[("清蒸鲈鱼", &["少油", "含海鲜"]), ("白粥", &["软食"])]);
    let second = menu(&[("番茄炒蛋", &["少盐", "含蛋"])]);
    let west = menu(&[("清真牛肉", &["清真"])]);
    let set = |conn: &mut dyn Db, canteen, period, dishes: &[Dish], at| {
        publish_for_the_7th(conn, dir.path(), canteen, period, dishes, at)
    };
    let a = set(&mut conn, "east", "lunch", &first, "2026-12-06T08:00:00Z").unwrap();
    let b = set(&mut conn, "west", "lunch", &west, "2026-12-06T08:01:00Z").unwrap();
    let c = set(&mut conn, "east", "lunch", &second, "2026-12-06T08:02:00Z").unwrap();
    assert_eq!((a.version, b.version, c.version), (1, 1, 2));
    assert_eq!((a.bundle_version, c.bundle_version), (1, 3));

    // The newest bundle carries the newest east menu and the west one.
    let key = OfficePublicKey::from_hex(
        &canteen_office::keys::load_or_create(dir.path())
            .unwrap()
            .public_hex(),
    )
    .unwrap();
    let latest = bundles::latest(&mut conn).unwrap().unwrap();
    let carried = key.verify_bundle(&latest).unwrap().dishes.unwrap();
    let summary: Vec<(&str, u64, &str)> = carried
        .iter()
        .map(|m| (m.canteen.as_str(), m.version, m.dishes[0].name_zh.as_str()))
        .collect();
    assert_eq!(summary, [("east", 2, "番茄炒蛋"), ("west", 1, "清真牛肉")]);

    // History keeps both east versions, newest first.
    let history = dishes::history(&mut conn, Some("east"), Some(date(7))).unwrap();
    let versions: Vec<(u64, u64, usize)> = history
        .iter()
        .map(|v| (v.version, v.bundle_version, v.dishes.len()))
        .collect();
    assert_eq!(versions, [(2, 3, 1), (1, 1, 2)]);
    assert_eq!(history[1].dishes[0].tags, ["low-oil", "seafood"]);
    // ... and refuses to change it.
    let edit = conn.execute("UPDATE dish_menus SET entered_by = 'x'", &[]);
    assert!(edit.unwrap_err().to_string().contains("append-only"));

    // A registry bundle published later still carries the menus.
    let (v, _) = publish::registry_bundle(&mut conn, dir.path(), "2026-12-06T09:00:00Z").unwrap();
    let latest = bundles::latest(&mut conn).unwrap().unwrap();
    let bundle = key.verify_bundle(&latest).unwrap();
    assert_eq!(bundle.version, v);
    assert_eq!(bundle.dishes.map(|d| d.len()), Some(2));
}

#[test]
fn an_unknown_canteen_period_or_tag_is_refused_and_nothing_is_published() {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = support::db::open(dir.path());
    add_device(&mut conn, "k1", "east", "op", "2026-12-01T00:00:00Z");
    let good = menu(&[("白粥", &["软食"])]);
    let mut bad_tag = good.clone();
    bad_tag[0].tags = vec!["spicy".into()];
    for (canteen, period, dishes, code, says) in [
        (
            "north",
            "lunch",
            &good,
            "unknown_canteen",
            "device add --canteen",
        ),
        (
            "east",
            "brunch",
            &good,
            "unknown_period",
            "use one of: breakfast, lunch, dinner",
        ),
        (
            "east",
            "lunch",
            &bad_tag,
            "bad_dishes",
            "unknown tag `spicy`",
        ),
    ] {
        let at = "2026-12-06T08:00:00Z";
        let err =
            publish_for_the_7th(&mut conn, dir.path(), canteen, period, dishes, at).unwrap_err();
        assert_eq!(err.body().error, code);
        assert!(err.to_string().contains(says), "{err}");
    }
    assert!(bundles::latest(&mut conn).unwrap().is_none());
    assert!(dishes::history(&mut conn, None, None).unwrap().is_empty());
}
