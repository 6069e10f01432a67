//! The office's export files, read back the way their users read them: the
//! claim workbook with a reader crate (Chinese headers, yuan cells and their
//! number format, totals equal to the synced sales summed by hand, the meal
//! sheet with masked IDs only), the Excel CSV's byte-order mark and Chinese
//! headers, registry files from Excel (GB18030 with one bad row named by its
//! line, UTF-8 with a BOM, XLSX), the card sheet (one QR per card, printed to
//! PDF by chromium), one card's QR as a PNG (decoded and compared with the
//! signed text) and the printable claim page.

mod support;

use std::ffi::OsString;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataType, Reader, Xlsx};
use canteen_office::chromium;
use canteen_office::export::{
    self, CardCell, ClaimTable, Lang, claim_table::COLUMNS_ZH, registry_file,
};
use canteen_office::report::{self, Dates};
use canteen_office::store::db::Db;
use chrono::NaiveDate;
use support::{Office, batch, chain, office_cli, sale};

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// An office with two registered diners' lunches (¥10 of ¥15 each, tier
/// 80–89) and one anonymous lunch at the market price (¥15), synced.
fn office_with_sales() -> Office {
    let office = Office::start();
    let east = office.client(&office.add_device("dev-east", "east"));
    let (a, b) = ("a".repeat(64), "b".repeat(64));
    office.register(&[&a, &b]);
    let records = chain(
        "dev-east",
        "e1",
        vec![
            sale("lunch-set", Some(&a)),
            sale("lunch-set", Some(&b)),
            sale("lunch-set", None),
        ],
    );
    east.push(&batch("dev-east", "e1", &records)).unwrap();
    office
}

fn table(office: &Office) -> (ClaimTable, Vec<report::MealRow>) {
    let mut conn = office.db();
    let dates = Dates {
        from: day(),
        to: day(),
    };
    let rows = report::subsidy(&mut conn, dates).unwrap();
    let rules = canteen_config::Config::defaults().pricing;
    (
        ClaimTable::new(&rows, &rules),
        report::meals(&mut conn, dates).unwrap(),
    )
}

fn text(cell: &Data) -> String {
    cell.to_string()
}

fn part(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// No run of 15 or more digits (a full ID number, new or old form).
fn has_full_id(s: &str) -> bool {
    let mut run = 0;
    s.chars().any(|c| {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        run >= 15
    })
}

#[test]
fn the_claim_workbook_reads_back_in_chinese_with_yuan_formats_and_totals() {
    let office = office_with_sales();
    let (table, meals) = table(&office);
    let bytes = export::claim_xlsx(&table, &meals, Lang::Zh).unwrap();
    let mut book = Xlsx::new(Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names(), ["补贴申报", "用餐明细"]);

    let claim = book.worksheet_range("补贴申报").unwrap();
    let rows: Vec<&[Data]> = claim.rows().collect();
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, COLUMNS_ZH);
    let tiers: Vec<String> = rows[1..rows.len() - 1]
        .iter()
        .map(|r| text(&r[3]))
        .collect();
    assert!(tiers.contains(&"80–89岁".to_owned()), "{tiers:?}");
    assert!(tiers.contains(&"其他（市场价）".to_owned()), "{tiers:?}");
    assert!(
        rows[1..rows.len() - 1]
            .iter()
            .all(|r| text(&r[2]) == "午餐")
    );
    // Two lunches at ¥10 (¥5 subsidy each) and one at ¥15, all of a ¥15 market.
    let totals = rows.last().unwrap();
    assert_eq!(text(&totals[0]), "合计");
    let nums: Vec<f64> = totals[5..9].iter().map(|c| c.as_f64().unwrap()).collect();
    assert_eq!(nums, [3.0, 45.0, 35.0, 10.0]);
    let line_paid: f64 = rows[1..rows.len() - 1]
        .iter()
        .map(|r| r[7].as_f64().unwrap())
        .sum();
    assert_eq!(line_paid, 35.0, "amounts are yuan numbers, not fen");

    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("formatCode=\"¥#,##0.00\""), "{styles}");
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("state=\"frozen\""), "header row frozen");
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("fitToHeight=\"0\""), "one page wide");
    assert!(sheet.contains("<col "), "column widths set");
    assert!(sheet.contains("SUM(H2:H"), "totals are formulas");
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header on every page"
    );

    let meal_sheet = book.worksheet_range("用餐明细").unwrap();
    let meal_rows: Vec<&[Data]> = meal_sheet.rows().collect();
    assert_eq!(text(&meal_rows[0][8]), "身份证号（脱敏）");
    assert_eq!(meal_rows.len(), 4);
    let masked: Vec<String> = meal_rows[1..]
        .iter()
        .map(|r| text(&r[8]))
        .filter(|m| !m.is_empty())
        .collect();
    assert_eq!(masked, ["110***********002X", "110***********002X"]);
    for sheet in [&claim, &meal_sheet] {
        for cell in sheet.cells() {
            assert!(!has_full_id(&text(cell.2)), "a full ID in {:?}", cell);
        }
    }
}

