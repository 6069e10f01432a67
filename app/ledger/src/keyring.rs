//! The resident key: argon2id over the normalised ID number, keyed with the
//! community secret kept in `resident.key` — outside the database and its
//! backups. On an appliance (`--config DIR`) the file lives in the
//! configuration directory, not the data directory ([`KeyPlace`]): it must be
//! a regular file, mode 0600, owned by the user running the kiosk, else the
//! ledger refuses to open ([`LedgerError::KeyFileExposed`]) with the `chmod` /
//! `chown` to run. A `DATA/resident.key` from before is moved there at the
//! first open (written, fsync'd, then the old one removed), and the database
//! remembers the directory (`resident_key_dir` meta row) so commands given
//! only `--data` find it. Without a configuration directory (the demo) the
//! file stays in the data directory.
//!
//! The key file holds 32 random bytes, mode 0600, created on first use
//! atomically (written to a temporary file, synced, then hard-linked into place,
//! so two processes starting at once agree on one key). The database stores a
//! fingerprint of the key (an HMAC of a fixed label): a missing or replaced key
//! file is refused instead of silently making every resident unknown.
//!
//! Enrolment replaces the key with the office's community secret
//! ([`stage`], then [`install`] once the database holds the new fingerprint):
//! the new key is written to `resident.key.new` (0600, fsync'd), the
//! fingerprint changes in the enrolment's transaction, then the file is renamed
//! into place and the directory fsync'd. A crash between the commit and the
//! rename is finished at the next open: a staged key whose fingerprint the
//! database holds is renamed into place.
//!
//! Keys are argon2id at a [`KeyCost`] kept in the `resident_key_cost` meta row
//! (the office's, recorded at enrolment; [`KeyCost::DEFAULT`] when absent) and
//! covered by the fingerprint. A database whose fingerprint is the one the
//! older HMAC derivation stored ([`CommunitySecret::legacy_fingerprint`]) has
//! its residents dropped at open, with the kept bundle, so the next sync
//! imports them again under the slow keys.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use canteen_core::{CommunitySecret, KeyCost, ResidentId};
use rusqlite::Connection;

use crate::error::{LedgerError, Result};
use crate::identity::{meta, random_hex};
use crate::write_tx::WriteTx;

pub const KEY_FILE: &str = "resident.key";

/// A replacement key waiting for its rename (see the module documentation).
pub const STAGED_FILE: &str = "resident.key.new";

/// The meta row naming the directory that holds the key file, when it is not
/// the data directory.
const DIR_KEY: &str = "resident_key_dir";

/// Where the resident key file is kept, and the cost of a key this database
/// does not have yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPlace {
    /// The configuration directory; `None`: the one the database remembers,
    /// else the data directory.
    pub dir: Option<PathBuf>,
    /// The argon2id cost of a new key on a kiosk that is not enrolled
    /// (`[privacy]` in `canteen.toml`); the cost of an existing key is the
    /// one recorded with it.
    pub new_cost: KeyCost,
}

impl Default for KeyPlace {
    fn default() -> KeyPlace {
        KeyPlace {
            dir: None,
            new_cost: KeyCost::DEFAULT,
        }
    }
}

pub struct Keyring {
    secret: CommunitySecret,
    /// The last ID derived and its key, in memory only: one scan looks the
    /// diner up, counts their quota and commits the sale, and each needs the
    /// key; the slow derivation (argon2id, milliseconds by design) runs once
    /// per scan instead of three times.
    last: std::sync::Mutex<Option<(ResidentId, String)>>,
}

/// Where the key file of `data_dir` is: `place.dir` when given (moving a
/// `DATA/resident.key` there first), else the directory the database
/// remembers, else `data_dir`. Returns the directory and, when a key was
/// moved, where from.
pub(crate) fn locate(
    data_dir: &Path,
    place: &KeyPlace,
    conn: &Connection,
) -> Result<(PathBuf, Option<PathBuf>)> {
    let remembered = meta(conn, DIR_KEY)?.map(PathBuf::from);
    let Some(dir) = place.dir.clone().or(remembered.clone()) else {
        return Ok((data_dir.to_path_buf(), None));
    };
    let dir = fs::canonicalize(&dir).unwrap_or(dir);
    let mut moved = None;
    let old = data_dir.join(KEY_FILE);
    if !dir.join(KEY_FILE).exists() && old.exists() {
        move_key(&old, &dir)?;
        moved = Some(old);
    }
    if dir.join(KEY_FILE).exists() {
        check_private(&dir.join(KEY_FILE))?;
    }
    if remembered.as_deref() != Some(dir.as_path()) {
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (DIR_KEY, dir.display().to_string()),
        )?;
    }
    Ok((dir, moved))
}

