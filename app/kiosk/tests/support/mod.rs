//! Support shared by the kiosk's integration tests: running `canteen` on a
//! data directory as staff would, with a PIN piped on stdin.

#![allow(dead_code)] // each test file uses its own part of the support

pub mod demo;
pub mod screens;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `canteen ARGS --data DIR` with `stdin` piped in; exit code and the
/// JSON on stdout (or stdout as a string when it is not JSON).
pub fn canteen_with(data: &Path, args: &[&str], stdin: &str) -> (i32, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canteen"))
        .args(args)
        .arg("--data")
        .arg(data)
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
    let json = serde_json::from_str(stdout.trim()).unwrap_or(Value::String(stdout));
    (out.status.code().unwrap(), json)
}

/// Runs `canteen ARGS --data DIR` with nothing on stdin.
pub fn canteen(data: &Path, args: &[&str]) -> (i32, Value) {
    canteen_with(data, args, "")
}