#[test]
fn the_cli_writes_the_workbook_the_excel_csv_and_keeps_the_machine_csv() {
    let office = office_with_sales();
    let data = office.dir.path().to_str().unwrap();
    let range = ["--from", "2026-11-23", "--to", "2026-11-23", "--data", data];
    let with = |extra: &[&str]| {
        let mut args = vec!["report", "subsidy"];
        args.extend(range);
        args.extend(extra);
        office_cli(&args)
    };

    let csv_path = office.dir.path().join("claim.csv");
    let (code, out) = with(&["--format", "excel-csv", "--out", csv_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["lines"], 2);
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(
        &bytes[..3],
        b"\xEF\xBB\xBF",
        "Excel needs the byte-order mark"
    );
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], COLUMNS_ZH.join(","));
    assert_eq!(
        *lines.last().unwrap(),
        "合计,,,,,3,45.00,35.00,10.00,0,0.00"
    );
    assert!(
        lines[1..]
            .iter()
            .any(|l| l.contains(",午餐,80–89岁,无,2,30.00,20.00,10.00"))
    );

    let (code, machine) = with(&[]);
    assert_eq!(code, 0);
    assert!(
        machine.starts_with(
            "canteen,date,period,tier,category,meals,market_fen,paid_fen,subsidy_fen,delivered_meals,delivery_fee_fen\n"
        ),
        "{machine}"
    );
    assert!(machine.contains("east,2026-11-23,lunch,age80,none,2,3000,2000,1000"));

    let xlsx = office.dir.path().join("claim.xlsx");
    let (code, out) = with(&["--format", "xlsx", "--out", xlsx.to_str().unwrap()]);
    assert_eq!((code, out.as_str()), (0, ""));
    let mut book = Xlsx::new(Cursor::new(std::fs::read(&xlsx).unwrap())).unwrap();
    let claim = book.worksheet_range("补贴申报").unwrap();
    assert_eq!(text_of(claim.get((0, 0))), "食堂");
    let (code, out) = with(&["--format", "xlsx"]);
    assert_eq!(code, 2);
    assert!(out.contains("missing_out"), "{out}");

    let html = office.dir.path().join("claim.html");
    let (code, _) = with(&[
        "--format",
        "html",
        "--out",
        html.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Stamp") && page.contains("盖章") && page.contains("45.00"));
}

fn text_of(cell: Option<&Data>) -> String {
    cell.map(text).unwrap_or_default()
}

#[test]
fn the_claim_print_page_has_the_three_boxes_and_the_totals() {
    let office = office_with_sales();
    let (table, _) = table(&office);
    let html = export::claim_print_html(&table, "2026年11月", "东街<食堂>", Lang::Zh);
    for needle in [
        "负责人",
        "经办人",
        "盖章",
        "日期：",
        "2026年11月",
        "东街&lt;食堂&gt;",
        "@page",
        "<td colspan=\"5\">合计</td><td class=\"num\">3</td><td class=\"num\">45.00</td><td class=\"num\">35.00</td><td class=\"num\">10.00</td>",
    ] {
        assert!(html.contains(needle), "missing {needle}");
    }
    assert_eq!(html.matches("class=\"box\"").count(), 3);
}

const GOOD_A: &str = "110101194103010021";
const GOOD_B: &str = "11010519491231002X";
/// GOOD_B with a wrong check digit.
const BAD: &str = "110105194912310021";

#[test]
fn a_gb18030_registry_with_one_bad_row_is_refused_naming_that_line() {
    let office = Office::start();
    let data = office.dir.path().to_str().unwrap();
    let file = office.dir.path().join("名册.csv");
    let body = format!(
        "序号,姓名,身份证号,低保,饭卡号,状态\r\n1,王建国,{GOOD_A},是,100001,正常\r\n2,欧阳秀英,{BAD},,100002,\r\n3,李四,{GOOD_B},否,,挂失\r\n"
    );
    let (gb, _, lossy) = encoding_rs::GB18030.encode(&body);
    assert!(
        !lossy && std::str::from_utf8(&gb).is_err(),
        "really GB18030"
    );
    std::fs::write(&file, &gb).unwrap();

    let import = || {
        office_cli(&[
            "residents",
            "import",
            file.to_str().unwrap(),
            "--data",
            data,
        ])
    };
    let (code, out) = import();
    assert_eq!(code, 2, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["error"], "bad_registry");
    let message = json["message"].as_str().unwrap();
    assert!(message.contains("line 3 (身份证号)"), "{message}");
    assert!(message.contains("身份证号无效"), "{message}");
    assert!(
        !message.contains("line 2") && !message.contains("line 4"),
        "{message}"
    );
    assert!(
        !message.contains("1949123") && !message.contains("欧阳"),
        "{message}"
    );
    let mut conn = office.db();
    let count = |conn: &mut dyn canteen_office::store::db::Db| -> i64 {
        conn.query_one("SELECT count(*) FROM registry", &[])
            .unwrap()
            .get(0)
            .unwrap()
    };
    assert_eq!(count(&mut conn), 0, "nothing imported");

    let fixed = body.replace(BAD, "110101195611230017");
    std::fs::write(&file, encoding_rs::GB18030.encode(&fixed).0).unwrap();
    let (code, out) = import();
    assert_eq!((code, out.trim()), (0, "{\"imported\":3}"));
    assert_eq!(count(&mut conn), 3);
    let dibao: String = conn
        .query_one(
            "SELECT categories FROM registry WHERE card_no = '100001'",
            &[],
        )
        .and_then(|r| r.get(0))
        .unwrap();
    assert_eq!(dibao, "dibao", "the 低保 column is the dibao category");

    // The cards of the registry, then no new ones.
    let sheet = office.dir.path().join("cards.html");
    let sheet_args = [
        "card",
        "sheet",
        "--all-new",
        "--out",
        sheet.to_str().unwrap(),
        "--data",
        data,
    ];
    let (code, out) = office_cli(&sheet_args);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["cards"],
        2
    );
    let html = std::fs::read_to_string(&sheet).unwrap();
    assert!(html.contains("王*国") && html.contains("100002") && !html.contains("王建国"));
    // The console's import and card sheet are in the audit log; the refused
    // import is not.
    let (_, audited) = office_cli(&["audit", "list", "--data", data]);
    let audited: Vec<(String, String, u64)> = audited
        .lines()
        .map(|line| {
            let e: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = |k: &str| e[k].as_str().unwrap().to_owned();
            (text("who"), text("what"), e["rows"].as_u64().unwrap())
        })
        .collect();
    let console = |what: &str, rows| ("cli".to_owned(), what.to_owned(), rows);
    assert_eq!(
        audited,
        [console("residents import", 3), console("card sheet", 2)]
    );
    let (code, out) = office_cli(&sheet_args);
    assert_eq!(code, 2);
    assert!(out.contains("no_new_cards"), "{out}");
    let (code, out) = office_cli(&[
        "card",
        "sheet",
        "--resident",
        "100001",
        "--resident",
        "999999",
        "--out",
        sheet.to_str().unwrap(),
        "--data",
        data,
    ]);
    assert_eq!(code, 2);
    assert!(
        out.contains("unknown_card") && out.contains("999999"),
        "{out}"
    );

    // One card as a PNG: a registered holder's card carries the registry's
    // birth date, an unregistered number's card none; both are signed.
    let key = canteen_office::keys::load_or_create(office.dir.path()).unwrap();
    let png = office.dir.path().join("card.png");
    let issue = |card: &str, extra: &[&str]| {
        let mut args = vec![
            "card",
            "issue",
            "--resident",
            card,
            "--out",
            png.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["--data", data]);
        office_cli(&args)
    };
    let born = NaiveDate::from_ymd_opt(1941, 3, 1);
    for (card, extra, born) in [
        ("100001", &[][..], born),
        ("555555", &[][..], None),
        ("555555", &["--born", "1941-03-01"][..], born),
    ] {
        let (code, out) = issue(card, extra);
        assert_eq!(code, 0, "{out}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json["with_birth_date"], born.is_some(), "{card}: {out}");
        assert_eq!(
            qr_of(&png),
            key.holder_card_qr_text(card, born),
            "{card} {extra:?}"
        );
    }
    for (card, extra, refusal) in [
        ("12345", &[][..], "bad_card_no"),
        ("100001", &["--born", "1941-13-01"][..], "bad_born"),
    ] {
        let (code, out) = issue(card, extra);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains(refusal), "{card} {extra:?}: {out}");
    }
}

