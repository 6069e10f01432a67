//! Accepting connections for the office API, cheaply and with limits.
//!
//! One accept loop serves plain HTTP and HTTPS alike. A connection is dropped
//! at once when the office already holds its total, or its client address
//! already holds its share ([`Limits`]); otherwise it is served by hyper with a
//! header read timeout (a client that connects and sends nothing, or half a
//! request line, is dropped), a TLS handshake under the same deadline, and a
//! cap on the connection's whole life. Stalled clients therefore cost a slot
//! for seconds, never for good, and cannot crowd out a kiosk's sync from
//! another address. Request-level limits (authentication before the body, the
//! body limit, the request timeout, the per-device rate) are `guard`'s.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;

/// What one office process allows its clients.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Time for a request's headers (and a TLS handshake) to arrive.
    pub header_read: Duration,
    /// The longest a connection may live, whatever it does.
    pub connection_life: Duration,
    /// Connections held at once, in all.
    pub total: usize,
    /// Connections held at once from one client address.
    pub per_client: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            connection_life: Duration::from_secs(300),
            total: 1024,
            per_client: 64,
        }
    }
}

/// Serves `app` on `listener` until the process ends (TLS when `tls` is given).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    tls: Option<TlsAcceptor>,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.total));
    let clients = Clients::default();
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            // Out of file descriptors and the like: wait, never spin.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            continue; // dropped: the office is full
        };
        let Some(share) = clients.take(peer.ip(), limits.per_client) else {
            continue; // dropped: this client holds its share
        };
        let (app, tls) = (app.clone(), tls.clone());
        tokio::spawn(async move {
            let _held = (slot, share);
            let _ = tokio::time::timeout(limits.connection_life, async move {
                match tls {
                    None => connection(stream, app, limits).await,
                    Some(acceptor) => {
                        if let Ok(Ok(stream)) =
                            tokio::time::timeout(limits.header_read, acceptor.accept(stream)).await
                        {
                            connection(stream, app, limits).await;
                        }
                    }
                }
            })
            .await;
        });
    }
}

async fn connection<I>(io: I, app: Router, limits: Limits)
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .serve_connection(TokioIo::new(io), TowerToHyperService::new(app))
        .await;
}

/// Connections held per client address.
#[derive(Clone, Default)]
struct Clients(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One held connection of a client; released when dropped.
struct Share {
    clients: Clients,
    ip: IpAddr,
}

impl Clients {
    fn take(&self, ip: IpAddr, cap: usize) -> Option<Share> {
        let mut held = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let n = held.entry(ip).or_default();
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(Share {
            clients: self.clone(),
            ip,
        })
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut held = self.clients.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = held.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                held.remove(&self.ip);
            }
        }
    }
}
