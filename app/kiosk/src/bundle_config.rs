//! A bundle's menu and pricing checked as the kiosk's whole configuration
//! before anything is written: the kiosk's files and the bundle's copied
//! into a staging directory under the data folder and loaded there.

use std::path::Path;

use canteen_config::Config;

use crate::office_sync::BundleError;

/// The configuration the kiosk will run once `replaced` (file name, text)
/// are written into `config_dir`; the kiosk's own when nothing is replaced.
pub(crate) fn staged(
    data: &Path,
    config_dir: Option<&Path>,
    replaced: &[(&str, &str)],
) -> Result<Config, BundleError> {
    Ok(match config_dir {
        Some(dir) if !replaced.is_empty() => {
            let stage = data.join("bundle-staging");
            if stage.exists() {
                std::fs::remove_dir_all(&stage)?;
            }
            std::fs::create_dir_all(&stage)?;
            for name in ["canteen.toml", "pricing.toml", "menu.toml"] {
                let from = dir.join(name);
                if from.exists() {
                    std::fs::copy(&from, stage.join(name))?;
                }
            }
            for (name, text) in replaced {
                std::fs::write(stage.join(name), text)?;
            }
            let loaded = Config::load(Some(&stage));
            std::fs::remove_dir_all(&stage)?;
            loaded.map_err(|e| BundleError::BadConfig(e.to_string().trim_end().to_owned()))?
        }
        dir => Config::load(dir)
            .map_err(|e| BundleError::BadConfig(e.to_string().trim_end().to_owned()))?,
    })
}