/// The text of the one QR code in the PNG at `path`, as a scanner reads it.
fn qr_of(path: &Path) -> String {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(frame.color_type, png::ColorType::Grayscale);
    let (w, h) = (frame.width as usize, frame.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {}", path.display());
    grids[0].decode().unwrap().1
}

fn categories() -> Vec<canteen_core::pricing::Category> {
    canteen_config::Config::defaults().pricing.categories
}

#[test]
fn utf8_bom_csv_and_xlsx_registries_read_alike() {
    let csv = format!(
        "\u{feff}id_number,name,categories,card_no,status\n{GOOD_A},王建国,dibao,100001,\n{GOOD_B},欧阳秀英,,,suspended\n"
    );
    let from_csv = registry_file::read(csv.as_bytes(), day(), &categories()).unwrap();

    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (col, h) in ["姓名", "身份证号码", "类别", "饭卡号", "状态"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, col as u16, *h).unwrap();
    }
    for (row, cells) in [
        ["王建国", GOOD_A, "低保", "100001", ""],
        ["欧阳秀英", GOOD_B, "", "", "停用"],
    ]
    .iter()
    .enumerate()
    {
        for (col, c) in cells.iter().enumerate() {
            ws.write_string(row as u32 + 1, col as u16, *c).unwrap();
        }
    }
    let xlsx = book.save_to_buffer().unwrap();
    let from_xlsx = registry_file::read(&xlsx, day(), &categories()).unwrap();

    let summary = |rows: &[canteen_core::registry::RegistryRow]| {
        rows.iter()
            .map(|r| {
                (
                    r.id.masked(),
                    r.name.clone(),
                    r.categories.clone(),
                    r.card_no.clone(),
                    r.status,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&from_csv), summary(&from_xlsx));
    assert_eq!(from_xlsx[0].categories, ["dibao"]);
    assert_eq!(
        from_xlsx[1].status,
        canteen_core::registry::RowStatus::Suspended
    );

    // An ID typed into a number cell has lost digits: named, by its row.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.write_string(0, 0, "姓名").unwrap();
    ws.write_string(0, 1, "身份证号").unwrap();
    ws.write_string(1, 0, "王建国").unwrap();
    ws.write_string(1, 1, GOOD_A).unwrap();
    ws.write_string(2, 0, "李四").unwrap();
    ws.write_number(2, 1, 110101194103010021.0).unwrap();
    let err =
        registry_file::read(&book.save_to_buffer().unwrap(), day(), &categories()).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(
        (err.problems[0].line, err.problems[0].column.as_str()),
        (3, "身份证号")
    );
    assert!(err.problems[0].reason_zh.contains("文本"), "{err}");

    // A header nobody knows, and a file with no ID column.
    let err =
        registry_file::read("姓名,手机\n王建国,1\n".as_bytes(), day(), &categories()).unwrap_err();
    let columns: Vec<&str> = err.problems.iter().map(|p| p.column.as_str()).collect();
    assert_eq!(columns, ["手机", ""], "{err}");
    assert!(err.problems.iter().all(|p| p.line == 1));
}

fn cards(n: usize) -> Vec<CardCell> {
    let key = canteen_sync::signing::OfficeKey::from_seed([7; 32]);
    (0..n)
        .map(|i| {
            let no = format!("2026{i:04}");
            CardCell {
                qr_text: key.card_qr_text(&no),
                card_no: no,
                masked_name: format!("张*{i}"),
            }
        })
        .collect()
}

#[test]
fn the_card_sheet_has_one_qr_per_card_in_card_sized_cells() {
    let html = export::card_sheet_html(&cards(12), Lang::Zh);
    assert_eq!(html.matches("<svg").count(), 12, "one QR per card");
    assert_eq!(html.matches("class=\"card\"").count(), 12);
    assert_eq!(
        html.matches("class=\"page\"").count(),
        2,
        "ten cards a page"
    );
    assert_eq!(
        html.matches("class=\"cut ").count(),
        48,
        "four cut marks a card"
    );
    assert!(html.contains("@page { size: A4; margin: 10mm; }"));
    assert!(html.contains("width: 85.6mm; height: 54mm"));
    assert!(html.contains("张*11") && html.contains("20260011"));
    assert!(!html.contains("<?xml"), "inline SVG, no XML declaration");
}

/// Prints `html` to a PDF with headless chromium; its bytes.
fn print_to_pdf(dir: &Path, html: &str) -> Vec<u8> {
    let page = dir.join("sheet.html");
    let pdf = dir.join("sheet.pdf");
    std::fs::write(&page, html).unwrap();
    let mut flags: Vec<OsString> = [
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
    ]
    .map(OsString::from)
    .into();
    flags.push(format!("--user-data-dir={}", dir.join("profile").display()).into());
    flags.push(format!("--print-to-pdf={}", pdf.display()).into());
    chromium::render("chromium", &page, &flags)
        .unwrap_or_else(|e| panic!("printing the card sheet: {e}"));
    std::fs::read(&pdf).unwrap()
}

#[test]
fn the_card_sheet_prints_to_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = print_to_pdf(dir.path(), &export::card_sheet_html(&cards(12), Lang::Zh));
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert!(pages >= 2, "12 cards take two A4 pages, found {pages}");
}
