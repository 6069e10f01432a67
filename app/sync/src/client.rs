//! The blocking HTTP client of the office API: it only moves the bytes that
//! [`crate::validate`] encodes and decodes.
//!
//! Every request carries the device's token and has one overall deadline
//! ([`OfficeClient::new`]'s `timeout`), so a stalled connection fails fast and
//! the upload loop resumes from the office's high-water mark on the next try.

use std::time::Duration;

use ureq::tls::{Certificate, RootCerts, TlsConfig};

use crate::error::SyncError;
use crate::signing::SignedBundle;
use crate::validate::{decode_answer, encode_batch};
use crate::wire::{
    AUTHORIZATION, Ack, Batch, ENROLL_PATH, EnrollRequest, Enrolment, HighWater, batches_path,
    bundle_path, high_water_path,
};

/// The largest answer read from the office.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// A connection to one office as one device.
pub struct OfficeClient {
    agent: ureq::Agent,
    base: String,
    bearer: String,
}

impl OfficeClient {
    /// `base` like `https://office.example:8443` (no trailing path); TLS
    /// certificates are checked against the public web PKI roots.
    pub fn new(base: &str, token: &str, timeout: Duration) -> OfficeClient {
        Self::with_tls(base, token, timeout, TlsConfig::default())
    }

    /// As [`OfficeClient::new`], trusting only the PEM certificate(s) in
    /// `ca_pem` (an office with its own certificate authority or a
    /// self-signed certificate).
    pub fn with_private_ca(
        base: &str,
        token: &str,
        timeout: Duration,
        ca_pem: &[u8],
    ) -> Result<OfficeClient, SyncError> {
        let bad = |e: ureq::Error| {
            SyncError::Source(format!("the office CA file is not a PEM certificate: {e}"))
        };
        let ca = Certificate::from_pem(ca_pem).map_err(bad)?;
        let tls = TlsConfig::builder()
            .root_certs(RootCerts::new_with_certs(&[ca]))
            .build();
        Ok(Self::with_tls(base, token, timeout, tls))
    }

    fn with_tls(base: &str, token: &str, timeout: Duration, tls: TlsConfig) -> OfficeClient {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .tls_config(tls)
            .build()
            .into();
        OfficeClient {
            agent,
            base: base.trim_end_matches('/').to_owned(),
            bearer: format!("Bearer {token}"),
        }
    }

    /// The office's contiguous high-water mark for this database life.
    pub fn high_water(&self, device_id: &str, db_epoch: &str) -> Result<HighWater, SyncError> {
        let url = format!("{}{}", self.base, high_water_path(device_id, db_epoch));
        let answer = self
            .agent
            .get(&url)
            .header(AUTHORIZATION, &self.bearer)
            .call();
        read(answer)
    }

    /// The latest signed bundle, unverified (`None` when none was issued).
    pub fn latest_bundle(&self, device_id: &str) -> Result<Option<SignedBundle>, SyncError> {
        let url = format!("{}{}", self.base, bundle_path(device_id));
        let answer = self
            .agent
            .get(&url)
            .header(AUTHORIZATION, &self.bearer)
            .call();
        match fetch(answer)? {
            (204, _) => Ok(None),
            (status, body) => decode_answer(status, &body).map(Some),
        }
    }

    /// Enrols this kiosk with a one-time code: the office's answer, or its
    /// refusal (`bad_enroll_code`, `enroll_code_expired`, `device_exists` …).
    /// Sends no token (a client for enrolment may be made with an empty one).
    pub fn enroll(&self, request: &EnrollRequest) -> Result<Enrolment, SyncError> {
        let url = format!("{}{}", self.base, ENROLL_PATH);
        let body = serde_json::to_vec(request).expect("a request always serialises");
        let answer = self
            .agent
            .post(&url)
            .header("content-type", "application/json")
            .send(&body[..]);
        read(answer)
    }

    /// Uploads one batch; the office's acknowledgement.
    pub fn push(&self, batch: &Batch) -> Result<Ack, SyncError> {
        let url = format!("{}{}", self.base, batches_path(&batch.device_id));
        let answer = self
            .agent
            .post(&url)
            .header(AUTHORIZATION, &self.bearer)
            .header("content-type", "application/json")
            .send(&encode_batch(batch)[..]);
        read(answer)
    }
}

fn read<T: serde::de::DeserializeOwned>(
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<T, SyncError> {
    let (status, body) = fetch(answer)?;
    decode_answer(status, &body)
}

fn fetch(
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<(u16, Vec<u8>), SyncError> {
    let mut response = answer.map_err(|e| SyncError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|e| SyncError::Network(e.to_string()))?;
    Ok((status, body))
}
