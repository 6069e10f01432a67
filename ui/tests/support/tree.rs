//! Walking a source tree for the tests that read files as text (the
//! translations check here, the kiosk crate's tidy test through `#[path]`):
//! one walker for every "all the files of this kind below that folder".

use std::path::{Path, PathBuf};

/// Every file below `dir` whose name ends in `.{ext}`, subfolders included,
/// in the order the file system lists them; hidden folders and build output
/// (`target`) are not entered.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, ext, &mut out);
    out
}

fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                walk(&path, ext, out);
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}
