//! Storage: pragmas, migrations from frozen v1–v12 schemas, a newer schema refused,
//! corruption stops selling and moves nothing, the resident key file, backups,
//! and no ID number or name in plaintext anywhere in the database files.

mod common;

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::os::unix::fs::PermissionsExt;

use canteen_ledger::{DB_FILE, Ledger, LedgerError, SCHEMA_VERSION};
use common::*;
use tempfile::TempDir;

#[test]
fn every_connection_has_the_required_pragmas() {
    let dir = TempDir::new().unwrap();
    let conn = canteen_ledger::connection::open(&dir.path().join(DB_FILE)).unwrap();
    let mode: String = scalar(&conn, "PRAGMA journal_mode");
    let sync: i64 = scalar(&conn, "PRAGMA synchronous");
    let fk: i64 = scalar(&conn, "PRAGMA foreign_keys");
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
}

/// A new folder holding a database of frozen schema `version`, which has no
/// table `lacks` (`why`, as the test says it).
fn frozen(version: usize, lacks: &str, why: &str) -> TempDir {
    let dir = TempDir::new().unwrap();
    let conn = raw(dir.path());
    frozen_schema(&conn, version);
    assert!(!has_table(&conn, lacks), "{why}");
    dir
}

/// Whether the database has table (or view) `name`.
fn has_table(conn: &rusqlite::Connection, name: &str) -> bool {
    conn.prepare(&format!("SELECT * FROM {name}")).is_ok()
}

/// The raw database in `dir`, which the ledger has upgraded to its schema.
fn upgraded(dir: &std::path::Path) -> rusqlite::Connection {
    let conn = raw(dir);
    assert_eq!(user_version(&conn), SCHEMA_VERSION);
    conn
}

#[test]
fn a_v1_database_upgrades_and_keeps_its_journal_sound() {
    let dir = frozen(1, "residents", "v1 has no registry");
    let mut ledger = open(dir.path());
    sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    drop(ledger);
    let conn = upgraded(dir.path());
    let residents: i64 = scalar(&conn, "SELECT count(*) FROM residents");
    assert_eq!(residents, 0);
    drop(conn);
    let ledger = open(dir.path());
    assert_eq!(ledger.verify().unwrap().unwrap().records, 1);
}

#[test]
fn a_v2_database_upgrades_to_the_counter_tables_and_keeps_its_journal_sound() {
    let dir = frozen(2, "audit", "v2 has no audit records");
    let mut ledger = open(dir.path());
    sell(&mut ledger, LUNCH, &["lunch-set"], None).unwrap();
    add_li(&mut ledger, LUNCH);
    drop(ledger);
    let conn = upgraded(dir.path());
    let audits: i64 = scalar(&conn, "SELECT count(*) FROM audit");
    assert_eq!(audits, 1, "adding staff is audited");
    drop(conn);
    let ledger = open(dir.path());
    assert_eq!(ledger.verify().unwrap().unwrap().records, 2);
}

/// A database at schema `version` (3 to 8; v7 and v8: `sale_entries` copied by
/// its `seq`, `kind` and `n`; v8: the refund tables too) holding real records: written by
/// this code, then copied row for row into the frozen schemas (v3: rowid
/// `sale_lines` and `payments`; v3 and v4: one `outbox` row per record,
/// acknowledged up to the source's mark; v3 to v5: a `sales` header row per
/// sale; all four: `sale_lines` and `payments` tables, read from the source's
/// views of the same names), with its resident key.
fn old_database_like(src: &std::path::Path, dir: &std::path::Path, version: i64) {
    let conn = raw(dir);
    frozen_schema(&conn, version as usize);
    attach_src(&conn, src);
    if version < 6 {
        conn.execute_batch(
            "INSERT INTO main.journal
             SELECT seq, kind, device_id, db_epoch, at, local_date, clock_suspect, format_version, prev_hash, hash
             FROM src.journal;
             INSERT INTO main.sales SELECT seq, resident_key, masked_id FROM src.journal WHERE kind = 'sale';",
        )
        .unwrap();
    } else {
        conn.execute_batch(
            "INSERT INTO main.journal
             SELECT seq, kind, device_id, db_epoch, at, local_date, clock_suspect, format_version, prev_hash, hash,
                    resident_key, masked_id
             FROM src.journal",
        )
        .unwrap();
    }
    let details: &[&str] = if version < 7 {
        &["sale_lines", "payments"]
    } else {
        conn.execute_batch(
            "INSERT INTO main.sale_entries (seq, kind, n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference)
             SELECT seq, kind, n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference FROM src.sale_entries",
        )
        .unwrap();
        if version >= 8 {
            &["refunds", "refund_lines", "closing_refunds"]
        } else {
            &[]
        }
    };
    for table in details.iter().copied().chain([
        "meta",
        "voids",
        "closings",
        "closing_totals",
        "staff",
        "audit",
        "shifts",
        "card_top_ups",
    ]) {
        conn.execute_batch(&format!(
            "INSERT INTO main.{table} SELECT * FROM src.{table}"
        ))
        .unwrap();
    }
    // Before v10 a lost card was the resident's status.
    conn.execute_batch(
        "INSERT INTO main.residents
         SELECT resident_key, masked_id, masked_name, NULL, categories, card_no,
                CASE WHEN card_status = 'lost' THEN 'lost' ELSE status END, updated_at
         FROM src.residents",
    )
    .unwrap();
    conn.execute_batch(
        "INSERT INTO main.quota_uses (resident_key, local_date, period, seq, line_no)
         SELECT resident_key, local_date, period, seq, line_no FROM src.quota_uses",
    )
    .unwrap();
    if version < 5 {
        conn.execute_batch(
            "INSERT INTO main.outbox (seq, acked_at)
             SELECT j.seq, CASE WHEN j.seq <= m.acked_seq THEN m.acked_at END
             FROM src.journal j, src.outbox_mark m",
        )
        .unwrap();
    } else {
        conn.execute_batch(
            "UPDATE main.outbox_mark SET (acked_seq, acked_at) = (SELECT acked_seq, acked_at FROM src.outbox_mark)",
        )
        .unwrap();
    }
    conn.execute_batch("DETACH DATABASE src").unwrap();
    copy_key(src, dir);
}

