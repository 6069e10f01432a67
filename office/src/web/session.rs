//! Who is asking: the session cookie (HttpOnly, SameSite=Strict, Secure over
//! TLS) looked up in the store, the page language (`?lang=en|zh`, then the
//! `canteen_lang` cookie, else Chinese), the role a page needs, and the CSRF
//! token every form posts back. A request without a live session is sent to
//! the sign-in page and given nothing else.

use std::path::PathBuf;

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};

use super::{Nav, WebError, blocking};
use crate::export::Lang;
use crate::server::AppState;
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
/// office's moment, the user the audit log names, the data directory and
/// the frame of the page it answers with.
pub struct Action {
    pub now: DateTime<Utc>,
    pub user: String,
    pub data_dir: PathBuf,
    pub nav: Nav,
}

/// A form that carries nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct CsrfOnly {
    pub csrf: Option<String>,
}

/// A signed-in request: its session, its cookie and the page frame.
pub struct Signed {
    pub session: Session,
    pub cookie: String,
    pub lang: Lang,
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
        state: &AppState,
        posted_csrf: Option<&str>,
        role: Role,
        here: &'static str,
    ) -> Result<Action, WebError> {
        self.authorise(posted_csrf, role)?;
        Ok(Action {
            now: (state.settings.clock)(),
            user: self.session.user.clone(),
            data_dir: state.data_dir.clone(),
            nav: self.nav(here),
        })
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
