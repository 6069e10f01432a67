//! A clerk's changes to one resident — card lost, suspend, reinstate,
//! reissue a card ([`resident_status`]) — and publishing the registry as the
//! next signed bundle ([`publish::registry_bundle`]) so the kiosks get them.
//! Each is audited. The row buttons post the residents table's form with the
//! action's name and the card number as its value.

use axum::response::Response;
use serde::Deserialize;

use super::session::{Acted, posted};
use super::{WebError, residents};
use crate::publish;
use crate::store::resident_status::{self, Change};
use crate::store::users::Role;

const ACTIONS: [&str; 4] = ["lost", "suspend", "reinstate", "reissue"];

posted!(
    /// The residents table's form as posted (a button per row and action).
    fields Rows, Role::Clerk, "residents"
);

pub async fn change(Acted(action, Rows(fields)): Acted<Rows>) -> Result<Response, WebError> {
    let Some((button, card)) = fields
        .iter()
        .find(|(k, _)| ACTIONS.contains(&k.as_str()))
        .cloned()
    else {
        return Err(WebError::bad_request(
            "bad_action",
            "choose lost, suspend, reinstate or reissue for one resident",
        ));
    };
    action
        .rendered(move |db, action| {
            let (now, nav) = (action.now.to_rfc3339(), &action.nav);
            let (query, flash) = if button == "reissue" {
                let new = resident_status::reissue(db, &card, &now)?;
                action.audit(db, &format!("web: card reissue {card} -> {new}"), 1)?;
                let flash = format!(
                    "{} {card} → {new}{}",
                    nav.t("已补发餐卡", "Card reissued"),
                    nav.t(
                        "；请打印新卡并发布名册",
                        "; print the new card and publish the registry"
                    )
                );
                (new, flash)
            } else {
                let change = Change::parse(&button).expect("one of ACTIONS");
                resident_status::apply(db, &card, change, &now)?;
                action.audit(
                    db,
                    &format!("web: resident {card} {}", change.status().as_str()),
                    1,
                )?;
                let flash = format!(
                    "{card}: {}{}",
                    nav.resident_status(change.status()),
                    nav.t(
                        "；发布名册后终端生效",
                        "; kiosks get it once the registry is published"
                    )
                );
                (card, flash)
            };
            residents::build(db, query, action.nav, Vec::new(), flash)
        })
        .await
}

/// The registry's publish button.
#[derive(Deserialize)]
pub struct Publish {
    csrf: Option<String>,
}
posted!(Publish, Role::Clerk, "residents");

pub async fn publish(Acted(action, _): Acted<Publish>) -> Result<Response, WebError> {
    action
        .rendered(move |db, action| {
            let now = action.now.to_rfc3339();
            let (version, rows) = publish::registry_bundle(db, &action.data_dir, &now)?;
            action.audit(db, &format!("web: bundle {version} published"), rows as u64)?;
            let flash = format!(
                "{} {version}（{rows} {}）",
                action
                    .nav
                    .t("已发布名册包，版本", "Published the registry as bundle"),
                action.nav.t("位居民", "residents")
            );
            residents::build(db, String::new(), action.nav, Vec::new(), flash)
        })
        .await
}
