//! Every `@tr()` string in the `.slint` files has an English entry, and every
//! English entry is still used: a missing one would show Chinese to an English
//! reader, a stale one hides a renamed string.

use std::collections::BTreeSet;

#[path = "support/tree.rs"]
mod tree;

fn tr_strings() -> BTreeSet<String> {
    // The `.slint` files, subfolders (one file a staff screen) too.
    let files = tree::files_with_extension(
        concat!(env!("CARGO_MANIFEST_DIR"), "/slint").as_ref(),
        "slint",
    );
    assert!(files.len() > 12, "the staff screens' folder is read too");
    let mut out = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        for piece in text.split("@tr(\"").skip(1) {
            out.insert(piece.split('"').next().unwrap().to_owned());
        }
    }
    out
}

fn po_entries() -> Vec<(String, String)> {
    let po = include_str!("../translations/en/LC_MESSAGES/canteen-ui.po");
    let unquote = |l: &str, key: &str| {
        l.strip_prefix(key)
            .map(|r| r.trim().trim_matches('"').replace("\\\"", "\""))
    };
    let mut out = Vec::new();
    let mut id = None;
    for line in po.lines() {
        if let Some(m) = unquote(line, "msgid ") {
            id = Some(m);
        } else if let (Some(s), Some(m)) = (unquote(line, "msgstr "), id.take()) {
            if !m.is_empty() {
                out.push((m, s));
            }
        }
    }
    out
}

#[test]
fn every_tr_string_has_english_and_none_is_stale() {
    let used = tr_strings();
    let entries = po_entries();
    assert!(used.len() > 30, "found {} @tr strings", used.len());
    for s in &used {
        let en = entries.iter().find(|(zh, _)| zh == s).map(|(_, en)| en);
        assert!(en.is_some_and(|e| !e.is_empty()), "no English for {s:?}");
    }
    for (zh, _) in &entries {
        assert!(used.contains(zh), "stale English entry {zh:?}");
    }
}

#[test]
fn placeholders_match() {
    for (zh, en) in po_entries() {
        assert_eq!(
            zh.matches("{}").count(),
            en.matches("{}").count(),
            "{zh:?} vs {en:?}"
        );
    }
}
