//! The kiosk's log level (`[log]` in `canteen.toml`, optional): how much the
//! kiosk writes to its log (the journal on an appliance). `RUST_LOG`, when set,
//! still wins, so an operator can turn on `debug` for one run without editing
//! the conffile.

use crate::error::Problems;
use crate::raw::LogSection;

/// The levels an operator may write, quietest first.
pub const LEVELS: [&str; 5] = ["error", "warn", "info", "debug", "trace"];

/// `[log]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Log {
    /// One of [`LEVELS`]; `info` by default.
    pub level: &'static str,
}

impl Default for Log {
    fn default() -> Self {
        Log { level: "info" }
    }
}

pub(crate) fn log(raw: Option<&LogSection>, problems: &mut Vec<crate::Problem>) -> Log {
    let Some(section) = raw else {
        return Log::default();
    };
    let wanted = section.level.trim().to_ascii_lowercase();
    match LEVELS.iter().find(|l| **l == wanted) {
        Some(level) => Log { level },
        None => {
            let mut p = Problems::new("canteen.toml");
            p.add(
                "log.level",
                format!(
                    "{:?} is not a log level: write one of {} (`info` is the usual; `debug` while tracing a fault)",
                    section.level,
                    LEVELS.join(", ")
                ),
            );
            problems.append(&mut p.found);
            Log::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(level: &str) -> LogSection {
        LogSection {
            level: level.to_owned(),
        }
    }

    #[test]
    fn a_known_level_is_kept_whatever_its_case() {
        let mut problems = Vec::new();
        assert_eq!(log(Some(&section("Debug")), &mut problems).level, "debug");
        assert!(problems.is_empty());
    }

    #[test]
    fn an_unknown_level_is_a_problem_naming_the_key_and_the_choices() {
        let mut problems = Vec::new();
        assert_eq!(log(Some(&section("loud")), &mut problems).level, "info");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "log.level");
        assert!(
            problems[0]
                .message
                .contains("error, warn, info, debug, trace")
        );
    }

    #[test]
    fn no_section_means_info() {
        let mut problems = Vec::new();
        assert_eq!(log(None, &mut problems), Log::default());
        assert!(problems.is_empty());
    }
}
