//! Training mode: new staff practise on a copy of the ledger, never on the
//! books. Starting training copies the ledger (registry, staff, meal cards,
//! the day's quota so far) into `DATA/training/` with the online backup, and
//! marks the copy (`meta.training = 1`); while that copy exists, sales go to
//! it. Nothing in it is synced, claimed, counted in the real X/Z reports or
//! in the real quota, and the real database file is not written at all until
//! training ends. Ending training deletes the copy, practice sales and all.
//!
//! The copy keeps the real ledger's device id and epoch, so that a practice
//! record that reached the office by mistake would collide with the real
//! chain (a recorded conflict) rather than pass as a sale; the kiosk's sync
//! refuses a ledger that [`Ledger::is_training`] anyway.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{LedgerError, Result};
use crate::keyring::KeyPlace;
use crate::{DB_FILE, Ledger, identity};

/// The training copy's folder inside the data directory.
pub const TRAINING_DIR: &str = "training";

/// What starting or ending training did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TrainingReport {
    /// The training copy's database.
    pub path: PathBuf,
    /// The real journal's head record when training started.
    pub real_records: u64,
    /// Practice records written in the copy (0 when starting).
    pub practice_records: u64,
}

fn training_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(TRAINING_DIR)
}

/// Whether `data_dir`'s kiosk is in training (its training copy exists).
pub fn in_training(data_dir: &Path) -> bool {
    training_dir(data_dir).join(DB_FILE).is_file()
}

impl Ledger {
    /// Whether this is a training copy.
    pub fn is_training(&self) -> bool {
        matches!(identity::meta(&self.conn, "training"), Ok(Some(v)) if v == "1")
    }

    /// Starts training: copies this (real) ledger into the training folder
    /// and marks the copy. Refused when training is already on.
    pub fn start_training(&self) -> Result<TrainingReport> {
        if self.is_training() || in_training(&self.dir) {
            return Err(LedgerError::TrainingAlreadyOn);
        }
        let dir = training_dir(&self.dir);
        std::fs::create_dir_all(&dir)?;
        let report = self.backup(&dir.join(DB_FILE))?;
        let copy = self.open_training_copy()?;
        copy.conn
            .execute("INSERT INTO meta (key, value) VALUES ('training', '1')", [])?;
        Ok(TrainingReport {
            path: report.path,
            real_records: report.records,
            practice_records: 0,
        })
    }

    /// The training copy of this (real) ledger, when training is on; its
    /// resident keys come from the same key file as the real ledger's.
    pub fn training(&self) -> Result<Option<Ledger>> {
        if !in_training(&self.dir) {
            return Ok(None);
        }
        let copy = self.open_training_copy()?;
        if !copy.is_training() {
            return Err(LedgerError::Corrupt(format!(
                "{} is not marked as a training copy: move it away and run `canteen training off`",
                copy.dir.display()
            )));
        }
        Ok(Some(copy))
    }

    fn open_training_copy(&self) -> Result<Ledger> {
        let keys = KeyPlace {
            dir: Some(self.key_dir.clone()),
            new_cost: self.keyring.cost(),
        };
        Ledger::open_with(&training_dir(&self.dir), &keys)
    }

    /// Ends training: the practice records are discarded with the copy.
    /// Refused when training is not on.
    pub fn end_training(&self) -> Result<TrainingReport> {
        let Some(copy) = self.training()? else {
            return Err(LedgerError::TrainingNotOn);
        };
        let real_records = self.outbox_status()?.last_seq;
        let practice_records = copy.outbox_status()?.last_seq.saturating_sub(real_records);
        let path = copy.dir.join(DB_FILE);
        drop(copy);
        std::fs::remove_dir_all(training_dir(&self.dir))?;
        Ok(TrainingReport {
            path,
            real_records,
            practice_records,
        })
    }
}
