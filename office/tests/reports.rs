//! The partner, anomaly and gap reports over records received from two
//! canteens: revenue is paid plus subsidy per operator, the same resident at
//! two canteens in one lunch is flagged (masked ID only), and a refused gap
//! shows as a missing range at the device's high-water mark.

mod support;

use canteen_office::params;
use canteen_office::report::{self, Dates};
use canteen_office::store::db::Db;
use canteen_sync::client::OfficeClient;
use chrono::NaiveDate;
use support::{Office, batch, chain, sale};

/// An office with kiosks `dev-east` at east and `dev-west` at west (their
/// clients) and `residents` registered.
fn east_and_west(residents: &[&str]) -> (Office, OfficeClient, OfficeClient) {
    let office = Office::start();
    let east = office.client(&office.add_device("dev-east", "east"));
    let west = office.client(&office.add_device("dev-west", "west"));
    office.register(residents);
    (office, east, west)
}

#[test]
fn partner_anomaly_and_gap_reports() {
    let twice = "k".repeat(64);
    let (office, east, west) = east_and_west(&[&twice, &"j".repeat(64)]);
    let east_chain = chain(
        "dev-east",
        "e1",
        vec![sale("lunch-set", Some(&twice)), sale("lunch-set", None)],
    );
    east.push(&batch("dev-east", "e1", &east_chain)).unwrap();
    let west_chain = chain(
        "dev-west",
        "w1",
        vec![
            sale("lunch-set", Some(&twice)),
            sale("lunch-set", Some(&"j".repeat(64))),
        ],
    );
    west.push(&batch("dev-west", "w1", &west_chain[..1]))
        .unwrap();
    assert!(
        west.push(&batch(
            "dev-west",
            "w1",
            &chain("dev-west", "w1", vec![sale("a", None); 4])[3..]
        ))
        .is_err()
    );

    let mut conn = office.db();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dates = Dates { from: day, to: day };

    let partner = report::partner(&mut conn, dates).unwrap();
    let east_row = partner.iter().find(|p| p.canteen == "east").unwrap();
    assert_eq!(
        (
            east_row.meals,
            east_row.paid_fen,
            east_row.subsidy_fen,
            east_row.revenue_fen
        ),
        (2, 2500, 500, 3000)
    );

    let anomalies = report::anomalies(&mut conn, dates).unwrap();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(
        (anomalies[0].canteens.as_str(), anomalies[0].period.as_str()),
        ("east;west", "lunch")
    );
    assert!(anomalies[0].masked_id.contains('*'));

    let gaps = report::gaps(&mut conn).unwrap();
    let west_gap = gaps
        .iter()
        .find(|g| g.device_id == "dev-west" && g.problem == "chain_break")
        .unwrap();
    assert_eq!((west_gap.high_water, west_gap.first_bad_seq), (1, Some(2)));
    assert!(
        west_gap.detail.contains("2 to 3 are missing"),
        "{}",
        west_gap.detail
    );
    assert!(
        gaps.iter()
            .any(|g| g.device_id == "dev-east" && g.problem == "ok" && g.high_water == 2)
    );
}

/// A meal voided at one canteen no longer stands there: the same resident
/// eating at a second canteen in that lunch is then not an anomaly, while
/// another resident whose two meals both stand still is.
#[test]
fn a_voided_meal_is_not_an_anomaly() {
    use canteen_core::journal::{RecordBody, Void};
    let (voided, shared) = ("v".repeat(64), "s".repeat(64));
    let (office, east, west) = east_and_west(&[&voided, &shared]);
    east.push(&batch(
        "dev-east",
        "e1",
        &chain(
            "dev-east",
            "e1",
            vec![
                sale("lunch-set", Some(&voided)),
                sale("lunch-set", Some(&shared)),
            ],
        ),
    ))
    .unwrap();
    let first = sale("lunch-set", Some(&voided));
    let first_hash = chain("dev-west", "w1", vec![first.clone()])[0].hash;
    let void = RecordBody::Void(Void {
        original_seq: 1,
        original_hash: first_hash,
        reason: "wrong diner".into(),
    });
    west.push(&batch(
        "dev-west",
        "w1",
        &chain(
            "dev-west",
            "w1",
            vec![first, sale("lunch-set", Some(&shared)), void],
        ),
    ))
    .unwrap();

    let mut conn = office.db();
    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let anomalies = report::anomalies(&mut conn, Dates { from: day, to: day }).unwrap();
    let flagged: Vec<(&str, &str, i64)> = anomalies
        .iter()
        .map(|a| (a.resident_key.as_str(), a.canteens.as_str(), a.meals))
        .collect();
    assert_eq!(flagged, vec![(shared.as_str(), "east;west", 2)]);
}

/// The CSV header each report writes is its rows' field names, in order.
#[test]
fn csv_columns_are_the_row_fields() {
    use canteen_office::report::{Anomaly, CsvRow, Gap, PartnerRow, SubsidyRow};
    fn header<T: CsvRow>(row: T) {
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(row).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), T::COLUMNS.join(","));
    }
    let s = String::new;
    header(SubsidyRow {
        canteen: s(),
        date: s(),
        period: s(),
        tier: s(),
        category: s(),
        meals: 0,
        market_fen: 0,
        paid_fen: 0,
        subsidy_fen: 0,
        delivered_meals: 0,
        delivery_fee_fen: 0,
    });
    header(PartnerRow {
        operator: s(),
        canteen: s(),
        meals: 0,
        paid_fen: 0,
        subsidy_fen: 0,
        revenue_fen: 0,
    });
    header(Anomaly {
        date: s(),
        period: s(),
        masked_id: s(),
        resident_key: s(),
        canteens: s(),
        meals: 0,
        devices: s(),
    });
    header(Gap {
        device_id: s(),
        db_epoch: s(),
        high_water: 0,
        problem: s(),
        first_bad_seq: None,
        detail: s(),
    });
}