/// Writes `dir/name` atomically: a new 0600 file, fsync'd, renamed into
/// place, the directory fsync'd. For the secrets kept beside the key too
/// ([`crate::token_file`]).
pub(crate) fn write_private(dir: &Path, name: &str, bytes: &[u8]) -> Result<()> {
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(".{name}.{}", random_hex(8)?));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, dir.join(name))?;
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Moves the key file `old` into `dir` ([`write_private`]); only then is
/// `old` removed.
fn move_key(old: &Path, dir: &Path) -> Result<()> {
    write_private(dir, KEY_FILE, &fs::read(old)?)?;
    fs::remove_file(old)?;
    if let Some(parent) = old.parent() {
        File::open(parent)?.sync_all()?;
    }
    Ok(())
}

/// Refuses a key file that is not a regular file, that group or others may
/// read, or that another user owns: the exact command to fix it is in the error.
pub fn check_private(path: &Path) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let exposed = |problem: String, fix: String| LedgerError::KeyFileExposed {
        path: path.display().to_string(),
        problem,
        fix,
    };
    let m = fs::symlink_metadata(path)?;
    if !m.file_type().is_file() {
        return Err(exposed(
            "is not a regular file".into(),
            format!(
                "cp --remove-destination \"$(readlink -f {0})\" {0} && chmod 600 {0}",
                path.display()
            ),
        ));
    }
    let mode = m.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(exposed(
            format!("has mode {mode:04o}: group or others may read it"),
            format!("chmod 600 {}", path.display()),
        ));
    }
    // The owner of /proc/self is this process's effective user.
    let me = fs::metadata("/proc/self").map(|p| p.uid()).ok();
    if let Some(me) = me
        && m.uid() != me
    {
        return Err(exposed(
            format!(
                "is owned by uid {}, not by uid {me} running the kiosk",
                m.uid()
            ),
            format!("chown {me} {}", path.display()),
        ));
    }
    Ok(())
}

impl Keyring {
    /// Loads the key from `dir` (creating it, at `new_cost`, if this database
    /// has never had one) and checks it against the database's fingerprint.
    /// `data_dir` holds the kept bundle a legacy upgrade drops.
    pub fn open(
        dir: &Path,
        data_dir: &Path,
        conn: &mut Connection,
        new_cost: KeyCost,
    ) -> Result<Keyring> {
        let path = dir.join(KEY_FILE);
        let mut stored = meta(conn, "resident_key_fingerprint")?;
        // A database with no key yet takes the configured cost and records it.
        let cost = match (meta(conn, COST_KEY)?, &stored) {
            (None, None) => {
                let cost = new_cost.check().map_err(|e| {
                    LedgerError::ResidentKeyMismatch(format!("{}: {e}", path.display()))
                })?;
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
                    (COST_KEY, format_cost(cost)),
                )?;
                stored_cost(conn)?
            }
            _ => stored_cost(conn)?,
        };
        finish_staged(dir, stored.as_deref(), cost)?;
        let key = match read_key(&path)? {
            Some(key) => key,
            None if stored.is_some() => {
                return Err(LedgerError::ResidentKeyMismatch(path.display().to_string()));
            }
            None => create_key(dir, &path)?,
        };
        let keyring = Keyring {
            last: Default::default(),
            secret: CommunitySecret::with_cost(key, cost),
        };
        let fingerprint = keyring.secret.fingerprint();
        if stored.as_deref() == Some(keyring.secret.legacy_fingerprint().as_str()) {
            upgrade_legacy(data_dir, conn, &fingerprint)?;
            stored = Some(fingerprint.clone());
        }
        match stored {
            Some(s) if s != fingerprint => {
                Err(LedgerError::ResidentKeyMismatch(path.display().to_string()))
            }
            Some(_) => Ok(keyring),
            None => {
                // Another process opening the same new folder may record it
                // first: insert if missing, then check what is stored.
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) \
                     VALUES ('resident_key_fingerprint', ?1)",
                    [&fingerprint],
                )?;
                match meta(conn, "resident_key_fingerprint")? {
                    Some(s) if s == fingerprint => Ok(keyring),
                    _ => Err(LedgerError::ResidentKeyMismatch(path.display().to_string())),
                }
            }
        }
    }

    /// The argon2id cost of the keys.
    pub fn cost(&self) -> KeyCost {
        self.secret.cost()
    }

    /// The key's fingerprint as stored in the database (an HMAC of a fixed label).
    pub fn fingerprint(&self) -> String {
        self.secret.fingerprint()
    }

    /// The resident key of an ID (argon2id keyed with the community secret,
    /// hex); the last one is remembered, so a scan derives it once.
    pub fn resident_key(&self, id: &ResidentId) -> String {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((seen, key)) = last.as_ref()
            && seen == id
        {
            return key.clone();
        }
        let key = self.secret.key_of(id);
        *last = Some((id.clone(), key.clone()));
        key
    }

    /// The keyring of a secret already installed in the key file.
    pub(crate) fn of(secret: CommunitySecret) -> Keyring {
        Keyring {
            secret,
            last: Default::default(),
        }
    }
}

