//! A clerk's changes to one resident — card lost, suspend, reinstate,
//! reissue a card ([`resident_status`]) — and publishing the registry as the
//! next signed bundle ([`publish::registry_bundle`]) so the kiosks get them.
//! Each is audited. The row buttons post the residents table's form with the
//! action's name and the card number as its value.

use axum::Form;
use axum::extract::State;
use axum::response::Response;

use super::session::{self, CsrfOnly, Signed};
use super::{WebError, rendered, residents};
use crate::publish;
use crate::server::AppState;
use crate::store::audit;
use crate::store::resident_status::{self, Change};
use crate::store::users::Role;

const ACTIONS: [&str; 4] = ["lost", "suspend", "reinstate", "reissue"];

pub async fn change(
    State(state): State<AppState>,
    signed: Signed,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    signed.authorise(session::field(&fields, "csrf"), Role::Clerk)?;
    let Some((action, card)) = fields
        .iter()
        .find(|(k, _)| ACTIONS.contains(&k.as_str()))
        .cloned()
    else {
        return Err(WebError::bad_request(
            "bad_action",
            "choose lost, suspend, reinstate or reissue for one resident",
        ));
    };
    let now = (state.settings.clock)().to_rfc3339();
    let user = signed.session.user.clone();
    let nav = signed.nav("residents");
    rendered(&state, move |db| {
        let (query, flash) = if action == "reissue" {
            let new = resident_status::reissue(db, &card, &now)?;
            audit::record(
                db,
                &now,
                &user,
                &format!("web: card reissue {card} -> {new}"),
                1,
            )?;
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
            let change = Change::parse(&action).expect("one of ACTIONS");
            resident_status::apply(db, &card, change, &now)?;
            audit::record(
                db,
                &now,
                &user,
                &format!("web: resident {card} {}", change.status()),
                1,
            )?;
            let flash = format!(
                "{card}: {}{}",
                change.status(),
                nav.t(
                    "；发布名册后终端生效",
                    "; kiosks get it once the registry is published"
                )
            );
            (card, flash)
        };
        residents::build(db, query, nav, Vec::new(), flash)
    })
    .await
}

pub async fn publish(
    State(state): State<AppState>,
    signed: Signed,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, WebError> {
    let action = signed.act(&state, form.csrf.as_deref(), Role::Clerk, "residents")?;
    let now = action.now.to_rfc3339();
    rendered(&state, move |db| {
        let (version, rows) = publish::registry_bundle(db, &action.data_dir, &now)?;
        audit::record(
            db,
            &now,
            &action.user,
            &format!("web: bundle {version} published"),
            rows as u64,
        )?;
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
