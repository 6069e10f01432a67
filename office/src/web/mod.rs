//! The office's web back office, served by `canteen-office serve` at `/` on
//! the sync API's own address: server-rendered HTML (askama templates in
//! `office/templates/`, one small stylesheet inlined, no script), Chinese by
//! default with an English switch (`?lang=en`, remembered in a cookie).
//!
//! Every page and download needs a signed-in session ([`session`]); every
//! form carries the session's CSRF token and a POST without it is refused;
//! viewers read, clerks also manage residents and cards, admins also devices.
//! Pages call the same report, export and store functions as the CLI
//! ([`crate::documents`], [`crate::report`], [`crate::store`]); "now" is the
//! office's injected clock. Each change made here is written to the audit log.

mod chart;
mod claims;
mod dashboard;
mod devices;
mod dishes;
mod fund;
mod login;
mod menu_form;
mod menus;
mod pages;
mod resident_actions;
mod residents;
pub mod session;

use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use canteen_core::registry::RowStatus;

use crate::error::OfficeError;
use crate::export::Lang;
use crate::server::AppState;
use crate::store::enrol::DeviceState;
use crate::store::users::Role;

/// The largest upload (a registry file) the web accepts.
pub const MAX_UPLOAD_BYTES: usize = 4 * 1024 * 1024;

/// The frame every page shares: language, who is signed in, the CSRF token
/// for its forms, and which nav entry is current.
pub struct Nav {
    pub lang: Lang,
    pub user: String,
    pub role: Role,
    pub csrf: String,
    pub here: &'static str,
}

impl Nav {
    /// `zh` or `en` by the page language.
    pub fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }

    pub fn clerk(&self) -> bool {
        self.role >= Role::Clerk
    }

    pub fn admin(&self) -> bool {
        self.role >= Role::Admin
    }

    /// `zh-CN` or `en` for `<html lang>`.
    pub fn html_lang(&self) -> &'static str {
        self.lang.pick("zh-CN", "en")
    }

    /// ` class="here"` on the current nav entry.
    pub fn mark(&self, entry: &str) -> &'static str {
        if entry == self.here { "here" } else { "" }
    }

    /// A kiosk's state in the page language.
    pub fn device_state(&self, state: &DeviceState) -> &'static str {
        match state {
            DeviceState::Enrolled => self.t("已注册", "enrolled"),
            DeviceState::Revoked => self.t("已吊销", "revoked"),
            DeviceState::Pending => self.t("待注册", "waiting to enrol"),
            DeviceState::Expired => self.t("注册码已过期", "code expired"),
        }
    }

    /// A resident's registry status in the page language.
    pub fn resident_status(&self, status: RowStatus) -> &'static str {
        match status {
            RowStatus::Active => self.t("正常", "active"),
            RowStatus::Suspended => self.t("暂停", "suspended"),
            RowStatus::CardLost => self.t("餐卡挂失", "card lost"),
            RowStatus::CardSuspended => self.t("餐卡停用", "card suspended"),
        }
    }

    pub fn role_name(&self) -> &'static str {
        match self.role {
            Role::Admin => self.t("管理员", "admin"),
            Role::Clerk => self.t("经办人", "clerk"),
            Role::Viewer => self.t("查看者", "viewer"),
        }
    }
}

/// Why a page was refused, as an HTML page with its status.
#[derive(Debug)]
pub enum WebError {
    Office(OfficeError),
    /// The user's role is below the one named.
    Forbidden(Role),
    /// A form posted without this session's CSRF token.
    Csrf,
}

impl WebError {
    /// A request the office refuses (400) with `code` and what to do.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> WebError {
        WebError::Office(OfficeError::BadRequest {
            code,
            status: 400,
            message: message.into(),
        })
    }
}

impl From<OfficeError> for WebError {
    fn from(e: OfficeError) -> WebError {
        WebError::Office(e)
    }
}

