//! The canteen's terminals share their quota uses over the LAN (`[peers]` in
//! `canteen.toml`, issue #11): one subsidised meal per person per period
//! across the terminals of a canteen, with the scan→price path still local.
//!
//! A [`PeerLink`] runs two threads, each with its own ledger connection, never
//! the UI thread or the sale path:
//!
//! - the **pusher** walks this device's own quota uses in journal order
//!   (`Ledger::own_quota_uses_after`) and sends them to every peer, one line
//!   each in core's encoding (`canteen_core::peer`), one batch per connection,
//!   answered by one reply line. A peer's mark moves only past a batch the
//!   peer acknowledged, so what an unreachable peer missed is sent when it
//!   answers again. The worker wakes it right after each commit
//!   ([`PeerWake::wake`], a channel send that never blocks); it also looks
//!   again every `retry`, which covers sales made by another process.
//! - the **listener** accepts one connection at a time, only from the
//!   addresses in `peers`, reads one batch (bounded in bytes and time),
//!   records it (`Ledger::record_peer_quota_uses`, grow-only) and replies.
//!
//! Offline first: a peer that is down or slow costs the pusher a short
//! timeout and a log line when its state changes, never a sale. What slips
//! through while peers are apart (both sell a subsidised meal) the office
//! flags in its anomalies report.

