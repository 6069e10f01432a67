//! The web back office through a real browser: Debian's chromium, headless,
//! driven over WebDriver by `fantoccini` through `chromedriver` (started here
//! on a free port; one browser for the whole walk, to keep the time modest).
//! Sign in, see the dashboard with its chart, download the claim as CSV and
//! XLSX and read both back, import a GB18030 registry with one bad row and see
//! that row named (nothing imported), import it fixed, print the card sheet
//! of a selected resident to PDF, edit a price in the menu form with one bad
//! value, see that field's message, fix it and publish (and see the bundle
//! version), and revoke a kiosk whose next sync is then refused.

mod support;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::{Data, Reader, Xlsx};
use canteen_office::store::db::Db;
use canteen_office::store::users::Role;
use fantoccini::wd::PrintConfiguration;
use fantoccini::{Client, ClientBuilder, Locator};
use support::{Office, batch, chain, sale, web};

const GOOD_A: &str = "110101194103010021";
const GOOD_B: &str = "11010519491231002X";
/// GOOD_B with a wrong check digit.
const BAD: &str = "110105194912310021";

/// chromedriver, ended when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start_driver() -> (Driver, String) {
    let port = free_port();
    let child = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver runs (Debian's chromium-driver, installed by scripts/setup)");
    let driver = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not listen");
        std::thread::sleep(Duration::from_millis(100));
    }
    (driver, format!("http://127.0.0.1:{port}"))
}

async fn browser(driver: &str, downloads: &Path) -> Client {
    let caps = serde_json::json!({
        "goog:chromeOptions": {
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,1000"],
            "prefs": {
                "download.default_directory": downloads.to_str().unwrap(),
                "download.prompt_for_download": false
            }
        }
    });
    let serde_json::Value::Object(caps) = caps else {
        unreachable!()
    };
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(driver)
        .await
        .expect("a chromium session")
}

