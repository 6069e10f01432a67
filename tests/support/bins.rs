//! The workspace's binaries, as `cargo test --workspace` built them beside
//! this test binary (`target/<profile>/`). A test crate sees
//! `CARGO_BIN_EXE_*` only for its own package's binaries; these belong to
//! `canteen-kiosk` and `canteen-office`.

use std::path::{Path, PathBuf};

/// The kiosk's `canteen`.
pub fn canteen() -> PathBuf {
    built("canteen")
}

/// The office's `canteen-office`.
pub fn canteen_office() -> PathBuf {
    built("canteen-office")
}

fn built(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's own path");
    // target/<profile>/deps/<test>-<hash> → target/<profile>/<name>
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("a test binary lives in target/<profile>/deps");
    let path = profile_dir.join(name);
    assert!(
        path.is_file(),
        "{} is not built: run the end-to-end tests with `cargo test --workspace` (it builds every binary first)",
        path.display()
    );
    path
}
