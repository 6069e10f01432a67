//! HTTPS for the office API: rustls (with the `ring` provider, the same one the
//! kiosk's client uses) (tokio-rustls, the certificate loaded by axum-server), from a PEM certificate chain and
//! private key given on the command line.

use std::net::TcpListener;
use std::path::Path;

use axum_server::tls_rustls::RustlsConfig;

use crate::error::{OfficeError, Result};
use crate::server::{Settings, serve_with};

/// Serves the API over TLS on `listener` until the process ends, through the
/// same accept loop and limits as plain HTTP, with the default settings.
pub fn serve_tls(listener: TcpListener, data_dir: &Path, cert: &Path, key: &Path) -> Result<()> {
    serve_with(
        listener,
        data_dir,
        Settings::default(),
        Some(acceptor(cert, key)?),
    )
}

/// The TLS acceptor of a PEM certificate chain and private key.
pub fn acceptor(cert: &Path, key: &Path) -> Result<tokio_rustls::TlsAcceptor> {
    // Only fails if a provider is already installed, which is then used.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = tokio::runtime::Builder::new_current_thread()
        .build()?
        .block_on(RustlsConfig::from_pem_file(cert, key))
        .map_err(|e| OfficeError::BadRequest {
            code: "bad_tls",
            status: 400,
            message: format!("cannot load the TLS certificate or key: {e}"),
        })?;
    Ok(tokio_rustls::TlsAcceptor::from(config.get_inner()))
}