/// Attaches the database of the data folder `src` as `src` on `conn`.
/// A copy of the ledger in `src` in the frozen schema `version` (see
/// [`old_database_like`]), in a new folder.
fn old_copy(src: &TempDir, version: i64) -> TempDir {
    let dir = TempDir::new().unwrap();
    old_database_like(src.path(), dir.path(), version);
    dir
}

/// A ledger holding two anonymous sales of a soup.
fn two_soups() -> TempDir {
    let (src, mut ledger) = fresh();
    sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    src
}

fn attach_src(conn: &rusqlite::Connection, src: &std::path::Path) {
    conn.execute(
        "ATTACH DATABASE ?1 AS src",
        [src.join(DB_FILE).to_str().unwrap()],
    )
    .unwrap();
}

/// Copies the resident key file of the data folder `from` into `to`.
fn copy_key(from: &std::path::Path, to: &std::path::Path) {
    let key = canteen_ledger::keyring::KEY_FILE;
    fs::copy(from.join(key), to.join(key)).unwrap();
}

/// A data folder whose ledger holds the residents of `rows` (lines of a
/// residents file, after its header).
fn with_residents(rows: &str) -> TempDir {
    let src = TempDir::new().unwrap();
    let mut ledger = open(src.path());
    import_residents(
        &mut ledger,
        &format!("id_number,name,categories,card_no,status\n{rows}"),
    );
    src
}

fn without_rowid(dir: &std::path::Path, table: &str) -> bool {
    let sql: String = raw(dir)
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    sql.contains("WITHOUT ROWID")
}

#[test]
fn a_v3_database_upgrades_to_one_b_tree_per_detail_table_and_keeps_every_record() {
    let src = TempDir::new().unwrap();
    let id = id_number(AGE70, "123");
    let before = {
        let mut ledger = open(src.path());
        let first = sell(&mut ledger, LUNCH, &["lunch-set", "soup"], Some(&id)).unwrap();
        sell(&mut ledger, DINNER, &["dinner-set"], Some(&id)).unwrap();
        ledger.void(first.seq, "wrong tray", at(DINNER)).unwrap();
        sell(&mut ledger, DINNER, &["soup", "soup"], None).unwrap();
        add_li(&mut ledger, DINNER);
        ledger.acknowledge(2, at(DINNER)).unwrap();
        ledger.records_after(0, 100).unwrap()
    };
    assert_eq!(before.len(), 5);
    let dir = old_copy(&src, 3);
    assert!(!without_rowid(dir.path(), "sale_lines"));
    assert!(!without_rowid(dir.path(), "payments"));

    let mut ledger = open(dir.path());
    assert_eq!(ledger.records_after(0, 100).unwrap(), before);
    assert_eq!(ledger.verify().unwrap().unwrap().records, 5);
    assert_eq!(ledger.outbox_status().unwrap().pending, 3);
    let lunch = at(LUNCH).date_naive();
    let who = parse_id(&id, LUNCH);
    assert_eq!(
        ledger.quota_used(&who, lunch, "lunch").unwrap(),
        0,
        "voided"
    );
    assert_eq!(ledger.quota_used(&who, lunch, "dinner").unwrap(), 1);
    let again = sell(&mut ledger, DINNER, &["dinner-set"], Some(&id)).unwrap();
    assert_eq!(again.total_fen, 1500, "the quota survives the upgrade");
    assert_eq!(ledger.verify().unwrap().unwrap().records, 6);
    drop(ledger);

    let conn = upgraded(dir.path());
    assert!(
        !without_rowid(dir.path(), "sale_entries"),
        "v9: a rowid table"
    );
    assert!(without_rowid(dir.path(), "quota_uses"));
    for sql in [
        "UPDATE sale_entries SET charged_fen = 0 WHERE kind = 'line'",
        "DELETE FROM sale_entries WHERE kind = 'line'",
        "UPDATE sale_entries SET amount_fen = 0 WHERE kind = 'payment'",
        "DELETE FROM sale_entries WHERE kind = 'payment'",
    ] {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
    let leftovers: i64 = scalar(
        &conn,
        "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v4'",
    );
    assert_eq!(leftovers, 0);
    // The foreign keys still hold, and are on again for the ledger's connection.
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let err = conn
        .execute_batch("INSERT INTO quota_uses VALUES ('k', '2026-11-23', 'lunch', 1, 7)")
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
}

#[test]
fn a_v4_database_upgrades_its_outbox_rows_to_the_office_mark() {
    let src = TempDir::new().unwrap();
    let before = {
        let mut ledger = open(src.path());
        for n in 0..5 {
            lunch_for(&mut ledger, LUNCH, &id_number(AGE85, &format!("{n:03}")));
        }
        ledger.acknowledge(3, at(LUNCH)).unwrap();
        ledger.records_after(0, 100).unwrap()
    };
    let dir = old_copy(&src, 4);
    let acked: Vec<i64> = column(
        dir.path(),
        "SELECT seq FROM outbox WHERE acked_at IS NOT NULL ORDER BY seq",
    );
    assert_eq!(acked, [1, 2, 3], "v4 keeps one outbox row per record");

    let mut ledger = open(dir.path());
    assert_eq!(ledger.records_after(0, 100).unwrap(), before);
    assert_eq!(ledger.verify().unwrap().unwrap().records, 5);
    let status = ledger.outbox_status().unwrap();
    assert_eq!((status.pending, status.last_seq), (2, 5));
    assert_eq!(ledger.records_after(3, 100).unwrap().len(), 2);
    sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
    assert_eq!(ledger.outbox_status().unwrap().pending, 3);
    assert_eq!(ledger.acknowledge(6, at(LUNCH)).unwrap(), 3);
    assert_eq!(ledger.outbox_status().unwrap().pending, 0);
    drop(ledger);
    let conn = raw(dir.path());
    assert!(!has_table(&conn, "outbox"), "the rows are gone");
    assert_eq!(
        counts(
            &conn,
            "SELECT (SELECT user_version FROM pragma_user_version), acked_seq FROM outbox_mark"
        ),
        [SCHEMA_VERSION, 6]
    );
}

#[test]
fn a_v4_database_that_never_synced_has_everything_pending() {
    let src = two_soups();
    let dir = old_copy(&src, 4);
    let ledger = open(dir.path());
    let status = ledger.outbox_status().unwrap();
    assert_eq!(
        (status.pending, status.last_seq, status.last_sync),
        (2, 2, None)
    );
    // An empty v4 database: a mark of 0, nothing pending.
    let fresh = TempDir::new().unwrap();
    drop(open(fresh.path()));
    let empty = TempDir::new().unwrap();
    old_database_like(fresh.path(), empty.path(), 4);
    let status = open(empty.path()).outbox_status().unwrap();
    assert_eq!((status.pending, status.last_seq), (0, 0));
}

#[test]
fn a_v5_database_moves_each_sale_header_onto_its_journal_row() {
    let src = TempDir::new().unwrap();
    let id = id_number(AGE85, "042");
    let before = {
        let mut ledger = open(src.path());
        let first = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
        sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
        ledger.void(first.seq, "wrong tray", at(LUNCH)).unwrap();
        sell(&mut ledger, DINNER, &["dinner-set", "soup"], Some(&id)).unwrap();
        ledger.acknowledge(1, at(DINNER)).unwrap();
        ledger.records_after(0, 100).unwrap()
    };
    let dir = old_copy(&src, 5);
    let headers: i64 = scalar(
        &raw(dir.path()),
        "SELECT count(*) FROM sales WHERE resident_key IS NOT NULL",
    );
    assert_eq!(headers, 2, "v5 keeps the diner in `sales`");

    let mut ledger = open(dir.path());
    assert_eq!(ledger.records_after(0, 100).unwrap(), before);
    assert_eq!(ledger.verify().unwrap().unwrap().records, 4);
    assert_eq!(ledger.outbox_status().unwrap().pending, 3);
    let who = parse_id(&id, LUNCH);
    let today = at(LUNCH).date_naive();
    assert_eq!(
        ledger.quota_used(&who, today, "lunch").unwrap(),
        0,
        "voided"
    );
    assert_eq!(ledger.quota_used(&who, today, "dinner").unwrap(), 1);
    let again = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&id)).unwrap();
    assert_eq!(
        again.total_fen, 1000,
        "the voided lunch gave the quota back"
    );
    let canteen_core::journal::RecordBody::Sale(dinner) = &before[3].record.body else {
        panic!("record 4 is a sale")
    };
    let masked = dinner.diner.as_ref().map(|d| d.masked_id.clone());
    assert!(masked.is_some());
    assert_eq!(ledger.sale(4).unwrap().unwrap().masked_id, masked);
    assert_eq!(ledger.verify().unwrap().unwrap().records, 5);
    drop(ledger);

    let conn = raw(dir.path());
    assert!(!has_table(&conn, "sales"), "no `sales` table");
    assert_eq!(
        counts(
            &conn,
            "SELECT count(*) FILTER (WHERE resident_key IS NOT NULL), count(*) FILTER (WHERE kind = 'sale' AND resident_key IS NULL) FROM journal"
        ),
        [3, 1]
    );
    assert_refused(
        &conn,
        &[
            (
                "UPDATE journal SET masked_id = NULL WHERE seq = 1",
                "append-only",
            ),
            ("DELETE FROM voids", "append-only"),
            (
                "INSERT INTO sale_entries (id, method, amount_fen) VALUES (99 * 1024 + 512, 'free', 0)",
                "FOREIGN KEY",
            ),
            (
                "INSERT INTO voids VALUES (99, 98, zeroblob(32), 'x')",
                "FOREIGN KEY",
            ),
        ],
    );
    let leftovers: i64 = scalar(
        &conn,
        "SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v6' OR name LIKE 'sales%'",
    );
    assert_eq!(leftovers, 0);
}

