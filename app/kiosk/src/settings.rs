//! The kiosk window's settings from the configuration — the canteen's names,
//! its pricing, age convention and cashier rules — built once for the
//! appliance, `canteen screenshots`, `canteen speech` and the screen tests.

use canteen_config::Config;
use canteen_ui::KioskSettings;

/// The [`KioskSettings`] `config` gives the window (the appliance adds its
/// idle timeout).
pub fn kiosk_settings(config: &Config) -> KioskSettings {
    let mut settings = KioskSettings::new(
        &config.canteen.name_zh,
        &config.canteen.name_en,
        config.pricing.clone(),
        config.canteen.age_convention,
    );
    settings.cashier = config.cashier;
    settings
}
