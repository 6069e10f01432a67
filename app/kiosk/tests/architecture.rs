//! Tidy checks that keep ARCHITECTURE.md true: which crate of ours may depend on
//! which, that every source module opens with a `//!` paragraph, that SQL lives
//! only in the ledger and the office's store and reports, that core does no I/O
//! and reads no clock, that only the ui crate knows Slint, and that no source
//! file is over 600 lines (a shrinking list of files still to split aside).

use std::path::{Path, PathBuf};

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

/// The crates of ours each crate may depend on (normal dependencies), from
/// ARCHITECTURE.md. A crate missing here is a new crate: add its rule.
fn allowed(package: &str) -> Option<&'static [&'static str]> {
    Some(match package {
        "canteen-core" | "firmware-adapters" | "canteen-voice" => &[],
        "canteen-config" | "canteen-ledger" | "canteen-sync" | "canteen-ui" => &["canteen-core"],
        "canteen-office" => &["canteen-core", "canteen-sync", "canteen-config"],
        "canteen-kiosk" | "canteen-tests" => return None, // composition roots: anything
        _ => panic!(
            "`{package}` has no dependency rule: add one to this test and to ARCHITECTURE.md"
        ),
    })
}

#[test]
fn crates_depend_only_on_what_the_architecture_allows() {
    let ours: Vec<String> = members().into_iter().map(|(n, _)| n).collect();
    for (name, dir) in members() {
        let Some(allowed) = allowed(&name) else {
            continue;
        };
        let m = manifest(&dir.join("Cargo.toml"));
        let deps = m
            .get("dependencies")
            .and_then(|d| d.as_table())
            .cloned()
            .unwrap_or_default();
        for dep in deps.keys() {
            if ours.contains(dep) {
                assert!(
                    allowed.contains(&dep.as_str()),
                    "{name} depends on {dep}, which ARCHITECTURE.md forbids"
                );
            }
        }
    }
}

#[test]
fn the_rules_cover_every_member() {
    for (name, _) in members() {
        let _ = allowed(&name);
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_module_starts_with_a_doc_paragraph() {
    let mut files = Vec::new();
    for (_, dir) in members() {
        if dir.join("src").is_dir() {
            rust_files(&dir.join("src"), &mut files);
        }
    }
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
    let mut files = Vec::new();
    for (_, dir) in members() {
        if dir.starts_with(workspace_root().join(folder)) && dir.join("src").is_dir() {
            rust_files(&dir.join("src"), &mut files);
        }
    }
    files
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
fn sql_lives_in_the_ledger_and_the_office_store_and_reports() {
    let mut files = Vec::new();
    for (_, dir) in members() {
        if dir.join("src").is_dir() {
            rust_files(&dir.join("src"), &mut files);
        }
    }
    let root = workspace_root();
    let allowed = [
        root.join("app/ledger/src"),
        root.join("office/src/store"),
        root.join("office/src/report"),
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
        let m = manifest(&dir.join("Cargo.toml"));
        let deps = m
            .get("dependencies")
            .and_then(|d| d.as_table())
            .cloned()
            .unwrap_or_default();
        if name != "canteen-ui" {
            assert!(
                !deps
                    .keys()
                    .any(|d| d == "slint" || d.starts_with("i-slint")),
                "{name} depends on Slint; only canteen-ui may (others go through it)"
            );
        }
    }
    let mut slint_files = Vec::new();
    fn find(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() && !name.starts_with('.') && name != "target" {
                find(&path, out);
            } else if name.ends_with(".slint") {
                out.push(path);
            }
        }
    }
    find(&workspace_root(), &mut slint_files);
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
const TOO_LONG_STILL: [(&str, usize); 3] = [
    ("ui/src/cashier.rs", 1231),
    ("ui/src/memory_cashier.rs", 738),
    ("ui/src/controller.rs", 626),
];

#[test]
fn no_source_file_is_over_600_lines() {
    let mut files = Vec::new();
    for (_, dir) in members() {
        if dir.join("src").is_dir() {
            rust_files(&dir.join("src"), &mut files);
        }
    }
    for f in files {
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