/// Writes `secret` as the staged key `dir/resident.key.new` (0600, fsync'd),
/// replacing a stale one. Nothing uses it until [`install`].
pub(crate) fn stage(dir: &Path, secret: &CommunitySecret) -> Result<()> {
    let staged = dir.join(STAGED_FILE);
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&staged)?;
    file.write_all(secret.as_bytes())?;
    file.sync_all()?;
    Ok(())
}

/// Renames the staged key into place and fsyncs the directory.
pub(crate) fn install(dir: &Path) -> Result<()> {
    install_staged(dir, STAGED_FILE, KEY_FILE)
}

/// Drops a staged key whose enrolment did not commit.
pub(crate) fn unstage(dir: &Path) {
    drop_staged(dir, STAGED_FILE);
}

/// Renames the staged secret `dir/staged` into place as `dir/name` and fsyncs
/// the directory, so the rename survives a power cut. For the key and the
/// office token ([`crate::token_file`]) alike.
pub(crate) fn install_staged(dir: &Path, staged: &str, name: &str) -> Result<()> {
    fs::rename(dir.join(staged), dir.join(name))?;
    File::open(dir)?.sync_all()?;
    Ok(())
}

/// Drops the staged secret `dir/staged` of an enrolment that did not commit
/// (none there is fine).
pub(crate) fn drop_staged(dir: &Path, staged: &str) {
    let _ = fs::remove_file(dir.join(staged));
}

/// At open: a staged key the database's fingerprint names was committed but
/// not yet renamed (a crash in between): install it. Any other staged key is
/// left from an enrolment that did not commit: drop it.
fn finish_staged(dir: &Path, stored: Option<&str>, cost: KeyCost) -> Result<()> {
    let staged: [u8; 32] = match fs::read(dir.join(STAGED_FILE)) {
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
        // Cut short by a crash while it was written: not committed either.
        Ok(bytes) => match bytes.try_into() {
            Ok(key) => key,
            Err(_) => {
                unstage(dir);
                return Ok(());
            }
        },
    };
    if stored
        == Some(
            CommunitySecret::with_cost(staged, cost)
                .fingerprint()
                .as_str(),
        )
    {
        install(dir)
    } else {
        unstage(dir);
        Ok(())
    }
}

/// The derivation cost this database's keys use: the `resident_key_cost` meta
/// row (`memory_kib:iterations`), else the default.
pub(crate) fn stored_cost(conn: &Connection) -> Result<KeyCost> {
    match meta(conn, COST_KEY)? {
        None => Ok(KeyCost::DEFAULT),
        Some(text) => parse_cost(&text)
            .ok_or_else(|| LedgerError::ResidentKeyMismatch(format!("meta {COST_KEY} = {text:?}"))),
    }
}

/// The meta row holding the key cost.
pub(crate) const COST_KEY: &str = "resident_key_cost";

/// `memory_kib:iterations`, as stored in meta.
pub(crate) fn format_cost(cost: KeyCost) -> String {
    format!("{}:{}", cost.memory_kib, cost.iterations)
}

fn parse_cost(text: &str) -> Option<KeyCost> {
    let (m, t) = text.split_once(':')?;
    KeyCost {
        memory_kib: m.parse().ok()?,
        iterations: t.parse().ok()?,
    }
    .check()
    .ok()
}

/// Residents keyed with the old HMAC derivation cannot be re-keyed (the
/// ledger never kept their ID numbers): drop them and the kept bundle in one
/// transaction with the new fingerprint, so the next sync imports them again.
fn upgrade_legacy(dir: &Path, conn: &mut Connection, fingerprint: &str) -> Result<()> {
    let tx = WriteTx::begin(conn)?;
    tx.execute("DELETE FROM residents", [])?;
    tx.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'resident_key_fingerprint'",
        [fingerprint],
    )?;
    tx.commit()?;
    match fs::remove_file(dir.join("bundle.json")) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(e.into()),
        _ => Ok(()),
    }
}

fn read_key(path: &Path) -> Result<Option<[u8; 32]>> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    let key = bytes
        .try_into()
        .map_err(|_| LedgerError::ResidentKeyMismatch(path.display().to_string()))?;
    Ok(Some(key))
}

fn create_key(dir: &Path, path: &Path) -> Result<[u8; 32]> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(std::io::Error::other)?;
    let tmp: PathBuf = dir.join(format!(".{KEY_FILE}.{}", random_hex(8)?));
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(&key)?;
    file.sync_all()?;
    let linked = fs::hard_link(&tmp, path);
    fs::remove_file(&tmp)?;
    match linked {
        Ok(()) => {
            File::open(dir)?.sync_all()?;
            Ok(key)
        }
        // Another process created it first: use theirs.
        Err(e) if e.kind() == ErrorKind::AlreadyExists => read_key(path)?
            .ok_or_else(|| LedgerError::ResidentKeyMismatch(path.display().to_string())),
        Err(e) => Err(e.into()),
    }
}
