//! Bad configuration files get errors naming the file, the key path, what is
//! wrong and what is allowed; nothing loads until every problem is fixed.

use std::path::Path;

use canteen_config::{Config, ConfigError, FileOrigin};

/// Writes the given files into a fresh directory; others come from the defaults.
fn load(files: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    Config::load(Some(dir.path()))
}

fn defaults(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("defaults")
            .join(name),
    )
    .unwrap()
}

/// Asserts exactly one problem in `file` at `key` whose message has each of `words`.
fn assert_problem(result: Result<Config, ConfigError>, file: &str, key: &str, words: &[&str]) {
    let err = result.expect_err("configuration should have been refused");
    let found = err.problems.iter().find(|p| p.file == file && p.key == key);
    let p = found.unwrap_or_else(|| panic!("no problem at {file} {key}; got:\n{err}"));
    for w in words {
        assert!(p.message.contains(w), "message {:?} lacks {w:?}", p.message);
    }
}

#[test]
fn a_copy_of_the_defaults_loads_and_says_where_files_came_from() {
    let menu = defaults("menu.toml");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("menu.toml"), &menu).unwrap();
    let (config, origins) = Config::load_with_origins(Some(dir.path())).unwrap();
    assert_eq!(config, Config::defaults());
    let menu_origin = &origins
        .iter()
        .find(|f| f.name == "menu.toml")
        .unwrap()
        .origin;
    assert_eq!(
        menu_origin,
        &FileOrigin::Directory(dir.path().join("menu.toml"))
    );
    assert_eq!(
        origins
            .iter()
            .find(|f| f.name == "pricing.toml")
            .unwrap()
            .origin,
        FileOrigin::Embedded
    );
}

#[test]
fn overlapping_meal_periods() {
    let pricing = defaults("pricing.toml").replace("end = \"13:30\"", "end = \"17:30\"");
    assert_problem(
        load(&[("pricing.toml", &pricing)]),
        "pricing.toml",
        "periods",
        &["lunch", "dinner", "overlap"],
    );
}

#[test]
fn a_period_ending_before_it_starts_or_not_a_time() {
    let pricing = defaults("pricing.toml")
        .replace("start = \"17:00\"", "start = \"20:00\"")
        .replace("end = \"09:00\"", "end = \"9am\"");
    let r = load(&[("pricing.toml", &pricing)]);
    assert_problem(
        r.clone(),
        "pricing.toml",
        "periods[2].end",
        &["must end after it starts"],
    );
    assert_problem(r, "pricing.toml", "periods[0].end", &["`9am`", "HH:MM"]);
}

#[test]
fn a_tier_price_above_market() {
    let menu = defaults("menu.toml").replace(
        "age60 = \"12.00\", child = \"9.00\" }\n\n[[items]]\nid = \"dinner-set\"",
        "age60 = \"16.00\", child = \"9.00\" }\n\n[[items]]\nid = \"dinner-set\"",
    );
    assert_problem(
        load(&[("menu.toml", &menu)]),
        "menu.toml",
        "items[1].tier_prices.age60",
        &["¥16.00", "above the market price ¥15.00"],
    );
}

#[test]
fn an_unknown_tier_or_period_in_a_menu_item() {
    let menu = defaults("menu.toml")
        .replacen("age80 = \"10.00\"", "age70 = \"10.00\"", 1)
        .replacen("periods = [\"dinner\"]", "periods = [\"supper\"]", 1);
    let r = load(&[("menu.toml", &menu)]);
    assert_problem(
        r.clone(),
        "menu.toml",
        "items[1].tier_prices.age70",
        &["not a tier", "`age90`", "`child`"],
    );
    assert_problem(r, "menu.toml", "items[2].periods", &["`supper`", "`lunch`"]);
}

#[test]
fn a_negative_or_inexact_price() {
    let menu = defaults("menu.toml")
        .replace("market = \"3.00\"", "market = \"-3.00\"")
        .replace("market = \"10.00\"", "market = \"10.005\"");
    let r = load(&[("menu.toml", &menu)]);
    assert_problem(r.clone(), "menu.toml", "items[3].market", &["negative"]);
    assert_problem(r, "menu.toml", "items[4].market", &["at most two decimals"]);
}

#[test]
fn overlapping_age_tiers_and_bad_percentages() {
    let pricing = defaults("pricing.toml")
        .replace("max_age = 89", "max_age = 91")
        .replace("pays_percent = \"96\"", "pays_percent = \"105\"");
    let r = load(&[("pricing.toml", &pricing)]);
    assert_problem(
        r.clone(),
        "pricing.toml",
        "tiers",
        &["`age90`", "`age80`", "same ages"],
    );
    assert_problem(
        r,
        "pricing.toml",
        "categories[0].pays_percent",
        &["`105`", "\"0\" to \"100\""],
    );
}

