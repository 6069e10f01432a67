//! Who is asking: the session cookie (HttpOnly, SameSite=Strict, Secure over
//! TLS) looked up in the store, the page language (`?lang=en|zh`, then the
//! `canteen_lang` cookie, else Chinese), the role a page needs, and the CSRF
//! token every form posts back. A request without a live session is sent to
//! the sign-in page and given nothing else.

use std::path::PathBuf;

use askama::Template;
use axum::Form;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;

use super::{Nav, WebError, blocking, rendered};
use crate::export::Lang;
use crate::server::AppState;
use crate::store::audit;
use crate::store::db::Db;
use crate::store::users::{self, Role, Session};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "canteen_session";
/// The sign-in form's CSRF cookie (double submit: no session exists yet).
pub const LOGIN_CSRF_COOKIE: &str = "canteen_login_csrf";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "canteen_lang";

/// The value of cookie `name` in `headers`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// `?lang=` of a query string.
pub fn query_lang(query: Option<&str>) -> Option<Lang> {
    query?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "lang")
        .and_then(|(_, v)| Lang::parse(v))
}

/// The language of a request.
pub fn lang_of(parts: &Parts) -> Lang {
    query_lang(parts.uri.query())
        .or_else(|| cookie(&parts.headers, LANG_COOKIE).and_then(|v| Lang::parse(&v)))
        .unwrap_or_default()
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, path `/`, and Secure
/// when served over TLS; `max_age` 0 deletes it.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// What a form that changes something works with once it is authorised: the
/// office's moment, the user the audit log names, the data directory, the
/// frame of the page it answers with and the office it changes.
pub struct Action {
    pub now: DateTime<Utc>,
    pub user: String,
    pub data_dir: PathBuf,
    pub nav: Nav,
    pub state: AppState,
}

impl Action {
    /// Writes `what` (touching `rows` rows) to the audit log, by this
    /// action's user at its moment.
    pub fn audit(&self, db: &mut dyn Db, what: &str, rows: u64) -> crate::Result<()> {
        audit::record(db, &self.now.to_rfc3339(), &self.user, what, rows)
    }

    /// The page `build` makes from the store with this action (on the
    /// blocking pool), rendered: what a form's handler answers with.
    pub async fn rendered<P: Template + Send + 'static>(
        self,
        build: impl FnOnce(&mut dyn Db, Action) -> crate::Result<P> + Send + 'static,
    ) -> Result<Response, WebError> {
        let state = self.state.clone();
        rendered(&state, move |db| build(db, self)).await
    }
}

/// A form that changes something: the role it needs, the nav entry of the
/// page it answers with, and where its CSRF token is.
pub trait Posted: DeserializeOwned + Send {
    const ROLE: Role;
    const HERE: &'static str;
    fn csrf(&self) -> Option<&str>;
}

