//! The dishes of an office bundle that are this kiosk's: the menus of its
//! canteen (the one the office enrolled it at, else `canteen.toml`'s id),
//! each re-checked with core's menu rules before anything of the bundle is
//! applied, as `bundle_residents` checks its residents.

use canteen_config::Config;
use canteen_ledger::Ledger;
use canteen_sync::signing::Bundle;

use crate::office_sync::BundleError;

/// This kiosk's menus of a bundle's dishes (its canteen: the one the office
/// enrolled it at, else `canteen.toml`'s id), each checked as the office
/// checked it; any bad one refuses the whole bundle.
pub(crate) fn ours(
    bundle: &Bundle,
    ledger: &Ledger,
    config: &Config,
) -> Result<Vec<canteen_core::DayMenu>, BundleError> {
    let Some(menus) = &bundle.dishes else {
        return Ok(Vec::new());
    };
    let canteen = match ledger.office_link()? {
        Some(link) => link.canteen,
        None => config.canteen.id.clone(),
    };
    let catalog = canteen_core::TagCatalog::shipped();
    let ours: Vec<_> = menus
        .iter()
        .filter(|m| m.canteen == canteen)
        .cloned()
        .collect();
    for m in &ours {
        canteen_core::dishes::recheck(&m.dishes, &catalog).map_err(|problems| {
            BundleError::BadDishes {
                date: m.date,
                period: m.period.clone(),
                problems: canteen_core::dishes::problems_text(&problems).replace('\n', "; "),
            }
        })?;
    }
    Ok(ours)
}
