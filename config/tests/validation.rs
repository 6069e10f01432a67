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

/// The shipped `name` with every `(from, to)` replaced. Each `from` must be
/// in it: an edit that matched nothing would leave the test checking the
/// defaults.
fn edited(name: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(defaults(name), |text, (from, to)| {
        assert!(text.contains(from), "{name} has no `{from}`");
        text.replace(from, to)
    })
}

/// Loads the shipped `file` with `edits` made and asserts a problem in it at
/// each `(key, words)` of `problems`.
fn assert_refused(file: &str, edits: &[(&str, &str)], problems: &[(&str, &[&str])]) {
    assert_problems(load(&[(file, &edited(file, edits))]), file, problems);
}

/// Asserts a problem in `file` at each `(key, words)` of `problems`.
fn assert_problems(result: Result<Config, ConfigError>, file: &str, problems: &[(&str, &[&str])]) {
    for (key, words) in problems {
        assert_problem(result.clone(), file, key, words);
    }
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
    assert_refused(
        "pricing.toml",
        &[("end = \"13:30\"", "end = \"17:30\"")],
        &[("periods", &["lunch", "dinner", "overlap"])],
    );
}

#[test]
fn a_period_ending_before_it_starts_or_not_a_time() {
    assert_refused(
        "pricing.toml",
        &[
            ("start = \"17:00\"", "start = \"20:00\""),
            ("end = \"09:00\"", "end = \"9am\""),
        ],
        &[
            ("periods[2].end", &["must end after it starts"]),
            ("periods[0].end", &["`9am`", "HH:MM"]),
        ],
    );
}

#[test]
fn a_tier_price_above_market() {
    assert_refused(
        "menu.toml",
        &[(
            "age60 = \"12.00\", child = \"9.00\" }\n\n[[items]]\nid = \"dinner-set\"",
            "age60 = \"16.00\", child = \"9.00\" }\n\n[[items]]\nid = \"dinner-set\"",
        )],
        &[(
            "items[1].tier_prices.age60",
            &["¥16.00", "above the market price ¥15.00"],
        )],
    );
}

#[test]
fn an_unknown_tier_or_period_in_a_menu_item() {
    let menu = defaults("menu.toml")
        .replacen("age80 = \"10.00\"", "age70 = \"10.00\"", 1)
        .replacen("periods = [\"dinner\"]", "periods = [\"supper\"]", 1);
    assert_problems(
        load(&[("menu.toml", &menu)]),
        "menu.toml",
        &[
            (
                "items[1].tier_prices.age70",
                &["not a tier", "`age90`", "`child`"],
            ),
            ("items[2].periods", &["`supper`", "`lunch`"]),
        ],
    );
}

#[test]
fn a_negative_or_inexact_price() {
    assert_refused(
        "menu.toml",
        &[
            ("market = \"3.00\"", "market = \"-3.00\""),
            ("market = \"10.00\"", "market = \"10.005\""),
        ],
        &[
            ("items[3].market", &["negative"]),
            ("items[4].market", &["at most two decimals"]),
        ],
    );
}

#[test]
fn overlapping_age_tiers_and_bad_percentages() {
    assert_refused(
        "pricing.toml",
        &[
            ("max_age = 89", "max_age = 91"),
            ("pays_percent = \"96\"", "pays_percent = \"105\""),
        ],
        &[
            ("tiers", &["`age90`", "`age80`", "same ages"]),
            ("categories[0].pays_percent", &["`105`", "\"0\" to \"100\""]),
        ],
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
        assert_refused(
            "canteen.toml",
            &[("\"+08:00\"", &format!("\"{tz}\""))],
            &[("canteen.timezone", &[tz, "\"+08:00\""])],
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
    assert_refused(
        "canteen.toml",
        &[
            ("lock_minutes = 15", "lock_minutes = 0"),
            (
                "shift_difference_limit = \"5.00\"",
                "shift_difference_limit = \"five\"",
            ),
            ("cashier_idle_seconds = 120", "cashier_idle_seconds = 5"),
        ],
        &[
            ("cashier.lock_minutes", &["1 to 1440"]),
            ("cashier.shift_difference_limit", &["`five`", "5.00"]),
            ("cashier.cashier_idle_seconds", &["15 to 3600"]),
        ],
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
    assert_refused(
        "canteen.toml",
        &[
            ("idle_seconds = 30", "idle_seconds = 3"),
            (
                "scanners = []",
                "scanners = [\"/dev/ttyACM0\", \"/dev/ttyACM0\", \"\"]",
            ),
            ("baud = 9600", "baud = 9601"),
        ],
        &[
            ("kiosk.idle_seconds", &["10 to 600"]),
            ("devices.scanners", &["twice"]),
            ("devices.scanners[2]", &["empty"]),
            ("devices.baud", &["9600"]),
        ],
    );
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
    assert_refused(
        "canteen.toml",
        &[
            ("listen = \"\"", "listen = \"kiosk-2\""),
            (
                "peers = []",
                "peers = [\"10.0.0.12:7311\", \"10.0.0.12:7311\", \"till-3:7311\", \"10.0.0.14:0\", \"0.0.0.0:7311\"]",
            ),
        ],
        &[
            ("peers.listen", &["IP address", "7311"]),
            ("peers.peers", &["twice"]),
            ("peers.peers[2]", &["host names"]),
            ("peers.peers[3]", &["port 0"]),
            ("peers.peers[4]", &["LAN address"]),
        ],
    );
    // Peers without a listening address, and the reverse.
    assert_refused(
        "canteen.toml",
        &[("peers = []", "peers = [\"10.0.0.12:7311\"]")],
        &[("peers.listen", &["empty", "0.0.0.0:7311"])],
    );
    assert_refused(
        "canteen.toml",
        &[("listen = \"\"", "listen = \"0.0.0.0:7311\"")],
        &[("peers.peers", &["empty", "listen = \"\""])],
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
    assert_refused(
        "canteen.toml",
        &[
            ("key_memory_kib = 19456", "key_memory_kib = 4"),
            ("key_iterations = 2", "key_iterations = 0"),
        ],
        &[
            ("privacy.key_memory_kib", &["8 to 1048576"]),
            ("privacy.key_iterations", &["1 to 64"]),
        ],
    );
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
        assert_refused(
            "canteen.toml",
            &[("volume = 80", bad)],
            &[("voice.volume", &["0 (silent) to 100"])],
        );
    }
    let r = load(&[(
        "canteen.toml",
        &canteen.replace("volume = 80", "volume = 80\nlang = \"zh\""),
    )]);
    assert!(r.is_err(), "the voice's language follows the kiosk's");
}
