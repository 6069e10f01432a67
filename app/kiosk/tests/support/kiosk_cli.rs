//! Running the kiosk's `canteen` on a data directory as staff would: a PIN
//! piped on stdin, the exit code and the one JSON object read off stdout.
//! Shared by the kiosk crate's tests and the end-to-end tests; each crate's
//! `support` names the binary (`canteen_exe`).

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `bin ARGS` with `stdin` piped in: its exit code, stdout and stderr.
pub fn run_piped<S: AsRef<OsStr>>(bin: &Path, args: &[S], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(bin)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Err(e) = child.stdin.take().unwrap().write_all(stdin.as_bytes()) {
        // A command that refuses before it reads a PIN may exit first.
        assert_eq!(
            e.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing stdin: {e}"
        );
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap(), stdout, stderr)
}

/// Runs `canteen ARGS` with `stdin` piped in; exit code and the JSON on
/// stdout (or stdout as a string when it is not JSON).
pub fn run_canteen<S: AsRef<OsStr>>(args: &[S], stdin: &str) -> (i32, Value) {
    let (code, stdout, _) = run_piped(&super::canteen_exe(), args, stdin);
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout));
    (code, json)
}

/// Runs `canteen ARGS --data DIR` with `stdin` piped in.
pub fn canteen_with<S: AsRef<OsStr>>(data: &Path, args: &[S], stdin: &str) -> (i32, Value) {
    let mut all: Vec<&OsStr> = args.iter().map(AsRef::as_ref).collect();
    all.extend([OsStr::new("--data"), data.as_os_str()]);
    run_canteen(&all, stdin)
}

/// Runs `canteen ARGS --data DIR` with nothing on stdin.
pub fn canteen<S: AsRef<OsStr>>(data: &Path, args: &[S]) -> (i32, Value) {
    canteen_with(data, args, "")
}

/// `canteen staff add --name NAME --role ROLE EXTRA…` with `pin` piped in;
/// the staff member printed.
pub fn add_staff(data: &Path, name: &str, role: &str, pin: &str, extra: &[&str]) -> Value {
    let mut args = vec!["staff", "add", "--name", name, "--role", role];
    args.extend(extra);
    let (code, v) = canteen_with(data, &args, &format!("{pin}\n"));
    assert_eq!(code, 0, "{args:?}: {v}");
    v
}

/// How many records `canteen journal verify` counts (it must verify).
pub fn records(data: &Path) -> u64 {
    let (code, v) = canteen(data, &["journal", "verify"]);
    assert_eq!(code, 0, "{v}");
    v["records"].as_u64().unwrap()
}

/// Runs `canteen ARGS --data DIR` with `stdin` piped in; it must fail with
/// exit `status` and the error code `error`. The error object.
pub fn refused<S: AsRef<OsStr>>(
    data: &Path,
    args: &[S],
    stdin: &str,
    status: i32,
    error: &str,
) -> Value {
    let (code, v) = canteen_with(data, args, stdin);
    assert_eq!((code, v["error"].as_str()), (status, Some(error)), "{v}");
    v
}
