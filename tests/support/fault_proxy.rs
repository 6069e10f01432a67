//! A fault-injecting TCP proxy for sync tests: forwards loopback connections to
//! one upstream office, or to several (each connection to one chosen at
//! random, failing over to the next when it is down) and, on a seeded random
//! share of them, drops the connection at once, or cuts it or stalls it after
//! a random number of bytes of the request or of the response. With several
//! upstreams it may also mirror a request to a second office at the same
//! moment (the client hears only the first), as a retrying middlebox would.
//! It counts the server errors (HTTP 5xx) the offices answered. Same seed,
//! same faults.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// xorshift64*: enough randomness for faults, no dependency.
pub struct Rng(pub u64);

impl Rng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[derive(Clone, Copy, Debug)]
enum Action {
    Cut,
    Stall,
}

/// Which direction fails, after how many bytes, and how.
#[derive(Clone, Copy, Debug)]
enum Fault {
    None,
    Drop,
    Request(u64, Action),
    Response(u64, Action),
    /// The request also goes to the next upstream, at the same moment.
    Mirror,
}

/// How many connections got each kind of fault, and what the offices said.
#[derive(Default)]
pub struct Counts {
    pub connections: AtomicU64,
    pub faulty: AtomicU64,
    pub mirrored: AtomicU64,
    /// Responses (to the client or to a mirrored copy) with status 5xx.
    pub server_errors: AtomicU64,
}

pub struct FaultProxy {
    pub url: String,
    pub counts: Arc<Counts>,
}

impl FaultProxy {
    /// `fault_percent` of connections get a fault; a stall lasts `stall`.
    pub fn start(
        upstream: SocketAddr,
        seed: u64,
        fault_percent: u64,
        stall: Duration,
    ) -> FaultProxy {
        FaultProxy::start_to(vec![upstream], seed, fault_percent, 0, stall)
    }

    /// [`FaultProxy::start`] to several `upstreams`; `mirror_percent` of the
    /// connections without another fault are mirrored (needs two upstreams).
    pub fn start_to(
        upstreams: Vec<SocketAddr>,
        seed: u64,
        fault_percent: u64,
        mirror_percent: u64,
        stall: Duration,
    ) -> FaultProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Counts::default());
        let shared = counts.clone();
        let upstreams = Arc::new(upstreams);
        std::thread::spawn(move || {
            let mut rng = Rng(seed | 1);
            for client in listener.incoming().flatten() {
                let mut fault = if rng.below(100) >= fault_percent {
                    Fault::None
                } else {
                    let action = if rng.below(2) == 0 {
                        Action::Cut
                    } else {
                        Action::Stall
                    };
                    match rng.below(5) {
                        0 => Fault::Drop,
                        1 | 2 => Fault::Request(rng.below(6000), action),
                        _ => Fault::Response(rng.below(400), action),
                    }
                };
                // Drawn only with several upstreams: one office, same faults.
                let first = if upstreams.len() > 1 {
                    if matches!(fault, Fault::None) && rng.below(100) < mirror_percent {
                        fault = Fault::Mirror;
                    }
                    rng.below(upstreams.len() as u64) as usize
                } else {
                    0
                };
                shared.connections.fetch_add(1, Ordering::Relaxed);
                match fault {
                    Fault::None => {}
                    Fault::Mirror => _ = shared.mirrored.fetch_add(1, Ordering::Relaxed),
                    _ => _ = shared.faulty.fetch_add(1, Ordering::Relaxed),
                }
                let (upstreams, counts) = (upstreams.clone(), shared.clone());
                std::thread::spawn(move || relay(client, &upstreams, first, fault, stall, &counts));
            }
        });
        FaultProxy { url, counts }
    }
}

/// The first upstream from `first` on that takes a connection, and its index.
fn connect(upstreams: &[SocketAddr], first: usize) -> Option<(usize, TcpStream)> {
    (0..upstreams.len())
        .map(|i| (first + i) % upstreams.len())
        .find_map(|i| TcpStream::connect(upstreams[i]).ok().map(|s| (i, s)))
}

fn relay(
    client: TcpStream,
    upstreams: &[SocketAddr],
    first: usize,
    fault: Fault,
    stall: Duration,
    counts: &Arc<Counts>,
) {
    if let Fault::Drop = fault {
        return; // closed before a byte is forwarded
    }
    let Some((chosen, server)) = connect(upstreams, first) else {
        return;
    };
    let (req_budget, resp_budget) = match fault {
        Fault::Request(n, a) => (Some((n, a)), None),
        Fault::Response(n, a) => (None, Some((n, a))),
        Fault::None | Fault::Drop | Fault::Mirror => (None, None),
    };
    let mut sinks = vec![server.try_clone().unwrap()];
    if let Fault::Mirror = fault {
        let other = (chosen + 1) % upstreams.len();
        if let Ok(mirror) = TcpStream::connect(upstreams[other]) {
            let (copy, counts) = (mirror.try_clone().unwrap(), counts.clone());
            std::thread::spawn(move || pump(copy, Vec::new(), None, stall, &counts));
            sinks.push(mirror);
        }
    }
    let (c2, up_counts) = (client.try_clone().unwrap(), counts.clone());
    let up = std::thread::spawn(move || pump(c2, sinks, req_budget, stall, &up_counts));
    pump(server, vec![client], resp_budget, stall, counts);
    let _ = up.join();
}

/// Copies `from` → every one of `to` (none: reads and discards); after
/// `budget` bytes, cuts or stalls then cuts both. Counts 5xx responses.
fn pump(
    mut from: TcpStream,
    mut to: Vec<TcpStream>,
    budget: Option<(u64, Action)>,
    stall: Duration,
    counts: &Counts,
) {
    let mut sent = 0u64;
    let mut buf = [0u8; 4096];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => {
                for t in &to {
                    let _ = t.shutdown(Shutdown::Write);
                }
                return;
            }
            Ok(n) => n,
        };
        // A response starts a read: the office writes it after the request.
        if buf[..n].starts_with(b"HTTP/1.1 5") {
            counts.server_errors.fetch_add(1, Ordering::Relaxed);
        }
        if let Some((limit, action)) = budget.filter(|(limit, _)| sent + n as u64 > *limit) {
            for t in &mut to {
                let _ = t.write_all(&buf[..(limit - sent) as usize]);
            }
            if let Action::Stall = action {
                std::thread::sleep(stall);
            }
            let _ = from.shutdown(Shutdown::Both);
            for t in &to {
                let _ = t.shutdown(Shutdown::Both);
            }
            return;
        }
        // Only the first sink's failure ends the copy: a mirror may go.
        let failed: Vec<bool> = to
            .iter_mut()
            .map(|t| t.write_all(&buf[..n]).is_err())
            .collect();
        if failed.first() == Some(&true) {
            let _ = from.shutdown(Shutdown::Both);
            return;
        }
        sent += n as u64;
    }
}
