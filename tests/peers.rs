//! Terminals of one canteen share their quota uses over the LAN (issue #11):
//! two terminals on temporary data directories (one resident key, as the
//! office's community secret gives them), each with a `PeerLink` on real
//! loopback sockets and `LedgerService` as the kiosk's worker drives it.
//!
//! Online, the second terminal prices and sells the resident's second lunch at
//! the market price, and the office accepts that sale. With the peers cut
//! (the pushers' targets unreachable), both sell a subsidised lunch without
//! waiting, and the office's anomalies report lists the resident (two
//! terminals of one canteen) once both have synced. An unreachable peer gets
//! the uses once it answers.

mod support;

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::time::{Duration, Instant};

use canteen_config::Config;
use canteen_core::session::{DinerView, Order, PayMethod};
use canteen_core::{Diner, Money, OrderRequest, PaymentChoice, PeriodId, PriceRequest, ResidentId};
use canteen_kiosk::ledger_service::LedgerService;
use canteen_kiosk::peers::{PeerLink, PeerSettings};
use canteen_kiosk::receipt::ReceiptHeader;
use canteen_ledger::{Ledger, SaleRequest as LedgerSale};
use canteen_office::report::{self, Dates};
use canteen_office::store;
use canteen_ui::{KioskService, SaleRequest};
use chrono::{NaiveDate, NaiveDateTime, TimeZone};
use support::office::Office;
use tempfile::TempDir;

/// Aged 95 on the sale date: eats free with the subsidy, pays ¥15 without.
const AGED_95: &str = "110101193101010031";

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

fn lunch(minute: u32) -> NaiveDateTime {
    day().and_hms_opt(12, minute, 0).unwrap()
}

/// A terminal's data directory; the second one gets the first one's
/// resident key before its first open.
fn terminal(key_from: Option<&Path>) -> TempDir {
    let dir = TempDir::new().unwrap();
    if let Some(from) = key_from {
        let key = canteen_ledger::keyring::KEY_FILE;
        std::fs::copy(from.join(key), dir.path().join(key)).unwrap();
    }
    Ledger::open(dir.path()).unwrap();
    dir
}

/// An address on which nothing listens.
fn dead_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// The link of the terminal in `dir`: its listener, its peers. The pusher
/// looks on its own only once a minute, so a test that sees a use arrive in
/// time saw the worker's wake after the commit.
fn link(dir: &Path, listener: Option<TcpListener>, peers: Vec<SocketAddr>) -> PeerLink {
    let config = Config::defaults();
    let mut settings = PeerSettings::new(peers, day(), config.canteen.timezone);
    settings.retry = Duration::from_secs(60);
    settings.timeout = Duration::from_millis(500);
    PeerLink::start(dir, listener, settings).unwrap()
}

fn service(dir: &Path, link: &PeerLink) -> LedgerService {
    let config = Config::defaults();
    LedgerService::new(
        Ledger::open(dir).unwrap(),
        config.pricing.clone(),
        config.canteen.age_convention,
        config.canteen.timezone,
        ReceiptHeader::new("食堂", "Canteen", &config.pricing),
    )
    .with_peers(link.waker())
}

/// What the kiosk's screen shows for a lunch at `at`: the order priced with
/// core's pricing function and the quota the service counts.
fn priced(service: &mut LedgerService, at: NaiveDateTime) -> Order {
    let config = Config::defaults();
    let id = ResidentId::parse(AGED_95, at.date()).unwrap();
    let used = service
        .used_in_period(&id, at.date(), &PeriodId("lunch".into()))
        .unwrap();
    let diner = Diner::resident(&id, at.date(), config.canteen.age_convention, vec![]);
    let lines = config
        .pricing
        .price_order(&OrderRequest {
            context: PriceRequest {
                at,
                diner: &diner,
                used_in_period: used,
                tier_override: None,
            },
            items: &["lunch-set".to_owned()],
            companion_items: &[],
        })
        .unwrap();
    Order {
        diner: DinerView {
            label: id.masked(),
            id: Some(id),
            age: Some(95),
            tier: Some("age90".into()),
            categories: vec![],
            card_balance: None,
            card_no: None,
            card_born: None,
            card_notice: None,
        },
        lines,
        offers: vec![],
        quota_used: used > 0,
    }
}

/// The free lunch as the self-service kiosk commits it (the worker's call).
fn sell_free(service: &mut LedgerService, at: NaiveDateTime) -> u64 {
    let order = priced(service, at);
    assert_eq!(
        order.total(),
        Money::ZERO,
        "a subsidised lunch is free at 95"
    );
    let seq = service
        .commit(&SaleRequest {
            order: &order,
            method: PayMethod::Free,
            at,
        })
        .unwrap();
    seq.sale_no.parse().unwrap()
}

