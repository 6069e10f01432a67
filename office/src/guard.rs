//! Request-level guards of the device API, run before any handler reads a body.
//!
//! [`authenticate`] checks, in this order and without reading the body: a
//! declared body size within the batch limit (else a JSON 413), a bearer token
//! that names a registered device (401), the path naming that same device
//! (403), and the device's request rate (429, a token bucket per device). Only
//! then is the request handed on, with the [`Device`] it was authenticated as.
//! An anonymous client can therefore make the office read headers, never
//! megabytes of body.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header::CONTENT_LENGTH;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use canteen_sync::wire::{AUTHORIZATION, MAX_BATCH_BYTES};

use crate::error::OfficeError;
use crate::server::AppState;
use crate::store::devices;

/// The device a request was authenticated as.
#[derive(Clone, Debug)]
pub struct Device(pub String);

/// The middleware (see the module doc).
pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let token = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned);
    let named = request
        .uri()
        .path()
        .strip_prefix("/v1/devices/")
        .and_then(|rest| rest.split('/').next())
        .map(str::to_owned);
    match check(&state, declared, token, named).await {
        Ok(device) => {
            request.extensions_mut().insert(device);
            next.run(request).await
        }
        Err(e) => e.into_response(),
    }
}

/// The checks on what the request declared: its body size, its token and the
/// device its path names.
async fn check(
    state: &AppState,
    declared: Option<u64>,
    token: Option<String>,
    named: Option<String>,
) -> Result<Device, OfficeError> {
    if declared.is_some_and(|n| n > MAX_BATCH_BYTES as u64) {
        return Err(too_large());
    }
    let token = token.ok_or(OfficeError::Unauthorized)?;
    let store = state.store.clone();
    let device =
        tokio::task::spawn_blocking(move || store.run(|db| devices::authenticate(db, &token)))
            .await
            .map_err(|e| OfficeError::Store(e.to_string()))??;
    if named.as_deref() != Some(device.as_str()) {
        return Err(OfficeError::Forbidden);
    }
    if !state.rate.allow(&device, Instant::now()) {
        return Err(OfficeError::BadRequest {
            code: "rate_limited",
            status: 429,
            message: "too many requests from this device; the kiosk retries later by itself".into(),
        });
    }
    Ok(Device(device))
}

/// The 413 for a body over the batch limit, as JSON.
pub fn too_large() -> OfficeError {
    OfficeError::BadRequest {
        code: "too_large",
        status: 413,
        message: format!(
            "the request body is over {MAX_BATCH_BYTES} bytes; send smaller batches (`canteen sync --batch-size`)"
        ),
    }
}

/// Requests per device: a token bucket of `burst` requests refilled at
/// `per_second`.
pub struct RateLimit {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, (f64, Instant)>>,
}

impl RateLimit {
    pub fn new(per_second: f64, burst: f64) -> RateLimit {
        RateLimit {
            per_second,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request's token for `device` at `now`; false when it has none.
    pub fn allow(&self, device: &str, now: Instant) -> bool {
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let (tokens, at) = buckets
            .entry(device.to_owned())
            .or_insert((self.burst, now));
        let refilled = now.saturating_duration_since(*at).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refilled).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_device_gets_its_burst_then_its_rate_and_others_are_untouched() {
        let limit = RateLimit::new(2.0, 3.0);
        let t0 = Instant::now();
        assert!((0..3).all(|_| limit.allow("a", t0)));
        assert!(!limit.allow("a", t0));
        assert!(limit.allow("b", t0), "another device has its own bucket");
        assert!(limit.allow("a", t0 + Duration::from_millis(500)));
        assert!(!limit.allow("a", t0 + Duration::from_millis(500)));
    }
}
