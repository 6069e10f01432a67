//! The canteen's other terminals (`[peers]` in `canteen.toml`): where this
//! terminal listens for their quota uses and where it pushes its own.
//!
//! Both keys or neither: `listen = "0.0.0.0:7311"` (an IP address and a port;
//! empty or absent is off) and `peers = ["10.0.0.12:7311", …]` (each peer's
//! IP address and port, listed once). Host names are not accepted: a terminal
//! takes uses only from the addresses listed, so they must be addresses.

use std::net::SocketAddr;

use crate::error::Problems;
use crate::raw::PeersSection;

/// The default port of the peers' listener.
pub const DEFAULT_PEER_PORT: u16 = 7311;

/// `[peers]`; off when `listen` is `None` (then `peers` is empty too).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Peers {
    pub listen: Option<SocketAddr>,
    pub peers: Vec<SocketAddr>,
}

impl Peers {
    /// Whether this terminal shares quota uses with peers.
    pub fn is_on(&self) -> bool {
        self.listen.is_some()
    }
}

pub(crate) fn peers(raw: Option<&PeersSection>, problems: &mut Vec<crate::Problem>) -> Peers {
    let Some(raw) = raw else {
        return Peers::default();
    };
    let mut p = Problems::new("canteen.toml");
    let listen = match raw.listen.trim() {
        "" => None,
        text => address(&mut p, "peers.listen", text),
    };
    let mut peers = Vec::new();
    for (i, text) in raw.peers.iter().enumerate() {
        let Some(addr) = address(&mut p, &format!("peers.peers[{i}]"), text.trim()) else {
            continue;
        };
        if addr.ip().is_unspecified() {
            p.add(
                format!("peers.peers[{i}]"),
                format!("`{text}` is not a terminal's address: write the peer's LAN address, e.g. \"10.0.0.12:{DEFAULT_PEER_PORT}\""),
            );
        } else if peers.contains(&addr) {
            p.add(
                "peers.peers",
                format!("`{text}` is listed twice: list each peer once"),
            );
        } else {
            peers.push(addr);
        }
    }
    match (raw.listen.trim().is_empty(), raw.peers.is_empty()) {
        (true, false) => p.add(
            "peers.listen",
            format!("is empty but peers are listed: set it (e.g. \"0.0.0.0:{DEFAULT_PEER_PORT}\") so the peers can send their uses here, or remove `peers`"),
        ),
        (false, true) => p.add(
            "peers.peers",
            format!("is empty but `listen` is set: list the canteen's other terminals (e.g. [\"10.0.0.12:{DEFAULT_PEER_PORT}\"]), or set `listen = \"\"` to turn sharing off"),
        ),
        _ => {}
    }
    problems.append(&mut p.found);
    Peers { listen, peers }
}

fn address(p: &mut Problems<'_>, key: &str, text: &str) -> Option<SocketAddr> {
    match text.parse::<SocketAddr>() {
        Ok(a) if a.port() != 0 => Some(a),
        Ok(_) => {
            p.add(
                key,
                format!("`{text}` has port 0: give a fixed port, e.g. {DEFAULT_PEER_PORT}"),
            );
            None
        }
        Err(_) => {
            p.add(
                key,
                format!("`{text}` is not an IP address and port: write e.g. \"10.0.0.12:{DEFAULT_PEER_PORT}\" (host names are not accepted)"),
            );
            None
        }
    }
}