impl From<rusqlite::Error> for WebError {
    fn from(e: rusqlite::Error) -> WebError {
        WebError::Office(e.into())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    message: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            WebError::Office(e) => (
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                e.public_body().message,
            ),
            WebError::Forbidden(role) => (
                StatusCode::FORBIDDEN,
                format!(
                    "此操作需要{}权限 / this needs the {} role: ask an admin",
                    match role {
                        Role::Admin => "管理员",
                        Role::Clerk => "经办人",
                        Role::Viewer => "查看者",
                    },
                    role.as_str()
                ),
            ),
            WebError::Csrf => (
                StatusCode::FORBIDDEN,
                "表单已过期或来源不明，请刷新页面后重试 / the form is stale or did not come from this site: reload the page and try again".into(),
            ),
        };
        (status, render(&ErrorPage { message })).into_response()
    }
}

/// A rendered page (a template error is a bug: logged, and a 500).
pub fn render(page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("rendering a page failed: {e}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Runs `work` on the store on the blocking pool.
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    work: impl FnOnce(&mut dyn crate::store::db::Db) -> crate::Result<T> + Send + 'static,
) -> Result<T, WebError> {
    let store = state.store.clone();
    tokio::task::spawn_blocking(move || store.run(work))
        .await
        .map_err(|e| OfficeError::Store(e.to_string()))?
        .map_err(WebError::Office)
}

/// The page `build` makes from the store (on the blocking pool), rendered:
/// what every page handler answers with.
pub async fn rendered<P: Template + Send + 'static>(
    state: &AppState,
    build: impl FnOnce(&mut dyn crate::store::db::Db) -> crate::Result<P> + Send + 'static,
) -> Result<Response, WebError> {
    let page = blocking(state, build).await?;
    Ok(render(&page))
}

/// A file to download: `bytes` of type `kind`, saved as `name`, or shown in
/// the browser (a printable page) when there is none.
pub fn file(bytes: Vec<u8>, kind: &str, name: Option<String>) -> Response {
    let disposition = name.map_or_else(
        || "inline".to_owned(),
        |name| format!("attachment; filename=\"{name}\""),
    );
    (
        [
            (header::CONTENT_TYPE, kind.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

/// Today in the canteen's time zone (the newest rules'), by the office's
/// clock: the default day or month of the report pages.
pub async fn today(state: &AppState) -> Result<chrono::NaiveDate, WebError> {
    let now = (state.settings.clock)();
    let zone = blocking(state, |db| {
        Ok(crate::store::rules::latest(db)?.canteen.timezone)
    })
    .await?;
    Ok(now.with_timezone(&zone).date_naive())
}

/// Remembers `?lang=` in a cookie; forbids framing and caching of pages.
async fn frame(request: Request, next: Next) -> Response {
    let lang = session::query_lang(request.uri().query());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(lang) = lang {
        let value = session::set_cookie(
            session::LANG_COOKIE,
            lang.pick("zh", "en"),
            31_536_000,
            false,
        );
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.append(header::SET_COOKIE, v);
        }
    }
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The web back office's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(dashboard::page))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::sign_out))
        .route("/claims", get(claims::page))
        .route("/claims/download", get(claims::download))
        .route("/devices", get(devices::page).post(devices::add))
        .route("/devices/revoke", post(devices::revoke))
        .route("/residents", get(residents::page))
        .route("/residents/import", post(residents::import))
        .route("/residents/change", post(resident_actions::change))
        .route("/residents/publish", post(resident_actions::publish))
        .route("/cards/sheet", post(residents::card_sheet))
        .route("/menus", get(menus::page).post(menus::publish))
        .route("/menus/form", post(menus::publish_form))
        .route("/menus/shared", post(menus::shared_again))
        .route("/dishes", get(dishes::page).post(dishes::publish))
        .route("/fund", get(fund::page))
        .route("/fund/download", get(fund::download))
        .route("/anomalies", get(pages::anomalies))
        .route("/quarantine", get(pages::quarantine))
        .route("/gaps", get(pages::gaps))
        .route("/audit", get(pages::audit))
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
        .layer(middleware::from_fn(frame))
}