/// Waits until `dir`'s ledger counts `n` lunches of the resident (the
/// peer's push arrived), or panics after a while.
fn await_quota(dir: &Path, n: u32) {
    let ledger = Ledger::open(dir).unwrap();
    let id = ResidentId::parse(AGED_95, day()).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let used = ledger.quota_used(&id, day(), "lunch").unwrap();
        if used == n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the peer's use did not arrive: {used} lunch(es) counted"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Registers the terminal at the office under `canteen` and syncs it.
fn sync(office: &Office, kiosk: &Path, canteen: &str) {
    let token = office.register(kiosk, canteen);
    support::office::sync(kiosk, &office.url, &token);
}

/// A fresh office that knows A's diner, with both terminals (`a`, `b`)
/// synced to it under one canteen; its store, where nothing is quarantined.
fn synced_office(a: &Path, b: &Path) -> (Office, rusqlite::Connection) {
    let office = Office::start();
    support::office_registry::register_at_office(office.dir.path(), a, &[AGED_95]);
    sync(&office, a, "north");
    sync(&office, b, "north");
    let mut conn = store::open(office.dir.path()).unwrap();
    assert_eq!(report::quarantine(&mut conn, dates()).unwrap(), vec![]);
    (office, conn)
}

fn dates() -> Dates {
    Dates {
        from: day(),
        to: day(),
    }
}

#[test]
fn online_the_second_terminal_sells_the_second_lunch_at_market_price() {
    let a_dir = terminal(None);
    let b_dir = terminal(Some(a_dir.path()));
    let (a_listen, b_listen) = (
        TcpListener::bind("127.0.0.1:0").unwrap(),
        TcpListener::bind("127.0.0.1:0").unwrap(),
    );
    let (a_addr, b_addr) = (
        a_listen.local_addr().unwrap(),
        b_listen.local_addr().unwrap(),
    );
    let a_link = link(a_dir.path(), Some(a_listen), vec![b_addr]);
    let b_link = link(b_dir.path(), Some(b_listen), vec![a_addr]);
    let mut a = service(a_dir.path(), &a_link);
    let mut b = service(b_dir.path(), &b_link);

    sell_free(&mut a, lunch(0));
    await_quota(b_dir.path(), 1);
    // B's screen prices from its own replica: the lunch is at market price.
    let order = priced(&mut b, lunch(5));
    assert!(order.quota_used);
    assert_eq!(order.total(), Money::from_yuan(15));
    assert!(
        order.lines[0].reason_en.contains("already taken"),
        "{}",
        order.lines[0].reason_en
    );
    let at = chrono::FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .from_local_datetime(&lunch(5))
        .unwrap();
    let id = order.diner.id.clone().unwrap();
    let config = Config::defaults();
    let sold = b
        .ledger_mut()
        .sell(&LedgerSale {
            rules: &config.pricing,
            age_convention: config.canteen.age_convention,
            at,
            items: vec!["lunch-set".into()],
            companion_items: vec![],
            expected_total: Some(order.total()),
            id: Some(&id),
            tier_override: None,
            payment: PaymentChoice::Cash {
                tendered: Money::from_yuan(20),
            },
        })
        .unwrap();
    assert_eq!((sold.total_fen, sold.subsidy_fen), (1500, 0));
    // A counts B's unsubsidised lunch as nothing: still one.
    drop((a_link, b_link));
    assert_eq!(
        Ledger::open(a_dir.path())
            .unwrap()
            .quota_used(&id, day(), "lunch")
            .unwrap(),
        1
    );

    // The office accepts B's market-price lunch: it claims no subsidy.
    let (_office, mut conn) = synced_office(a_dir.path(), b_dir.path());
    // A second meal at the market price is no double subsidy.
    assert_eq!(report::anomalies(&mut conn, dates()).unwrap(), vec![]);
    let subsidy: i64 = report::subsidy(&mut conn, dates())
        .unwrap()
        .iter()
        .map(|r| r.subsidy_fen)
        .sum();
    assert_eq!(subsidy, 1500, "one subsidised lunch is claimed");
}

#[test]
fn with_the_peers_cut_both_sell_and_the_office_flags_it() {
    let a_dir = terminal(None);
    let b_dir = terminal(Some(a_dir.path()));
    // Each terminal's only peer is an address where nobody answers.
    let a_link = link(
        a_dir.path(),
        Some(TcpListener::bind("127.0.0.1:0").unwrap()),
        vec![dead_address()],
    );
    let b_link = link(
        b_dir.path(),
        Some(TcpListener::bind("127.0.0.1:0").unwrap()),
        vec![dead_address()],
    );
    let mut a = service(a_dir.path(), &a_link);
    let mut b = service(b_dir.path(), &b_link);

    sell_free(&mut a, lunch(0));
    sell_free(&mut b, lunch(5));
    drop((a_link, b_link));

    let (_office, mut conn) = synced_office(a_dir.path(), b_dir.path());
    let flagged = report::anomalies(&mut conn, dates()).unwrap();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    let f = &flagged[0];
    assert_eq!(
        (
            f.period.as_str(),
            f.masked_id.as_str(),
            f.canteens.as_str(),
            f.meals
        ),
        ("lunch", "110***********0031", "north", 2)
    );
    assert_eq!(
        f.devices.split(';').count(),
        2,
        "two terminals of one canteen"
    );
}

#[test]
fn a_peer_that_was_unreachable_gets_the_uses_when_it_answers() {
    let a_dir = terminal(None);
    let b_dir = terminal(Some(a_dir.path()));
    let b_addr = dead_address();
    let config = Config::defaults();
    let mut settings = PeerSettings::new(vec![b_addr], day(), config.canteen.timezone);
    settings.retry = Duration::from_millis(100);
    settings.timeout = Duration::from_millis(500);
    let a_link = PeerLink::start(a_dir.path(), None, settings).unwrap();
    let mut a = service(a_dir.path(), &a_link);
    sell_free(&mut a, lunch(0));
    std::thread::sleep(Duration::from_millis(300));

    // B comes up on the address A has been trying.
    let b_listen = TcpListener::bind(b_addr).unwrap();
    let _b_link = link(
        b_dir.path(),
        Some(b_listen),
        vec!["127.0.0.1:1".parse().unwrap()],
    );
    await_quota(b_dir.path(), 1);
}

#[test]
fn a_listener_takes_uses_only_from_its_peers_and_refuses_garbage() {
    use std::io::{Read, Write};

    let a_dir = terminal(None);
    let b_dir = terminal(Some(a_dir.path()));
    let mut a = Ledger::open(a_dir.path()).unwrap();
    let config = Config::defaults();
    let at = config
        .canteen
        .timezone
        .from_local_datetime(&lunch(0))
        .unwrap();
    let id = ResidentId::parse(AGED_95, day()).unwrap();
    a.sell(&LedgerSale {
        rules: &config.pricing,
        age_convention: config.canteen.age_convention,
        at,
        items: vec!["lunch-set".into()],
        companion_items: vec![],
        expected_total: None,
        id: Some(&id),
        tier_override: None,
        payment: PaymentChoice::Free,
    })
    .unwrap();
    let uses = a.own_quota_uses_after(0, day(), 100).unwrap().uses;
    assert_eq!(uses.len(), 1);

    // B takes uses only from 10.0.0.12; this test connects from 127.0.0.1.
    // B listens on a fresh port and takes uses only from `peer`.
    let listening_b = |peer: &str| {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        (
            addr,
            link(b_dir.path(), Some(listener), vec![peer.parse().unwrap()]),
        )
    };
    let (b_addr, b_link) = listening_b("10.0.0.12:7311");
    let timeout = Duration::from_secs(2);
    let refused = canteen_kiosk::peers::send(b_addr, &uses, timeout).unwrap_err();
    assert!(
        refused.to_string().contains("not listed in [peers]"),
        "{refused}"
    );
    drop(b_link);

    // From a listed peer: garbage and a cut-off line are refused, a good batch
    // is stored, and the same batch again adds nothing.
    let (b_addr, _b_link) = listening_b("127.0.0.1:7311");
    let good = uses[0].line();
    for bad in [
        b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        good.as_bytes()[..good.len() - 3].to_vec(),
    ] {
        let mut s = std::net::TcpStream::connect(b_addr).unwrap();
        s.write_all(&bad).unwrap();
        s.shutdown(std::net::Shutdown::Write).unwrap();
        let mut reply = String::new();
        s.read_to_string(&mut reply).unwrap();
        assert!(reply.starts_with("refused line 1:"), "{reply}");
    }
    let b = Ledger::open(b_dir.path()).unwrap();
    assert_eq!(b.quota_used(&id, day(), "lunch").unwrap(), 0);
    assert_eq!(
        canteen_kiosk::peers::send(b_addr, &uses, timeout).unwrap(),
        1
    );
    assert_eq!(
        canteen_kiosk::peers::send(b_addr, &uses, timeout).unwrap(),
        0
    );
    assert_eq!(b.quota_used(&id, day(), "lunch").unwrap(), 1);
}
