//! Tidy checks that keep ARCHITECTURE.md true: which crate of ours may depend on
//! which (read from its `**May depend on:**` entries), that every source module opens with a `//!` paragraph, that SQL lives
//! only in the ledger and the office's store and reports, that core does no I/O
//! and reads no clock, that only the ui crate knows Slint, and that no source
//! file is over 600 lines (a shrinking list of files still to split aside).

use std::path::{Path, PathBuf};

#[path = "../../../ui/tests/support/tree.rs"]
mod tree;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn manifest(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The normal `[dependencies]` of the crate in `dir` (none: empty).
fn dependencies(dir: &Path) -> toml::Table {
    manifest(&dir.join("Cargo.toml"))
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default()
}

/// Every workspace member as (package name, directory).
fn members() -> Vec<(String, PathBuf)> {
    let root = workspace_root();
    let ws = manifest(&root.join("Cargo.toml"));
    ws["workspace"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let dir = root.join(m.as_str().unwrap());
            let name = manifest(&dir.join("Cargo.toml"))["package"]["name"]
                .as_str()
                .unwrap()
                .to_owned();
            (name, dir)
        })
        .collect()
}

/// The crates of ours a crate may depend on (normal dependencies), as
/// ARCHITECTURE.md states them: the `**May depend on:**` paragraph under each
/// crate's `### `dir` — `package`` heading. `None` is "anything" (the
/// composition roots); a crate without an entry is a new crate: add one.
fn allowed(package: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).unwrap();
    let rule = architecture_rules(&text)
        .into_iter()
        .find(|(name, _)| name == package)
        .unwrap_or_else(|| {
            panic!(
                "`{package}` has no `**May depend on:**` entry in ARCHITECTURE.md: add its entry"
            )
        });
    rule.1
}

/// Every (package, rule) pair ARCHITECTURE.md states, in order.
fn architecture_rules(text: &str) -> Vec<(String, Option<Vec<String>>)> {
    let ticked =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    let mut rules = Vec::new();
    let mut package = None;
    for paragraph in text.split("\n\n") {
        if let Some(heading) = paragraph.strip_prefix("### ") {
            package = ticked(heading).get(1).cloned();
        } else if let Some(rule) = paragraph.strip_prefix("**May depend on:**") {
            let name = package.take().unwrap_or_else(|| {
                panic!("a `**May depend on:**` line without its crate's heading: {paragraph:?}")
            });
            let deps = if rule.contains("anything") {
                None
            } else {
                assert!(
                    rule.contains("nothing of ours") || !ticked(rule).is_empty(),
                    "`{name}`: say `nothing of ours`, `anything`, or name the crates: {rule:?}"
                );
                Some(ticked(rule))
            };
            rules.push((name, deps));
        }
    }
    rules
}

#[test]
fn crates_depend_only_on_what_the_architecture_allows() {
    let ours: Vec<String> = members().into_iter().map(|(n, _)| n).collect();
    for (name, dir) in members() {
        let Some(allowed) = allowed(&name) else {
            continue;
        };
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        for dep in dependencies(&dir).keys() {
            if ours.contains(dep) {
                assert!(
                    allowed.contains(&dep.as_str()),
                    "{name} depends on {dep}, which ARCHITECTURE.md forbids"
                );
            }
        }
    }
}

/// The kiosk's and the office's own tests know only their side: whatever joins
/// the two (a kiosk syncing with an office) is an end-to-end test in `tests/`.
#[test]
fn only_the_end_to_end_crate_joins_the_kiosk_and_the_office() {
    for (package, other) in [("app/kiosk", "canteen-office"), ("office", "canteen-kiosk")] {
        let m = manifest(&workspace_root().join(package).join("Cargo.toml"));
        let dev = m.get("dev-dependencies").and_then(|d| d.as_table());
        assert!(
            dev.is_none_or(|d| !d.contains_key(other)),
            "{package}'s tests depend on {other}: put a test that joins them in tests/ (canteen-tests)"
        );
    }
}