use std::io::{ErrorKind, Read, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use canteen_core::QuotaUse;
use canteen_core::peer::{self, MAX_BATCH_BYTES, MAX_BATCH_LINES, MAX_REPLY, Reply};
use canteen_ledger::{Ledger, LedgerError};
use chrono::{FixedOffset, NaiveDate};

/// Journal records read per look at the ledger.
const PAGE: usize = 200;
/// How often the listener looks for a stop between connections.
const ACCEPT_POLL: Duration = Duration::from_millis(50);

/// How the link runs.
#[derive(Clone, Debug)]
pub struct PeerSettings {
    /// The canteen's other terminals (`[peers] peers`).
    pub peers: Vec<SocketAddr>,
    /// Uses of sales on this local date or later are pushed; older ones no
    /// longer count for any quota.
    pub from_date: NaiveDate,
    /// The canteen's timezone, for the time a peer's use was received.
    pub tz: FixedOffset,
    /// How often the pusher tries again (and looks for sales without a wake).
    pub retry: Duration,
    /// The deadline of one connection: connect, send, reply.
    pub timeout: Duration,
}

impl PeerSettings {
    /// Pushes from yesterday on, retries every 5 s, 2 s per connection.
    pub fn new(peers: Vec<SocketAddr>, today: NaiveDate, tz: FixedOffset) -> PeerSettings {
        PeerSettings {
            peers,
            from_date: today.pred_opt().unwrap_or(today),
            tz,
            retry: Duration::from_secs(5),
            timeout: Duration::from_secs(2),
        }
    }
}

/// Why the link could not start.
#[derive(Debug, thiserror::Error)]
pub enum PeerSetupError {
    #[error("cannot listen for peers on {addr}: {source}; check [peers] listen in canteen.toml")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("the data directory cannot be opened for the peers: {0}")]
    Ledger(#[from] LedgerError),
    #[error("the peers' threads could not start: {0}")]
    Thread(#[from] std::io::Error),
}

/// Why one push to one peer did not go through.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("this terminal's uses could not be read: {0}")]
    Ledger(#[from] LedgerError),
    #[error("it refused the batch: {0}")]
    Refused(String),
    #[error("its reply was not understood: {0}")]
    Reply(#[from] peer::PeerLineError),
}

enum Control {
    Wake,
    Stop,
}

/// Wakes the pusher (after a commit); never blocks.
#[derive(Clone)]
pub struct PeerWake(Sender<Control>);

impl PeerWake {
    pub fn wake(&self) {
        let _ = self.0.send(Control::Wake);
    }
}

/// The running pusher and listener; dropping it stops both.
pub struct PeerLink {
    control: Sender<Control>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    listening: Option<SocketAddr>,
}

impl PeerLink {
    /// Binds `listen` and starts the link (see [`PeerLink::start`]).
    pub fn bind(
        data: &Path,
        listen: SocketAddr,
        settings: PeerSettings,
    ) -> Result<PeerLink, PeerSetupError> {
        let listener = TcpListener::bind(listen).map_err(|source| PeerSetupError::Listen {
            addr: listen,
            source,
        })?;
        PeerLink::start(data, Some(listener), settings)
    }

    /// Starts the pusher (to `settings.peers`) and, given a listener, the
    /// listener, each with its own connection to the ledger in `data`.
    pub fn start(
        data: &Path,
        listener: Option<TcpListener>,
        settings: PeerSettings,
    ) -> Result<PeerLink, PeerSetupError> {
        let (control, control_rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        // Everything that can fail before any thread starts.
        let push_ledger = Ledger::open(data)?;
        let mut threads = Vec::new();
        let mut listening = None;
        if let Some(listener) = listener {
            listening = Some(listener.local_addr()?);
            listener.set_nonblocking(true)?;
            let ledger = Ledger::open(data)?;
            let listen = Listen {
                allowed: settings
                    .peers
                    .iter()
                    .map(|p| p.ip().to_canonical())
                    .collect(),
                timeout: settings.timeout,
                tz: settings.tz,
            };
            let stop = stop.clone();
            threads.push(
                std::thread::Builder::new()
                    .name("peers-listen".into())
                    .spawn(move || listen.run(ledger, &listener, &stop))?,
            );
        }
        // From here on a failure still stops what already runs (`Drop`).
        let mut link = PeerLink {
            control,
            stop,
            threads,
            listening,
        };
        let pusher = std::thread::Builder::new()
            .name("peers-push".into())
            .spawn(move || push_loop(&push_ledger, &settings, &control_rx))?;
        link.threads.push(pusher);
        Ok(link)
    }

    /// What the worker calls after each commit.
    pub fn waker(&self) -> PeerWake {
        PeerWake(self.control.clone())
    }

    /// The address the listener is bound to, if it listens.
    pub fn listening_on(&self) -> Option<SocketAddr> {
        self.listening
    }

    /// Stops both threads; a connection in progress ends within its timeout.
    pub fn stop(self) {}
}

impl Drop for PeerLink {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.control.send(Control::Stop);
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

/// One peer as the pusher sees it.
struct PeerState {
    addr: SocketAddr,
    /// This device's journal is pushed to the peer up to here.
    mark: u64,
    /// Whether the last push went through (`None`: not tried yet).
    up: Option<bool>,
}

fn push_loop(ledger: &Ledger, settings: &PeerSettings, control: &Receiver<Control>) {
    let mut peers: Vec<PeerState> = settings
        .peers
        .iter()
        .map(|&addr| PeerState {
            addr,
            mark: 0,
            up: None,
        })
        .collect();
    loop {
        for p in &mut peers {
            let pushed = push_peer(ledger, settings, p);
            match (&pushed, p.up) {
                (Ok(n), Some(false)) => {
                    tracing::info!("peer {}: reachable again, {n} quota uses sent", p.addr);
                }
                (Err(e), None | Some(true)) => tracing::warn!(
                    "peer {}: quota uses not sent ({e}); selling goes on, trying again every {} s",
                    p.addr,
                    settings.retry.as_secs()
                ),
                _ => {}
            }
            p.up = Some(pushed.is_ok());
        }
        match control.recv_timeout(settings.retry) {
            Ok(Control::Wake) | Err(RecvTimeoutError::Timeout) => {}
            Ok(Control::Stop) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Sends the peer everything after its mark; how many uses were sent.
fn push_peer(ledger: &Ledger, s: &PeerSettings, p: &mut PeerState) -> Result<usize, PushError> {
    let mut sent = 0;
    loop {
        let page = ledger.own_quota_uses_after(p.mark, s.from_date, PAGE)?;
        if page.through_seq == p.mark {
            return Ok(sent);
        }
        for batch in page.uses.chunks(MAX_BATCH_LINES) {
            send(p.addr, batch, s.timeout)?;
            sent += batch.len();
        }
        p.mark = page.through_seq;
    }
}

/// One batch over one connection: the lines, end of sending, the reply line.
pub fn send(peer: SocketAddr, uses: &[QuotaUse], timeout: Duration) -> Result<u64, PushError> {
    let mut stream = TcpStream::connect_timeout(&peer, timeout)?;
    stream.set_write_timeout(Some(timeout))?;
    stream.set_read_timeout(Some(timeout))?;
    let text: String = uses.iter().map(QuotaUse::line).collect();
    stream.write_all(text.as_bytes())?;
    stream.shutdown(Shutdown::Write)?;
    let reply = read_bounded(&mut stream, MAX_REPLY, Instant::now() + timeout)?;
    match Reply::parse(&reply)? {
        Reply::Recorded(n) => Ok(n),
        Reply::Refused(why) => Err(PushError::Refused(why)),
    }
}

/// The listener's side.
struct Listen {
    /// The peers' addresses: nobody else may add uses.
    allowed: Vec<IpAddr>,
    timeout: Duration,
    tz: FixedOffset,
}

impl Listen {
    fn run(&self, mut ledger: Ledger, listener: &TcpListener, stop: &AtomicBool) {
        while !stop.load(Ordering::Relaxed) {
            match listener.accept() {
                Ok((stream, from)) => {
                    if let Err(e) = self.serve(&mut ledger, stream, from) {
                        tracing::warn!("peer {from}: batch not taken: {e}");
                    }
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => std::thread::sleep(ACCEPT_POLL),
                Err(e) => {
                    tracing::warn!("peers listener: {e}");
                    std::thread::sleep(ACCEPT_POLL);
                }
            }
        }
    }

    fn serve(
        &self,
        ledger: &mut Ledger,
        mut stream: TcpStream,
        from: SocketAddr,
    ) -> std::io::Result<()> {
        stream.set_nonblocking(false)?;
        stream.set_read_timeout(Some(self.timeout))?;
        stream.set_write_timeout(Some(self.timeout))?;
        // Read first (bounded) even from a stranger, so the refusal reaches it
        // instead of a reset.
        let bytes = read_bounded(
            &mut stream,
            MAX_BATCH_BYTES + 1,
            Instant::now() + self.timeout,
        )?;
        let reply = if !self.allowed.contains(&from.ip().to_canonical()) {
            Reply::Refused(format!("{} is not listed in [peers] peers here", from.ip()))
        } else {
            match peer::decode_batch(&bytes) {
                Err(e) => Reply::Refused(e.to_string()),
                Ok(uses) => {
                    let now = chrono::Utc::now().with_timezone(&self.tz);
                    match ledger.record_peer_quota_uses(&uses, now) {
                        Ok(n) => Reply::Recorded(n),
                        Err(e) => Reply::Refused(format!("not stored: {e}")),
                    }
                }
            }
        };
        if let Reply::Refused(why) = &reply {
            tracing::warn!("peer {from}: batch refused: {why}");
        }
        stream.write_all(reply.line().as_bytes())
    }
}

/// Reads to the end of the stream, at most `max` bytes (a longer stream is
/// cut there, for the decoder to refuse), giving up at `deadline` so a slow
/// sender cannot hold the thread.
fn read_bounded(stream: &mut TcpStream, max: usize, deadline: Instant) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut buf = [0u8; 4096];
    while bytes.len() < max {
        if Instant::now() >= deadline {
            return Err(std::io::Error::new(
                ErrorKind::TimedOut,
                "the peer took too long",
            ));
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&buf[..n.min(max - bytes.len())]);
    }
    Ok(bytes)
}
