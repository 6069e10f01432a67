//! The office store's two databases behave as one: every check here runs on a
//! SQLite file and on a real PostgreSQL server the test starts itself
//! (`canteen-pgtest`), and the two migrated schemas have the same tables and
//! columns in the same order with the same types.

use canteen_office::params;
use canteen_office::store::backend::{Database, Store, columns};
use canteen_office::store::db::{Db, Kind};
use canteen_pgtest::{Durability, PgServer};

/// A fresh SQLite store and a fresh PostgreSQL store (the server lives as
/// long as the returned guard).
fn both() -> (tempfile::TempDir, PgServer, Vec<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let server = PgServer::start(Durability::Test).unwrap();
    let sqlite = Store::open(&Database::choose(None, dir.path())).unwrap();
    let postgres = Store::open(&Database::choose(Some(&server.url()), dir.path())).unwrap();
    (dir, server, vec![sqlite, postgres])
}

/// Runs `check` on a fresh SQLite store and on a fresh PostgreSQL store,
/// telling it which it is on (for its messages).
fn on_both(check: impl Fn(&mut dyn Db, Kind) -> canteen_office::Result<()>) {
    let (_dir, _server, stores) = both();
    for store in &stores {
        store
            .run(|db| {
                let k = db.kind();
                check(db, k)
            })
            .unwrap();
    }
}

#[test]
fn both_schemas_have_the_same_tables_and_columns() {
    let (_dir, _server, stores) = both();
    let sqlite = stores[0].run(columns).unwrap();
    let postgres = stores[1].run(columns).unwrap();
    assert!(
        sqlite.len() > 100,
        "the SQLite schema read back: {} columns",
        sqlite.len()
    );
    assert!(
        sqlite
            .iter()
            .any(|(t, c, ty)| t == "records" && c == "hash" && ty == "bytes"),
        "{sqlite:?}"
    );
    let only_sqlite: Vec<_> = sqlite.iter().filter(|c| !postgres.contains(c)).collect();
    let only_postgres: Vec<_> = postgres.iter().filter(|c| !sqlite.contains(c)).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:?}\nonly in PostgreSQL: {only_postgres:?}"
    );
    assert_eq!(sqlite, postgres, "same columns, same order");
}

#[test]
fn values_round_trip_the_same_on_both() {
    on_both(|db, k| {
        let token = [7u8; 32];
        let n = db.execute(
            "INSERT INTO devices (device_id, name, canteen, operator, token_sha256, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                "k1",
                "一号机",
                "东区",
                "operator",
                &token,
                "2026-12-06T09:00:00+08:00"
            ],
        )?;
        assert_eq!(n, 1, "{k:?}");
        // The same placeholder twice, and a '?' inside a literal left alone.
        let row = db.query_one(
            "SELECT device_id, token_sha256, revoked_at, name || '?1', ?1 = ?1
             FROM devices WHERE device_id = ?1",
            params!["k1"],
        )?;
        assert_eq!(row.get::<String>(0)?, "k1", "{k:?}");
        assert_eq!(row.get::<[u8; 32]>(1)?, token, "{k:?}");
        assert_eq!(row.get::<Option<String>>(2)?, None, "{k:?}");
        assert_eq!(row.get::<String>(3)?, "一号机?1", "{k:?}");
        assert!(row.get::<bool>(4)?, "{k:?}");
        // A conflict that does nothing changes no row.
        let again = db.execute(
            "INSERT INTO devices (device_id, name, canteen, operator, token_sha256, created_at)
             VALUES (?1, 'x', 'x', 'x', ?2, 'x') ON CONFLICT DO NOTHING",
            params!["k1", &[8u8; 32]],
        )?;
        assert_eq!(again, 0, "{k:?}");
        // An id handed back by RETURNING, and a sum read as an integer.
        let id: i64 = db
            .query_one(
                "INSERT INTO audit (at, who, what, rows) VALUES (?1, ?2, ?3, ?4) RETURNING id",
                params!["t", "管理员", "test", 3_000_000_000_i64],
            )?
            .get(0)?;
        assert!(id >= 1, "{k:?}");
        let sum: i64 = db
            .query_one("SELECT CAST(sum(rows) AS BIGINT) FROM audit", &[])?
            .get(0)?;
        assert_eq!(sum, 3_000_000_000, "{k:?}");
        Ok(())
    });
}