/// Every member has its entry in ARCHITECTURE.md, and every entry names
/// members only (a renamed crate leaves no stale rule behind).
#[test]
fn the_rules_cover_every_member() {
    let text = std::fs::read_to_string(workspace_root().join("ARCHITECTURE.md")).unwrap();
    let rules = architecture_rules(&text);
    let names: Vec<String> = members().into_iter().map(|(n, _)| n).collect();
    for name in &names {
        let _ = allowed(name);
    }
    for (name, deps) in &rules {
        assert!(
            names.contains(name),
            "ARCHITECTURE.md has a rule for `{name}`, which is not a member"
        );
        for dep in deps.iter().flatten() {
            assert!(
                names.contains(dep),
                "ARCHITECTURE.md lets `{name}` depend on `{dep}`, which is not a member"
            );
        }
    }
    assert_eq!(
        rules.len(),
        names.len(),
        "one `**May depend on:**` entry a member"
    );
}

/// The Rust source files (`src/`) of every workspace member.
fn all_sources() -> Vec<PathBuf> {
    members()
        .into_iter()
        .filter(|(_, dir)| dir.join("src").is_dir())
        .flat_map(|(_, dir)| tree::files_with_extension(&dir.join("src"), "rs"))
        .collect()
}

#[test]
fn every_source_module_starts_with_a_doc_paragraph() {
    let files = all_sources();
    assert!(
        files.len() > 10,
        "found only {} source files: is the workspace layout still what this test expects?",
        files.len()
    );
    let undocumented: Vec<String> = files
        .iter()
        .filter(|f| {
            !std::fs::read_to_string(f)
                .unwrap()
                .trim_start()
                .starts_with("//!")
        })
        .map(|f| {
            f.strip_prefix(workspace_root())
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert!(
        undocumented.is_empty(),
        "modules without a `//!` paragraph at the top: {undocumented:?}"
    );
}

/// The source files of one workspace folder (`src/` of the crates under it).
fn sources_under(folder: &str) -> Vec<PathBuf> {
    let folder = workspace_root().join(folder);
    all_sources()
        .into_iter()
        .filter(|f| f.starts_with(&folder))
        .collect()
}

fn shown(path: &Path) -> String {
    path.strip_prefix(workspace_root())
        .unwrap()
        .display()
        .to_string()
}

/// Files that break `rule`: those of `files` whose text `breaks`.
fn breaking(files: &[PathBuf], breaks: impl Fn(&str) -> bool) -> Vec<String> {
    files
        .iter()
        .filter(|f| breaks(&std::fs::read_to_string(f).unwrap()))
        .map(|f| shown(f))
        .collect()
}

/// SQL statements in the text (string literals or not).
fn has_sql(text: &str) -> bool {
    [
        "SELECT ",
        "INSERT INTO",
        "UPDATE ",
        "DELETE FROM",
        "CREATE TABLE",
    ]
    .iter()
    .any(|kw| {
        text.lines()
            .any(|l| l.contains(&format!("\"{kw}")) || l.trim_start().starts_with(kw))
    })
}

#[test]
fn sql_lives_in_the_sqlite_layer_the_ledger_and_the_office_store_and_reports() {
    let files = all_sources();
    let root = workspace_root();
    let allowed = [
        root.join("app/sqlite/src"),
        root.join("app/ledger/src"),
        root.join("office/src/store"),
        root.join("office/src/report"),
        // the test harness that starts a PostgreSQL server and asks it questions
        root.join("app/pgtest/src"),
    ];
    let outside: Vec<PathBuf> = files
        .into_iter()
        .filter(|f| !allowed.iter().any(|a| f.starts_with(a)))
        .collect();
    let found = breaking(&outside, has_sql);
    assert!(
        found.is_empty(),
        "SQL outside the ledger and the office store: {found:?}"
    );
    // The check itself must see SQL where it is.
    assert!(!breaking(&sources_under("app/ledger"), has_sql).is_empty());
}

#[test]
fn core_does_no_io_and_reads_no_clock() {
    let files = sources_under("app/core");
    let io = [
        "std::fs",
        "std::net",
        "std::process",
        "std::io::stdin",
        "File::",
        "TcpStream",
        "Utc::now",
        "Local::now",
        "SystemTime::now",
        "Instant::now",
    ];
    // Unit tests may start a clock anywhere; the code under test may not.
    let found = breaking(&files, |text| {
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        io.iter().any(|call| code.contains(call))
    });
    assert!(
        found.is_empty(),
        "I/O or a clock in canteen-core: {found:?}"
    );
}

#[test]
fn only_the_ui_crate_depends_on_slint() {
    for (name, dir) in members() {
        if name != "canteen-ui" {
            assert!(
                !dependencies(&dir)
                    .keys()
                    .any(|d| d == "slint" || d.starts_with("i-slint")),
                "{name} depends on Slint; only canteen-ui may (others go through it)"
            );
        }
    }
    let slint_files = tree::files_with_extension(&workspace_root(), "slint");
    assert!(!slint_files.is_empty());
    let stray: Vec<String> = slint_files
        .iter()
        .filter(|f| !f.starts_with(workspace_root().join("ui")))
        .map(|f| shown(f))
        .collect();
    assert!(stray.is_empty(), ".slint files outside ui/: {stray:?}");
}

/// Source files over 600 lines that are still to be split (issue #15), with
/// the most lines each may have: the list may only shrink.
const TOO_LONG_STILL: [(&str, usize); 0] = [];

#[test]
fn no_source_file_is_over_600_lines() {
    for f in all_sources() {
        let lines = std::fs::read_to_string(&f).unwrap().lines().count();
        let name = shown(&f);
        let limit = TOO_LONG_STILL
            .iter()
            .find(|(known, _)| *known == name)
            .map_or(600, |(_, n)| *n);
        assert!(
            lines <= limit,
            "{name} has {lines} lines (at most {limit}): split it by concept"
        );
    }
}

/// Shipped migrations never change: a kiosk or office in the field upgrades
/// through the exact files it has not yet run, and the upgrade tests build
/// their old databases from these same files (no frozen copies to drift).
/// Each schema file that has shipped is pinned by its SHA-256; editing one —
/// even a comment — fails here. A schema change is a new file (then pin it
/// once it ships).
const SHIPPED_MIGRATIONS: &[(&str, &str)] = &[
    (
        "app/ledger/schema/001_journal.sql",
        "2a49c6be7c940b08b24ef76e47e0f3b779662bfc4c910c0730da1eef5e2eb58b",
    ),
    (
        "app/ledger/schema/002_residents.sql",
        "02498052d2e04c0e0f071d454b898023cb5941a72748dab522f8b0e0e2a598b5",
    ),
    (
        "app/ledger/schema/003_cashier.sql",
        "daa9499cd91b1cc25c81260f034225ef00abeba0ccc3257417a6391e410e038c",
    ),
    (
        "app/ledger/schema/004_fewer_pages.sql",
        "69c6c82ec95b1d01a44771b65e685d44c5597be0b79a2bcd4925c907b59fa15b",
    ),
    (
        "app/ledger/schema/005_outbox_mark.sql",
        "79a96dbbec75430ba5cb1c03c0e02f2351f8093e08c2de420b3f6a1791e1c4b8",
    ),
    (
        "app/ledger/schema/006_sale_diner_on_journal.sql",
        "f76e2a0f678a40f61abce23bc9cab57ea90ec136080a42d87b78f7a6490d4f0c",
    ),
    (
        "app/ledger/schema/007_sale_entries.sql",
        "3fa1601e7c8a12025d9ea5ed0c95fd03b84193d6ff9a0f4154aa607ba55870f1",
    ),
    (
        "app/ledger/schema/008_refunds.sql",
        "528f6287583aa1b32f7ef16ef63e4ed752950ef6f61265ceb1c102c5b5661c20",
    ),
    (
        "app/ledger/schema/009_sale_entries_rowid.sql",
        "34ff6a7f511618ecf9839e70baacc47abe0f92f83ba390f8d94ecafe42b1e8ce",
    ),
    (
        "app/ledger/schema/010_card_status.sql",
        "0d376eae3cab87153c180771e60e0679c01df415787f1077821cb34cf8590a35",
    ),
    (
        "app/ledger/schema/011_rules_version.sql",
        "bb001dad3bd773cedb1f70b33eb66fa53269d0b2faeeba818773961de19fb524",
    ),
    (
        "app/ledger/schema/012_peer_quota.sql",
        "4186560fc4f0e555038a5a63895bb956aa0d30fc5d89cd282637177903adc89f",
    ),
    (
        "app/ledger/schema/013_no_birth_date.sql",
        "0f8889f6184f8f829b02a7607c62c145f2967d5d28d39eddfe33eea5ce883d93",
    ),
    (
        "app/ledger/schema/014_masked_id_at_rest.sql",
        "e94951fe0c3ea5a78666dce519b5933792dac08f6813525ac7738ff0be1c27d0",
    ),
    (
        "app/ledger/schema/015_delivery.sql",
        "c48fe2a45d17436e0b7f8ff6c6aad482c501ed4035ed254505be671bac842861",
    ),
    (
        "app/ledger/schema/016_dishes.sql",
        "639eeaf4001037ad59c5ff333354f1b24ea0ca74495ddca39422645b3d594ad9",
    ),
    (
        "office/schema/001_office.sql",
        "75cbe17253a0bb01480b571b61bd05b2867fd14bb187bf9e22d254da4496ef44",
    ),
    (
        "office/schema/002_bundles.sql",
        "1c7cc1fc07824665506647f1a292018ba43fd78d961464282d889b1545ff0324",
    ),
    (
        "office/schema/003_refunds.sql",
        "ff66937dd865df2d0586c66f2dd589318d244a31a0337630da46e080b3cd9bbc",
    ),
    (
        "office/schema/004_enrolment.sql",
        "25876c9ffa22d4e5f07ce62ffc2b6182824717e229f22f2331852c67c5724ecc",
    ),
    (
        "office/schema/005_trust.sql",
        "f63aa306b5cb16bc492421bdb443e8b4a7bb220124e64224d693318d5d83a23a",
    ),
    (
        "office/schema/006_seal.sql",
        "45c46ceae34411eadb995ada4eb1767cfb789abec25462ab7bdc7fc531632c5c",
    ),
    (
        "office/schema/007_cards.sql",
        "32ed2d40891dc725cdb031bb295ba7e9b13055e9abdd0c7d24b0b0d8a684d483",
    ),
    (
        "office/schema/008_fund.sql",
        "d2d6526c280d70955e456135346516016a496d0c3e415a0a4bb05c99c66fe040",
    ),
    (
        "office/schema/009_registry_masked_id.sql",
        "006470d2edf5604253145f029808d747851de0c6a680ae41032266bc431f5a49",
    ),
    (
        "office/schema/010_users.sql",
        "91b34a1fbe390c1ca65dcaeaa1bbf6236f7f236ca8cf80b9a7555f9bfa76972b",
    ),
    (
        "office/schema/011_delivery.sql",
        "d389e2a9ca49180ef421ec1972f6dc0e03a592de262bb36ec874457b5077892e",
    ),
    (
        "office/schema/012_device_status.sql",
        "a69c122ee92638c85964f23eafaadb061eea2a67a7d61cecc7af63f17d73c085",
    ),
    (
        "office/schema/013_dishes.sql",
        "f7a6cf7b8b2b9acbb3c8f0369981cbad6976ed5399bb8eb7f6cc3ce6ee3ebec2",
    ),
    (
        "office/schema/014_totals.sql",
        "05eeab50f3f2effce0f4fdd701b148024d55026d780906c7a5a207a4b5518194",
    ),
];

#[test]
fn shipped_migrations_are_byte_for_byte_unchanged() {
    use sha2::{Digest, Sha256};
    let root = workspace_root();
    let changed: Vec<&str> = SHIPPED_MIGRATIONS
        .iter()
        .filter(|(path, pinned)| {
            let bytes = std::fs::read(root.join(path)).unwrap_or_default();
            let hex: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            hex != *pinned
        })
        .map(|(path, _)| *path)
        .collect();
    assert!(
        changed.is_empty(),
        "shipped migrations were edited or removed: {changed:?}; put a schema change in a new file"
    );
}
