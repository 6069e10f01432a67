//! The HTTP API (axum): `POST` a batch, `GET` the high-water mark, `GET` the
//! latest signed bundle (as the device's canteen runs it), and `POST /v1/enroll` (no token: the one-time code is
//! the credential). Every route
//! is described in `openapi.json` beside this crate (kept true by a test).
//!
//! `guard` authenticates the bearer token (and refuses a path naming another
//! device, an oversized body, a device over its rate) before a body is read;
//! `listen` accepts connections with header timeouts and per-client caps.
//! Handlers run the SQLite work on the blocking pool behind one mutex, so
//! batches of one office are applied one at a time. Errors are JSON
//! `{"error","message"}` with the status [`OfficeError::status`] names; an
//! internal error's details are logged under a request id, never sent.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Extension, Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};
use axum::{Router, middleware};
use canteen_core::{CommunitySecret, Secret};
use canteen_sync::validate::decode_batch;
use canteen_sync::wire::{ENROLL_PATH, EnrollRequest, Enrolment, MAX_BATCH_BYTES};
use tower_http::timeout::TimeoutLayer;

use crate::access_log;
use crate::error::{OfficeError, Result};
use crate::guard::{self, Device, RateLimit};
use crate::keys;
use crate::listen::{self, Limits};
use crate::store::backend::{Database, Store};
use crate::store::trust::Checks;
use crate::store::{bundles, enrol, ingest};
use crate::web;

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

/// What every request of one office process shares.
#[derive(Clone)]
pub struct AppState {
    pub store: crate::store::backend::Store,
    pub rate: Arc<RateLimit>,
    enrol_keys: Arc<EnrolKeys>,
    pub(crate) settings: Settings,
    /// The data directory (the office's keys and the seal key beside it).
    pub(crate) data_dir: PathBuf,
}

/// The office's clock: the system's in production; tests hand in their own.
pub type Clock = Arc<dyn Fn() -> chrono::DateTime<chrono::Utc> + Send + Sync>;

/// What an office operator may set for the API.
#[derive(Clone)]
pub struct Settings {
    /// How far ahead of the office's clock a sale's time may be before the
    /// sale is quarantined (`future`).
    pub max_clock_skew: chrono::Duration,
    /// The time of receipt of batches and of enrolments, and the web back
    /// office's "now" (today's figures, session expiry).
    pub clock: Clock,
    /// Mark the web session cookie `Secure` (served over TLS).
    pub secure_cookies: bool,
    /// The seal key file the web's registry import uses (`serve --seal-key`);
    /// `None`: `<data>.seal.key` beside the data directory, as the CLI's default.
    pub seal_key: Option<PathBuf>,
    /// `serve --database`: a PostgreSQL URL, or a SQLite file; `None`: the
    /// SQLite file in the data directory.
    pub database: Option<String>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            max_clock_skew: chrono::Duration::minutes(15),
            clock: Arc::new(chrono::Utc::now),
            secure_cookies: false,
            seal_key: None,
            database: None,
        }
    }
}

/// What an enrolled kiosk is given besides its token.
struct EnrolKeys {
    office_public_key: String,
    community_secret: CommunitySecret,
}

impl IntoResponse for OfficeError {
    fn into_response(self) -> Response {
        let status =
            StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        (status, Json(self.public_body())).into_response()
    }
}

/// The office API over the store in `data_dir`, with the default [`Settings`].
pub fn router(data_dir: &Path) -> Result<Router> {
    router_with(data_dir, Settings::default())
}

/// The office API over the store in `data_dir`, and the web back office at
/// `/` ([`crate::web`]) on the same address.
pub fn router_with(data_dir: &Path, settings: Settings) -> Result<Router> {
    let store = Store::open(&Database::choose(settings.database.as_deref(), data_dir))?;
    let state = AppState {
        settings,
        store,
        // A kiosk sends a batch every few hundred milliseconds at most.
        rate: Arc::new(RateLimit::new(20.0, 60.0)),
        enrol_keys: Arc::new(EnrolKeys {
            office_public_key: keys::load_or_create(data_dir)?.public_hex(),
            community_secret: keys::community_secret(data_dir)?,
        }),
        data_dir: data_dir.to_path_buf(),
    };
    Ok(Router::new()
        .route(ROUTES[0].1, post(post_batch))
        .route(ROUTES[1].1, get(get_high_water))
        .route(ROUTES[2].1, get(get_bundle))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            guard::authenticate,
        ))
        // Enrolment has no token to check: the one-time code is checked by
        // the store, and its body is small.
        .route(
            ROUTES[3].1,
            post(post_enroll).layer(DefaultBodyLimit::max(4096)),
        )
        .layer(DefaultBodyLimit::max(MAX_BATCH_BYTES))
        .merge(web::router())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        // Every request, refused or not, as one log line (no token, no body).
        .layer(middleware::from_fn(access_log::log_request))
        .with_state(state))
}

