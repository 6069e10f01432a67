//! Tidy checks that keep ARCHITECTURE.md true: which crate of ours may depend on
//! which, and that every source module opens with a `//!` paragraph.

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
        "canteen-core" | "firmware-adapters" => &[],
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
