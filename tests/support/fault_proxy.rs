//! A fault-injecting TCP proxy for sync tests: forwards loopback connections to
//! an upstream address and, on a seeded random share of them, drops the
//! connection at once, or cuts it or stalls it after a random number of bytes
//! of the request or of the response. Same seed, same faults.

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
}

/// How many connections got each kind of fault.
#[derive(Default)]
pub struct Counts {
    pub connections: AtomicU64,
    pub faulty: AtomicU64,
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
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let counts = Arc::new(Counts::default());
        let shared = counts.clone();
        std::thread::spawn(move || {
            let mut rng = Rng(seed | 1);
            for client in listener.incoming().flatten() {
                let fault = if rng.below(100) >= fault_percent {
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
                shared.connections.fetch_add(1, Ordering::Relaxed);
                if !matches!(fault, Fault::None) {
                    shared.faulty.fetch_add(1, Ordering::Relaxed);
                }
                std::thread::spawn(move || relay(client, upstream, fault, stall));
            }
        });
        FaultProxy { url, counts }
    }
}

fn relay(client: TcpStream, upstream: SocketAddr, fault: Fault, stall: Duration) {
    if let Fault::Drop = fault {
        return; // closed before a byte is forwarded
    }
    let Ok(server) = TcpStream::connect(upstream) else {
        return;
    };
    let (req_budget, resp_budget) = match fault {
        Fault::Request(n, a) => (Some((n, a)), None),
        Fault::Response(n, a) => (None, Some((n, a))),
        Fault::None | Fault::Drop => (None, None),
    };
    let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
    let up = std::thread::spawn(move || pump(c2, s2, req_budget, stall));
    pump(server, client, resp_budget, stall);
    let _ = up.join();
}

/// Copies `from` → `to`; after `budget` bytes, cuts or stalls then cuts both.
fn pump(mut from: TcpStream, mut to: TcpStream, budget: Option<(u64, Action)>, stall: Duration) {
    let mut sent = 0u64;
    let mut buf = [0u8; 4096];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => {
                let _ = to.shutdown(Shutdown::Write);
                return;
            }
            Ok(n) => n,
        };
        if let Some((limit, action)) = budget.filter(|(limit, _)| sent + n as u64 > *limit) {
            let _ = to.write_all(&buf[..(limit - sent) as usize]);
            if let Action::Stall = action {
                std::thread::sleep(stall);
            }
            let _ = from.shutdown(Shutdown::Both);
            let _ = to.shutdown(Shutdown::Both);
            return;
        }
        if to.write_all(&buf[..n]).is_err() {
            let _ = from.shutdown(Shutdown::Both);
            return;
        }
        sent += n as u64;
    }
}
