//! The web back office's people and their signed-in browsers.
//!
//! A user has a name, a [`Role`] and an argon2 PHC string of their password
//! (the crate's default, deliberately slow parameters). [`sign_in`] checks a
//! password: a wrong one adds to the wrong passwords in a row, and the
//! [`MAX_FAILED`]th locks the account until `canteen-office user unlock`; a
//! right one resets the count and opens a session. A session is 32 random
//! bytes given to the browser once (its cookie); only its SHA-256 is kept,
//! with the CSRF token every form of that session carries and an expiry.
//! Each sign-in, failure and lock is written to the audit log.

use crate::params;
use crate::store::db::Db;
use crate::store::rows;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};

use super::audit;
use super::devices::{random_hex, token_hash};
use crate::error::{OfficeError, Result};

/// Wrong passwords in a row that lock an account.
pub const MAX_FAILED: i64 = 5;

/// How long a session lasts after sign-in.
pub const SESSION_HOURS: i64 = 12;

/// What a user may do; each role may do everything of the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// Reads every page and download.
    Viewer,
    /// Also manages residents and meal cards.
    Clerk,
    /// Also manages devices, users, menus and pricing.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Clerk, Role::Admin];

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
        }
    }
}

/// A signed-in browser's user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub user: String,
    pub role: Role,
    pub csrf: String,
}

/// A new session: the cookie value (shown once) and what it stands for.
#[derive(Clone, Debug)]
pub struct Opened {
    pub cookie: String,
    pub session: Session,
}

fn bad(code: &'static str, message: String) -> OfficeError {
    OfficeError::BadRequest {
        code,
        status: 400,
        message,
    }
}

/// Adds a user; refuses a taken name, a bad name or a short password.
pub fn add(db: &mut dyn Db, name: &str, role: Role, password: &str, now: &str) -> Result<()> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(bad(
            "bad_user_name",
            "a user name is 1–64 characters with no control characters".into(),
        ));
    }
    if password.chars().count() < 8 {
        return Err(bad(
            "weak_password",
            "a password has at least 8 characters: choose a longer one".into(),
        ));
    }
    let hash = Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| OfficeError::Store(format!("hashing the password failed: {e}")))?;
    let inserted = db.execute(
        "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT DO NOTHING",
        params![name, role.as_str(), &hash, now],
    )?;
    if inserted == 0 {
        return Err(bad(
            "user_exists",
            format!("a user named {name} exists already: choose another name"),
        ));
    }
    audit::record(
        db,
        now,
        audit::CONSOLE,
        &format!("user add {name} ({})", role.as_str()),
        1,
    )
}

/// Unlocks `name` (after too many wrong passwords).
pub fn unlock(db: &mut dyn Db, name: &str, now: &str) -> Result<()> {
    let changed = db.execute(
        "UPDATE users SET failed_in_row = 0, locked_at = NULL WHERE name = ?1",
        params![name],
    )?;
    if changed == 0 {
        return Err(bad("unknown_user", format!("no user is named {name}")));
    }
    audit::record(db, now, audit::CONSOLE, &format!("user unlock {name}"), 1)
}

/// Why a sign-in was refused (the page says the same for an unknown name and
/// a wrong password).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    WrongPassword,
    Locked,
}

/// Checks `password` for `name` at `now`: a session, or why not.
pub fn sign_in(
    db: &mut dyn Db,
    name: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<std::result::Result<Opened, Refused>> {
    let at = now.to_rfc3339();
    let mut tx = db.begin()?;
    let found: Option<(String, String, i64, Option<String>)> = tx
        .query_opt(
            "SELECT role, password_hash, failed_in_row, locked_at FROM users WHERE name = ?1",
            params![name],
        )?
        .map(|r| Ok::<_, OfficeError>((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .transpose()?;
    let Some((role, hash, failed, locked)) = found else {
        audit::record(&mut *tx, &at, "web", "sign-in refused: unknown user", 0)?;
        tx.commit()?;
        return Ok(Err(Refused::WrongPassword));
    };
    if locked.is_some() {
        audit::record(&mut *tx, &at, name, "sign-in refused: account locked", 0)?;
        tx.commit()?;
        return Ok(Err(Refused::Locked));
    }
    if Argon2::default()
        .verify_password(password.as_bytes(), hash.as_str())
        .is_err()
    {
        let failed = failed + 1;
        let lock = failed >= MAX_FAILED;
        tx.execute(
            "UPDATE users SET failed_in_row = ?2, locked_at = ?3 WHERE name = ?1",
            params![name, failed, lock.then_some(&at)],
        )?;
        let what = if lock {
            "sign-in refused: wrong password; account locked"
        } else {
            "sign-in refused: wrong password"
        };
        audit::record(&mut *tx, &at, name, what, 0)?;
        tx.commit()?;
        return Ok(Err(if lock {
            Refused::Locked
        } else {
            Refused::WrongPassword
        }));
    }
    let role = Role::parse(&role).ok_or_else(|| OfficeError::Store(format!("bad role {role}")))?;
    tx.execute(
        "UPDATE users SET failed_in_row = 0 WHERE name = ?1",
        params![name],
    )?;
    let opened = open_session(&mut *tx, name, role, now)?;
    audit::record(&mut *tx, &at, name, "signed in", 0)?;
    tx.commit()?;
    Ok(Ok(opened))
}

/// Opens a session for `name` without a password (the screenshots command).
pub fn open_session(db: &mut dyn Db, name: &str, role: Role, now: DateTime<Utc>) -> Result<Opened> {
    let cookie = random_hex(32)?;
    let csrf = random_hex(16)?;
    db.execute(
        "INSERT INTO web_sessions (token_sha256, user_name, csrf, created_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            &token_hash(&cookie),
            name,
            &csrf,
            now.to_rfc3339(),
            (now + Duration::hours(SESSION_HOURS)).to_rfc3339(),
        ],
    )?;
    Ok(Opened {
        cookie,
        session: Session {
            user: name.to_owned(),
            role,
            csrf,
        },
    })
}

/// The live session of a cookie at `now` (none once expired or its user is
/// locked).
pub fn session(db: &mut dyn Db, cookie: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
    let found: Option<(String, String, String, String)> = db
        .query_opt(
            "SELECT s.user_name, u.role, s.csrf, s.expires_at
             FROM web_sessions s JOIN users u ON u.name = s.user_name
             WHERE s.token_sha256 = ?1 AND u.locked_at IS NULL",
            params![&token_hash(cookie)],
        )?
        .map(|r| Ok::<_, OfficeError>((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .transpose()?;
    Ok(found.and_then(|(user, role, csrf, expires)| {
        let live = DateTime::parse_from_rfc3339(&expires).is_ok_and(|t| now < t);
        Some(Session {
            user,
            role: Role::parse(&role)?,
            csrf,
        })
        .filter(|_| live)
    }))
}

/// Ends the session of a cookie.
pub fn sign_out(db: &mut dyn Db, cookie: &str) -> Result<()> {
    db.execute(
        "DELETE FROM web_sessions WHERE token_sha256 = ?1",
        params![&token_hash(cookie)],
    )?;
    Ok(())
}

/// The first admin's name, if any (the screenshots command signs in as them).
pub fn first_admin(db: &mut dyn Db) -> Result<Option<String>> {
    rows::first(
        db,
        "SELECT name FROM users WHERE role = 'admin' ORDER BY created_at, name LIMIT 1",
        &[],
    )
}
