//! HTTPS for the office API: rustls (with the `ring` provider, the same one the
//! kiosk's client uses) through axum-server, from a PEM certificate chain and
//! private key given on the command line.

use std::net::TcpListener;
use std::path::Path;

use axum_server::tls_rustls::RustlsConfig;

use crate::error::{OfficeError, Result};
use crate::server::router;

/// Serves the API over TLS on `listener` until the process ends.
pub fn serve_tls(listener: TcpListener, data_dir: &Path, cert: &Path, key: &Path) -> Result<()> {
    let app = router(data_dir)?;
    // Only fails if a provider is already installed, which is then used.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let config = RustlsConfig::from_pem_file(cert, key).await.map_err(|e| {
            OfficeError::Store(format!("cannot load the TLS certificate or key: {e}"))
        })?;
        listener.set_nonblocking(true)?;
        axum_server::from_tcp_rustls(listener, config)?
            .serve(app.into_make_service())
            .await?;
        Ok(())
    })
}