#[test]
fn a_v5_database_with_a_sale_missing_its_header_is_not_migrated() {
    let src = two_soups();
    let dir = old_copy(&src, 5);
    let conn = raw(dir.path());
    drop_triggers(&conn);
    conn.execute_batch("PRAGMA foreign_keys = OFF; DELETE FROM sales WHERE seq = 2")
        .unwrap();
    drop(conn);
    assert!(Ledger::open(dir.path()).is_err());
    let conn = raw(dir.path());
    let version = user_version(&conn);
    assert_eq!(version, 5, "nothing was changed");
    let headers: i64 = scalar(&conn, "SELECT count(*) FROM sales");
    assert_eq!(headers, 1);
}

#[test]
fn a_v3_database_with_a_broken_reference_is_not_migrated() {
    let src = TempDir::new().unwrap();
    {
        let mut ledger = open(src.path());
        lunch_for(&mut ledger, LUNCH, &id_number(AGE70, "123"));
    }
    let dir = old_copy(&src, 3);
    raw(dir.path())
        .execute_batch("PRAGMA foreign_keys = OFF; INSERT INTO payments VALUES (40, 0, 'free', 0, NULL, NULL, NULL, NULL)")
        .unwrap();
    let err = Ledger::open(dir.path()).err().unwrap();
    assert!(matches!(err, LedgerError::Corrupt(_)), "{err}");
    let version = user_version(&raw(dir.path()));
    assert_eq!(version, 3, "nothing was changed");
    assert!(!without_rowid(dir.path(), "sale_lines"));
}

#[test]
fn a_newer_database_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    drop(open(dir.path()));
    raw(dir.path())
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Ledger::open(dir.path()).err().unwrap();
    assert!(
        matches!(err, LedgerError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("newer than this program"));
    let version = user_version(&raw(dir.path()));
    assert_eq!(version, 99);
}

#[test]
fn a_corrupt_database_stops_selling_and_nothing_is_moved() {
    let dir = TempDir::new().unwrap();
    {
        let mut ledger = open(dir.path());
        for _ in 0..200 {
            sell(&mut ledger, LUNCH, &["soup"], None).unwrap();
        }
    }
    let path = dir.path().join(DB_FILE);
    let len = fs::metadata(&path).unwrap().len();
    let mut file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.seek(SeekFrom::Start(4096 * 2)).unwrap();
    file.write_all(&vec![0xA5; 4096 * 3]).unwrap();
    drop(file);
    let err = Ledger::open(dir.path())
        .err()
        .expect("a damaged file must not open for selling");
    assert!(matches!(err, LedgerError::Corrupt(_)), "{err}");
    assert!(err.to_string().contains("do not delete any files"));
    assert_eq!(
        fs::metadata(&path).unwrap().len(),
        len,
        "the file is left where and as it was"
    );
}

