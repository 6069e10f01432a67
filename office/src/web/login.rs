//! Signing in and out. The sign-in form has no session yet, so its CSRF token
//! is a double submit: a random value in a cookie and in the form, which must
//! match. An unknown name and a wrong password get the same answer; the fifth
//! wrong password in a row locks the account ([`users::sign_in`]).

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::session::{self, CsrfOnly, LOGIN_CSRF_COOKIE, SESSION_COOKIE, Signed, constant_time_eq};
use super::{WebError, blocking, render};
use crate::export::Lang;
use crate::server::AppState;
use crate::store::devices::random_hex;
use crate::store::users::{self, Refused};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    lang: Lang,
    csrf: String,
    problem: String,
}

fn lang_of(headers: &HeaderMap, query: Option<&str>) -> Lang {
    session::query_lang(query)
        .or_else(|| session::cookie(headers, session::LANG_COOKIE).and_then(|v| Lang::parse(&v)))
        .unwrap_or_default()
}

fn form_page(state: &AppState, lang: Lang, problem: String, status: StatusCode) -> Response {
    let csrf = match random_hex(16) {
        Ok(c) => c,
        Err(e) => return WebError::Office(e).into_response(),
    };
    let cookie = session::set_cookie(
        LOGIN_CSRF_COOKIE,
        &csrf,
        3600,
        state.settings.secure_cookies,
    );
    (
        status,
        AppendHeaders([(SET_COOKIE, cookie)]),
        render(&LoginPage {
            lang,
            csrf,
            problem,
        }),
    )
        .into_response()
}

pub async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    form_page(
        &state,
        lang_of(&headers, uri.query()),
        String::new(),
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct SignIn {
    name: String,
    password: String,
    csrf: Option<String>,
}

pub async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<SignIn>,
) -> Result<Response, WebError> {
    let lang = lang_of(&headers, None);
    let expected = session::cookie(&headers, LOGIN_CSRF_COOKIE);
    match (expected, form.csrf.as_deref()) {
        (Some(e), Some(p)) if constant_time_eq(e.as_bytes(), p.as_bytes()) => {}
        _ => return Err(WebError::Csrf),
    }
    let now = (state.settings.clock)();
    let SignIn { name, password, .. } = form;
    let outcome = blocking(&state, move |db| {
        users::sign_in(db, name.trim(), &password, now)
    })
    .await?;
    match outcome {
        Ok(opened) => {
            let cookie = session::set_cookie(
                SESSION_COOKIE,
                &opened.cookie,
                users::SESSION_HOURS * 3600,
                state.settings.secure_cookies,
            );
            let clear = session::set_cookie(LOGIN_CSRF_COOKIE, "", 0, state.settings.secure_cookies);
            Ok((
                AppendHeaders([(SET_COOKIE, cookie), (SET_COOKIE, clear)]),
                Redirect::to("/"),
            )
                .into_response())
        }
        Err(Refused::WrongPassword) => Ok(form_page(
            &state,
            lang,
            lang.pick("用户名或密码不正确", "wrong user name or password")
                .to_owned(),
            StatusCode::UNAUTHORIZED,
        )),
        Err(Refused::Locked) => Ok(form_page(
            &state,
            lang,
            lang.pick(
                "密码连续错误5次，账户已锁定：请管理员运行 canteen-office user unlock 解锁",
                "five wrong passwords in a row locked this account: ask an admin to run `canteen-office user unlock`",
            )
            .to_owned(),
            StatusCode::LOCKED,
        )),
    }
}

pub async fn sign_out(signed: Signed, Form(form): Form<CsrfOnly>) -> Result<Response, WebError> {
    signed.check_csrf(form.csrf.as_deref())?;
    let cookie = signed.cookie.clone();
    blocking(&signed.state, move |db| users::sign_out(db, &cookie)).await?;
    let secure = signed.state.settings.secure_cookies;
    let clear = session::set_cookie(SESSION_COOKIE, "", 0, secure);
    Ok((AppendHeaders([(SET_COOKIE, clear)]), Redirect::to("/login")).into_response())
}
