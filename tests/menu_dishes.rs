//! The day's menu from the office to the welcome screen (issue #17): dishes
//! set with `canteen-office menu dishes set` travel in the next signed bundle
//! over real HTTP (`canteen sync`), the kiosk keeps them in its ledger, and
//! the welcome screen of the lunch period shows each dish with its diet tags
//! (found by accessible label, in Chinese and in English). A supervisor's
//! `canteen menu today set` then wins over the office's for the day, and a
//! kiosk of another canteen gets none of them.

mod support;

use std::path::Path;

use canteen_config::Config;
use canteen_kiosk::demo_ledger::DemoLedger;
use canteen_ledger::{DishSource, Ledger};
use canteen_ui::testing::Headless;
use canteen_ui::{KioskSettings, Lang};
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::Value;
use support::office::Office;

const DAY: &str = "2026-12-07";
const LUNCH: &str = "2026-12-07T12:00:00+08:00";

fn day() -> NaiveDate {
    DAY.parse().unwrap()
}

fn lunch() -> NaiveDateTime {
    day().and_hms_opt(12, 0, 0).unwrap()
}

/// Runs `bin` with `args`, `stdin` piped in; its exit code and the JSON on
/// the last line of stdout (or stdout and stderr as a string).
fn run(bin: &Path, args: &[&str], stdin: &str) -> (i32, Value) {
    let (code, stdout, stderr) = support::kiosk_cli::run_piped(bin, args, stdin);
    let last = stdout.lines().last().unwrap_or("");
    let json = serde_json::from_str(last).unwrap_or(Value::String(format!("{stdout} / {stderr}")));
    (code, json)
}

fn ok(bin: &Path, args: &[&str], stdin: &str) -> Value {
    let (code, v) = run(bin, args, stdin);
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

/// A kiosk's data and configuration directories, its canteen `canteen`.
fn kiosk(root: &Path, canteen: &str) -> (String, String) {
    let config = root.join(format!("{canteen}-config"));
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("canteen.toml"),
        include_str!("../config/defaults/canteen.toml")
            .replace("id = \"demo-canteen\"", &format!("id = \"{canteen}\"")),
    )
    .unwrap();
    let data = root.join(format!("{canteen}-data"));
    (
        data.to_str().unwrap().to_owned(),
        config.to_str().unwrap().to_owned(),
    )
}

/// What `data`'s ledger holds for `day()`, as the kiosk's watch reads it.
fn today(data: &str) -> canteen_ui::TodayDishes {
    let config = Config::defaults();
    let ledger = Ledger::open(Path::new(data)).unwrap();
    canteen_kiosk::dishes_watch::load(&ledger, day(), &config.pricing.periods).unwrap()
}

/// The welcome screen at lunch on `day()` (one per test: the testing
/// backend is initialised once).
fn screen() -> Headless {
    let config = Config::defaults();
    let settings = KioskSettings::new(
        &config.canteen.name_zh,
        &config.canteen.name_en,
        config.pricing.clone(),
        config.canteen.age_convention,
    );
    let demo = DemoLedger::open(&config, day()).unwrap();
    Headless::new(settings, Box::new(demo.service), lunch)
}