/// Kiosks send the at-rest mask (no digit, issue #12): the meals sheet and
/// the anomalies show the registry's mask (kept at import) by resident key,
/// and the line's own mask only for a resident the registry has none for
/// (imported before office schema v9, from a kiosk that still sent one).
#[test]
fn reports_show_the_registrys_mask_over_the_lines() {
    use canteen_core::journal::RecordBody;
    use canteen_core::resident_id::MASKED_AT_REST;
    let (known, old) = ("k".repeat(64), "j".repeat(64));
    let (office, east, west) = east_and_west(&[&known, &old]);
    let mut conn = office.db();
    conn.execute(
        "UPDATE registry SET masked_id = '110***********0017' WHERE resident_key = ?1",
        params![&known],
    )
    .unwrap();
    let at_rest = |who: &str| {
        let mut body = sale("lunch-set", Some(who));
        if let RecordBody::Sale(s) = &mut body {
            s.diner.as_mut().unwrap().masked_id = MASKED_AT_REST.into();
        }
        body
    };
    let east_chain = chain(
        "dev-east",
        "e1",
        vec![at_rest(&known), sale("lunch-set", Some(&old))],
    );
    east.push(&batch("dev-east", "e1", &east_chain)).unwrap();
    let west_chain = chain("dev-west", "w1", vec![at_rest(&known)]);
    west.push(&batch("dev-west", "w1", &west_chain)).unwrap();

    let day = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let dates = Dates { from: day, to: day };
    let meals: Vec<(String, u64)> = report::meals(&mut conn, dates)
        .unwrap()
        .into_iter()
        .map(|m| (m.diner, m.seq))
        .collect();
    assert_eq!(
        meals,
        [
            ("110***********0017".to_owned(), 1),
            ("110***********002X".to_owned(), 2),
            ("110***********0017".to_owned(), 1),
        ]
    );
    let anomalies = report::anomalies(&mut conn, dates).unwrap();
    assert_eq!(anomalies.len(), 1, "{anomalies:?}");
    assert_eq!(anomalies[0].masked_id, "110***********0017");

    // A quarantine reason names the resident by the registry's mask too.
    conn.execute(
        "UPDATE registry SET suspended = 1 WHERE resident_key = ?1",
        params![&known],
    )
    .unwrap();
    let later = chain("dev-west", "w1", vec![at_rest(&known), at_rest(&known)]);
    west.push(&batch("dev-west", "w1", &later[1..])).unwrap();
    let held = report::quarantine(&mut conn, dates).unwrap();
    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(
        held[0].reason,
        "110***********0017 is suspended in the office's registry"
    );
}

/// An office from before schema v9 fills each registry row's mask from the
/// lines its kiosks sent with the screen's mask; a resident with none synced
/// has none until the registry file is imported again.
#[test]
fn a_v8_registry_takes_its_masks_from_the_lines_synced_before() {
    // Schema v8 is SQLite's history only: PostgreSQL's schema began after
    // v13, so an older PostgreSQL office never existed to migrate.
    if support::db::postgres() {
        return;
    }
    let office = Office::start();
    let east = office.client(&office.add_device("dev-east", "east"));
    let (unseen, seen) = ("j".repeat(64), "k".repeat(64));
    office.register(&[&seen, &unseen]);
    let sold = chain("dev-east", "e1", vec![sale("lunch-set", Some(&seen))]);
    east.push(&batch("dev-east", "e1", &sold)).unwrap();
    let file = office.dir.path().join(canteen_office::store::DB_FILE);
    rusqlite::Connection::open(file)
        .unwrap()
        .execute_batch(
            // Back to v8: undo v14 (totals), v13 (dishes), v12 (device
            // status), v11 (deliveries), v10 (the web's tables and columns)
            // and v9.
            "DROP TABLE day_totals; DROP TABLE resident_periods;
             DROP TABLE shared_devices; DROP TABLE dish_menus; DROP TABLE device_status;
             DROP TABLE delivery_orders; DROP TABLE delivery_outcomes;
             ALTER TABLE report_lines DROP COLUMN delivery_route;
             DROP TABLE web_sessions; DROP TABLE users;
             ALTER TABLE devices DROP COLUMN revoked_at;
             ALTER TABLE registry DROP COLUMN status;
             ALTER TABLE registry DROP COLUMN masked_id; PRAGMA user_version = 8",
        )
        .unwrap();

    let masks: Vec<(String, Option<String>)> = office
        .db()
        .query(
            "SELECT resident_key, masked_id FROM registry ORDER BY resident_key",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0).unwrap(), r.get(1).unwrap()))
        .collect();
    assert_eq!(
        masks,
        [
            (unseen, None),
            (seen, Some("110***********002X".to_owned()))
        ]
    );
}
