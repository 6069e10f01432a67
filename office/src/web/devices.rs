//! The kiosks: each one's canteen, state, last sync (stale after a day),
//! records received, what it last reported (records still pending on it, the
//! bundle version it runs, marked when older than the newest issued) and its
//! alerts (quarantined sales, conflicts and chain breaks); for admins, adding one (its enrolment code and a QR of it
//! shown once, as `device add` prints it once) and revoking one (its token is
//! refused from the next request on). Both are audited.

use askama::Template;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Deserialize;

use super::session::{Acted, Signed, posted};
use super::{Nav, WebError, blocking, rendered};
use crate::error::OfficeError;
use crate::export::qr_svg;
use crate::store::enrol::{self, DeviceState};
use crate::store::users::Role;
use crate::store::{bundles, device_status, devices, rules};

pub struct Kiosk {
    pub device_id: String,
    pub name: String,
    pub canteen: String,
    pub state: DeviceState,
    pub last_sync: String,
    pub stale: bool,
    pub records: i64,
    /// Records still on the kiosk at its last report ("" if it never reported).
    pub pending: String,
    /// The bundle version it runs ("" if it never reported).
    pub bundle: String,
    /// It runs an older bundle than the newest issued.
    pub behind: bool,
    pub quarantined: i64,
    pub alerts: i64,
    pub enrolled: bool,
}

impl Kiosk {
    /// Its rows of `device_status::listing`, as shown.
    pub fn of(line: device_status::Line, now: DateTime<Utc>, zone: &FixedOffset) -> Kiosk {
        let (d, s) = (line.device, line.standing);
        let last = d
            .last_batch_at
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
        let enrolled = d.state == DeviceState::Enrolled;
        Kiosk {
            stale: enrolled && last.is_none_or(|t| now - t.with_timezone(&Utc) > Duration::days(1)),
            last_sync: last.map_or_else(String::new, |t| {
                t.with_timezone(zone).format("%Y-%m-%d %H:%M").to_string()
            }),
            device_id: d.device_id,
            name: d.name,
            canteen: d.canteen,
            state: d.state,
            records: s.records,
            pending: s.pending.map_or_else(String::new, |p| p.to_string()),
            bundle: s.bundle_version.map_or_else(String::new, |v| v.to_string()),
            behind: line.bundle_behind,
            quarantined: s.quarantined,
            alerts: s.alerts,
            enrolled,
        }
    }
}

/// The code of a kiosk just added: shown on this one page only.
pub struct NewCode {
    pub code: String,
    pub expires_at: String,
    pub qr: String,
}

#[derive(Template)]
#[template(path = "devices.html")]
pub struct DevicesPage {
    pub nav: Nav,
    pub kiosks: Vec<Kiosk>,
    /// The newest bundle version issued (0: none).
    pub newest_bundle: u64,
    pub new_code: Option<NewCode>,
}

/// The devices page as of `now`.
pub fn build(
    db: &mut dyn crate::store::db::Db,
    now: DateTime<Utc>,
    nav: Nav,
    new_code: Option<NewCode>,
) -> crate::Result<DevicesPage> {
    let zone = rules::latest(db)?.canteen.timezone;
    let kiosks = device_status::listing(db, now)?
        .into_iter()
        .map(|line| Kiosk::of(line, now, &zone))
        .collect();
    Ok(DevicesPage {
        nav,
        kiosks,
        newest_bundle: bundles::newest_version(db)?,
        new_code,
    })
}

pub async fn page(signed: Signed) -> Result<Response, WebError> {
    let now = signed.now();
    let nav = signed.nav("devices");
    rendered(&signed.state, move |db| build(db, now, nav, None)).await
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: Option<String>,
    name: String,
    canteen: String,
    operator: Option<String>,
}

posted!(AddForm, Role::Admin, "devices");

pub async fn add(Acted(action, form): Acted<AddForm>) -> Result<Response, WebError> {
    let (name, canteen) = (form.name.trim().to_owned(), form.canteen.trim().to_owned());
    if name.is_empty() || canteen.is_empty() {
        return Err(WebError::bad_request(
            "missing_name",
            "give the kiosk a name and its canteen",
        ));
    }
    let operator = form
        .operator
        .map(|o| o.trim().to_owned())
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| canteen.clone());
    action
        .rendered(move |db, action| {
            // The community secret exists before the first kiosk enrols.
            crate::keys::community_secret(&action.data_dir)?;
            let who = enrol::Pending {
                name: &name,
                canteen: &canteen,
                operator: &operator,
            };
            let valid = Duration::hours(i64::from(enrol::DEFAULT_VALID_HOURS));
            let issued = enrol::issue(db, &who, action.now, valid)?;
            action.audit(db, &format!("web: device add {name} ({canteen})"), 1)?;
            let new_code = NewCode {
                qr: qr_svg(&issued.enroll_code),
                code: issued.enroll_code,
                expires_at: issued.expires_at,
            };
            build(db, action.now, action.nav, Some(new_code))
        })
        .await
}

#[derive(Deserialize)]
pub struct RevokeForm {
    csrf: Option<String>,
    device_id: String,
}

posted!(RevokeForm, Role::Admin, "devices");

pub async fn revoke(Acted(action, form): Acted<RevokeForm>) -> Result<Response, WebError> {
    let device = form.device_id;
    let now = action.now.to_rfc3339();
    blocking(&action.state.clone(), move |db| {
        if !devices::revoke(db, &device, &now)? {
            return Err(OfficeError::BadRequest {
                code: "unknown_device",
                status: 404,
                message: format!("no enrolled kiosk is called {device} (already revoked?)"),
            });
        }
        action.audit(db, &format!("web: device revoke {device}"), 1)
    })
    .await?;
    Ok(Redirect::to("/devices").into_response())
}