#[test]
fn dishes_set_at_the_office_reach_the_welcome_screen_and_a_local_entry_wins() {
    let root = tempfile::tempdir().unwrap();
    let root = root.path();
    let (east, east_config) = kiosk(root, "east");
    let (west, west_config) = kiosk(root, "west");
    let canteen = support::bins::canteen();
    let office_bin = support::bins::canteen_office();
    ok(
        &canteen,
        &[
            "staff",
            "add",
            "--name",
            "李主管",
            "--role",
            "supervisor",
            "--data",
            &east,
            "--config",
            &east_config,
        ],
        "9999\n",
    );
    let office = Office::start();
    let office_dir = office.dir.path().to_str().unwrap().to_owned();
    let east_token = office.register(Path::new(&east), "east");
    let west_token = office.register(Path::new(&west), "west");
    let key = canteen_office::keys::load_or_create(office.dir.path())
        .unwrap()
        .public_hex();

    let file = root.join("dishes.toml");
    std::fs::write(
        &file,
        "[[dishes]]\nname_zh = \"清蒸鲈鱼\"\nname_en = \"Steamed bass\"\ntags = [\"少油\", \"少盐\", \"含海鲜\"]\n\n\
         [[dishes]]\nname_zh = \"肉末豆腐\"\nname_en = \"Minced tofu\"\ntags = [\"软食\", \"含大豆\"]\n\n\
         [[dishes]]\nname_zh = \"白粥\"\nname_en = \"Congee\"\ntags = [\"soft\"]\n",
    )
    .unwrap();
    let file = file.to_str().unwrap();
    // `canteen-office menu dishes set` of east's lunch from `file`.
    let set_dishes = |file: &str| {
        let args = "menu dishes set --canteen east --period lunch --date";
        let mut args: Vec<&str> = args.split(' ').collect();
        args.extend([DAY, "--file", file, "--data", &office_dir]);
        run(&office_bin, &args, "")
    };
    let (code, set) = set_dishes(file);
    assert_eq!(code, 0, "{set}");
    assert_eq!(
        (set["version"].as_u64(), set["dishes"].as_u64()),
        (Some(1), Some(3))
    );
    // A bad tag is refused with what to write instead, and nothing is published.
    let bad = root.join("bad.toml");
    std::fs::write(&bad, "[[dishes]]\nname_zh = \"鱼\"\ntags = [\"很辣\"]\n").unwrap();
    let (code, refused) = set_dishes(bad.to_str().unwrap());
    assert_eq!((code, refused["error"].as_str()), (2, Some("bad_dishes")));
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("unknown tag `很辣`; use one of")
    );
    // The office's audit log ends with the published set, not the refused one.
    let (_, audited) = run(&office_bin, &["audit", "list", "--data", &office_dir], "");
    assert_eq!(
        (&audited["who"], &audited["what"], &audited["rows"]),
        (
            &Value::from("cli"),
            &Value::from(format!(
                "dishes of east {DAY} lunch version 1 published in bundle {}",
                set["bundle_version"]
            )),
            &Value::from(3)
        )
    );

    // Both kiosks sync over HTTP; only east's canteen had dishes.
    for (data, config, token) in [
        (&east, &east_config, &east_token),
        (&west, &west_config, &west_token),
    ] {
        ok(
            &canteen,
            &[
                "sync",
                "--office",
                &office.url,
                "--token",
                token,
                "--office-key",
                &key,
                "--data",
                data,
                "--config",
                config,
            ],
            "",
        );
    }
    let kept = Ledger::open(Path::new(&east))
        .unwrap()
        .dishes_for(day(), "lunch")
        .unwrap()
        .unwrap();
    assert_eq!(
        (kept.source, kept.version, kept.dishes.len()),
        (DishSource::Office, 1, 3)
    );
    assert!(
        Ledger::open(Path::new(&west))
            .unwrap()
            .dishes_for(day(), "lunch")
            .unwrap()
            .is_none()
    );

    let h = screen();
    h.kiosk.set_dishes(today(&east));
    assert!(
        h.shows("清蒸鲈鱼 少油 少盐 含海鲜"),
        "the first dish with its tags"
    );
    assert!(h.shows("肉末豆腐 软食 含大豆"));
    assert!(h.shows("今日菜品 1/2"), "three dishes, two a page");
    h.kiosk.set_lang(Lang::En);
    assert!(h.shows("Steamed bass Low oil Low salt Seafood"));
    h.kiosk.set_lang(Lang::Zh);
    h.kiosk.set_dishes(today(&west));
    assert!(!h.shows("清蒸鲈鱼 少油 少盐 含海鲜"));

    // The supervisor's own dishes for today win over the office's.
    let local = root.join("local.toml");
    std::fs::write(
        &local,
        "[[dishes]]\nname_zh = \"南瓜粥\"\ntags = [\"少糖\", \"软食\"]\n",
    )
    .unwrap();
    let local = local.to_str().unwrap();
    // `canteen menu today …` on east at lunch.
    let today_args = |words: &[&'static str]| {
        let mut args = vec!["menu", "today"];
        args.extend(words);
        args.extend(["--at", LUNCH, "--data", &east, "--config", &east_config]);
        args
    };
    let mut args = today_args(&["set", "--period", "lunch"]);
    args.extend(["--file", local]);
    let (code, refused) = run(&canteen, &args, "");
    assert_eq!(
        (code, refused["error"].as_str()),
        (2, Some("supervisor_required"))
    );
    let set = ok(&canteen, &args, "9999\n");
    assert_eq!(set["by"], "李主管");
    let shown = ok(&canteen, &today_args(&["show"]), "");
    assert_eq!(shown["menu"]["source"], "local");
    h.kiosk.set_dishes(today(&east));
    assert!(h.shows("南瓜粥 少糖 软食"));
    assert!(!h.shows("清蒸鲈鱼 少油 少盐 含海鲜"));
}
