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

/// A contract table's command line as words: split on white space, each
/// `{name}` in a word standing for the value of `name` in `vars` (a path, an
/// ID).
pub fn words(line: &str, vars: &[(&str, &str)]) -> Vec<String> {
    line.split_whitespace()
        .map(|w| {
            let word = vars
                .iter()
                .fold(w.to_owned(), |w, (n, v)| w.replace(&format!("{{{n}}}"), v));
            assert!(!word.contains('{'), "{line}: no value for a name in {w}");
            word
        })
        .collect()
}

/// Runs `bin` with a command line written as one string (as for [`words`]).
pub fn run_line(bin: &Path, line: &str, vars: &[(&str, &str)]) -> Run {
    run(bin, &words(line, vars))
}

/// One case of a CLI contract table: `STATUS CODE COMMAND LINE…`, the error
/// code `-` for any code. Blank lines and `#` comments are not cases.
fn case(line: &str) -> Option<(i32, &str, &str)> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let mut parts = line.splitn(3, ' ');
    let status = parts
        .next()?
        .parse()
        .unwrap_or_else(|_| panic!("{line}: no exit status"));
    let code = parts
        .next()
        .unwrap_or_else(|| panic!("{line}: no error code"));
    let code = if code == "-" { "" } else { code };
    Some((status, code, parts.next().unwrap_or("")))
}

/// Runs every case of a CLI contract table (`tests/cli_contract/*.table`, one
/// case a line, as for [`case`]; the command line as for [`words`], with
/// `{dir}` an empty temporary folder besides `vars`) through `bin`. Each must
/// print the one error object ([`error_object`]) and exit with its status
/// and code; the failure lists every case that does not, by its arguments.
pub fn assert_error_table(bin: &Path, table: &str, vars: &[(&str, &str)]) {
    let dir = tempfile::TempDir::new().unwrap();
    let vars = [&[("dir", dir.path().to_str().unwrap())], vars].concat();
    let mut failures = Vec::new();
    let cases: Vec<_> = table.lines().filter_map(case).collect();
    assert!(!cases.is_empty(), "the table has cases");
    for (status, code, line) in cases {
        let args = words(line, &vars);
        let r = run(bin, &args);
        let json = error_object(&args, &r);
        if r.code != status || (!code.is_empty() && json["error"] != code) {
            failures.push(format!("{args:?}: exit {} {json}", r.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `--help` and each of `helps` print the usage and exit 0; `--version`
/// prints `NAME VERSION` and exits 0.
pub fn assert_help_and_version(bin: &Path, name: &str, helps: &[&[&str]]) {
    for args in [&["--help"][..]].iter().chain(helps) {
        let r = run(bin, args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("Usage:"), "{args:?}: {}", r.stdout);
    }
    let r = run(bin, &["--version"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with(&format!("{name} ")), "{}", r.stdout);
}
