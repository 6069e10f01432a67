//! Opening a ledger: the database checked and migrated, its identity, and
//! the resident keyring from where [`KeyPlace`] says the key file is (the
//! configuration directory on an appliance, moved there from the data
//! directory once) and the office token beside it (moved out of the
//! database once, [`crate::token_file`]), with what the kiosk logs and
//! `canteen status` reports about them.

use std::path::Path;

use crate::error::Result;
use crate::keyring::{self, KeyPlace};
use crate::token_file;
use crate::{DB_FILE, Ledger, connection, identity, migrate};

impl Ledger {
    /// Opens the ledger in `data_dir` (created if missing): pragmas checked,
    /// `quick_check`, migrations, identity, resident key.
    pub fn open(data_dir: &Path) -> Result<Ledger> {
        Self::open_with(data_dir, &KeyPlace::default())
    }

    /// As [`Ledger::open`], with the resident key file kept in `keys.dir`
    /// (the configuration directory) and a new key at `keys.new_cost`.
    pub fn open_with(data_dir: &Path, keys: &KeyPlace) -> Result<Ledger> {
        std::fs::create_dir_all(data_dir)?;
        let mut conn = connection::open(&data_dir.join(DB_FILE))?;
        connection::quick_check(&conn)?;
        migrate::migrate(&mut conn)?;
        let identity = identity::load(&conn)?;
        let (key_dir, key_moved_from) = keyring::locate(data_dir, keys, &conn)?;
        let keyring = keyring::Keyring::open(&key_dir, data_dir, &mut conn, keys.new_cost)?;
        let token_moved = token_file::settle(&conn, &key_dir)?;
        Ok(Ledger {
            conn,
            identity,
            keyring,
            dir: data_dir.to_path_buf(),
            key_dir,
            key_moved_from,
            token_moved,
        })
    }

    /// The directory holding the resident key file (the data directory, or
    /// the configuration directory on an appliance).
    pub fn key_dir(&self) -> &Path {
        &self.key_dir
    }

    /// Where this open moved the resident key file from (a data directory
    /// from before keys moved to the configuration directory), to log.
    pub fn key_moved_from(&self) -> Option<&Path> {
        self.key_moved_from.as_deref()
    }

    /// Whether this open moved the office token from the database into
    /// `office.token` in [`Ledger::key_dir`], to log.
    pub fn token_moved(&self) -> bool {
        self.token_moved
    }

    /// The argon2id cost of this kiosk's resident keys.
    pub fn key_cost(&self) -> canteen_core::KeyCost {
        self.keyring.cost()
    }
}
