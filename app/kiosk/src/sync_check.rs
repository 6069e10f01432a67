//! Every problem with `CONFIG/sync.toml` in one pass, for `canteen config
//! check`: unknown keys, an office that is not an http(s) URL, an office
//! without a token or the other way round, an `office_key` that is not the
//! office's public key, an `office_ca` that cannot be read or used, a
//! `nightly` that is not HH:MM. Each problem names the file and the key and
//! says what is allowed. (The kiosk itself stops at the first one.)

use std::path::Path;
use std::time::Duration;

use crate::office_sync::{SyncFile, client};

const KEYS: [&str; 5] = ["office", "token", "office_key", "office_ca", "nightly"];

/// The problems of `dir/sync.toml`; none when there is no such file.
pub fn problems(dir: &Path) -> Vec<String> {
    let path = dir.join("sync.toml");
    if !path.exists() {
        return Vec::new();
    }
    let at = |key: &str, what: String| format!("{}: {key}: {what}", path.display());
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => return vec![format!("{}: cannot be read ({e})", path.display())],
    };
    let table: toml::Table = match toml::from_str(&text) {
        Ok(t) => t,
        Err(e) => return vec![format!("{}: {}", path.display(), e.to_string().trim_end())],
    };
    let mut found = Vec::new();
    for (key, value) in &table {
        if !KEYS.contains(&key.as_str()) {
            found.push(at(
                key,
                format!("unknown key; allowed: {}", KEYS.join(", ")),
            ));
        } else if !value.is_str() {
            found.push(at(key, "must be a string in quotes".into()));
        }
    }
    let get = |key: &str| table.get(key).and_then(|v| v.as_str());
    let office = get("office");
    let token = get("token");
    if let Some(url) = office {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            found.push(at(
                "office",
                format!("`{url}` is not a URL: write e.g. https://office.example:8443"),
            ));
        }
    }
    match (office, token) {
        (Some(_), None) => found.push(at(
            "token",
            "missing: an office needs this kiosk's token (`canteen-office device add`), or enrol with `canteen enroll` and leave both out".into(),
        )),
        (None, Some(_)) => found.push(at(
            "office",
            "missing: a token needs the office's URL".into(),
        )),
        (Some(_), Some(t)) if t.trim().is_empty() => {
            found.push(at("token", "is empty".into()))
        }
        _ => {}
    }
    if let Err(e) = SyncFile::public_key(get("office_key")) {
        found.push(at(
            "office_key",
            format!("{e}; copy the 64 hex digits `canteen-office key` prints"),
        ));
    }
    if let Some(ca) = get("office_ca") {
        // As the kiosk reads it: a path as written (absolute on an appliance).
        let ca = Path::new(ca);
        if let Err(e) = client(
            office.unwrap_or("https://office.invalid"),
            &canteen_core::Secret::new(token.unwrap_or("-")),
            Some(ca),
            Duration::from_secs(1),
        ) {
            found.push(at("office_ca", format!("{e}; give a PEM certificate file")));
        }
    }
    if let Err(e) = SyncFile::nightly_time(get("nightly")) {
        found.push(at("nightly", e.to_string()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::problems;

    #[test]
    fn every_problem_of_sync_toml_is_reported_at_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("sync.toml"),
            "office = \"office.example\"\nnightly = \"25:99\"\noffice_key = \"zz\"\ncolour = \"red\"\n",
        )
        .unwrap();
        let found = problems(dir.path());
        let keys = ["colour", "office:", "token", "office_key", "nightly"];
        for key in keys {
            assert!(found.iter().any(|p| p.contains(key)), "{key} in {found:?}");
        }
        assert_eq!(found.len(), keys.len(), "{found:?}");
    }

    #[test]
    fn no_file_and_a_good_file_have_no_problems() {
        let dir = tempfile::tempdir().unwrap();
        assert!(problems(dir.path()).is_empty());
        std::fs::write(
            dir.path().join("sync.toml"),
            "office = \"https://office.example:8443\"\ntoken = \"t\"\nnightly = \"02:30\"\n",
        )
        .unwrap();
        assert_eq!(problems(dir.path()), Vec::<String>::new());
    }
}