#[test]
fn the_resident_key_is_private_and_must_not_go_missing() {
    let (dir, mut ledger) = fresh();
    lunch_for(&mut ledger, LUNCH, &id_number(AGE70, "123"));
    drop(ledger);
    let key = dir.path().join(canteen_ledger::keyring::KEY_FILE);
    assert_eq!(
        fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(fs::read(&key).unwrap().len(), 32);
    fs::rename(&key, dir.path().join("elsewhere")).unwrap();
    assert!(matches!(
        Ledger::open(dir.path()),
        Err(LedgerError::ResidentKeyMismatch(_))
    ));
    assert!(
        !key.exists(),
        "no new key is made for a database that had one"
    );
    fs::write(&key, [7u8; 32]).unwrap();
    assert!(matches!(
        Ledger::open(dir.path()),
        Err(LedgerError::ResidentKeyMismatch(_))
    ));
}

#[test]
fn a_backup_is_complete_checked_and_restorable_with_the_key() {
    let (dir, mut ledger) = fresh();
    for n in 0..20 {
        lunch_for(&mut ledger, LUNCH, &id_number(AGE85, &format!("{n:03}")));
    }
    let head = ledger.verify().unwrap().unwrap();
    let out = TempDir::new().unwrap();
    let report = ledger
        .backup(&out.path().join("canteen-backup.db"))
        .unwrap();
    assert_eq!(report.records, 20);
    assert_eq!(report.head, hex::encode(head.head.hash));
    let files: Vec<_> = fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        files,
        ["canteen-backup.db"],
        "no temporary file and no key beside the backup"
    );

    let restored = TempDir::new().unwrap();
    fs::copy(
        out.path().join("canteen-backup.db"),
        restored.path().join(DB_FILE),
    )
    .unwrap();
    copy_key(dir.path(), restored.path());
    let mut restored = open(restored.path());
    assert_eq!(restored.verify().unwrap().unwrap(), head);
    let again = lunch_for(
        &mut restored,
        "2026-11-23T12:10:00+08:00",
        &id_number(AGE85, "000"),
    );
    assert_eq!(again.total_fen, 1500, "the quota survives the restore");
}

#[test]
fn no_id_number_or_name_in_plaintext_in_the_database_or_its_wal() {
    let dir = TempDir::new().unwrap();
    let ids: Vec<String> = (0..10)
        .map(|n| id_number(AGE70, &format!("{:03}", 100 + n)))
        .collect();
    let csv = format!(
        "id_number,name,categories,card_no,status\n{},王小明,dibao,C001,active\n",
        ids[0]
    );
    let mut ledger = open(dir.path());
    import_residents(&mut ledger, &csv);
    for id in &ids {
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(id)).unwrap();
    }
    // Looked at while the ledger is open, so the -wal file still holds the pages.
    let wal = dir.path().join(format!("{DB_FILE}-wal"));
    assert!(fs::metadata(&wal).unwrap().len() > 0);
    let mut checked = 0;
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == canteen_ledger::keyring::KEY_FILE {
            continue;
        }
        let bytes = fs::read(&path).unwrap();
        for id in &ids {
            for needle in [id.as_str(), &id[..17], &id[6..14]] {
                assert!(
                    !contains(&bytes, needle.as_bytes()),
                    "{needle} in {}",
                    path.display()
                );
            }
        }
        assert!(!contains(&bytes, "王小明".as_bytes()));
        checked += 1;
    }
    assert!(checked >= 2, "the database and its -wal file");
    let masked = &ledger.resident(&parse_id(&ids[0], LUNCH)).unwrap().unwrap();
    assert_eq!(
        (masked.masked_name.as_str(), masked.masked_id.len()),
        ("王*明", 18)
    );
}

/// Everything the ledger reads from a sale's lines and payments, as text to
/// compare: the stored records (what sync sends), the chain's head, each sale,
/// the day's totals and closing, the shift, the card balance, the quota and
/// the outbox.
fn readings(ledger: &Ledger, sold: &Sold) -> Vec<String> {
    let (shift, who) = (sold.shift, parse_id(&sold.id, LUNCH));
    let day = at(LUNCH).date_naive();
    let records = ledger.records_after(0, 100).unwrap();
    let mut out = vec![
        format!("{records:?}"),
        format!("{:?}", ledger.verify().unwrap().unwrap()),
        format!("{:?}", ledger.report_x(day).unwrap()),
        format!("{:?}", ledger.closing(day).unwrap()),
        format!("{:?}", ledger.shift_report(shift).unwrap()),
        format!("{:?}", ledger.current_shift().unwrap()),
        format!("{:?}", ledger.card_balance("C001").unwrap()),
        format!("{:?}", ledger.outbox_status().unwrap()),
        format!("{:?}", ledger.records_after(3, 2).unwrap()),
    ];
    for period in ["lunch", "dinner"] {
        out.push(format!(
            "{:?}",
            ledger.quota_used(&who, day, period).unwrap()
        ));
    }
    for r in &records {
        out.push(format!(
            "{:?}",
            ledger
                .sale(r.seq)
                .unwrap()
                .map(|s| serde_json::to_value(s).unwrap())
        ));
    }
    out
}

