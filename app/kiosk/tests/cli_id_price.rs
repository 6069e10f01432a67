//! The `canteen id`, `canteen price` and `canteen config check` CLI contracts,
//! exercised through the real binary as scripts outside the project call it.

use std::process::Command;

use serde_json::Value;

struct Run {
    code: i32,
    json: Value,
    stderr: String,
}

fn canteen(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(args)
        .output()
        .expect("run canteen");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json = serde_json::from_str(stdout.trim())
        .unwrap_or_else(|e| panic!("stdout is not one JSON object ({e}): {stdout:?}"));
    Run {
        code: out.status.code().unwrap(),
        json,
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// 90 years old on 2026-11-23 (born that day in 1936).
const NINETY: &str = "110105193611230013";
/// Lunchtime on the sale date, canteen time.
const NOON: &str = "2026-11-23T12:00:00+08:00";

/// `canteen price --item ITEM` with `flags` (flag, value) in order.
fn price(item: &str, flags: &[(&str, &str)]) -> Run {
    let mut args = vec!["price", "--item", item];
    for (flag, value) in flags {
        args.extend([*flag, *value]);
    }
    canteen(&args)
}

#[test]
fn id_valid_citizen() {
    let r = canteen(&["id", "11010519491231002X", "--on", "2026-11-23"]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.json,
        serde_json::json!({
            "valid": true, "normalized": "110***********002X", "kind": "citizen",
            "birth_date": "1949-12-31", "sex": "female", "age": 76, "masked": "110***********002X"
        })
    );
}

#[test]
fn id_kinds_and_age_on_the_given_date() {
    let r = canteen(&["id", "110105491231002", "--on", "2026-12-31"]);
    assert_eq!(
        (r.code, r.json["kind"].as_str(), r.json["age"].as_u64()),
        (0, Some("citizen15"), Some(77))
    );
    assert_eq!(r.json["normalized"], "110***********002X");
    let r = canteen(&["id", "  １１０１０５１９４９１２３１００２ｘ "]);
    assert_eq!(r.json["normalized"], "110***********002X");
}

#[test]
fn id_invalid_exits_2_with_the_error_code() {
    for (number, code) in [
        ("1234", "bad_length"),
        ("11010519491231002Y", "bad_character"),
        ("11010519491331002X", "bad_birth_date"),
        ("110105194912310021", "bad_check"),
    ] {
        let r = canteen(&["id", number]);
        assert_eq!(r.code, 2, "{number}");
        assert_eq!(r.json["valid"], false, "{number}");
        assert_eq!(r.json["error"], code, "{number}");
        let message = r.json["message"].as_str().unwrap();
        assert!(message.contains("invalid ID number"), "{message}");
        assert!(
            !message.contains(number),
            "the message must not echo the number"
        );
        assert!(r.stderr.contains("invalid ID number"), "{}", r.stderr);
        assert!(
            !r.stderr.contains(number),
            "stderr must not echo the number: {}",
            r.stderr
        );
    }
}

#[test]
fn price_a_low_income_senior_lunch() {
    // Born 1961-05-01: 65 on the sale date.
    let sixty_five = "110105196105010011";
    let r = price(
        "lunch-set",
        &[
            ("--id", sixty_five),
            ("--at", NOON),
            ("--category", "dibao"),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let j = &r.json;
    assert_eq!(
        (j["item"].as_str(), j["period"].as_str(), j["tier"].as_str()),
        (Some("lunch-set"), Some("lunch"), Some("age60"))
    );
    assert_eq!(j["categories"], serde_json::json!(["dibao"]));
    assert_eq!(
        (
            j["market_fen"].as_i64(),
            j["charged_fen"].as_i64(),
            j["subsidy_fen"].as_i64()
        ),
        (Some(1500), Some(1152), Some(348))
    );
    assert!(j["reason_zh"].as_str().unwrap().contains("低保"));
    assert!(j["reason_en"].as_str().unwrap().contains("96%"));
}

#[test]
fn price_uses_the_canteen_local_time() {
    // 04:00 UTC is 12:00 in +08:00: lunch.
    let r = price(
        "lunch-set",
        &[("--at", "2026-11-23T04:00:00Z"), ("--tier", "child")],
    );
    assert_eq!((r.code, r.json["charged_fen"].as_i64()), (0, Some(900)));
    // 90 years old on the day of the sale (birthday counts).
    let r = price("lunch-set", &[("--id", NINETY), ("--at", NOON)]);
    assert_eq!(
        (r.json["tier"].as_str(), r.json["charged_fen"].as_i64()),
        (Some("age90"), Some(0))
    );
    let r = price(
        "lunch-set",
        &[("--id", NINETY), ("--at", "2026-11-22T23:59:59+08:00")],
    );
    assert_eq!(r.code, 2, "23:59 is outside lunch");
}

#[test]
fn price_second_meal_in_the_period_is_market() {
    let r = price(
        "lunch-set",
        &[("--id", NINETY), ("--at", NOON), ("--used", "1")],
    );
    assert_eq!(
        (
            r.json["charged_fen"].as_i64(),
            r.json["subsidy_fen"].as_i64()
        ),
        (Some(1500), Some(0))
    );
    assert!(
        r.json["reason_en"]
            .as_str()
            .unwrap()
            .contains("already taken")
    );
}

#[test]
fn price_refusals_exit_2_with_error_and_message() {
    let bad_check = "110105194912310021";
    // (item, flags, the refusal code)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: [Case<'_>; 6] = [
        ("pizza", &[("--at", NOON)], "unknown_item"),
        ("dinner-set", &[("--at", NOON)], "outside_period"),
        (
            "lunch-set",
            &[("--id", bad_check), ("--at", NOON)],
            "invalid_id",
        ),
        (
            "lunch-set",
            &[("--tier", "vip"), ("--at", NOON)],
            "unknown_tier",
        ),
        (
            "lunch-set",
            &[("--category", "vip"), ("--at", NOON)],
            "unknown_category",
        ),
        ("lunch-set", &[("--at", "noon")], "bad_time"),
    ];
    for (item, flags, code) in cases {
        let r = price(item, flags);
        assert_eq!(r.code, 2, "{item} {flags:?}");
        assert_eq!(r.json["error"], code, "{item} {flags:?}");
        assert!(!r.json["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn config_check_reports_defaults_and_problems() {
    let r = canteen(&["config", "check"]);
    assert_eq!(
        (r.code, r.json["ok"].as_bool(), r.json["items"].as_u64()),
        (0, Some(true), Some(5))
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("menu.toml"), "[[items]]\nid = \"x\"\nname_zh = \"x\"\nname_en = \"x\"\nmarket = \"-1\"\nsubsidised = false\n").unwrap();
    let r = canteen(&["config", "check", "--config", dir.path().to_str().unwrap()]);
    assert_eq!((r.code, r.json["error"].as_str()), (2, Some("bad_config")));
    assert!(
        r.stderr.contains("menu.toml: items[0].market"),
        "{}",
        r.stderr
    );
    assert_eq!(
        canteen(&["config", "check"]).json["peers"].as_u64(),
        Some(0)
    );
    // [peers]: both keys, IP:port each (issue #11).
    let peered = tempfile::tempdir().unwrap();
    let canteen_toml = |peers: &str| {
        format!(
            "[canteen]\nid = \"c\"\nname_zh = \"食堂\"\nname_en = \"C\"\ntimezone = \"+08:00\"\n[peers]\nlisten = \"0.0.0.0:7311\"\npeers = [{peers}]\n"
        )
    };
    let path = peered.path().to_str().unwrap();
    std::fs::write(
        peered.path().join("canteen.toml"),
        canteen_toml("\"10.0.0.12:7311\""),
    )
    .unwrap();
    let r = canteen(&["config", "check", "--config", path]);
    assert_eq!((r.code, r.json["peers"].as_u64()), (0, Some(1)));
    std::fs::write(
        peered.path().join("canteen.toml"),
        canteen_toml("\"till-2\""),
    )
    .unwrap();
    let r = canteen(&["config", "check", "--config", path]);
    assert_eq!((r.code, r.json["error"].as_str()), (2, Some("bad_config")));
    assert!(
        r.stderr
            .contains("canteen.toml: peers.peers[0]: `till-2` is not an IP address and port"),
        "{}",
        r.stderr
    );
}

#[test]
fn config_check_accepts_every_example_configuration() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../config/examples");
    let mut names: Vec<String> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["age-tiers", "flat-13", "one-meal-90-free"]);
    for (name, items) in [("age-tiers", 5), ("flat-13", 2), ("one-meal-90-free", 1)] {
        let dir = examples.join(name);
        let r = canteen(&["config", "check", "--config", dir.to_str().unwrap()]);
        assert_eq!(
            (r.code, r.json["ok"].as_bool(), r.json["items"].as_u64()),
            (0, Some(true), Some(items)),
            "{name}: {}",
            r.stderr
        );
    }
}