/// Waits for `name` to appear complete in `dir`.
fn downloaded(dir: &Path, name: &str) -> Vec<u8> {
    let path = dir.join(name);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(bytes) = std::fs::read(&path) {
            if !bytes.is_empty() {
                return bytes;
            }
        }
        assert!(Instant::now() < deadline, "{name} was not downloaded");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Two canteens' lunches on the test day: east sells two (one to a
/// registered resident), west one.
fn seed(office: &Office) -> String {
    let east = office.add_device("dev-east", "east");
    let west = office.add_device("dev-west", "west");
    let resident = "k".repeat(64);
    office.register(&[&resident]);
    let east_chain = chain(
        "dev-east",
        "e1",
        vec![sale("lunch-set", Some(&resident)), sale("lunch-set", None)],
    );
    // East is a current kiosk: it reports it runs the shipped defaults.
    let east_batch = support::batch_with_status("dev-east", "e1", &east_chain, 0, 0);
    office.client(&east).push(&east_batch).unwrap();
    let west_chain = chain("dev-west", "w1", vec![sale("lunch-set", None)]);
    office
        .client(&west)
        .push(&batch("dev-west", "w1", &west_chain))
        .unwrap();
    east
}

async fn click(client: &Client, at: Locator<'_>) {
    client.find(at).await.unwrap().click().await.unwrap();
}

async fn type_into(client: &Client, at: Locator<'_>, text: &str) {
    client
        .find(at)
        .await
        .unwrap()
        .send_keys(text)
        .await
        .unwrap();
}

/// The text of the element at `css`, waiting for it; found again when the
/// page it was found on navigates away meanwhile (a form just submitted).
/// Chooses `file` as the registry file and imports it.
async fn import(client: &Client, file: &Path) {
    type_into(client, Locator::Id("registry-file"), file.to_str().unwrap()).await;
    click(client, Locator::Id("import")).await;
}

async fn text(client: &Client, css: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"));
        match found.text().await {
            Ok(text) => return text,
            Err(e) if Instant::now() < deadline => {
                eprintln!("{css}: {e}; looking again");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("{css}: {e}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_day_in_the_browser() {
    let office = web::start();
    web::add_user(&office, "王芳", Role::Admin, "correct horse");
    let east_token = seed(&office);
    let downloads = tempfile::tempdir().unwrap();
    let (_driver, driver_url) = start_driver();
    let client = browser(&driver_url, downloads.path()).await;
    let url = &office.url;

    // Sign in.
    client.goto(&format!("{url}/claims")).await.unwrap();
    assert_eq!(client.current_url().await.unwrap().path(), "/login");
    type_into(&client, Locator::Id("name"), "王芳").await;
    type_into(&client, Locator::Id("password"), "correct horse").await;
    click(&client, Locator::Id("sign-in")).await;

    // The dashboard, with one line per canteen in its chart.
    let main = text(&client, "main").await;
    assert!(main.contains("今日 2026-11-23"), "{main}");
    assert!(main.contains("东") || main.contains("east"), "{main}");
    let lines = client
        .find_all(Locator::Css("#meals-chart polyline.series"))
        .await
        .unwrap();
    assert_eq!(lines.len(), 2, "east and west");
    assert!(text(&client, "#kiosks").await.contains("2026-11-23 13:00"));

    // The claim on screen, then downloaded and read back.
    client
        .goto(&format!("{url}/claims?month=2026-11"))
        .await
        .unwrap();
    let claim = text(&client, "#claim").await;
    assert!(
        claim.contains("合计") && claim.contains("east") && claim.contains("west"),
        "{claim}"
    );
    click(&client, Locator::Id("download-csv")).await;
    let csv = downloaded(downloads.path(), "claim-20261101-20261130.csv");
    assert!(
        csv.starts_with(b"\xEF\xBB\xBF"),
        "the CSV starts with the BOM"
    );
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.starts_with("食堂,日期,餐次"), "{csv}");
    assert!(csv.contains("合计,,,,,3,45.00,40.00,5.00"), "{csv}");
    click(&client, Locator::Id("download-xlsx")).await;
    let xlsx = downloaded(downloads.path(), "claim-20261101-20261130.xlsx");
    let mut book = Xlsx::new(std::io::Cursor::new(xlsx)).unwrap();
    let first = book.sheet_names()[0].clone();
    let sheet = book.worksheet_range(&first).unwrap();
    assert_eq!(sheet.get_value((0, 0)), Some(&Data::String("食堂".into())));
    let totals = sheet
        .rows()
        .find(|r| r.first() == Some(&Data::String("合计".into())))
        .expect("a totals row");
    assert!(totals.contains(&Data::Float(5.0)), "{totals:?}");

    // A GB18030 registry with one bad row: that row named, nothing imported.
    let body = format!(
        "序号,姓名,身份证号,低保,饭卡号,状态\r\n1,王建国,{GOOD_A},是,100001,正常\r\n2,欧阳秀英,{BAD},,100002,\r\n3,李四,{GOOD_B},否,100003,正常\r\n"
    );
    let file = downloads.path().join("名册.csv");
    std::fs::write(&file, encoding_rs::GB18030.encode(&body).0).unwrap();
    client.goto(&format!("{url}/residents")).await.unwrap();
    import(&client, &file).await;
    let problems = text(&client, "#problems").await;
    assert!(problems.contains("第3行（身份证号）"), "{problems}");
    assert!(
        !problems.contains("第2行") && !problems.contains("欧阳"),
        "{problems}"
    );
    let imported = || -> i64 {
        support::db::blocking(|| {
            office
                .db()
                .query_one(
                    "SELECT count(*) FROM registry WHERE card_no IS NOT NULL",
                    &[],
                )
                .and_then(|r| r.get(0))
                .unwrap()
        })
    };
    assert_eq!(imported(), 0, "nothing imported");
    std::fs::write(
        &file,
        encoding_rs::GB18030
            .encode(&body.replace(BAD, "110101195611230017"))
            .0,
    )
    .unwrap();
    import(&client, &file).await;
    assert!(text(&client, "#flash").await.contains("已导入 3"));
    assert_eq!(imported(), 3);

    // The card sheet of one selected resident, printed to PDF.
    let residents = text(&client, "#residents").await;
    assert!(
        residents.contains("王*国") && !residents.contains("王建国"),
        "{residents}"
    );
    click(&client, Locator::Css("input[name=card][value='100001']")).await;
    let before = client.windows().await.unwrap();
    click(&client, Locator::Id("print-cards")).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let sheet_window = loop {
        let now = client.windows().await.unwrap();
        if let Some(w) = now.into_iter().find(|w| !before.contains(w)) {
            break w;
        }
        assert!(Instant::now() < deadline, "the card sheet did not open");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    client.switch_to_window(sheet_window).await.unwrap();
    let sheet = text(&client, "body").await;
    assert!(
        sheet.contains("100001") && !sheet.contains("100003"),
        "{sheet}"
    );
    let pdf = client.print(PrintConfiguration::default()).await.unwrap();
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 2000,
        "a PDF of the sheet"
    );
    std::fs::write(downloads.path().join("cards.pdf"), &pdf).unwrap();
    client.close_window().await.unwrap();
    client.switch_to_window(before[0].clone()).await.unwrap();

    // The menu form: one bad price is explained beside its field and
    // nothing is published; fixed, it is the next signed bundle, and the
    // page shows the east kiosk still runs the one before.
    client.goto(&format!("{url}/menus")).await.unwrap();
    assert!(text(&client, "#runs-dev-east").await.contains('0'));
    let age80 = "input[name='items[1].tier_prices.age80']";
    let set_price = async |price: &str| {
        let field = client.find(Locator::Css(age80)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(price).await.unwrap();
        click(&client, Locator::Id("publish-form")).await;
    };
    set_price("9,50").await;
    let why = text(
        &client,
        "span.field-error[data-for='items[1].tier_prices.age80']",
    )
    .await;
    assert!(why.contains("不是金额"), "{why}");
    // Kept beside the other pages' pictures for people to look at.
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    client.set_window_size(1280, 1600).await.unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(shots.join("menus-form-refused-zh.png"), png).unwrap();
    let summary = text(&client, "#form-problems").await;
    assert!(
        summary.contains("午餐套餐 · 80–89岁") && summary.contains("不是金额"),
        "{summary}"
    );
    assert!(
        text(&client, "#bundles").await.contains("尚未发布"),
        "nothing published"
    );
    set_price("9.50").await;
    assert!(text(&client, "#flash").await.contains("签名包版本 1"));
    assert!(text(&client, "#runs-dev-east").await.contains("落后于 1"));
    let published =
        support::db::blocking(|| canteen_office::store::rules::latest(&mut office.db())).unwrap();
    let lunch = support::menu_item(&published, "lunch-set");
    assert_eq!(lunch.tier_prices["age80"].fen(), 950);

    // Revoke the east kiosk: its next sync is refused.
    client.goto(&format!("{url}/devices")).await.unwrap();
    click(&client, Locator::Id("revoke-dev-east")).await;
    // The click's page may still be read before the answer replaces it.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut devices = text(&client, "#devices").await;
    while !devices.contains("已吊销") && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        devices = text(&client, "#devices").await;
    }
    assert!(devices.contains("已吊销"), "{devices}");
    let refused = office.client(&east_token).high_water("dev-east", "e1");
    assert!(refused.is_err(), "{refused:?}");

    client.close().await.unwrap();
}
