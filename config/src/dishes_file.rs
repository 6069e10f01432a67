//! A day's dishes file (`dishes.toml`), as the office's `menu dishes set` and
//! the kiosk's `menu today set` read it: `[[dishes]]` entries with `name_zh`,
//! an optional `name_en`, `tags` (ids or words of the diet-tag list) and an
//! optional `photo`, a PNG or JPEG path relative to the file. Every problem
//! of the file is reported at once, by core's own menu checks.
//!
//! ```toml
//! [[dishes]]
//! name_zh = "清蒸鲈鱼"
//! name_en = "Steamed bass"
//! tags = ["少油", "少盐", "含海鲜"]
//! photo = "photos/bass.jpg"
//! ```

use std::path::{Path, PathBuf};

use canteen_core::TagCatalog;
use canteen_core::dishes::{Dish, DishInput, check_dishes, problems_text};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    dishes: Vec<RawDish>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDish {
    name_zh: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    tags: Vec<String>,
    photo: Option<PathBuf>,
}

/// Why a dishes file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum DishesFileError {
    #[error("{path}: cannot read it ({source}); check the path")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: not a dishes file: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error(
        "{path}: dish {dish}: cannot read its photo {photo} ({source}); check the path (relative to the dishes file)"
    )]
    Photo {
        path: PathBuf,
        dish: usize,
        photo: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path}: dish {dish} names a photo, which only the command line can read; remove `photo` here, or publish with `menu dishes set --file`"
    )]
    NoPhotosHere { path: PathBuf, dish: usize },
    #[error("{path}: the menu was not accepted:\n{problems}")]
    Invalid { path: PathBuf, problems: String },
}

/// Reads and checks the dishes file at `path` against `catalog`.
pub fn read_dishes(path: &Path, catalog: &TagCatalog) -> Result<Vec<Dish>, DishesFileError> {
    let text = std::fs::read_to_string(path).map_err(|source| DishesFileError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_dishes(
        &text,
        path,
        Some(path.parent().unwrap_or(Path::new("."))),
        catalog,
    )
}

/// Checks the text of a dishes file (`path` names it in messages); photos
/// are read relative to `photos` — none (a web form): a `photo` is refused.
pub fn parse_dishes(
    text: &str,
    path: &Path,
    photos: Option<&Path>,
    catalog: &TagCatalog,
) -> Result<Vec<Dish>, DishesFileError> {
    let raw: RawFile = toml::from_str(text).map_err(|e| DishesFileError::Syntax {
        path: path.to_owned(),
        message: e.to_string().trim_end().to_owned(),
    })?;
    let mut inputs = Vec::with_capacity(raw.dishes.len());
    for (i, d) in raw.dishes.into_iter().enumerate() {
        let photo = match (d.photo, photos) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(DishesFileError::NoPhotosHere {
                    path: path.to_owned(),
                    dish: i + 1,
                });
            }
            (Some(photo), Some(base)) => {
                // At most one byte past the limit: the check reports the size.
                let bytes =
                    read_capped(&base.join(&photo)).map_err(|source| DishesFileError::Photo {
                        path: path.to_owned(),
                        dish: i + 1,
                        photo,
                        source,
                    })?;
                Some(bytes)
            }
        };
        inputs.push(DishInput {
            name_zh: d.name_zh,
            name_en: d.name_en,
            tags: d.tags,
            photo,
        });
    }
    check_dishes(&inputs, catalog).map_err(|problems| DishesFileError::Invalid {
        path: path.to_owned(),
        problems: problems_text(&problems),
    })
}

/// A file's bytes, or its first `MAX_PHOTO_BYTES + 1` of a larger one.
fn read_capped(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let cap = canteen_core::dishes::MAX_PHOTO_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(cap)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_file_with_a_photo_reads_and_a_bad_one_says_what_to_fix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bass.png"), b"\x89PNG\r\n\x1a\n....").unwrap();
        let good = write(
            dir.path(),
            "good.toml",
            "[[dishes]]\nname_zh = \"清蒸鲈鱼\"\nname_en = \"Steamed bass\"\ntags = [\"少油\", \"seafood\"]\nphoto = \"bass.png\"\n\n[[dishes]]\nname_zh = \"白粥\"\n",
        );
        let dishes = read_dishes(&good, &TagCatalog::shipped()).unwrap();
        assert_eq!(dishes.len(), 2);
        assert_eq!(dishes[0].tags, ["low-oil", "seafood"]);
        assert!(dishes[0].photo_hex.is_some());

        let huge = dir.path().join("huge.jpg");
        std::fs::write(&huge, vec![0xFFu8; 200_000]).unwrap();
        // (file, its text, what the refusal must say)
        let refused: [(&str, &str, &[&str]); 4] = [
            (
                "bad.toml",
                "[[dishes]]\nname_zh = \"鱼\"\ntags = [\"很辣\"]\n",
                &["dish 1: unknown tag `很辣`"],
            ),
            (
                "typo.toml",
                "[[dishes]]\nname = \"鱼\"\n",
                &["not a dishes file", "name"],
            ),
            (
                "missing.toml",
                "[[dishes]]\nname_zh = \"鱼\"\nphoto = \"nope.jpg\"\n",
                &["dish 1: cannot read its photo nope.jpg"],
            ),
            (
                "big.toml",
                "[[dishes]]\nname_zh = \"鱼\"\nphoto = \"huge.jpg\"\n",
                &["photo is over 49152 bytes (49153 or more)"],
            ),
        ];
        for (name, text, says) in refused {
            let message = read_dishes(&write(dir.path(), name, text), &TagCatalog::shipped())
                .unwrap_err()
                .to_string();
            assert!(
                says.iter().all(|part| message.contains(part)),
                "{name}: {message}"
            );
        }

        // A form's text has no folder to read photos from.
        let text = std::fs::read_to_string(&good).unwrap();
        let form = parse_dishes(&text, Path::new("form"), None, &TagCatalog::shipped());
        assert!(matches!(
            form,
            Err(DishesFileError::NoPhotosHere { dish: 1, .. })
        ));
        let text = "[[dishes]]\nname_zh = \"白粥\"\ntags = [\"软食\"]\n";
        let form = parse_dishes(text, Path::new("form"), None, &TagCatalog::shipped()).unwrap();
        assert_eq!(form[0].tags, ["soft"]);
    }
}
