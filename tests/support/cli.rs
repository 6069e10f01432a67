//! Running a binary as an operator would (no terminal on stdin) and reading
//! the CLI contract's one `{"error","message"}` object off its stdout.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `bin` with `args`, stdin closed.
pub fn run<S: AsRef<std::ffi::OsStr>>(bin: &Path, args: &[S]) -> Run {
    let out = Command::new(bin)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", bin.display()));
    Run {
        code: out.status.code().expect("exited, not killed"),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The one JSON object on stdout, with string `error` and a message, and no
/// panic text on stderr.
pub fn error_object<S: std::fmt::Debug>(args: &[S], r: &Run) -> Value {
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{args:?}: one line on stdout: {:?}",
        r.stdout
    );
    let json: Value = serde_json::from_str(lines[0])
        .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e}): {:?}", r.stdout));
    assert!(json["error"].is_string(), "{args:?}: {json}");
    assert!(
        !json["message"].as_str().unwrap_or("").is_empty(),
        "{args:?}: {json}"
    );
    assert!(
        !r.stderr.contains("panicked") && !r.stderr.contains("RUST_BACKTRACE"),
        "{args:?}: panic text: {}",
        r.stderr
    );
    json
}

/// A contract table's command line as words: split on white space, a word
/// `{name}` standing for the value of `name` in `vars` (a path, an ID).
pub fn words(line: &str, vars: &[(&str, &str)]) -> Vec<String> {
    line.split_whitespace()
        .map(
            |w| match w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
                Some(name) => vars
                    .iter()
                    .find(|(n, _)| *n == name)
                    .unwrap_or_else(|| panic!("{line}: no value for {{{name}}}"))
                    .1
                    .to_owned(),
                None => w.to_owned(),
            },
        )
        .collect()
}

/// Runs every case of a CLI contract table through `bin`: (command line, as
/// for [`words`]; exit status; error code, or "" for any). Each must print
/// the one error object ([`error_object`]) and exit with its status and
/// code; the failure lists every case that does not, by its arguments.
pub fn assert_error_table(bin: &Path, table: &[(&str, i32, &str)], vars: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (line, status, code) in table {
        let args = words(line, vars);
        let r = run(bin, &args);
        let json = error_object(&args, &r);
        if r.code != *status || (!code.is_empty() && json["error"] != *code) {
            failures.push(format!("{args:?}: exit {} {json}", r.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
