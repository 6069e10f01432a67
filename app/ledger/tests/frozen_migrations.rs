//! Shipped migrations never change: a kiosk in the field upgrades through the
//! exact files it did not yet run, and the upgrade tests in `storage.rs` build
//! their old databases from these same files (no frozen copies to drift). So
//! each file that has shipped is pinned here by its SHA-256; editing one —
//! even a comment — fails this test. A schema change is a new file.

use sha2::{Digest, Sha256};

const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "001_journal.sql",
        include_str!("../schema/001_journal.sql"),
        "2a49c6be7c940b08b24ef76e47e0f3b779662bfc4c910c0730da1eef5e2eb58b",
    ),
    (
        "002_residents.sql",
        include_str!("../schema/002_residents.sql"),
        "02498052d2e04c0e0f071d454b898023cb5941a72748dab522f8b0e0e2a598b5",
    ),
    (
        "003_cashier.sql",
        include_str!("../schema/003_cashier.sql"),
        "daa9499cd91b1cc25c81260f034225ef00abeba0ccc3257417a6391e410e038c",
    ),
    (
        "004_fewer_pages.sql",
        include_str!("../schema/004_fewer_pages.sql"),
        "69c6c82ec95b1d01a44771b65e685d44c5597be0b79a2bcd4925c907b59fa15b",
    ),
    (
        "005_outbox_mark.sql",
        include_str!("../schema/005_outbox_mark.sql"),
        "79a96dbbec75430ba5cb1c03c0e02f2351f8093e08c2de420b3f6a1791e1c4b8",
    ),
    (
        "006_sale_diner_on_journal.sql",
        include_str!("../schema/006_sale_diner_on_journal.sql"),
        "f76e2a0f678a40f61abce23bc9cab57ea90ec136080a42d87b78f7a6490d4f0c",
    ),
    (
        "007_sale_entries.sql",
        include_str!("../schema/007_sale_entries.sql"),
        "3fa1601e7c8a12025d9ea5ed0c95fd03b84193d6ff9a0f4154aa607ba55870f1",
    ),
    (
        "008_refunds.sql",
        include_str!("../schema/008_refunds.sql"),
        "528f6287583aa1b32f7ef16ef63e4ed752950ef6f61265ceb1c102c5b5661c20",
    ),
    (
        "009_sale_entries_rowid.sql",
        include_str!("../schema/009_sale_entries_rowid.sql"),
        "34ff6a7f511618ecf9839e70baacc47abe0f92f83ba390f8d94ecafe42b1e8ce",
    ),
    (
        "010_card_status.sql",
        include_str!("../schema/010_card_status.sql"),
        "0d376eae3cab87153c180771e60e0679c01df415787f1077821cb34cf8590a35",
    ),
    (
        "011_rules_version.sql",
        include_str!("../schema/011_rules_version.sql"),
        "bb001dad3bd773cedb1f70b33eb66fa53269d0b2faeeba818773961de19fb524",
    ),
    (
        "012_peer_quota.sql",
        include_str!("../schema/012_peer_quota.sql"),
        "4186560fc4f0e555038a5a63895bb956aa0d30fc5d89cd282637177903adc89f",
    ),
];

#[test]
fn shipped_migrations_are_byte_for_byte_unchanged() {
    let changed: Vec<&str> = SHIPPED
        .iter()
        .filter(|(_, text, pinned)| hex(Sha256::digest(text.as_bytes()).as_slice()) != *pinned)
        .map(|(name, _, _)| *name)
        .collect();
    assert!(
        changed.is_empty(),
        "shipped migrations were edited: {changed:?}; add a new schema file instead"
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
