//! Where configuration text comes from: a directory given on the command line,
//! or the defaults embedded in the binary, file by file.

use std::path::Path;

use crate::error::ConfigError;

/// The files of a configuration, in the order they are validated.
pub const FILES: [&str; 3] = ["canteen.toml", "pricing.toml", "menu.toml"];

const EMBEDDED: [(&str, &str); 3] = [
    ("canteen.toml", include_str!("../defaults/canteen.toml")),
    ("pricing.toml", include_str!("../defaults/pricing.toml")),
    ("menu.toml", include_str!("../defaults/menu.toml")),
];

/// Where a file's text came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileOrigin {
    Embedded,
    Directory(std::path::PathBuf),
    /// Handed in as text (a signed bundle's file).
    Given,
}

/// One configuration file's name, origin and text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    pub name: &'static str,
    pub origin: FileOrigin,
    pub text: String,
}

/// Reads every file from `dir`, falling back to the embedded default for files
/// `dir` does not have. A missing directory, or one with none of the files, is
/// an error: it is almost always a mistyped path.
pub fn read_all(dir: Option<&Path>) -> Result<Vec<SourceFile>, ConfigError> {
    let Some(dir) = dir else {
        return Ok(EMBEDDED
            .iter()
            .map(|(name, text)| SourceFile {
                name,
                origin: FileOrigin::Embedded,
                text: (*text).to_owned(),
            })
            .collect());
    };
    let shown = dir.display().to_string();
    if !dir.is_dir() {
        return Err(ConfigError::one(
            &shown,
            "(directory)",
            "is not a directory: give --config a directory holding canteen.toml, pricing.toml and/or menu.toml",
        ));
    }
    let mut files = Vec::new();
    for (name, default_text) in EMBEDDED {
        let path = dir.join(name);
        let file = match std::fs::read(&path) {
            Ok(bytes) => {
                let text = String::from_utf8(bytes).map_err(|_| {
                    ConfigError::one(
                        name,
                        "(file)",
                        format!("{} is not UTF-8 text: save it as UTF-8", path.display()),
                    )
                })?;
                SourceFile {
                    name,
                    origin: FileOrigin::Directory(path),
                    text,
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => SourceFile {
                name,
                origin: FileOrigin::Embedded,
                text: default_text.to_owned(),
            },
            Err(e) => {
                return Err(ConfigError::one(
                    name,
                    "(file)",
                    format!("cannot read {}: {e}", path.display()),
                ));
            }
        };
        files.push(file);
    }
    if files.iter().all(|f| f.origin == FileOrigin::Embedded) {
        return Err(ConfigError::one(
            &shown,
            "(directory)",
            format!(
                "holds none of {}: check the path, or leave out --config to use the shipped defaults",
                FILES.join(", ")
            ),
        ));
    }
    Ok(files)
}

/// The files of a configuration given as texts (a signed bundle's menu and
/// pricing, say): each file named in `texts` replaces the embedded default,
/// the others keep it. Unknown names are refused.
pub fn from_texts(texts: &[(&str, &str)]) -> Result<Vec<SourceFile>, ConfigError> {
    if let Some((name, _)) = texts.iter().find(|(n, _)| !FILES.contains(n)) {
        return Err(ConfigError::one(
            name,
            "(file)",
            format!("is not a configuration file: use {}", FILES.join(", ")),
        ));
    }
    Ok(EMBEDDED
        .iter()
        .map(|(name, default_text)| {
            let given = texts.iter().find(|(n, _)| n == name).map(|(_, t)| *t);
            SourceFile {
                name,
                origin: given.map_or(FileOrigin::Embedded, |_| FileOrigin::Given),
                text: given.unwrap_or(default_text).to_owned(),
            }
        })
        .collect())
}

/// The file in a configuration directory naming the office bundle its menu
/// and pricing came from (written by the kiosk when it applies a bundle).
pub const BUNDLE_VERSION_FILE: &str = "bundle_version";

/// The bundle version of `dir`'s menu and pricing: 0 when no bundle was applied.
pub fn bundle_version(dir: &Path) -> Result<u64, ConfigError> {
    match std::fs::read_to_string(dir.join(BUNDLE_VERSION_FILE)) {
        Ok(text) => text.trim().parse().map_err(|_| {
            ConfigError::one(
                BUNDLE_VERSION_FILE,
                "(file)",
                format!(
                    "`{}` is not a bundle version (a whole number): it is written when an office bundle is applied; delete it to use no bundle",
                    text.trim()
                ),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(ConfigError::one(
            BUNDLE_VERSION_FILE,
            "(file)",
            format!("cannot read it: {e}"),
        )),
    }
}