/// Serves the API on `listener` until the process ends.
pub fn serve(listener: TcpListener, data_dir: &Path) -> Result<()> {
    serve_with(listener, data_dir, Settings::default(), None)
}

/// Serves the API (over TLS when `tls` is given) with the default [`Limits`].
pub fn serve_with(
    listener: TcpListener,
    data_dir: &Path,
    settings: Settings,
    tls: Option<tokio_rustls::TlsAcceptor>,
) -> Result<()> {
    let settings = Settings {
        secure_cookies: settings.secure_cookies || tls.is_some(),
        ..settings
    };
    let app = router_with(data_dir, settings)?;
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        listen::serve(listener, app, Limits::default(), tls).await
    })?;
    Ok(())
}

/// Runs `work` on the store for the authenticated device, on the blocking pool.
async fn with_store<T: Send + 'static>(
    state: AppState,
    Device(device): Device,
    work: impl FnOnce(&mut dyn crate::store::db::Db, &str) -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(move || state.store.run(|db| work(db, &device)))
        .await
        .map_err(|e| OfficeError::Store(e.to_string()))?
}

async fn post_batch(
    State(state): State<AppState>,
    Extension(device): Extension<Device>,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Result<Response> {
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => guard::too_large(),
        status => OfficeError::BadRequest {
            code: "bad_body",
            status: status.as_u16(),
            message: "the request body could not be read; send the batch again".into(),
        },
    })?;
    let checks = Checks {
        now: (state.settings.clock)(),
        max_skew: state.settings.max_clock_skew,
    };
    let ack = with_store(state, device, move |conn, device| {
        let batch = decode_batch(&body, device)?;
        ingest::ingest(conn, &batch, &checks)
    })
    .await?;
    Ok(Json(ack).into_response())
}

async fn get_high_water(
    State(state): State<AppState>,
    Extension(device): Extension<Device>,
    UrlPath((_, db_epoch)): UrlPath<(String, String)>,
) -> Result<Response> {
    let hw = with_store(state, device, move |conn, device| {
        ingest::high_water(conn, device, &db_epoch)
    })
    .await?;
    Ok(Json(hw).into_response())
}

async fn get_bundle(
    State(state): State<AppState>,
    Extension(device): Extension<Device>,
) -> Result<Response> {
    let data_dir = state.data_dir.clone();
    let latest = with_store(state, device, move |conn, device| {
        let canteen = crate::store::devices::canteen_of(conn, device)?;
        bundles::latest_for(conn, canteen.as_deref(), || keys::load_or_create(&data_dir))
    })
    .await?;
    Ok(match latest {
        Some(signed) => Json(signed).into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    })
}

async fn post_enroll(
    State(state): State<AppState>,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Result<Response> {
    let body = body.map_err(|_| OfficeError::BadRequest {
        code: "bad_request",
        status: 400,
        message: "an enrolment request is a small JSON body {\"code\",\"device_id\"}".into(),
    })?;
    let request: EnrollRequest =
        serde_json::from_slice(&body).map_err(|e| OfficeError::BadRequest {
            code: "bad_request",
            status: 400,
            message: format!("an enrolment request is JSON {{\"code\",\"device_id\"}} ({e})"),
        })?;
    let store = state.store.clone();
    let now = (state.settings.clock)();
    let enrolled = tokio::task::spawn_blocking(move || {
        store.run(|db| enrol::enrol(db, &request.code, &request.device_id, now))
    })
    .await
    .map_err(|e| OfficeError::Store(e.to_string()))??;
    Ok(Json(Enrolment {
        device_id: enrolled.device_id,
        canteen: enrolled.canteen,
        token: enrolled.token,
        office_public_key: state.enrol_keys.office_public_key.clone(),
        community_secret: Secret::new(state.enrol_keys.community_secret.to_hex()),
        key_cost: state.enrol_keys.community_secret.cost(),
    })
    .into_response())
}