#[test]
fn a_dropped_transaction_rolls_back_and_a_savepoint_commits_inside_one() {
    on_both(|db, k| {
        let count = |db: &mut dyn Db| -> canteen_office::Result<i64> {
            db.query_one("SELECT count(*) FROM audit", &[])?.get(0)
        };
        {
            let mut tx = db.begin()?;
            tx.execute(
                "INSERT INTO audit (at, who, what, rows) VALUES ('t', 'a', 'dropped', 1)",
                &[],
            )?;
            assert_eq!(count(&mut *tx)?, 1, "{k:?}: seen inside");
        }
        assert_eq!(count(db)?, 0, "{k:?}: a dropped transaction leaves nothing");
        let mut tx = db.begin()?;
        tx.execute(
            "INSERT INTO audit (at, who, what, rows) VALUES ('t', 'a', 'kept', 1)",
            &[],
        )?;
        {
            let mut inner = tx.begin()?;
            inner.execute(
                "INSERT INTO audit (at, who, what, rows) VALUES ('t', 'a', 'inner dropped', 1)",
                &[],
            )?;
        }
        let mut inner = tx.begin()?;
        inner.execute(
            "INSERT INTO audit (at, who, what, rows) VALUES ('t', 'a', 'inner kept', 1)",
            &[],
        )?;
        inner.commit()?;
        tx.commit()?;
        let what: Vec<String> = db
            .query("SELECT what FROM audit ORDER BY id", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect::<canteen_office::Result<_>>()?;
        assert_eq!(what, ["kept", "inner kept"], "{k:?}");
        Ok(())
    });
}

#[test]
fn append_only_tables_refuse_changes_on_both() {
    on_both(|db, k| {
        db.execute(
            "INSERT INTO audit (at, who, what, rows) VALUES ('t', 'a', 'x', 1)",
            &[],
        )?;
        let update = db.execute("UPDATE audit SET rows = 2", &[]);
        let delete = db.execute("DELETE FROM audit", &[]);
        for (what, result) in [("update", update), ("delete", delete)] {
            let e = result.expect_err(&format!("{k:?}: {what} must be refused"));
            assert!(e.to_string().contains("append-only"), "{k:?} {what}: {e}");
        }
        Ok(())
    });
}

#[test]
fn two_offices_starting_at_once_migrate_once_and_a_newer_database_is_refused() {
    let server = PgServer::start(Durability::Test).unwrap();
    let url = server.url();
    let dir = tempfile::tempdir().unwrap();
    let starts: Vec<_> = (0..4)
        .map(|_| {
            let db = Database::choose(Some(&url), dir.path());
            std::thread::spawn(move || Store::open(&db).map(|_| ()))
        })
        .collect();
    for s in starts {
        s.join().unwrap().unwrap();
    }
    assert_eq!(
        server
            .psql_in("canteen", "SELECT count(*) FROM schema_version")
            .unwrap(),
        "1"
    );
    server
        .psql_in("canteen", "UPDATE schema_version SET version = version + 1")
        .unwrap();
    let e = Store::open(&Database::choose(Some(&url), dir.path()))
        .err()
        .expect("a newer schema is refused");
    assert!(e.to_string().contains("newer than this program"), "{e}");
}

#[test]
fn a_bad_url_or_an_unreachable_server_says_what_to_do_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::open(&Database::Postgres(
        "postgres://office:s3cret@127.0.0.1:1/canteen".into(),
    ))
    .err()
    .expect("nothing listens on port 1");
    let message = e.to_string();
    assert!(message.contains("is the server running"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
    assert_eq!(
        Database::choose(Some("postgres://office:s3cret@h/c"), dir.path()).shown(),
        "postgres://office@h/c"
    );
    assert_eq!(
        Database::choose(None, dir.path()),
        Database::Sqlite(dir.path().join("office.db"))
    );
}
