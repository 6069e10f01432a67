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