#[test]
fn unknown_keys_and_syntax_errors_name_the_line() {
    let canteen =
        defaults("canteen.toml").replace("timezone = \"+08:00\"", "time_zone = \"+08:00\"");
    let err = load(&[("canteen.toml", &canteen)]).unwrap_err();
    let p = &err.problems[0];
    assert_eq!(p.file, "canteen.toml");
    assert!(p.message.contains("time_zone"), "{p}");
    assert!(p.key.starts_with("line "), "{p}");

    let menu = "[[items]\nid = 1";
    let err = load(&[("menu.toml", menu)]).unwrap_err();
    assert_eq!(err.problems[0].file, "menu.toml");
    assert_eq!(err.problems[0].key, "line 1, column 9", "{err}");
}

#[test]
fn a_bad_timezone() {
    for tz in ["08:00", "+8", "+15:00", "UTC", "+08:60"] {
        let canteen = defaults("canteen.toml").replace("\"+08:00\"", &format!("\"{tz}\""));
        assert_problem(
            load(&[("canteen.toml", &canteen)]),
            "canteen.toml",
            "canteen.timezone",
            &[tz, "\"+08:00\""],
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let menu = defaults("menu.toml").replace("market = \"3.00\"", "market = \"-3.00\"");
    let pricing = defaults("pricing.toml").replace("max_age = 89", "max_age = 91");
    let err = load(&[("menu.toml", &menu), ("pricing.toml", &pricing)]).unwrap_err();
    assert_eq!(err.problems.len(), 2, "{err}");
}

#[test]
fn a_missing_or_empty_directory_is_refused() {
    let err = Config::load(Some(Path::new("/nonexistent/canteen-config"))).unwrap_err();
    assert!(err.problems[0].message.contains("not a directory"), "{err}");
    let empty = tempfile::tempdir().unwrap();
    let err = Config::load(Some(empty.path())).unwrap_err();
    assert!(err.problems[0].message.contains("holds none of"), "{err}");
}

#[test]
fn cashier_rules_out_of_range_or_not_an_amount() {
    let canteen = defaults("canteen.toml")
        .replace("lock_minutes = 15", "lock_minutes = 0")
        .replace(
            "shift_difference_limit = \"5.00\"",
            "shift_difference_limit = \"five\"",
        )
        .replace("cashier_idle_seconds = 120", "cashier_idle_seconds = 5");
    let r = load(&[("canteen.toml", &canteen)]);
    assert_problem(
        r.clone(),
        "canteen.toml",
        "cashier.lock_minutes",
        &["1 to 1440"],
    );
    assert_problem(
        r.clone(),
        "canteen.toml",
        "cashier.shift_difference_limit",
        &["`five`", "5.00"],
    );
    assert_problem(
        r,
        "canteen.toml",
        "cashier.cashier_idle_seconds",
        &["15 to 3600"],
    );
}

#[test]
fn a_canteen_file_without_cashier_rules_gets_the_defaults() {
    let canteen = defaults("canteen.toml");
    let old = &canteen[..canteen.find("\n# The cashier's counter.").unwrap()];
    let config = load(&[("canteen.toml", old)]).unwrap();
    assert_eq!(
        config.cashier,
        canteen_core::cashier::CashierRules::default()
    );
}

#[test]
fn kiosk_and_devices_are_checked() {
    let canteen = defaults("canteen.toml")
        .replace("idle_seconds = 30", "idle_seconds = 3")
        .replace(
            "scanners = []",
            "scanners = [\"/dev/ttyACM0\", \"/dev/ttyACM0\", \"\"]",
        )
        .replace("baud = 9600", "baud = 9601");
    let r = load(&[("canteen.toml", &canteen)]);
    assert_problem(
        r.clone(),
        "canteen.toml",
        "kiosk.idle_seconds",
        &["10 to 600"],
    );
    assert_problem(r.clone(), "canteen.toml", "devices.scanners", &["twice"]);
    assert_problem(r.clone(), "canteen.toml", "devices.scanners[2]", &["empty"]);
    assert_problem(r, "canteen.toml", "devices.baud", &["9600"]);
}

#[test]
fn devices_are_read_and_an_empty_printer_means_none() {
    let canteen = defaults("canteen.toml")
        .replace(
            "scanners = []",
            "scanners = [\"/dev/ttyACM0\", \"/dev/ttyUSB1\"]",
        )
        .replace("printer = \"\"", "printer = \"/dev/ttyS0\"")
        .replace("idle_seconds = 30", "idle_seconds = 45");
    let c = load(&[("canteen.toml", &canteen)]).unwrap();
    assert_eq!(c.kiosk.idle_seconds, 45);
    assert_eq!(c.devices.scanners.len(), 2);
    assert_eq!(
        c.devices.printer.as_deref(),
        Some(std::path::Path::new("/dev/ttyS0"))
    );
    let d = canteen_config::Config::defaults();
    assert_eq!(
        (d.kiosk.idle_seconds, d.devices.baud, d.devices.printer),
        (30, 9600, None)
    );
    assert!(d.devices.scanners.is_empty());
}

#[test]
fn peers_are_read_and_off_by_default() {
    let d = canteen_config::Config::defaults();
    assert!(!d.peers.is_on() && d.peers.peers.is_empty());
    let canteen = defaults("canteen.toml")
        .replace("listen = \"\"", "listen = \"0.0.0.0:7311\"")
        .replace(
            "peers = []",
            "peers = [\"10.0.0.12:7311\", \" 10.0.0.13:7312 \"]",
        );
    let c = load(&[("canteen.toml", &canteen)]).unwrap();
    assert!(c.peers.is_on());
    assert_eq!(c.peers.listen, Some("0.0.0.0:7311".parse().unwrap()));
    assert_eq!(
        c.peers.peers,
        [
            "10.0.0.12:7311".parse().unwrap(),
            "10.0.0.13:7312".parse().unwrap()
        ]
    );
    // A canteen.toml without [peers] (written before it existed) is off.
    let before = defaults("canteen.toml");
    let before = &before[..before.find("[peers]").unwrap()];
    assert!(!load(&[("canteen.toml", before)]).unwrap().peers.is_on());
}

#[test]
fn bad_peers_are_named_with_what_is_allowed() {
    let canteen = defaults("canteen.toml")
        .replace("listen = \"\"", "listen = \"kiosk-2\"")
        .replace(
            "peers = []",
            "peers = [\"10.0.0.12:7311\", \"10.0.0.12:7311\", \"till-3:7311\", \"10.0.0.14:0\", \"0.0.0.0:7311\"]",
        );
    let r = load(&[("canteen.toml", &canteen)]);
    assert_problem(
        r.clone(),
        "canteen.toml",
        "peers.listen",
        &["IP address", "7311"],
    );
    assert_problem(r.clone(), "canteen.toml", "peers.peers", &["twice"]);
    assert_problem(r.clone(), "canteen.toml", "peers.peers[2]", &["host names"]);
    assert_problem(r.clone(), "canteen.toml", "peers.peers[3]", &["port 0"]);
    assert_problem(r, "canteen.toml", "peers.peers[4]", &["LAN address"]);

    let no_listen = defaults("canteen.toml").replace("peers = []", "peers = [\"10.0.0.12:7311\"]");
    assert_problem(
        load(&[("canteen.toml", &no_listen)]),
        "canteen.toml",
        "peers.listen",
        &["empty", "0.0.0.0:7311"],
    );
    let no_peers = defaults("canteen.toml").replace("listen = \"\"", "listen = \"0.0.0.0:7311\"");
    assert_problem(
        load(&[("canteen.toml", &no_peers)]),
        "canteen.toml",
        "peers.peers",
        &["empty", "listen = \"\""],
    );
    let unknown = format!("{}\nport = 7311\n", defaults("canteen.toml"));
    assert!(
        load(&[("canteen.toml", &unknown)]).is_err(),
        "unknown key refused"
    );
}

#[test]
fn the_privacy_key_cost_is_read_checked_and_defaults_to_the_communitys() {
    assert_eq!(
        Config::defaults().privacy.key_cost,
        canteen_core::KeyCost::DEFAULT
    );
    let canteen = defaults("canteen.toml");
    let without = &canteen[..canteen.find("\n# Resident keys:").unwrap()];
    let c = load(&[("canteen.toml", without)]).unwrap();
    assert_eq!(c.privacy.key_cost, canteen_core::KeyCost::DEFAULT);
    let cheaper = canteen
        .replace("key_memory_kib = 19456", "key_memory_kib = 1024")
        .replace("key_iterations = 2", "key_iterations = 1");
    let c = load(&[("canteen.toml", &cheaper)]).unwrap();
    assert_eq!(
        c.privacy.key_cost,
        canteen_core::KeyCost {
            memory_kib: 1024,
            iterations: 1
        }
    );
    let bad = canteen
        .replace("key_memory_kib = 19456", "key_memory_kib = 4")
        .replace("key_iterations = 2", "key_iterations = 0");
    let r = load(&[("canteen.toml", &bad)]);
    assert_problem(
        r.clone(),
        "canteen.toml",
        "privacy.key_memory_kib",
        &["8 to 1048576"],
    );
    assert_problem(r, "canteen.toml", "privacy.key_iterations", &["1 to 64"]);
}

#[test]
fn voice_is_on_by_default_and_its_volume_is_checked() {
    let canteen = defaults("canteen.toml");
    assert_eq!(
        Config::defaults().voice,
        canteen_config::Voice {
            enabled: true,
            volume: 80
        }
    );
    let without = &canteen[..canteen.find("\n# The kiosk's voice").unwrap()];
    assert_eq!(
        load(&[("canteen.toml", without)]).unwrap().voice,
        canteen_config::Voice::default()
    );
    let muted = canteen
        .replace("enabled = true", "enabled = false")
        .replace("volume = 80", "volume = 0");
    let v = load(&[("canteen.toml", &muted)]).unwrap().voice;
    assert_eq!((v.enabled, v.volume), (false, 0));
    for bad in ["volume = 101", "volume = -1"] {
        let r = load(&[("canteen.toml", &canteen.replace("volume = 80", bad))]);
        assert_problem(r, "canteen.toml", "voice.volume", &["0 (silent) to 100"]);
    }
    let r = load(&[(
        "canteen.toml",
        &canteen.replace("volume = 80", "volume = 80\nlang = \"zh\""),
    )]);
    assert!(r.is_err(), "the voice's language follows the kiosk's");
}
