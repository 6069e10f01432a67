//! Configuration problems: each names the file, the key path, what is wrong and
//! what is allowed, so a person can fix the file without reading code.

use std::fmt;

/// One thing wrong in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file name, e.g. `menu.toml` (or a path when reading failed).
    pub file: String,
    /// Where in the file: a key path like `items[2].tier_prices.age80`, or
    /// `line 4, column 7` for syntax errors.
    pub key: String,
    /// What is wrong, and what is allowed instead.
    pub message: String,
    /// The same in Chinese, for the office's menu form (empty where only
    /// English is written: the form then shows `message`).
    pub message_zh: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.key, self.message)
    }
}

/// Every problem found while loading a configuration.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        writeln!(
            f,
            "the configuration has {n} problem{}:",
            if n == 1 { "" } else { "s" }
        )?;
        for p in &self.problems {
            writeln!(f, "  - {p}")?;
        }
        Ok(())
    }
}

impl ConfigError {
    pub(crate) fn one(file: &str, key: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            problems: vec![Problem {
                file: file.to_owned(),
                key: key.into(),
                message: message.into(),
                message_zh: String::new(),
            }],
        }
    }
}

/// Collects problems for one file while validating.
pub(crate) struct Problems<'f> {
    file: &'f str,
    pub(crate) found: Vec<Problem>,
}

impl<'f> Problems<'f> {
    pub(crate) fn new(file: &'f str) -> Self {
        Problems {
            file,
            found: Vec::new(),
        }
    }

    pub(crate) fn add(&mut self, key: impl Into<String>, message: impl Into<String>) {
        self.add_zh(key, message, String::new());
    }

    /// A problem explained in English and Chinese.
    pub(crate) fn add_zh(
        &mut self,
        key: impl Into<String>,
        message: impl Into<String>,
        message_zh: impl Into<String>,
    ) {
        self.found.push(Problem {
            file: self.file.to_owned(),
            key: key.into(),
            message: message.into(),
            message_zh: message_zh.into(),
        });
    }
}