/// The column names and every row a query returns, as text.
fn rows(dir: &std::path::Path, sql: &str) -> Vec<String> {
    let conn = raw(dir);
    let mut stmt = conn.prepare(sql).unwrap();
    let n = stmt.column_count();
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut out = vec![names.join(",")];
    out.extend(
        stmt.query_map([], |r| {
            (0..n)
                .map(|i| {
                    r.get::<_, rusqlite::types::Value>(i)
                        .map(|v| format!("{v:?}"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|v| v.join(","))
        })
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap(),
    );
    out
}

/// A ledger with every kind of sale a reader looks at: several lines, cash,
/// card, mobile, a split payment (cash and mobile: the ledger itself writes one
/// payment per sale, so this one is appended with raw SQL and its hash made as
/// the ledger would), a void, a top-up, an open shift and a closed day.
fn every_kind_of_sale(dir: &std::path::Path) -> Sold {
    use canteen_core::journal::RecordBody;
    use canteen_core::{Money, Payment, PaymentChoice};
    let id = id_number(AGE70, "321");
    let mut ledger = open(dir);
    add_li(&mut ledger, LUNCH);
    let shift = ledger
        .open_shift(1, Money::from_yuan(100), at(LUNCH))
        .unwrap()
        .open_seq;
    ledger
        .top_up_card("C001", Money::from_yuan(50), 1, at(LUNCH))
        .unwrap();
    let first = sell(
        &mut ledger,
        LUNCH,
        &["lunch-set", "soup", "soup"],
        Some(&id),
    )
    .unwrap();
    let rules = rules();
    let pay = |payment| request(&rules, LUNCH, &["lunch-set", "soup"], None, payment);
    let card = ledger
        .sell(&pay(PaymentChoice::Card {
            card_no: "C001".into(),
        }))
        .unwrap();
    assert_eq!(card.card_balance_fen, Some(5_000 - 1_800));
    ledger
        .sell(&pay(PaymentChoice::Mobile {
            reference: "wx0001".into(),
        }))
        .unwrap();
    ledger.void(first.seq, "wrong tray", at(LUNCH)).unwrap();
    sell(&mut ledger, DINNER, &["dinner-set", "soup"], Some(&id)).unwrap();
    let template = sell(&mut ledger, DINNER, &["soup", "soup"], None).unwrap();

    // The split sale: the last sale again, paid ¥3 cash (¥5 tendered) and ¥3 mobile.
    let last = ledger.records_after(template.seq - 1, 1).unwrap().remove(0);
    let mut record = last.record.clone();
    record.header.seq = last.seq + 1;
    let RecordBody::Sale(sale) = &mut record.body else {
        panic!("a sale")
    };
    sale.payments = vec![
        Payment::Cash {
            amount: Money::from_fen(300),
            tendered: Money::from_fen(500),
            change: Money::from_fen(200),
        },
        Payment::Mobile {
            amount: Money::from_fen(300),
            reference: "wx-split".into(),
        },
    ];
    let hash = record.hash_after(&last.hash);
    raw(dir)
        .execute(
            "INSERT INTO journal SELECT ?1, kind, device_id, db_epoch, at, local_date, clock_suspect, format_version,
                                        hash, ?2, resident_key, masked_id, rules_version, delivery_route
             FROM journal WHERE seq = ?3",
            (record.header.seq, &hash[..], last.seq),
        )
        .unwrap();
    raw(dir)
        .execute_batch(&format!(
            "INSERT INTO sale_entries (id, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference)
             SELECT {new} * 1024 + n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference
             FROM sale_entries WHERE seq = {old} AND kind = 'line';
             INSERT INTO sale_entries (id, method, amount_fen, tendered_fen, change_fen, card_no, reference)
             VALUES ({new} * 1024 + 512, 'cash', 300, 500, 200, NULL, NULL),
                    ({new} * 1024 + 513, 'mobile', 300, NULL, NULL, NULL, 'wx-split');",
            new = record.header.seq,
            old = last.seq
        ))
        .unwrap();
    let split = ledger.sale(record.header.seq).unwrap().unwrap();
    assert_eq!(split.payments, record_payments(&record));
    ledger
        .close_day(at(LUNCH).date_naive(), at("2026-11-23T20:00:00+08:00"))
        .unwrap();
    ledger.acknowledge(2, at(DINNER)).unwrap();
    assert!(ledger.verify().unwrap().is_ok(), "the split sale chains");
    Sold { shift, id }
}

/// What [`every_kind_of_sale`] leaves to look at: the shift's opening seq and
/// the identified diner's ID number.
struct Sold {
    shift: u64,
    id: String,
}

/// Opens (and so upgrades) the old copy in `dir` with this code and asserts
/// that it reads as the source did (`before`) and that every query of `kept`
/// still returns what it did.
fn assert_upgrade_keeps(
    dir: &std::path::Path,
    sold: &Sold,
    before: &[String],
    kept: &[(&str, Vec<String>)],
) {
    assert_eq!(readings(&open(dir), sold), before);
    assert_unchanged(dir, kept);
}

fn record_payments(record: &canteen_core::journal::Record) -> Vec<canteen_core::Payment> {
    match &record.body {
        canteen_core::journal::RecordBody::Sale(s) => s.payments.clone(),
        _ => panic!("a sale"),
    }
}

/// Every `sale_entries` row by its `(seq, kind, n)` key, as v7 and v8 stored it.
const ENTRY_ROWS: &str = "SELECT seq, kind, n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                                 uses_quota, reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen,
                                 card_no, reference
                          FROM sale_entries ORDER BY seq, kind, n";

const QUOTA_ROWS: &str =
    "SELECT resident_key, local_date, period, seq, line_no FROM quota_uses ORDER BY seq, line_no";

/// Every line, payment and refunded line through the tables (or, from v9, the
/// views) of those names.
const LINE_ROWS: &str = "SELECT * FROM sale_lines ORDER BY seq, line_no";
const PAYMENT_ROWS: &str = "SELECT * FROM payments ORDER BY seq, pay_no";
const REFUND_ROWS: &str = "SELECT * FROM refund_lines ORDER BY seq, line_no";

/// The day after the sales of [`every_kind_of_sale`], when an upgraded ledger
/// sells on.
const NEXT_DAY: &str = "2026-11-24T12:00:00+08:00";

/// Asserts that each `(statement, reason)` is refused on `conn` with an error
/// naming the reason (`append-only`, `FOREIGN KEY`, `CHECK`, …).
fn assert_refused(conn: &rusqlite::Connection, cases: &[(&str, &str)]) {
    for (sql, refused) in cases {
        let err = conn.execute_batch(sql).unwrap_err();
        assert!(err.to_string().contains(refused), "{sql}: {err}");
    }
}

/// How SQLite plans `query` on `conn`: the detail of the plan's first step.
fn query_plan(conn: &rusqlite::Connection, query: &str) -> String {
    conn.query_row(&format!("EXPLAIN QUERY PLAN {query}"), [], |r| r.get(3))
        .unwrap()
}

/// What each query returns in `dir`, to compare after an upgrade.
fn snapshot(dir: &std::path::Path, queries: &[&'static str]) -> Vec<(&'static str, Vec<String>)> {
    queries.iter().map(|q| (*q, rows(dir, q))).collect()
}

/// Asserts that every query of a [`snapshot`] still returns what it did.
fn assert_unchanged(dir: &std::path::Path, before: &[(&str, Vec<String>)]) {
    for (query, rows_before) in before {
        assert_eq!(&rows(dir, query), rows_before, "{query}");
    }
}

/// `wang` approves, a lunch set and a soup are sold to `id` and the soup is
/// refunded: what an upgraded ledger must still do.
fn sell_and_refund_a_soup(ledger: &mut Ledger, id: &str) {
    let wang = approve(ledger, NEXT_DAY);
    let sale = sell(ledger, NEXT_DAY, &["lunch-set", "soup"], Some(id)).unwrap();
    let refund = ledger
        .refund_lines(sale.seq, &[(1, 1)], "upgrade", &wang, at(NEXT_DAY))
        .unwrap();
    assert_eq!(refund.refund_fen, 300);
}

#[test]
fn a_v6_database_upgrades_to_one_b_tree_for_lines_and_payments_and_reads_the_same() {
    let src = TempDir::new().unwrap();
    let sold = every_kind_of_sale(src.path());
    let before = readings(&open(src.path()), &sold);
    let dir = old_copy(&src, 6);
    assert!(without_rowid(dir.path(), "sale_lines"), "v6 has the tables");
    let kept = snapshot(dir.path(), &[LINE_ROWS, PAYMENT_ROWS, QUOTA_ROWS]);
    assert_eq!(kept[0].1.len(), 1 + 3 + 2 + 2 + 2 + 2 + 2);
    assert_eq!(kept[1].1.len(), 1 + 7, "one split in two");

    // The views are the old tables.
    assert_upgrade_keeps(dir.path(), &sold, &before, &kept);

    let conn = upgraded(dir.path());
    assert!(
        !without_rowid(dir.path(), "sale_entries"),
        "v9: a rowid table"
    );
    assert!(without_rowid(dir.path(), "quota_uses"));
    assert_eq!(
        counts(&conn, "SELECT (SELECT count(*) FROM sale_entries),
                    (SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name IN ('sale_lines', 'payments')),
                    (SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v7')"),
        [13 + 7, 2, 0]
    );
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    assert_refused(
        &conn,
        &[
            (
                "UPDATE sale_entries SET charged_fen = 0 WHERE kind = 'line'",
                "append-only",
            ),
            (
                "UPDATE sale_entries SET amount_fen = 0 WHERE kind = 'payment'",
                "append-only",
            ),
            ("DELETE FROM sale_entries", "append-only"),
            ("DELETE FROM quota_uses", "append-only"),
            ("UPDATE sale_lines SET charged_fen = 0", "view"),
            ("DELETE FROM payments", "view"),
            (
                "INSERT INTO sale_entries (id, method, amount_fen) VALUES (99 * 1024 + 512, 'free', 0)",
                "FOREIGN KEY",
            ),
            // Columns belong to their kind (v9: the kind is bit 9 of the id).
            (
                "INSERT INTO sale_entries (id, method, amount_fen, item) VALUES (1 * 1024 + 512 + 9, 'free', 0, 'soup')",
                "CHECK",
            ),
            (
                "INSERT INTO sale_entries (id, method, amount_fen) VALUES (1 * 1024 + 9, 'free', 0)",
                "CHECK",
            ),
            // No sale 0.
            (
                "INSERT INTO sale_entries (id, method, amount_fen) VALUES (512 + 9, 'free', 0)",
                "CHECK",
            ),
            // `seq`, `kind` and `n` are computed from the id.
            (
                "INSERT INTO sale_entries (seq, kind, n, method, amount_fen) VALUES (1, 'payment', 9, 'free', 0)",
                "generated column",
            ),
            // A quota row names a line (0 to 511), never a payment.
            (
                "INSERT INTO quota_uses (resident_key, local_date, period, seq, line_no) VALUES ('k', '2026-11-23', 'lunch', 1, 512)",
                "CHECK",
            ),
        ],
    );
    // A quota row must name a line, not a payment of the same number.
    conn.execute_batch(
        "BEGIN; INSERT INTO sale_entries (id, method, amount_fen) VALUES (4 * 1024 + 512 + 5, 'free', 0)",
    )
    .unwrap();
    let err = conn
        .execute_batch(
            "INSERT INTO quota_uses (resident_key, local_date, period, seq, line_no) VALUES ('k', '2026-11-23', 'lunch', 4, 5)",
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    conn.execute_batch("ROLLBACK").unwrap();
    drop(conn);

    // The upgraded ledger sells on, and the chain still verifies.
    let mut ledger = open(dir.path());
    let again = sell(
        &mut ledger,
        NEXT_DAY,
        &["lunch-set", "soup"],
        Some(&sold.id),
    )
    .unwrap();
    // 12 records before it (the top-up is followed by its audit record).
    assert_eq!(again.seq, 13);
    assert_eq!(ledger.sale(13).unwrap().unwrap().lines.len(), 2);
    assert_eq!(ledger.verify().unwrap().unwrap().records, 13);
}

#[test]
fn a_v6_database_with_a_broken_reference_is_not_migrated() {
    for orphan in [
        "INSERT INTO payments VALUES (40, 0, 'free', 0, NULL, NULL, NULL, NULL)",
        "INSERT INTO quota_uses VALUES ('k', '2026-11-23', 'lunch', 1, 7)",
    ] {
        let src = TempDir::new().unwrap();
        sell(
            &mut open(src.path()),
            LUNCH,
            &["lunch-set"],
            Some(&id_number(AGE70, "123")),
        )
        .unwrap();
        let dir = old_copy(&src, 6);
        raw(dir.path())
            .execute_batch(&format!("PRAGMA foreign_keys = OFF; {orphan}"))
            .unwrap();
        let err = Ledger::open(dir.path()).err().unwrap();
        assert!(matches!(err, LedgerError::Corrupt(_)), "{orphan}: {err}");
        let version = user_version(&raw(dir.path()));
        assert_eq!(version, 6, "nothing was changed");
        assert!(without_rowid(dir.path(), "sale_lines"), "still a table");
        assert!(
            raw(dir.path())
                .prepare("SELECT 1 FROM sale_entries")
                .is_err()
        );
    }
}

#[test]
fn a_v7_database_upgrades_to_refund_tables_reads_the_same_and_refunds() {
    let src = TempDir::new().unwrap();
    let sold = every_kind_of_sale(src.path());
    let before = readings(&open(src.path()), &sold);
    let dir = old_copy(&src, 7);
    let kept = snapshot(dir.path(), &[ENTRY_ROWS]);
    let refund_tables = "SELECT count(*) FROM sqlite_master WHERE name IN ('refunds', 'refund_lines', 'closing_refunds')";
    assert_eq!(
        rows(dir.path(), refund_tables),
        rows(dir.path(), "SELECT 0 AS \"count(*)\"")
    );

    assert_upgrade_keeps(dir.path(), &sold, &before, &kept);
    let conn = upgraded(dir.path());
    assert_eq!(
        rows(dir.path(), refund_tables),
        rows(dir.path(), "SELECT 3 AS \"count(*)\"")
    );
    let triggers: i64 = scalar(
        &conn,
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
             AND tbl_name IN ('refunds', 'refund_lines', 'closing_refunds')",
    );
    assert_eq!(triggers, 6, "UPDATE and DELETE refused on each");
    drop(conn);

    // The upgraded ledger sells on and refunds a line; the chain verifies.
    let mut ledger = open(dir.path());
    add_wang(&mut ledger, NEXT_DAY);
    sell_and_refund_a_soup(&mut ledger, &sold.id);
    assert!(ledger.verify().unwrap().is_ok());
}

#[test]
fn a_v8_database_upgrades_to_rowid_sale_entries_and_reads_the_same() {
    let src = TempDir::new().unwrap();
    let sold = every_kind_of_sale(src.path());
    {
        // A card sale on the next day and a line refund of it, so the refund
        // tables and the card balance carry something across.
        let mut ledger = open(src.path());
        add_wang(&mut ledger, NEXT_DAY);
        let wang = approve(&mut ledger, NEXT_DAY);
        let card = ledger.sell(&card_sale(&rules(), NEXT_DAY, 2)).unwrap();
        assert_eq!(card.card_balance_fen, Some(5_000 - 1_800 - 600));
        let refund = ledger
            .refund_lines(card.seq, &[(1, 1)], "cold soup", &wang, at(NEXT_DAY))
            .unwrap();
        assert_eq!(refund.refund_fen, 300);
    }
    let before = readings(&open(src.path()), &sold);
    let dir = old_copy(&src, 8);
    assert!(
        without_rowid(dir.path(), "sale_entries"),
        "v8 is keyed by (seq, kind, n)"
    );
    let kept = snapshot(
        dir.path(),
        &[ENTRY_ROWS, LINE_ROWS, PAYMENT_ROWS, QUOTA_ROWS, REFUND_ROWS],
    );
    assert_eq!(kept[0].1.len(), 1 + 13 + 7 + 2 + 1);
    assert_eq!(kept[4].1.len(), 1 + 1);

    // Every row, as it was.
    assert_upgrade_keeps(dir.path(), &sold, &before, &kept);
    assert_eq!(
        open(dir.path()).card_balance("C001").unwrap().fen(),
        5_000 - 1_800 - 300
    );

    let conn = upgraded(dir.path());
    assert!(!without_rowid(dir.path(), "sale_entries"));
    assert!(without_rowid(dir.path(), "quota_uses"));
    assert_eq!(
        counts(
            &conn,
            "SELECT (SELECT count(*) FROM sale_entries
                     WHERE id <> seq * 1024 + CASE kind WHEN 'line' THEN 0 ELSE 512 END + n),
                    (SELECT count(*) FROM sqlite_master WHERE name LIKE '%_v9'),
                    (SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
                     AND tbl_name IN ('sale_entries', 'quota_uses'))"
        ),
        [0, 0, 4]
    );
    conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    assert_refused(
        &conn,
        &[
            ("UPDATE sale_entries SET charged_fen = 0", "append-only"),
            ("DELETE FROM sale_entries", "append-only"),
            ("DELETE FROM quota_uses", "append-only"),
            (
                "INSERT INTO sale_entries (id, method, amount_fen) VALUES (99 * 1024 + 512, 'free', 0)",
                "FOREIGN KEY",
            ),
            (
                "INSERT INTO quota_uses VALUES ('k', '2026-11-23', 'lunch', 1, 7)",
                "FOREIGN KEY",
            ),
        ],
    );
    // A sale's rows are found by a range of the rowid, not by a scan.
    let plan = query_plan(
        &conn,
        "SELECT n FROM sale_entries WHERE id BETWEEN 5 * 1024 AND 5 * 1024 + 511",
    );
    assert!(plan.contains("INTEGER PRIMARY KEY"), "{plan}");
    // A card's payments through the partial card index, not every sale's rows;
    // a cash payment is not in it.
    let plan = query_plan(
        &conn,
        "SELECT sum(amount_fen) FROM payments WHERE method = 'card' AND card_no = 'C001'",
    );
    assert!(plan.contains("sale_entries_by_card"), "{plan}");
    assert_eq!(
        counts(&conn, "SELECT (SELECT count(*) FROM sale_entries INDEXED BY sale_entries_by_card WHERE card_no IS NOT NULL),
                    (SELECT count(*) FROM payments WHERE method = 'card')"),
        [2, 2]
    );
    drop(conn);

    // The upgraded ledger sells on (by card too) and refunds; the chain verifies.
    let mut ledger = open(dir.path());
    sell_and_refund_a_soup(&mut ledger, &sold.id);
    let card = ledger.sell(&card_sale(&rules(), NEXT_DAY, 1)).unwrap();
    assert_eq!(card.card_balance_fen, Some(5_000 - 1_800 - 300 - 300));
    assert!(ledger.verify().unwrap().is_ok());
}

/// `soups` soups paid by meal card C001.
fn card_sale<'a>(
    rules: &'a canteen_core::PricingRules,
    when: &str,
    soups: usize,
) -> canteen_ledger::SaleRequest<'a> {
    request(rules, when, &vec!["soup"; soups], None, card("C001"))
}

#[test]
fn a_v8_database_with_a_sale_entry_numbered_beyond_511_is_not_migrated() {
    let src = TempDir::new().unwrap();
    sell(&mut open(src.path()), LUNCH, &["soup"], None).unwrap();
    let dir = old_copy(&src, 8);
    raw(dir.path())
        .execute_batch(
            "INSERT INTO sale_entries (seq, kind, n, method, amount_fen) VALUES (1, 'payment', 512, 'free', 0)",
        )
        .unwrap();
    let err = Ledger::open(dir.path()).err().unwrap();
    assert!(err.to_string().contains("beyond_511"), "{err}");
    let conn = raw(dir.path());
    let version = user_version(&conn);
    assert_eq!(version, 8, "nothing was changed");
    assert!(without_rowid(dir.path(), "sale_entries"));
}

/// v9 kept a lost card in the resident's own status, which refused the person
/// by ID card too. v10 moves it to `card_status`: the person is active, the
/// card is lost; a suspended person stays suspended.
#[test]
fn a_v9_database_upgrades_a_lost_resident_to_an_active_person_with_a_lost_card() {
    let (lost, suspended, active) = (
        id_number(AGE70, "031"),
        id_number(AGE85, "032"),
        id_number(AGE95, "033"),
    );
    let src = with_residents(&format!(
        "{lost},王五,dibao,C31,lost\n{suspended},赵六,,C32,suspended\n{active},钱七,,C33,\n"
    ));
    let dir = TempDir::new().unwrap();
    {
        let conn = raw(dir.path());
        // v9 rebuilds tables that others reference, as migrations do.
        frozen_schema(&conn, 9);
        attach_src(&conn, src.path());
        conn.execute_batch(
            "INSERT INTO main.meta SELECT * FROM src.meta;
             INSERT INTO main.residents
             SELECT resident_key, masked_id, masked_name, NULL, categories, card_no,
                    CASE WHEN card_status = 'lost' THEN 'lost' ELSE status END, updated_at
             FROM src.residents;
             DETACH DATABASE src;",
        )
        .unwrap();
        let statuses = column::<String>(
            dir.path(),
            "SELECT card_no || ':' || status FROM residents ORDER BY card_no",
        );
        assert_eq!(statuses, ["C31:lost", "C32:suspended", "C33:active"]);
        copy_key(src.path(), dir.path());
    }
    let mut ledger = open(dir.path());
    let statuses = column::<String>(
        dir.path(),
        "SELECT card_no || ':' || status || ':' || card_status FROM residents ORDER BY card_no",
    );
    assert_eq!(
        statuses,
        [
            "C31:active:lost",
            "C32:suspended:active",
            "C33:active:active"
        ]
    );
    let r = ledger.resident(&parse_id(&lost, LUNCH)).unwrap().unwrap();
    assert_eq!(
        (r.status, r.card_status),
        (
            canteen_ledger::ResidentStatus::Active,
            canteen_ledger::CardStatus::Lost
        )
    );
    // Served by ID card at their price (低保 96% of ¥12.00), refused by the card.
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&lost)).unwrap();
    assert_eq!(sale.total_fen, 1152);
    assert_eq!(
        sell(&mut ledger, LUNCH, &["lunch-set"], Some(&suspended))
            .unwrap_err()
            .code(),
        Some("resident_suspended")
    );
    assert!(sell(&mut ledger, LUNCH, &["lunch-set"], Some(&active)).is_ok());
}

/// v12 kept each resident's birth date beside their key, which with the masked
/// ID left ~1,000 candidate numbers to try. v13 rebuilds the registry without
/// it: every row stays (by ID card they are priced by the card's own date),
/// and no byte of the dates is left in the database file.
#[test]
fn a_v12_database_upgrades_to_a_registry_without_birth_dates() {
    let (a, b) = (id_number(AGE70, "041"), id_number(AGE85, "042"));
    let src = with_residents(&format!("{a},王五,dibao,C41,\n{b},赵六,,C42,\n"));
    let dir = TempDir::new().unwrap();
    {
        let conn = raw(dir.path());
        frozen_schema(&conn, 12);
        attach_src(&conn, src.path());
        // As v12 stored them: each with the birth date of their number.
        conn.execute_batch(&format!(
            "INSERT INTO main.meta SELECT * FROM src.meta;
             INSERT INTO main.residents (resident_key, masked_id, masked_name, birth_date,
                    categories, card_no, status, updated_at, card_status)
             SELECT resident_key, masked_id, masked_name,
                    CASE card_no WHEN 'C41' THEN '{}' ELSE '{}' END,
                    categories, card_no, status, updated_at, card_status
             FROM src.residents;
             DETACH DATABASE src;",
            dashed(AGE70),
            dashed(AGE85)
        ))
        .unwrap();
        copy_key(src.path(), dir.path());
    }
    let db = fs::read(dir.path().join(DB_FILE)).unwrap();
    assert!(
        contains(&db, dashed(AGE70).as_bytes()),
        "the v12 file has them"
    );

    let mut ledger = open(dir.path());
    let columns = column::<String>(
        dir.path(),
        "SELECT name FROM pragma_table_info('residents')",
    );
    assert!(!columns.iter().any(|c| c == "birth_date"), "{columns:?}");
    let cards = column::<String>(
        dir.path(),
        "SELECT card_no || ':' || masked_name || ':' || categories FROM residents ORDER BY card_no",
    );
    assert_eq!(cards, ["C41:王*:dibao", "C42:赵*:"]);
    // By ID card: the age comes from the number scanned (70, 低保: 96% of ¥12).
    let sale = sell(&mut ledger, LUNCH, &["lunch-set"], Some(&a)).unwrap();
    assert_eq!(sale.total_fen, 1152);
    drop(ledger);
    let conn = upgraded(dir.path());
    drop(conn);
    for name in [DB_FILE.to_owned(), format!("{DB_FILE}-wal")] {
        let Ok(bytes) = fs::read(dir.path().join(&name)) else {
            continue;
        };
        for date in [AGE70, AGE85] {
            assert!(
                !contains(&bytes, dashed(date).as_bytes()),
                "{date} in {name}"
            );
        }
    }
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
fn dashed(yyyymmdd: &str) -> String {
    format!("{}-{}-{}", &yyyymmdd[..4], &yyyymmdd[4..6], &yyyymmdd[6..])
}
