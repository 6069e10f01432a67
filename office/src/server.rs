//! The HTTP API (axum): `POST` a batch, `GET` the high-water mark, `GET` the
//! latest signed bundle, and `POST /v1/enroll` (no token: the one-time code is
//! the credential). Every route
//! is described in `openapi.json` beside this crate (kept true by a test).
//!
//! Handlers authenticate the bearer token, refuse a path naming another device,
//! and run the SQLite work on the blocking pool behind one mutex, so batches of
//! one office are applied one at a time. Errors are JSON `{"error","message"}`
//! with the status [`OfficeError::status`] names.

use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Extension, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use canteen_core::CommunitySecret;
use canteen_sync::validate::decode_batch;
use canteen_sync::wire::{AUTHORIZATION, ENROLL_PATH, EnrollRequest, Enrolment, MAX_BATCH_BYTES};
use rusqlite::Connection;

use crate::error::{OfficeError, Result};
use crate::keys;
use crate::store::{self, bundles, devices, enrol, ingest};

/// The routes as `(method, axum path)`; the OpenAPI test reads this list.
pub const ROUTES: [(&str, &str); 4] = [
    ("post", "/v1/devices/{device_id}/batches"),
    (
        "get",
        "/v1/devices/{device_id}/epochs/{db_epoch}/high-water",
    ),
    ("get", "/v1/devices/{device_id}/bundle"),
    ("post", ENROLL_PATH),
];

type Store = Arc<Mutex<Connection>>;

/// What an enrolled kiosk is given besides its token.
struct EnrolKeys {
    office_public_key: String,
    community_secret: CommunitySecret,
}

impl IntoResponse for OfficeError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.body())).into_response()
    }
}

/// The office API over the store in `data_dir`.
pub fn router(data_dir: &Path) -> Result<Router> {
    let store: Store = Arc::new(Mutex::new(store::open(data_dir)?));
    let enrol_keys = Arc::new(EnrolKeys {
        office_public_key: keys::load_or_create(data_dir)?.public_hex(),
        community_secret: keys::community_secret(data_dir)?,
    });
    Ok(Router::new()
        .route(ROUTES[0].1, post(post_batch))
        .route(ROUTES[1].1, get(get_high_water))
        .route(ROUTES[2].1, get(get_bundle))
        .route(ROUTES[3].1, post(post_enroll))
        .layer(Extension(enrol_keys))
        .layer(DefaultBodyLimit::max(MAX_BATCH_BYTES + 1))
        .with_state(store))
}

/// Serves the API on `listener` until the process ends.
pub fn serve(listener: TcpListener, data_dir: &Path) -> Result<()> {
    let app = router(data_dir)?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        axum::serve(listener, app).await
    })?;
    Ok(())
}

/// Runs `work` on the store with the request's device, on the blocking pool.
async fn with_device<T: Send + 'static>(
    store: Store,
    headers: &HeaderMap,
    path_device: String,
    work: impl FnOnce(&mut Connection, &str) -> Result<T> + Send + 'static,
) -> Result<T> {
    let token = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_owned)
        .ok_or(OfficeError::Unauthorized)?;
    tokio::task::spawn_blocking(move || {
        let mut conn = store
            .lock()
            .map_err(|_| OfficeError::Store("store lock poisoned".into()))?;
        let device = devices::authenticate(&conn, &token)?;
        if device != path_device {
            return Err(OfficeError::Forbidden);
        }
        work(&mut conn, &device)
    })
    .await
    .map_err(|e| OfficeError::Store(e.to_string()))?
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

async fn post_batch(
    State(store): State<Store>,
    UrlPath(device_id): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    let ack = with_device(store, &headers, device_id, move |conn, device| {
        let batch = decode_batch(&body, device)?;
        ingest::ingest(conn, &batch, &now())
    })
    .await?;
    Ok(Json(ack).into_response())
}

async fn get_high_water(
    State(store): State<Store>,
    UrlPath((device_id, db_epoch)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    let hw = with_device(store, &headers, device_id, move |conn, device| {
        ingest::high_water(conn, device, &db_epoch)
    })
    .await?;
    Ok(Json(hw).into_response())
}

async fn get_bundle(
    State(store): State<Store>,
    UrlPath(device_id): UrlPath<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let latest = with_device(store, &headers, device_id, |conn, _| bundles::latest(conn)).await?;
    Ok(match latest {
        Some(signed) => Json(signed).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

async fn post_enroll(
    State(store): State<Store>,
    Extension(enrol_keys): Extension<Arc<EnrolKeys>>,
    body: Bytes,
) -> Result<Response> {
    let request: EnrollRequest =
        serde_json::from_slice(&body).map_err(|e| OfficeError::BadRequest {
            code: "bad_request",
            status: 400,
            message: format!("an enrolment request is JSON {{\"code\",\"device_id\"}} ({e})"),
        })?;
    let enrolled = tokio::task::spawn_blocking(move || {
        let mut conn = store
            .lock()
            .map_err(|_| OfficeError::Store("store lock poisoned".into()))?;
        enrol::enrol(
            &mut conn,
            &request.code,
            &request.device_id,
            chrono::Utc::now(),
        )
    })
    .await
    .map_err(|e| OfficeError::Store(e.to_string()))??;
    Ok(Json(Enrolment {
        device_id: enrolled.device_id,
        canteen: enrolled.canteen,
        token: enrolled.token,
        office_public_key: enrol_keys.office_public_key.clone(),
        community_secret: enrol_keys.community_secret.to_hex(),
    })
    .into_response())
}
