//! The office refuses cheaply: it authenticates before it reads a body, answers
//! an oversized body with a JSON 413, drops stalled connections on a header
//! deadline and caps what one client address may hold, and never sends SQL or
//! other internal text in an error. Measured on the real `canteen-office serve`
//! process (its resident memory from /proc) and through raw sockets.

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use canteen_office::store::db::{Db, Kind};
use canteen_sync::SyncError;
use support::served::Served;
use support::{Office, batch, chain, sale};

const EIGHT_MB: usize = 8 * 1024 * 1024;

fn office_cmd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_canteen-office"))
}

fn serve() -> Served {
    Served::start(&[])
}

/// Registers `dev-a` with the served office; its token.
fn add_device(served: &Served) -> String {
    let out = office_cmd()
        .args([
            "device",
            "add",
            "--name",
            "east",
            "--device-id",
            "dev-a",
            "--data",
        ])
        .arg(served.dir.path())
        .args(support::db::args(served.dir.path()))
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["token"].as_str().unwrap().to_owned()
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// Sends `head` (and `body`, ignoring a peer that stops reading), returns the
/// status code and the response body.
fn exchange(addr: SocketAddr, head: &str, body: &[u8]) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    for chunk in body.chunks(64 * 1024) {
        if s.write_all(chunk).is_err() {
            break;
        }
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

#[test]
fn forty_unauthenticated_8_mb_uploads_are_refused_before_their_bodies_are_read() {
    let served = serve();
    let before = rss_kib(served.child.id());
    let addr = served.addr;
    let uploads: Vec<_> = (0..40)
        .map(|_| {
            std::thread::spawn(move || {
                let head = format!(
                    "POST /v1/devices/dev-a/batches HTTP/1.1\r\nHost: office\r\nContent-Type: application/json\r\nContent-Length: {EIGHT_MB}\r\nConnection: close\r\n\r\n"
                );
                exchange(addr, &head, &vec![b'x'; EIGHT_MB])
            })
        })
        .collect();
    for u in uploads {
        let (status, body) = u.join().unwrap();
        assert_eq!(status, 401, "{body}");
        assert!(body.contains("\"unauthorized\""), "{body}");
    }
    let after = rss_kib(served.child.id());
    eprintln!(
        "office RSS: {before} KiB at start, {after} KiB after 40 × 8 MB unauthenticated uploads"
    );
    assert!(after < 60 * 1024, "the office grew to {after} KiB");
}

#[test]
fn stalled_connections_are_dropped_while_a_kiosk_still_syncs() {
    let served = serve();
    let token = add_device(&served);
    let started = Instant::now();
    // 300 clients on another loopback address connect and send half a request.
    let stalled: Vec<socket2::Socket> = (0..300)
        .map(|_| {
            let s =
                socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            s.bind(&"127.0.0.2:0".parse::<SocketAddr>().unwrap().into())
                .unwrap();
            s.connect(&served.addr.into()).unwrap();
            let _ = (&s).write_all(b"POST /v1/devices/dev-a/batches HTTP/1.1\r\nHost:");
            s
        })
        .collect();
    // A kiosk syncs meanwhile.
    let client = canteen_sync::client::OfficeClient::new(
        &format!("http://{}", served.addr),
        &token,
        Duration::from_secs(10),
    );
    let records = chain("dev-a", "e1", vec![sale("lunch-set", None)]);
    let ack = client.push(&batch("dev-a", "e1", &records)).unwrap();
    assert_eq!(ack.high_water.seq, 1);
    // Every stalled connection is closed by the office within 30 s.
    let mut slowest = Duration::ZERO;
    for s in &stalled {
        let left = Duration::from_secs(30).saturating_sub(started.elapsed());
        s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        let mut byte = [0u8; 1];
        match (&*s).read(&mut byte) {
            Ok(0) => {}
            Err(e)
                if !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            other => panic!(
                "a stalled connection was still open after {:?}: {other:?}",
                started.elapsed()
            ),
        }
        slowest = slowest.max(started.elapsed());
    }
    eprintln!("300 stalled connections all closed by the office after {slowest:?}");
}

#[test]
fn an_oversized_body_is_a_json_413_whether_declared_or_streamed() {
    let served = serve();
    let token = add_device(&served);
    let declared = format!(
        "POST /v1/devices/dev-a/batches HTTP/1.1\r\nHost: office\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        EIGHT_MB + 1
    );
    let (status, body) = exchange(served.addr, &declared, b"");
    assert_eq!(status, 413);
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["error"], "too_large", "{body}");

    // Chunked, with no declared length: refused once the limit is passed.
    let streamed = format!(
        "POST /v1/devices/dev-a/batches HTTP/1.1\r\nHost: office\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    let mut chunks = Vec::new();
    for _ in 0..(EIGHT_MB / (1 << 20) + 1) {
        chunks.extend_from_slice(format!("{:x}\r\n", 1 << 20).as_bytes());
        chunks.extend(std::iter::repeat_n(b' ', 1 << 20));
        chunks.extend_from_slice(b"\r\n");
    }
    chunks.extend_from_slice(b"0\r\n\r\n");
    let (status, body) = exchange(served.addr, &streamed, &chunks);
    assert_eq!(status, 413, "{body}");
    let json = body
        .split("\r\n")
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no JSON in {body:?}"));
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["error"], "too_large", "{body}");
}

#[test]
fn an_internal_error_is_json_with_a_request_id_and_no_sql() {
    let office = Office::start();
    let client = office.client(&office.add_device("dev-a", "east"));
    let mut conn = office.db();
    let drops: &[&str] = match conn.kind() {
        Kind::Sqlite => &["PRAGMA foreign_keys = OFF", "DROP TABLE report_lines"],
        Kind::Postgres => &["DROP TABLE report_lines CASCADE"],
    };
    for sql in drops {
        conn.execute(sql, &[]).unwrap();
    }
    let records = chain("dev-a", "e1", vec![sale("lunch-set", None)]);
    match client.push(&batch("dev-a", "e1", &records)) {
        Err(SyncError::Refused { status, body }) => {
            assert_eq!((status, body.error.as_str()), (500, "internal"));
            assert!(body.message.contains("request id"), "{}", body.message);
            for leak in ["report_lines", "SQL", "sqlite", "no such table"] {
                assert!(!body.message.contains(leak), "{}", body.message);
            }
        }
        other => panic!("expected a 500, got {other:?}"),
    }
}