/// Makes form `$form` [`Posted`]: needing `$role`, answered on page `$here`,
/// its token in its `csrf` field. With `fields`, declares `$form` too: a form
/// whose fields repeat, read as its (name, value) pairs, the token among them.
macro_rules! posted {
    ($form:ty, $role:expr, $here:literal) => {
        $crate::web::session::posted!($form, $role, $here, |f| f.csrf.as_deref());
    };
    ($(#[$doc:meta])* fields $form:ident, $role:expr, $here:literal) => {
        $(#[$doc])*
        #[derive(serde::Deserialize)]
        #[serde(transparent)]
        pub struct $form(pub Vec<(String, String)>);
        $crate::web::session::posted!($form, $role, $here, |f| {
            $crate::web::session::field(&f.0, "csrf")
        });
    };
    ($form:ty, $role:expr, $here:literal, |$f:ident| $csrf:expr) => {
        impl $crate::web::session::Posted for $form {
            const ROLE: $crate::store::users::Role = $role;
            const HERE: &'static str = $here;
            fn csrf(&self) -> Option<&str> {
                let $f = self;
                $csrf
            }
        }
    };
}
pub(crate) use posted;

/// A form posted by a signed-in user allowed to make it: read (a signed-out
/// request is sent to sign in first, a malformed form refused), then its
/// CSRF token and the user's role checked ([`Signed::act`]).
pub struct Acted<F>(pub Action, pub F);

impl<F: Posted> FromRequest<AppState> for Acted<F> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Acted<F>, Response> {
        let (mut parts, body) = request.into_parts();
        let signed = Signed::from_request_parts(&mut parts, state).await?;
        let Form(form) = Form::<F>::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let action = signed
            .act(form.csrf(), F::ROLE, F::HERE)
            .map_err(IntoResponse::into_response)?;
        Ok(Acted(action, form))
    }
}

/// A form that carries nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

/// A signed-in request: its session, its cookie, the page frame and the
/// office it was signed in to.
pub struct Signed {
    pub session: Session,
    pub cookie: String,
    pub lang: Lang,
    pub state: AppState,
}

impl Signed {
    /// The page frame of `here` (the nav's current entry).
    pub fn nav(&self, here: &'static str) -> Nav {
        Nav {
            lang: self.lang,
            user: self.session.user.clone(),
            role: self.session.role,
            csrf: self.session.csrf.clone(),
            here,
        }
    }

    /// Refuses a user whose role is below `role`.
    pub fn require(&self, role: Role) -> Result<(), WebError> {
        if self.session.role >= role {
            Ok(())
        } else {
            Err(WebError::Forbidden(role))
        }
    }

    /// Authorises a form that changes something (as [`Signed::authorise`])
    /// and gives what the action works with, its page's nav entry `here`.
    pub fn act(
        &self,
        posted_csrf: Option<&str>,
        role: Role,
        here: &'static str,
    ) -> Result<Action, WebError> {
        self.authorise(posted_csrf, role)?;
        Ok(Action {
            now: self.now(),
            user: self.session.user.clone(),
            data_dir: self.state.data_dir.clone(),
            nav: self.nav(here),
            state: self.state.clone(),
        })
    }

    /// The office's moment (its injected clock).
    pub fn now(&self) -> DateTime<Utc> {
        (self.state.settings.clock)()
    }

    /// Refuses a form whose CSRF token is not this session's, then a user
    /// whose role is below `role`: what every form that changes something
    /// checks first.
    pub fn authorise(&self, posted_csrf: Option<&str>, role: Role) -> Result<(), WebError> {
        self.check_csrf(posted_csrf)?;
        self.require(role)
    }

    /// Refuses a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, posted: Option<&str>) -> Result<(), WebError> {
        match posted {
            Some(token) if constant_time_eq(token.as_bytes(), self.session.csrf.as_bytes()) => {
                Ok(())
            }
            _ => Err(WebError::Csrf),
        }
    }
}

/// The first value of field `name` of a form read as pairs (a form whose
/// fields repeat, such as ticked cards).
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Equal bytes, compared without an early exit.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn to_sign_in() -> Response {
    Redirect::to("/login").into_response()
}

impl FromRequestParts<AppState> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Signed, Response> {
        let lang = lang_of(parts);
        let Some(cookie) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(to_sign_in());
        };
        let now = (state.settings.clock)();
        let looked_up = cookie.clone();
        let found = blocking(state, move |db| users::session(db, &looked_up, now))
            .await
            .map_err(IntoResponse::into_response)?;
        match found {
            Some(session) => Ok(Signed {
                session,
                cookie,
                lang,
                state: state.clone(),
            }),
            None => Err(to_sign_in()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_tls() {
        let plain = set_cookie(SESSION_COOKIE, "ab", 60, false);
        assert_eq!(
            plain,
            "canteen_session=ab; Path=/; HttpOnly; SameSite=Strict; Max-Age=60"
        );
        assert!(set_cookie(SESSION_COOKIE, "ab", 60, true).ends_with("; Secure"));
        let mut headers = HeaderMap::new();
        headers.insert(
            axum::http::header::COOKIE,
            "a=1; canteen_session=xyz; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "c"), None);
        assert_eq!(query_lang(Some("month=2026-11&lang=en")), Some(Lang::En));
        assert_eq!(query_lang(Some("lang=fr")), None);
        assert!(constant_time_eq(b"abc", b"abc") && !constant_time_eq(b"abc", b"abd"));
    }
}
