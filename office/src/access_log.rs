//! One log line per API request: method, path (which names the device, never
//! a token), status, time taken in milliseconds and the device the path names.
//! Headers (the bearer token), query strings and bodies (enrolment codes,
//! records) are never logged, so no token, code or ID number reaches the log.

use std::time::Instant;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

/// The device a path names: `/v1/devices/{device_id}/…`, else `-`.
pub fn device_of(path: &str) -> &str {
    path.strip_prefix("/v1/devices/")
        .and_then(|rest| rest.split('/').next())
        .filter(|d| !d.is_empty())
        .unwrap_or("-")
}

/// The middleware (outermost, so refusals by the guard are logged too).
pub async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(req).await;
    let ms = started.elapsed().as_millis();
    let status = response.status().as_u16();
    tracing::info!(
        %method,
        path = %path,
        status,
        ms,
        device = device_of(&path),
        "request"
    );
    response
}

#[cfg(test)]
mod tests {
    use super::device_of;

    #[test]
    fn the_device_is_the_path_segment_after_devices() {
        assert_eq!(device_of("/v1/devices/dev-a/batches"), "dev-a");
        assert_eq!(device_of("/v1/devices/dev-a/epochs/3/high-water"), "dev-a");
        assert_eq!(device_of("/v1/enroll"), "-");
        assert_eq!(device_of("/v1/devices/"), "-");
    }
}
